/**
 * `utf8/echo-round-trip`: text outside ASCII survives a round trip through the profile's echoing tool, sent as raw UTF-8
 * and as JSON `\u` escapes, and every frame the server sends is valid UTF-8.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports
 */
import { TimeoutError } from '../../protocol/errors.js';
import type { JsonRpcResponse } from '../../protocol/jsonrpc.js';
import { PROTOCOL_VERSIONS, eraOf, isVersionInRange, type ProtocolVersion } from '../../protocol/versions.js';
import type { CheckContext } from '../check-context.js';
import { defineCheck } from '../define-check.js';
import { describeResponse, resultOf, truncate } from '../handshake.js';
import { withModernMeta } from '../probe-session.js';
import { framesIn, isObject, nextSeq, responseTo } from './lib-features.js';

/** What the check sends through the echoing tool, and how. `escaped` texts cross as `\u` escapes of every non-ASCII unit. */
export const UTF8_ECHO_TEXTS: ReadonlyArray<{ label: string; text: string; escaped: boolean }> = [
  { label: 'non-ASCII text', text: 'héllo wörld — 世界', escaped: false },
  { label: 'astral-plane text', text: 'rocket 🚀 clef 𝄞 grin 😀', escaped: false },
  { label: '\\u-escaped text', text: 'héllo 世界 🚀 "quoted" back\\slash\ttab', escaped: true },
];

/** The JSON-RPC id of each echo request, by position. */
const echoId = (i: number): string => `mcp-conform-utf8-${i}`;

/** A JSON text with every UTF-16 unit outside printable ASCII written as a `\u` escape of four hex digits, e.g. `\u00e9` (surrogate pairs as two). */
export function escapeNonAscii(json: string): string {
  return json.replace(/[^\x20-\x7e]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The text blocks of a tool result. */
function textsOf(result: Record<string, unknown>): string[] {
  const content = Array.isArray(result.content) ? result.content : [];
  return content.filter(isObject).flatMap((block) => (block.type === 'text' && typeof block.text === 'string' ? [block.text] : []));
}

/** Sends one echo request (raw and escaped when asked) and waits for its response. */
async function echo(ctx: CheckContext, version: ProtocolVersion, id: string, args: Record<string, unknown>, escaped: boolean): Promise<JsonRpcResponse | undefined> {
  const tool = ctx.profile.echo!.tool;
  if (!escaped) {
    try {
      return await ctx.session.request('tools/call', { name: tool, arguments: args }, { id });
    } catch (error) {
      if (error instanceof TimeoutError) return undefined;
      throw error;
    }
  }
  const params = { name: tool, arguments: args };
  const message = { jsonrpc: '2.0', id, method: 'tools/call', params: eraOf(version) === 'modern' ? withModernMeta(version, params) : params };
  const from = ctx.session.received.length;
  await ctx.session.sendRaw(escapeNonAscii(JSON.stringify(message)));
  return responseTo(ctx.session, id, ctx.requestTimeoutMs, from);
}

/**
 * "JSON-RPC messages MUST be UTF-8 encoded" (basic/transports, from 2025-03-26). The profile names a tool that echoes
 * one string argument (`echo: { tool, argument }`); the check sends it non-ASCII text (two- and three-byte UTF-8),
 * astral-plane text (four bytes; a surrogate pair in UTF-16), and text whose every non-ASCII character crosses as a
 * JSON `\u` escape (surrogate pairs escaped as two units). Each must come back exactly in a text block of the result,
 * and no frame the server sends may be invalid UTF-8. A server that decodes its input as Latin-1, or encodes astral
 * characters as two three-byte sequences (CESU-8), fails.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports
 */
export const utf8Echo = defineCheck({
  id: 'utf8/echo-round-trip',
  title: "Text outside ASCII comes back unchanged through the profile's echoing tool",
  level: 'MUST',
  requirements: ['jsonrpc.utf8'],
  // "MUST be UTF-8 encoded" is stated from 2025-03-26 on.
  versions: PROTOCOL_VERSIONS.filter((v) => isVersionInRange(v, '2025-03-26')),
  needs: { capability: 'tools' },
  session: 'shared',
  besideConcurrent: true,
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports',
  async run(ctx) {
    const profile = ctx.profile.echo;
    if (!profile) {
      return ctx.skip('the profile names no tool known to echo its input; add "echo": { "tool": "<tool>", "argument": "<string parameter it echoes>" } to the profile');
    }
    const version = ctx.version!;
    const from = nextSeq(ctx.session);
    const wrong: string[] = [];
    // An in-memory connection carries no bytes, so there is nothing to escape on it.
    const texts = UTF8_ECHO_TEXTS.filter((t) => !t.escaped || ctx.transport !== 'memory');
    for (const [i, { label, text, escaped }] of texts.entries()) {
      const response = await echo(ctx, version, echoId(i), { ...profile.arguments, [profile.argument]: text }, escaped);
      if (!response) {
        wrong.push(`tools/call of "${profile.tool}" with ${label} got no response within ${ctx.requestTimeoutMs} ms`);
        continue;
      }
      const result = resultOf(response);
      if (!result || result.isError === true) {
        wrong.push(`tools/call of "${profile.tool}" with ${label} ${JSON.stringify(text)} got ${result ? 'a result with isError: true' : describeResponse(response)}`);
        continue;
      }
      const echoed = textsOf(result);
      if (!echoed.some((t) => t.includes(text))) {
        const got = echoed.length > 0 ? `came back as ${JSON.stringify(truncate(echoed.join(' '), 120))}` : 'came back in no text block';
        wrong.push(`${label} ${JSON.stringify(text)} sent through "${profile.tool}" ${got}`);
      }
    }
    // Only its own answers: stdio-framing/utf8-round-trip may run beside it.
    const invalid = framesIn(ctx.session, from).filter((f) => f.parseError?.includes('UTF-8') && f.raw.includes(echoId(0).slice(0, -1)));
    if (invalid.length > 0) ctx.violation(`${invalid.length} frames from the server are not valid UTF-8`, { evidence: invalid });
    if (wrong.length > 0) ctx.violation(wrong.join('; '));
    else if (invalid.length === 0) ctx.observe(`"${profile.tool}" echoed ${texts.map((t) => t.label).join(', ')} unchanged`);
  },
});
