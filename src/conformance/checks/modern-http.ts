/**
 * The 2026-07-28 Streamable HTTP wire: POST only, request metadata headers (`MCP-Protocol-Version`, `Mcp-Method`,
 * `Mcp-Name`) validated against the body (400 + -32020), unsupported versions (400 + -32022), unknown methods (404 +
 * -32601), and how a modern-only server treats the traffic of earlier revisions.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http
 */
import { eraOf, versionsWith, type ProtocolVersion } from '../../protocol/versions.js';
import type { CheckContext } from '../check-context.js';
import { defineCheck } from '../define-check.js';
import { initializeParams } from '../handshake.js';
import { withModernMeta } from '../probe-session.js';
import { describeProbe, endpointOf, httpProbe, postHeaders, probeErrorCode, probeMessages, probeResponse, type HttpEndpoint, type HttpProbeResult, type PostHeaderOptions } from './lib-http-probe.js';

const SPEC = 'https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http';
const VERSIONS = versionsWith('methodHeaders');
const HEADER_MISMATCH = -32020;
const UNSUPPORTED_PROTOCOL_VERSION = -32022;
const METHOD_NOT_FOUND = -32601;

let nextId = 1;

/** POSTs `method` in the version under test, with the headers the options break. */
async function postModern(
  ctx: CheckContext,
  endpoint: HttpEndpoint,
  method: string,
  params: Record<string, unknown> = {},
  headerOptions: PostHeaderOptions = {},
  metaVersion?: string,
): Promise<{ id: string; result: HttpProbeResult }> {
  const version = ctx.version!;
  const id = `mcp-conform-modern-${nextId++}`;
  const withMeta = withModernMeta(version, params);
  if (metaVersion !== undefined) (withMeta._meta as Record<string, unknown>)['io.modelcontextprotocol/protocolVersion'] = metaVersion;
  const message = { jsonrpc: '2.0', id, method, params: withMeta };
  const result = await httpProbe(
    { method: 'POST', url: endpoint.url, headers: postHeaders(endpoint, version, message, headerOptions), body: JSON.stringify(message) },
    { wire: ctx.session.wire, transport: ctx.transport, timeoutMs: ctx.requestTimeoutMs, untilResponseId: id, signal: ctx.signal },
  );
  return { id, result };
}

const succeeded = (result: HttpProbeResult, id: string): boolean =>
  result.status >= 200 && result.status < 300 && probeResponse(result, id) !== undefined && probeErrorCode(result) === undefined;

/** Judges an answer that must be `status` with the JSON-RPC error `code` (any of `codes`). */
function expectError(ctx: CheckContext, what: string, result: HttpProbeResult, status: number, codes: readonly number[]): void {
  const code = probeErrorCode(result);
  if (result.status === status && code !== undefined && codes.includes(code)) ctx.observe(`${what} got HTTP ${status} with error ${code}`);
  else ctx.violation(`${what} got ${describeProbe(result)} instead of HTTP ${status} with error ${codes.join(' or ')}`, { evidence: result.evidence });
}

/**
 * "If the values do not match, the server MUST reject the request with 400 Bad Request and a HeaderMismatch JSON-RPC
 * error" and "Validation failure conditions include: A required standard header (MCP-Protocol-Version, Mcp-Method,
 * Mcp-Name) is missing. A header value does not match the corresponding request body value." Header names are
 * matched case-insensitively ("Clients and servers MUST use case-insensitive comparisons for header names").
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#server-validation
 */
export const modernHeaderValidation = defineCheck({
  id: 'modern-http/header-validation',
  title: '2026-07-28: Mcp-Method / Mcp-Name headers that are missing or differ from the body get 400 with -32020',
  level: 'MUST',
  requirements: ['modern.http.header-validation', 'modern.http.header-case'],
  versions: VERSIONS,
  transports: ['streamable-http'],
  spec: `${SPEC}#server-validation`,
  async run(ctx) {
    const endpoint = endpointOf(ctx.session, ctx.skip, ctx.http);
    const mismatch = await postModern(ctx, endpoint, 'server/discover', {}, { mcpMethod: 'tools/list' });
    expectError(ctx, 'server/discover with Mcp-Method: tools/list', mismatch.result, 400, [HEADER_MISMATCH]);
    const missing = await postModern(ctx, endpoint, 'server/discover', {}, { mcpMethod: null });
    expectError(ctx, 'server/discover without Mcp-Method', missing.result, 400, [HEADER_MISMATCH]);
    if ('tools' in ctx.serverCapabilities) {
      const noName = await postModern(ctx, endpoint, 'tools/call', { name: 'mcp-conform-no-such-tool', arguments: {} });
      expectError(ctx, 'tools/call without Mcp-Name', noName.result, 400, [HEADER_MISMATCH]);
    }
    const cased = await postModern(ctx, endpoint, 'server/discover', {}, { mcpMethod: null, extra: { 'MCP-METHOD': 'server/discover' } });
    if (succeeded(cased.result, cased.id)) ctx.observe('the header name MCP-METHOD (upper case) was accepted');
    else ctx.violation(`server/discover with the header name MCP-METHOD (upper case) got ${describeProbe(cased.result)}; header names are case-insensitive`, { evidence: cased.result.evidence });
  },
});

/**
 * "If the server does not implement the requested RPC method, it MUST respond with 404 Not Found and a JSON-RPC error
 * with code -32601 (Method not found)."
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#protocol-version-header
 */
export const modernUnknownMethod404 = defineCheck({
  id: 'modern-http/unknown-method-404',
  title: '2026-07-28: an unknown method gets HTTP 404 with -32601',
  level: 'MUST',
  requirements: ['modern.http.unknown-method-404'],
  versions: VERSIONS,
  transports: ['streamable-http'],
  spec: `${SPEC}#protocol-version-header`,
  async run(ctx) {
    const endpoint = endpointOf(ctx.session, ctx.skip, ctx.http);
    const { result } = await postModern(ctx, endpoint, 'mcp-conform/does-not-exist');
    expectError(ctx, 'mcp-conform/does-not-exist', result, 404, [METHOD_NOT_FOUND]);
  },
});

/**
 * "The header value MUST match the io.modelcontextprotocol/protocolVersion field carried in the request body's _meta.
 * If the values do not match, the server MUST reject the request with 400 Bad Request and a HeaderMismatch JSON-RPC
 * error", "If the server does not implement the requested protocol version … it MUST respond with 400 Bad Request and
 * an UnsupportedProtocolVersionError listing its supported versions", and a request without the header is either
 * served as 2025-03-26 ("MAY") or rejected per Server Validation (400 with -32020). When the header names a version
 * the server does not support, the mismatch may also be reported as -32022: the specification orders neither rule.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#protocol-version-header
 */
export const modernVersionHeader = defineCheck({
  id: 'modern-http/version-header',
  title: '2026-07-28: MCP-Protocol-Version must equal the body version; unsupported versions get 400 with -32022',
  level: 'MUST',
  requirements: ['modern.http.version-mismatch', 'modern.http.unsupported-version-400', 'modern.http.missing-version-header'],
  versions: VERSIONS,
  transports: ['streamable-http'],
  spec: `${SPEC}#protocol-version-header`,
  async run(ctx) {
    const endpoint = endpointOf(ctx.session, ctx.skip, ctx.http);
    const other: ProtocolVersion = '2025-11-25';
    const mismatch = await postModern(ctx, endpoint, 'server/discover', {}, { protocolVersion: other });
    const codes = ctx.acceptedVersions.includes(other) ? [HEADER_MISMATCH] : [HEADER_MISMATCH, UNSUPPORTED_PROTOCOL_VERSION];
    expectError(ctx, `server/discover with MCP-Protocol-Version: ${other} and _meta version ${ctx.version}`, mismatch.result, 400, codes);

    const unknown = '1900-01-01';
    const unsupported = await postModern(ctx, endpoint, 'server/discover', {}, { protocolVersion: unknown }, unknown);
    expectError(ctx, `server/discover in version ${unknown}`, unsupported.result, 400, [UNSUPPORTED_PROTOCOL_VERSION]);
    const data = probeMessages(unsupported.result).map((m) => (m as { error?: { data?: { supported?: unknown } } }).error?.data).find((d) => d !== undefined);
    if (probeErrorCode(unsupported.result) === UNSUPPORTED_PROTOCOL_VERSION && !Array.isArray(data?.supported)) {
      ctx.violation(`the -32022 error for ${unknown} lists no supported versions (data.supported is ${JSON.stringify(data?.supported)})`, { evidence: unsupported.result.evidence });
    }

    const bare = await postModern(ctx, endpoint, 'server/discover', {}, { protocolVersion: null });
    if (succeeded(bare.result, bare.id)) ctx.observe('a request without MCP-Protocol-Version was served (treated as an earlier client)');
    else expectError(ctx, 'server/discover without MCP-Protocol-Version', bare.result, 400, [HEADER_MISMATCH]);
  },
});

/** Whether the server also speaks the initialize era on this endpoint (then legacy GET, DELETE and sessions are its right). */
async function speaksLegacy(ctx: CheckContext, endpoint: HttpEndpoint): Promise<boolean> {
  if (ctx.acceptedVersions.some((v) => eraOf(v) === 'legacy')) return true;
  const message = { jsonrpc: '2.0', id: 'mcp-conform-era', method: 'initialize', params: initializeParams('2025-11-25') };
  const result = await httpProbe(
    { method: 'POST', url: endpoint.url, headers: { ...endpoint.headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify(message) },
    { wire: ctx.session.wire, transport: ctx.transport, timeoutMs: ctx.requestTimeoutMs, untilResponseId: 'mcp-conform-era', signal: ctx.signal },
  );
  return succeeded(result, 'mcp-conform-era');
}

/**
 * "A server that supports only this revision and receives such traffic from an older client SHOULD respond as follows:
 * HTTP GET or DELETE to the MCP endpoint: respond with 405 Method Not Allowed. An Mcp-Session-Id header on a request:
 * ignore it, and do not mint or echo session IDs. A Last-Event-ID header: ignore it; streams are not resumable."
 * Servers that also speak an initialize-era version are skipped: that traffic is theirs to serve.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#earlier-streamable-http-revisions
 */
export const modernEarlierRevisionTraffic = defineCheck({
  id: 'modern-http/earlier-revision-traffic',
  title: '2026-07-28 only: GET and DELETE get 405; Mcp-Session-Id and Last-Event-ID are ignored',
  level: 'SHOULD',
  requirements: ['modern.http.get-delete-405', 'modern.http.ignore-session', 'modern.http.ignore-last-event-id'],
  versions: VERSIONS,
  transports: ['streamable-http'],
  spec: `${SPEC}#earlier-streamable-http-revisions`,
  async run(ctx) {
    const endpoint = endpointOf(ctx.session, ctx.skip, ctx.http);
    if (await speaksLegacy(ctx, endpoint)) ctx.skip('the server also speaks an initialize-era version, so GET, DELETE and sessions are its to serve');
    const options = { wire: ctx.session.wire, transport: ctx.transport, timeoutMs: ctx.requestTimeoutMs, signal: ctx.signal };
    for (const method of ['GET', 'DELETE'] as const) {
      const result = await httpProbe({ method, url: endpoint.url, headers: { ...endpoint.headers, accept: 'text/event-stream', 'mcp-protocol-version': ctx.version! } }, { ...options, maxEvents: 1 });
      if (result.status === 405) ctx.observe(`${method} got 405`);
      else ctx.violation(`${method} got ${describeProbe(result)} instead of 405 Method Not Allowed`, { evidence: result.evidence });
    }
    const session = await postModern(ctx, endpoint, 'server/discover', {}, { extra: { 'mcp-session-id': 'mcp-conform-stale-session', 'last-event-id': 'mcp-conform-stale-event' } });
    if (!succeeded(session.result, session.id)) {
      ctx.violation(`server/discover with Mcp-Session-Id and Last-Event-ID headers got ${describeProbe(session.result)} instead of being served`, { evidence: session.result.evidence });
    } else if (session.result.headers['mcp-session-id'] !== undefined) {
      ctx.violation(`the server answered with Mcp-Session-Id: ${session.result.headers['mcp-session-id']}; 2026-07-28 servers mint and echo no session ids`, { evidence: session.result.evidence });
    } else ctx.observe('Mcp-Session-Id and Last-Event-ID were ignored');
  },
});

/**
 * "When initiating an SSE stream, servers SHOULD include the X-Accel-Buffering: no header in the HTTP response."
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#receiving-messages
 */
export const modernSseNoBuffering = defineCheck({
  id: 'modern-http/sse-x-accel-buffering',
  title: '2026-07-28: SSE answers carry X-Accel-Buffering: no',
  level: 'SHOULD',
  requirements: ['modern.http.x-accel-buffering'],
  versions: VERSIONS,
  transports: ['streamable-http'],
  spec: `${SPEC}#receiving-messages`,
  async run(ctx) {
    const endpoint = endpointOf(ctx.session, ctx.skip, ctx.http);
    const { result } = await postModern(ctx, endpoint, 'server/discover');
    if (!result.sse) return ctx.skip(`the server answered with ${result.mediaType || 'no content type'}, not an SSE stream`);
    const value = result.headers['x-accel-buffering'];
    if (value?.trim().toLowerCase() === 'no') ctx.observe('the SSE answer carried X-Accel-Buffering: no');
    else ctx.violation(`the SSE answer to server/discover carried ${value === undefined ? 'no X-Accel-Buffering header' : `X-Accel-Buffering: ${value}`}`, { evidence: result.evidence });
  },
});

/**
 * "The server MUST NOT send independent JSON-RPC requests on this stream. Server-to-client interactions (sampling,
 * elicitation, list-roots) are embedded as input requests inside an InputRequiredResult". The check reads the answers
 * to discovery and every list the server declared.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#receiving-messages
 */
export const modernNoServerRequests = defineCheck({
  id: 'modern-http/no-server-requests',
  title: '2026-07-28: response streams carry no server-initiated JSON-RPC requests',
  level: 'MUST',
  requirements: ['modern.http.no-server-requests-on-stream'],
  versions: VERSIONS,
  transports: ['streamable-http'],
  spec: `${SPEC}#receiving-messages`,
  async run(ctx) {
    const endpoint = endpointOf(ctx.session, ctx.skip, ctx.http);
    const methods = ['server/discover'];
    for (const [capability, method] of [['tools', 'tools/list'], ['prompts', 'prompts/list'], ['resources', 'resources/list']] as const) {
      if (capability in ctx.serverCapabilities) methods.push(method);
    }
    let messages = 0;
    let found = false;
    for (const method of methods) {
      const { result } = await postModern(ctx, endpoint, method);
      const received = probeMessages(result);
      messages += received.length;
      const requests = received.filter((m) => 'method' in m && 'id' in m);
      if (requests.length > 0) {
        found = true;
        ctx.violation(`the answer to ${method} carried the server request ${JSON.stringify(requests[0]).slice(0, 120)}`, { evidence: result.evidence });
      }
    }
    if (!found) ctx.observe(`${methods.length} answers (${messages} messages), no server request among them`);
  },
});

/** The Base64 sentinel form of a header value: `=?base64?{Base64EncodedValue}?=`. */
export function base64Sentinel(value: string): string {
  return `=?base64?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

/**
 * "servers MUST decode an encoded Mcp-Name or Mcp-Param-{Name} value before comparing it to the corresponding request
 * body value during Server Validation." The check reads the first listed resource with its URI Base64-encoded in
 * `Mcp-Name` (header validation must pass), then with the encoding of another URI (it must fail with 400 and -32020).
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#value-encoding
 */
export const modernBase64HeaderValues = defineCheck({
  id: 'modern-http/base64-header-values',
  title: '2026-07-28: a Base64-encoded Mcp-Name is decoded before it is compared with the body',
  level: 'MUST',
  requirements: ['modern.http.base64-sentinel'],
  versions: VERSIONS,
  transports: ['streamable-http'],
  needs: { capability: 'resources' },
  spec: `${SPEC}#value-encoding`,
  async run(ctx) {
    const endpoint = endpointOf(ctx.session, ctx.skip, ctx.http);
    const listed = await postModern(ctx, endpoint, 'resources/list');
    const response = probeResponse(listed.result, listed.id) as { result?: { resources?: Array<{ uri?: unknown }> } } | undefined;
    const uri = response?.result?.resources?.find((r) => typeof r.uri === 'string')?.uri as string | undefined;
    if (uri === undefined) return ctx.skip('the server listed no resource whose URI could be encoded');
    const encoded = await postModern(ctx, endpoint, 'resources/read', { uri }, { mcpName: base64Sentinel(uri) });
    if (probeErrorCode(encoded.result) === HEADER_MISMATCH) {
      ctx.violation(`resources/read of ${uri} with Mcp-Name ${base64Sentinel(uri)} got ${describeProbe(encoded.result)}: the encoded value was not decoded`, { evidence: encoded.result.evidence });
    } else ctx.observe(`Mcp-Name ${base64Sentinel(uri)} was decoded to ${uri} (${describeProbe(encoded.result)})`);
    const other = 'mcp-conform:other-resource';
    const wrong = await postModern(ctx, endpoint, 'resources/read', { uri }, { mcpName: base64Sentinel(other) });
    expectError(ctx, `resources/read of ${uri} with Mcp-Name ${base64Sentinel(other)} (another URI)`, wrong.result, 400, [HEADER_MISMATCH]);
  },
});

/** The 2026-07-28 HTTP checks, in report order. */
export const MODERN_HTTP_CHECKS = [
  modernHeaderValidation,
  modernBase64HeaderValues,
  modernUnknownMethod404,
  modernVersionHeader,
  modernEarlierRevisionTraffic,
  modernSseNoBuffering,
  modernNoServerRequests,
] as const;
