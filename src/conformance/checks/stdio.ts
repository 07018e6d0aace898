/**
 * stdio framing and stdout hygiene.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#stdio
 */
import { classifyMessage } from '../../protocol/jsonrpc.js';
import { isVersionInRange, supports } from '../../protocol/versions.js';
import type { WireFrameEvent, WireLifecycleEvent } from '../../protocol/wire.js';
import { defineCheck } from '../define-check.js';
import { enterVersion, truncate } from '../handshake.js';
import { incomingFrames } from '../probe-session.js';
import { listUnlisted } from './lib-features.js';

/**
 * "Messages are delimited by newlines, and MUST NOT contain embedded newlines." and "The server MUST NOT write
 * anything to its stdout that is not a valid MCP message." From 2025-06-18 a line is one message, never a batch
 * ("Messages are individual JSON-RPC requests, notifications, or responses"). The check runs last on the session that every other shared check of the version used (recorded from the process's start, so start-up
 * banners are seen), lists what the server declared, pings, and then reads every stdout line.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#stdio
 */
export const stdoutLinesAreMessages = defineCheck({
  id: 'stdio/stdout-lines-are-messages',
  title: 'Every stdout line is one JSON-RPC message (no banners, no pretty-printed JSON, no blank lines)',
  level: 'MUST',
  requirements: ['transport.stdio.newline-delimited', 'transport.stdio.stdout-only-mcp', 'transport.stdio.one-message-per-line', 'transport.stdio.utf8'],
  transports: ['stdio'],
  session: 'shared',
  observesSession: true,
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#stdio',
  async run(ctx) {
    const version = ctx.version!;
    const session = ctx.session;
    // Traffic to read (the lists, when the session has not had them): an answer the harness cannot parse times out,
    // and the lines then say why.
    const requests: Array<Promise<unknown>> = [listUnlisted(ctx)];
    if (supports(version, 'ping')) requests.push(session.request('ping'));
    const outcomes = await Promise.allSettled(requests);
    await session.collect(100);
    const frames = incomingFrames(session.wire.events);
    const bad: Array<{ frame: WireFrameEvent; why: string }> = [];
    for (const frame of frames) {
      if (frame.parseError !== undefined) bad.push({ frame, why: frame.parseError });
      else if (Array.isArray(frame.message) && isVersionInRange(version, '2025-06-18')) bad.push({ frame, why: `a JSON array (a batch), which ${version} does not allow` });
      else if (!Array.isArray(frame.message) && classifyMessage(frame.message) === 'invalid') bad.push({ frame, why: 'JSON, but not a JSON-RPC 2.0 message' });
    }
    if (bad.length > 0) {
      const shown = bad.slice(0, 3).map(({ frame, why }) => `${JSON.stringify(truncate(frame.raw, 80))} (${why})`);
      ctx.violation(`${bad.length} of ${frames.length} stdout lines are not one JSON-RPC message each: ${shown.join('; ')}${bad.length > 3 ? '; …' : ''}`, {
        evidence: bad.map((b) => b.frame),
      });
      return;
    }
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failure) throw failure.reason;
    ctx.observe(`${frames.length} stdout lines, each one JSON-RPC message`);
  },
});

/** How long a server may take to exit once its stdin is closed (the catalogue's recipe). @default 5_000 */
export const EXIT_ON_EOF_MS = 5_000;

/**
 * 2026-07-28: "Servers SHOULD exit promptly when their standard input is closed or reads return end-of-file. This is
 * the primary graceful-shutdown signal and the only portable one". The harness starts a server of its own, enters the
 * version, closes its stdin and waits up to {@link EXIT_ON_EOF_MS} for it to exit before stopping it with SIGTERM; a
 * server that needed the signal warns. (Before 2026-07-28 the catalogue records this only: a server that needs
 * SIGTERM is still compliant there.)
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/stdio#shutdown
 */
export const stdioExitOnStdinClose = defineCheck({
  id: 'stdio/exit-on-stdin-close',
  title: 'The server exits promptly when its stdin is closed',
  level: 'SHOULD',
  requirements: ['lifecycle.shutdown.stdio-server-exit-on-eof', 'transport.stdio.shutdown'],
  versions: ['2026-07-28'],
  transports: ['stdio'],
  session: 'raw',
  lazySession: true,
  timeoutMs: EXIT_ON_EOF_MS + 15_000,
  spec: 'https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/stdio#shutdown',
  async run(ctx) {
    const session = await ctx.openSession({ closeStdinGraceMs: EXIT_ON_EOF_MS });
    await enterVersion(session, ctx.version!, ctx.startupTimeoutMs);
    const closing = performance.now();
    await session.close();
    const waited = Math.round(performance.now() - closing);
    const exit = session.wire.events.findLast((e): e is WireLifecycleEvent => e.kind === 'lifecycle' && e.event === 'exit');
    if (!exit) return ctx.skip('the process exit was not observed');
    if (exit.signal) {
      ctx.violation(`the server did not exit within ${EXIT_ON_EOF_MS} ms of its stdin closing; the harness stopped it with ${exit.signal}`, { evidence: [exit] });
    } else ctx.observe(`the server exited (code ${String(exit.exitCode)}) ${waited} ms after its stdin closed`, [exit]);
  },
});
