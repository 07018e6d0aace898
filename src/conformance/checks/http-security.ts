/**
 * HTTP security: servers validate `Origin` (DNS rebinding), with exactly 403 from 2025-11-25 on.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#security-warning
 */
import { eraOf, supports, versionsWith } from '../../protocol/versions.js';
import type { WireEvent } from '../../protocol/wire.js';
import { defineCheck } from '../define-check.js';
import { initializeParams } from '../handshake.js';
import { describeProbe, endpointOf, harmlessRequest, httpProbe, postHeaders, type HttpProbeResult } from './lib-http-probe.js';

/** The `Origin` a DNS-rebinding page would send. */
export const FOREIGN_ORIGIN = 'http://evil.example';

/**
 * "Servers MUST validate the Origin header on all incoming connections to prevent DNS rebinding attacks" and, from
 * 2025-11-25, "If the Origin header is present and invalid, servers MUST respond with HTTP 403 Forbidden." Before
 * 2025-11-25 any 4xx is a rejection. Streamable HTTP: a new session's first POST with a foreign `Origin`; legacy
 * HTTP+SSE: the GET of the stream and a POST to the message endpoint.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#security-warning
 * @see https://modelcontextprotocol.io/specification/2024-11-05/basic/transports#security-warning
 */
export const originRejected = defineCheck({
  id: 'http-security/foreign-origin-rejected',
  title: 'A request with a foreign Origin is rejected (403 Forbidden from 2025-11-25)',
  level: 'MUST',
  requirements: ['transport.http.security.origin-validate', 'transport.http.security.origin-403', 'transport.sse.origin'],
  transports: ['streamable-http', 'sse'],
  // Shared, beside the other concurrent checks: its HTTP exchanges are its own (answered on their own responses, with
  // ids of its own), they change nothing in the session, and a session costs the server an initialize, an initialized
  // and a DELETE.
  session: 'shared',
  concurrent: true,
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#security-warning',
  async run(ctx) {
    const endpoint = endpointOf(ctx.session, ctx.skip, ctx.http);
    const version = ctx.version!;
    const options = { wire: ctx.session.wire, transport: ctx.transport, timeoutMs: ctx.requestTimeoutMs, signal: ctx.signal };
    const exact403 = ctx.transport === 'streamable-http' && supports(version, 'origin403');
    const judge = (what: string, result: HttpProbeResult): void => {
      const ok = exact403 ? result.status === 403 : result.status >= 400 && result.status < 500;
      if (ok) ctx.observe(`${what} with Origin ${FOREIGN_ORIGIN} got HTTP ${result.status}`);
      else ctx.violation(`${what} with Origin ${FOREIGN_ORIGIN} got ${describeProbe(result)} instead of ${exact403 ? 'HTTP 403 Forbidden' : 'a 4xx rejection'}`, { evidence: result.evidence });
    };
    if (ctx.transport === 'sse') {
      const stream = await httpProbe({ method: 'GET', url: endpoint.url, headers: { ...endpoint.headers, accept: 'text/event-stream', origin: FOREIGN_ORIGIN } }, { ...options, maxEvents: 1 });
      judge('GET of the SSE stream', stream);
      const messages = sseMessageEndpoint(ctx.session.wire.events, endpoint.url);
      if (messages) {
        const body = JSON.stringify(harmlessRequest(version, 'mcp-conform-origin').message);
        judge('POST to the message endpoint', await httpProbe({ method: 'POST', url: messages, headers: { ...endpoint.headers, 'content-type': 'application/json', origin: FOREIGN_ORIGIN }, body }, options));
      }
      return;
    }
    const message =
      eraOf(version) === 'legacy'
        ? { jsonrpc: '2.0', id: 'mcp-conform-origin', method: 'initialize', params: initializeParams(version) }
        : harmlessRequest(version, 'mcp-conform-origin').message;
    const headers = postHeaders(endpoint, version, message, { sessionId: null, ...(eraOf(version) === 'legacy' ? { protocolVersion: null } : {}), extra: { origin: FOREIGN_ORIGIN } });
    judge(`${String(message.method)} POST`, await httpProbe({ method: 'POST', url: endpoint.url, headers, body: JSON.stringify(message) }, { ...options, untilResponseId: 'mcp-conform-origin' }));
  },
});

/** The legacy transport's message endpoint, from the `endpoint` event the session's transport recorded. */
export function sseMessageEndpoint(events: readonly WireEvent[], base: URL): URL | undefined {
  for (const e of events) {
    const named = e.kind === 'lifecycle' && e.event === 'open' ? /^endpoint event: (.*)$/s.exec(e.detail ?? '') : null;
    if (!named) continue;
    try {
      return new URL(named[1]!.trim(), base);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The security checks, in report order. */
export const HTTP_SECURITY_CHECKS = [originRejected] as const;
