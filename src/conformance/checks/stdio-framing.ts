/**
 * stdio framing beyond `stdio.ts`: newlines inside strings stay escaped, and text outside ASCII crosses as UTF-8.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#stdio
 */
import { TimeoutError } from '../../protocol/errors.js';
import type { RequestId } from '../../protocol/jsonrpc.js';
import { PROTOCOL_VERSIONS, isVersionInRange, type ProtocolVersion } from '../../protocol/versions.js';
import type { CheckContext } from '../check-context.js';
import { defineCheck } from '../define-check.js';
import { incomingFrames } from '../probe-session.js';
import { nextSeq } from './lib-features.js';
import { harmlessRequest } from './lib-http-probe.js';

const SPEC = 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#stdio';

/** Sends a harmless request with a chosen id; returns the id the answer carried, or why there was none. */
async function echoId(ctx: CheckContext, id: RequestId): Promise<{ answered: boolean; problem?: string }> {
  const { method, message } = harmlessRequest(ctx.version as ProtocolVersion, id);
  try {
    await ctx.session.request(method, message.params as Record<string, unknown> | undefined, { id, omitModernMeta: true });
    return { answered: true };
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    const stray = ctx.session.unmatched.at(-1);
    return { answered: false, problem: stray ? `was answered with id ${JSON.stringify(stray.id)}` : `got no readable answer within ${ctx.requestTimeoutMs} ms` };
  }
}

/** What a line split out of the check's own id or method name holds (the text on either side of the newline). */
const OWN_FRAGMENT = /mcp-conform|line[ -]2/;

/**
 * "Messages are delimited by newlines, and MUST NOT contain embedded newlines." A request whose id holds a newline
 * (ids are echoed by every server) and an unknown method whose name holds one (servers often echo it in the error)
 * must come back on one line each.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#stdio
 */
export const newlinesStayEscaped = defineCheck({
  id: 'stdio-framing/newlines-stay-escaped',
  title: 'Strings holding a newline are echoed escaped, on one line',
  level: 'MUST',
  requirements: ['transport.stdio.no-embedded-newline'],
  transports: ['stdio'],
  // Its frames are well-formed requests with ids of its own, so it runs beside other checks: of the lines that came
  // while it ran, it reads only those split out of its own messages.
  session: 'shared',
  concurrent: true,
  spec: SPEC,
  async run(ctx) {
    const from = nextSeq(ctx.session);
    const id = 'mcp-conform\nline 2';
    const echoed = await echoId(ctx, id);
    await ctx.session.request('mcp-conform/line-1\nline-2', {}, { id: 'mcp-conform-newline-method' }).catch(() => undefined);
    await ctx.session.collect(50);
    // Only fragments of its own two messages: other checks may run beside this one (see besideConcurrent).
    const broken = incomingFrames(ctx.session.wire.since(from)).filter((f) => f.parseError !== undefined && OWN_FRAGMENT.test(f.raw));
    if (broken.length > 0) {
      ctx.violation(`${broken.length} stdout lines are fragments of a message split by a raw newline (first: ${JSON.stringify(broken[0]!.raw.slice(0, 60))})`, { evidence: broken });
      return;
    }
    if (!echoed.answered) {
      ctx.violation(`the request with id ${JSON.stringify(id)} ${echoed.problem}`);
      return;
    }
    ctx.observe('an id and a method name holding a newline were echoed on one line each');
  },
});

/**
 * "JSON-RPC messages MUST be UTF-8 encoded": an id with characters outside ASCII (two, three and four UTF-8 bytes)
 * comes back byte for byte, and every stdout line is valid UTF-8.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#stdio
 */
export const utf8RoundTrip = defineCheck({
  id: 'stdio-framing/utf8-round-trip',
  title: 'Text outside ASCII is written as UTF-8',
  level: 'MUST',
  requirements: ['transport.stdio.utf8'],
  // "MUST be UTF-8 encoded" is stated from 2025-03-26 on.
  versions: PROTOCOL_VERSIONS.filter((v) => isVersionInRange(v, '2025-03-26')),
  transports: ['stdio'],
  session: 'shared',
  concurrent: true,
  spec: SPEC,
  async run(ctx) {
    const from = nextSeq(ctx.session);
    const id = 'mcp-conform-é-✓-😀';
    const echoed = await echoId(ctx, id);
    // Only the answer to its own id (utf8/echo-round-trip's ids, mcp-conform-utf8-<n>, may come beside it).
    const invalid = incomingFrames(ctx.session.wire.since(from)).filter((f) => f.parseError?.includes('UTF-8') && /mcp-conform-(?!utf8-)/.test(f.raw));
    if (invalid.length > 0) {
      ctx.violation(`${invalid.length} stdout lines are not valid UTF-8`, { evidence: invalid });
      return;
    }
    if (!echoed.answered) {
      ctx.violation(`the request with id ${JSON.stringify(id)} ${echoed.problem}`);
      return;
    }
    ctx.observe(`the id ${JSON.stringify(id)} came back unchanged`);
  },
});

/** The stdio framing checks, in report order. */
export const STDIO_FRAMING_CHECKS = [newlinesStayEscaped, utf8RoundTrip] as const;
