/**
 * The `MCP-Protocol-Version` header on the legacy handshake wire (2025-06-18 to 2025-11-25): a bad one gets 400, a
 * missing one is served.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#protocol-version-header
 */
import { versionsWith } from '../../protocol/versions.js';
import type { CheckContext } from '../check-context.js';
import { defineCheck } from '../define-check.js';
import { describeProbe, endpointOf, harmlessRequest, httpProbe, postHeaders, type HttpProbeResult } from './lib-http-probe.js';

const SPEC = 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#protocol-version-header';
const VERSIONS = versionsWith('protocolVersionHeader').filter((v) => versionsWith('initialize').includes(v));

async function pingWithHeader(ctx: CheckContext, protocolVersion: string | null, id: string): Promise<HttpProbeResult> {
  const endpoint = endpointOf(ctx.session, ctx.skip, ctx.http);
  const { message } = harmlessRequest(ctx.version!, id);
  return httpProbe(
    { method: 'POST', url: endpoint.url, headers: postHeaders(endpoint, ctx.version!, message, { protocolVersion }), body: JSON.stringify(message) },
    { wire: ctx.session.wire, transport: ctx.transport, timeoutMs: ctx.requestTimeoutMs, untilResponseId: id, signal: ctx.signal },
  );
}

/**
 * "If the server receives a request with an invalid or unsupported MCP-Protocol-Version, it MUST respond with 400 Bad
 * Request." Two values: a version that was never released and a value that is not a version at all.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#protocol-version-header
 */
export const versionHeaderInvalid400 = defineCheck({
  id: 'http-version-header/invalid-400',
  title: 'A request with an unsupported or invalid MCP-Protocol-Version gets 400 Bad Request',
  level: 'MUST',
  requirements: ['version.http.header.invalid-400'],
  versions: VERSIONS,
  transports: ['streamable-http'],
  // Shared, beside the other concurrent checks: its HTTP exchanges are its own (answered on their own responses, with
  // ids of its own), they change nothing in the session, and a session costs the server an initialize, an initialized
  // and a DELETE.
  session: 'shared',
  concurrent: true,
  spec: SPEC,
  async run(ctx) {
    for (const value of ['1999-01-01', 'not-a-version']) {
      const result = await pingWithHeader(ctx, value, `mcp-conform-header-${value}`);
      if (result.status === 400) ctx.observe(`MCP-Protocol-Version: ${value} got HTTP 400`);
      else ctx.violation(`MCP-Protocol-Version: ${value} got ${describeProbe(result)} instead of HTTP 400 Bad Request`, { evidence: result.evidence });
    }
  },
});

/**
 * "If the server does not receive an MCP-Protocol-Version header, and has no other way to identify the version - for
 * example, by relying on the protocol version negotiated during initialization - the server SHOULD assume protocol
 * version 2025-03-26." Either way the request is served; a refusal warns.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#protocol-version-header
 */
export const versionHeaderMissingServed = defineCheck({
  id: 'http-version-header/missing-served',
  title: 'A request without MCP-Protocol-Version is still served',
  level: 'SHOULD',
  requirements: ['version.http.header.missing-assume-2025-03-26'],
  versions: VERSIONS,
  transports: ['streamable-http'],
  // Shared, beside the other concurrent checks: its HTTP exchanges are its own (answered on their own responses, with
  // ids of its own), they change nothing in the session, and a session costs the server an initialize, an initialized
  // and a DELETE.
  session: 'shared',
  concurrent: true,
  spec: SPEC,
  async run(ctx) {
    const id = 'mcp-conform-no-version-header';
    const result = await pingWithHeader(ctx, null, id);
    if (result.status >= 200 && result.status < 300) ctx.observe(`a request without MCP-Protocol-Version got HTTP ${result.status}`);
    else ctx.violation(`a request without MCP-Protocol-Version got ${describeProbe(result)} instead of being served`, { evidence: result.evidence });
  },
});

/** The version-header checks, in report order. */
export const HTTP_VERSION_HEADER_CHECKS = [versionHeaderInvalid400, versionHeaderMissingServed] as const;
