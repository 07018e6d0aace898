/**
 * Streamable HTTP sessions (`Mcp-Session-Id`), 2025-03-26 to 2025-11-25: visible-ASCII ids, 400 without one, 404 for
 * a session that is gone, DELETE.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#session-management
 */
import { randomUUID } from 'node:crypto';
import { versionsWith } from '../../protocol/versions.js';
import type { CheckContext } from '../check-context.js';
import { defineCheck } from '../define-check.js';
import { describeProbe, endpointOf, harmlessRequest, httpEndpointOf, httpProbe, postHeaders, type HttpEndpoint, type HttpProbeResult } from './lib-http-probe.js';

const SPEC = 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#session-management';
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
/** Session ids shorter than this are unlikely to be "cryptographically secure". @default 16 */
export const MIN_SECURE_SESSION_ID_CHARS = 16;

/** The endpoint of a session whose server issued a session id; skips stateless servers. */
function sessionEndpoint(ctx: CheckContext): HttpEndpoint & { sessionId: string } {
  const endpoint = endpointOf(ctx.session, ctx.skip, ctx.http);
  if (endpoint.sessionId === undefined) ctx.skip('the server issued no Mcp-Session-Id on initialize (it is stateless), so it has no session to check');
  return endpoint as HttpEndpoint & { sessionId: string };
}

/** POSTs a harmless request with the given session id (null: none). */
function postWithSession(ctx: CheckContext, endpoint: HttpEndpoint, sessionId: string | null, id: string): Promise<HttpProbeResult> {
  const { message } = harmlessRequest(ctx.version!, id);
  return httpProbe(
    { method: 'POST', url: endpoint.url, headers: postHeaders(endpoint, ctx.version!, message, { sessionId }), body: JSON.stringify(message) },
    { wire: ctx.session.wire, transport: ctx.transport, timeoutMs: ctx.requestTimeoutMs, untilResponseId: id, signal: ctx.signal },
  );
}

/**
 * "The session ID MUST only contain visible ASCII characters (ranging from 0x21 to 0x7E)." and "SHOULD be globally
 * unique and cryptographically secure": the ids of three sessions are visible ASCII (MUST), distinct and at least
 * 16 characters long (SHOULD).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#session-management
 */
export const sessionIdWellFormed = defineCheck({
  id: 'http-session/id-well-formed',
  title: 'Session ids are visible ASCII, distinct per session, and long enough to be secure',
  level: 'MUST',
  requirements: ['transport.http.session.charset', 'transport.http.session.secure-unique'],
  versions: versionsWith('sessions'),
  transports: ['streamable-http'],
  // Shared, beside the other concurrent checks: its HTTP exchanges are its own (answered on their own responses, with
  // ids of its own), they change nothing in the session, and a session costs the server an initialize, an initialized
  // and a DELETE.
  session: 'shared',
  concurrent: true,
  spec: SPEC,
  async run(ctx) {
    const first = sessionEndpoint(ctx);
    const ids = [first.sessionId];
    for (let i = 0; i < 2; i++) {
      const other = await ctx.openSession();
      await other.request('initialize', { protocolVersion: ctx.version, capabilities: {}, clientInfo: { name: 'mcp-conform', version: '0.1.0' } }, { timeoutMs: ctx.startupTimeoutMs });
      const id = httpEndpointOf(other)?.sessionId;
      if (id !== undefined) ids.push(id);
    }
    const invisible = ids.filter((id) => !VISIBLE_ASCII.test(id));
    for (const id of invisible) ctx.violation(`the session id ${JSON.stringify(id)} has characters outside visible ASCII (0x21 to 0x7E)`);
    if (new Set(ids).size < ids.length) ctx.violation(`${ids.length} sessions got only ${new Set(ids).size} distinct ids (${ids.map((id) => JSON.stringify(id)).join(', ')})`, { level: 'SHOULD' });
    const short = ids.find((id) => id.length < MIN_SECURE_SESSION_ID_CHARS);
    if (short !== undefined) ctx.violation(`the session id ${JSON.stringify(short)} has ${short.length} characters, too few to be cryptographically secure`, { level: 'SHOULD' });
    if (invisible.length === 0) ctx.observe(`${ids.length} session ids, visible ASCII, ${new Set(ids).size} distinct`);
  },
});

/**
 * "Servers that require a session ID SHOULD respond to requests without an MCP-Session-Id header (other than
 * initialization) with HTTP 400 Bad Request."
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#session-management
 */
export const sessionMissing400 = defineCheck({
  id: 'http-session/missing-id-400',
  title: 'A request without the session id gets 400 Bad Request',
  level: 'SHOULD',
  requirements: ['transport.http.session.missing-400'],
  versions: versionsWith('sessions'),
  transports: ['streamable-http'],
  // Shared, beside the other concurrent checks: its HTTP exchanges are its own (answered on their own responses, with
  // ids of its own), they change nothing in the session, and a session costs the server an initialize, an initialized
  // and a DELETE.
  session: 'shared',
  concurrent: true,
  spec: SPEC,
  async run(ctx) {
    const endpoint = sessionEndpoint(ctx);
    const result = await postWithSession(ctx, endpoint, null, 'mcp-conform-no-session');
    // A server that serves the request without the header does not "require a session ID": the SHOULD does not apply.
    if (result.status >= 200 && result.status < 300) ctx.observe(`a request without Mcp-Session-Id was served (${describeProbe(result)}): the server does not require the id`);
    else if (result.status === 400) ctx.observe('a request without Mcp-Session-Id got HTTP 400');
    else ctx.violation(`a request without Mcp-Session-Id got ${describeProbe(result)} instead of HTTP 400 Bad Request`, { evidence: result.evidence });
  },
});

/**
 * "The server MAY terminate the session at any time, after which it MUST respond to requests containing that session
 * ID with HTTP 404 Not Found." An id the server never issued is not named by the specification, so a status other
 * than 404 for it only warns: a client cannot tell an unknown id from a terminated one (after a server restart every
 * id is unknown), and only a 404 makes it "start a new session by sending a new InitializeRequest" (item 4). The
 * reference SDK answers 404.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#session-management
 */
export const sessionUnknown404 = defineCheck({
  id: 'http-session/unknown-id-404',
  title: 'A request with a session id the server never issued gets 404 Not Found',
  level: 'SHOULD',
  requirements: ['transport.http.session.unknown-404'],
  versions: versionsWith('sessions'),
  transports: ['streamable-http'],
  // Shared, beside the other concurrent checks: its HTTP exchanges are its own (answered on their own responses, with
  // ids of its own), they change nothing in the session, and a session costs the server an initialize, an initialized
  // and a DELETE.
  session: 'shared',
  concurrent: true,
  spec: SPEC,
  async run(ctx) {
    const endpoint = sessionEndpoint(ctx);
    const unknown = `mcp-conform-unknown-${randomUUID()}`;
    const result = await postWithSession(ctx, endpoint, unknown, 'mcp-conform-unknown-session');
    if (result.status === 404) ctx.observe('a request with an unknown Mcp-Session-Id got HTTP 404');
    else ctx.violation(`a request with the unknown Mcp-Session-Id ${unknown} got ${describeProbe(result)} instead of HTTP 404 Not Found`, { evidence: result.evidence });
  },
});

/**
 * "Clients that no longer need a particular session … SHOULD send an HTTP DELETE to the MCP endpoint with the
 * MCP-Session-Id header … The server MAY respond to this request with HTTP 405 Method Not Allowed", and once the
 * session is terminated the server "MUST respond to requests containing that session ID with HTTP 404 Not Found".
 * A DELETE answered with neither 2xx nor 405 warns.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#session-management
 */
export const sessionDeleteThen404 = defineCheck({
  id: 'http-session/delete-then-404',
  title: 'DELETE ends the session (or gets 405), and the ended session then gets 404 Not Found',
  level: 'MUST',
  requirements: ['transport.http.session.terminated-404', 'transport.http.session.delete-405'],
  versions: versionsWith('sessions'),
  transports: ['streamable-http'],
  spec: SPEC,
  async run(ctx) {
    const endpoint = sessionEndpoint(ctx);
    const headers = postHeaders(endpoint, ctx.version!, undefined);
    delete headers['content-type'];
    const deleted = await httpProbe({ method: 'DELETE', url: endpoint.url, headers }, { wire: ctx.session.wire, transport: ctx.transport, timeoutMs: ctx.requestTimeoutMs, signal: ctx.signal });
    if (deleted.status === 405) ctx.skip('the server answered DELETE with 405: it does not let clients terminate sessions');
    if (deleted.status < 200 || deleted.status >= 300) {
      ctx.violation(`DELETE of the session got ${describeProbe(deleted)} instead of a 2xx status or 405 Method Not Allowed`, { level: 'SHOULD', evidence: deleted.evidence });
      return;
    }
    const after = await postWithSession(ctx, endpoint, endpoint.sessionId, 'mcp-conform-after-delete');
    if (after.status === 404) ctx.observe(`DELETE got HTTP ${deleted.status}; the next request with that session id got HTTP 404`);
    else ctx.violation(`after DELETE got HTTP ${deleted.status}, a request with the terminated session id got ${describeProbe(after)} instead of HTTP 404 Not Found`, { evidence: [...deleted.evidence, ...after.evidence] });
  },
});

/** The session checks, in report order. */
export const HTTP_SESSION_CHECKS = [sessionIdWellFormed, sessionMissing400, sessionUnknown404, sessionDeleteThen404] as const;
