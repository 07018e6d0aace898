/**
 * WebSocket, a custom transport (the specification defines no WebSocket binding): each text frame is one JSON-RPC
 * message, UTF-8 by definition; binary frames carry nothing MCP knows.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#custom-transports
 */
import { classifyMessage } from '../../protocol/jsonrpc.js';
import { isVersionInRange, supports } from '../../protocol/versions.js';
import type { WireFrameEvent } from '../../protocol/wire.js';
import { defineCheck } from '../define-check.js';
import { truncate } from '../handshake.js';
import { incomingFrames } from '../probe-session.js';

/**
 * "Implementers who choose to support custom transports MUST ensure they preserve the JSON-RPC message format and
 * lifecycle requirements defined by MCP", and "JSON-RPC messages MUST be UTF-8 encoded": every frame the server sends
 * is a text frame holding one JSON-RPC message (from 2025-06-18 never a batch). The subprotocol the server chose is
 * recorded, not graded: it is an SDK convention, not a specification rule.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#custom-transports
 */
export const websocketFramesAreMessages = defineCheck({
  id: 'websocket/frames-are-messages',
  title: 'Every WebSocket frame from the server is a text frame holding one JSON-RPC message',
  level: 'MUST',
  requirements: ['transport.custom.preserve-jsonrpc', 'transport.ws.utf8'],
  transports: ['websocket'],
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#custom-transports',
  async run(ctx) {
    const version = ctx.version!;
    const requests: Array<Promise<unknown>> = [];
    if (supports(version, 'ping')) requests.push(ctx.session.request('ping'));
    for (const [capability, method] of [['tools', 'tools/list'], ['resources', 'resources/list'], ['prompts', 'prompts/list']] as const) {
      if (capability in ctx.serverCapabilities) requests.push(ctx.session.request(method, {}));
    }
    const outcomes = await Promise.allSettled(requests);
    await ctx.session.collect(100);
    const frames = incomingFrames(ctx.session.wire.events);
    const bad: Array<{ frame: WireFrameEvent; why: string }> = [];
    for (const frame of frames) {
      if (frame.meta?.binary) bad.push({ frame, why: 'a binary frame' });
      else if (frame.parseError !== undefined) bad.push({ frame, why: frame.parseError });
      else if (Array.isArray(frame.message) && isVersionInRange(version, '2025-06-18')) bad.push({ frame, why: `a batch, which ${version} does not allow` });
      else if (!Array.isArray(frame.message) && classifyMessage(frame.message) === 'invalid') bad.push({ frame, why: 'JSON, but not a JSON-RPC 2.0 message' });
    }
    if (bad.length > 0) {
      const shown = bad.slice(0, 3).map(({ frame, why }) => `${JSON.stringify(truncate(frame.raw, 60))} (${why})`);
      ctx.violation(`${bad.length} of ${frames.length} WebSocket frames are not one JSON-RPC message each: ${shown.join('; ')}`, { evidence: bad.map((b) => b.frame) });
      return;
    }
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failure) throw failure.reason;
    const open = ctx.session.wire.events.find((e) => e.kind === 'lifecycle' && e.event === 'open');
    ctx.observe(`${frames.length} text frames, each one JSON-RPC message (${open?.kind === 'lifecycle' ? open.detail : 'subprotocol unknown'})`);
  },
});

/** The WebSocket checks, in report order. */
export const WEBSOCKET_CHECKS = [websocketFramesAreMessages] as const;
