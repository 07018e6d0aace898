/**
 * `param-headers/validated`: a server that mirrors a tool parameter into an `Mcp-Param-{Name}` header
 * (`x-mcp-header`) rejects a call whose header is missing or differs from the body.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#server-behavior-for-custom-headers
 */
import { paramHeadersFor, readParamHeaders, type ParamHeader } from '../../client/transports/http-param-headers.js';
import { encodeMcpHeaderValue } from '../../client/transports/http-shared.js';
import { versionsWith } from '../../protocol/versions.js';
import type { CheckContext } from '../check-context.js';
import { defineCheck } from '../define-check.js';
import { withModernMeta } from '../probe-session.js';
import { isObject, listOrViolate } from './lib-features.js';
import { describeProbe, endpointOf, httpProbe, postHeaders, probeErrorCode, probeResponse, type HttpEndpoint, type HttpProbeResult } from './lib-http-probe.js';

const HEADER_MISMATCH = -32020;

let nextId = 1;

/** POSTs one tools/call with the standard headers and the given `Mcp-Param-*` headers. */
async function postCall(ctx: CheckContext, endpoint: HttpEndpoint, tool: string, args: Record<string, unknown>, paramHeaders: Record<string, string>): Promise<{ id: string; result: HttpProbeResult }> {
  const version = ctx.version!;
  const id = `mcp-conform-param-header-${nextId++}`;
  const message = { jsonrpc: '2.0', id, method: 'tools/call', params: withModernMeta(version, { name: tool, arguments: args }) };
  const result = await httpProbe(
    { method: 'POST', url: endpoint.url, headers: postHeaders(endpoint, version, message, { mcpName: encodeMcpHeaderValue(tool), extra: paramHeaders }), body: JSON.stringify(message) },
    { wire: ctx.session.wire, transport: ctx.transport, timeoutMs: ctx.requestTimeoutMs, untilResponseId: id, signal: ctx.signal },
  );
  return { id, result };
}

/** The value at a parameter's path in the arguments. */
function valueAt(args: unknown, param: ParamHeader): unknown {
  let value = args;
  for (const key of param.path) value = isObject(value) ? value[key] : undefined;
  return value;
}

/** A header value that differs from the body's value, for the same parameter type. */
function otherValue(value: unknown): string {
  if (typeof value === 'boolean') return String(!value);
  if (typeof value === 'number') return String(value + 1);
  return encodeMcpHeaderValue(`${String(value)}-mcp-conform-mismatch`);
}

/**
 * "Any server that processes the message body MUST validate that encoded header values, after decoding if
 * Base64-encoded, match the corresponding values in the request body. Servers MUST reject requests with a 400 Bad
 * Request HTTP status and JSON-RPC error code -32020 (HeaderMismatch) if any validation fails", and for a value in the
 * body whose header the client omitted: "Server MUST reject the request". The check takes the first call of the
 * profile whose tool (as `tools/list` shows it) mirrors a parameter present in the call's arguments, and makes it three
 * times: with every `Mcp-Param-*` header right (it must be served), without the first one, and with the first one
 * holding another value (both must get 400 with -32020). The profile says the call is safe, so a server that wrongly
 * serves the broken requests only repeats it.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#server-behavior-for-custom-headers
 */
export const modernParamHeaderValidation = defineCheck({
  id: 'param-headers/validated',
  title: '2026-07-28: a tools/call whose Mcp-Param header is missing or differs from the body gets 400 with -32020',
  level: 'MUST',
  requirements: ['modern.http.x-mcp-header.server-validate'],
  versions: versionsWith('methodHeaders'),
  transports: ['streamable-http'],
  needs: { capability: 'tools', profile: 'calls' },
  spec: 'https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#server-behavior-for-custom-headers',
  async run(ctx) {
    const endpoint = endpointOf(ctx.session, ctx.skip, ctx.http);
    const tools = await listOrViolate(ctx, 'tools/list', 'tools');
    if (!tools) return;
    const candidate = (ctx.profile.calls ?? [])
      .map((call) => {
        const read = readParamHeaders(tools.find((t) => t.name === call.tool)?.inputSchema);
        const args = call.arguments ?? {};
        const params = read.ok ? read.headers.filter((p) => Object.keys(paramHeadersFor([p], args)).length > 0) : [];
        return { call, args, params };
      })
      .find((c) => c.params.length > 0);
    if (!candidate) {
      return ctx.skip('no call of the profile names a tool whose inputSchema mirrors a parameter into a header (x-mcp-header) with a value in the call\'s arguments; add such a call to the profile\'s "calls"');
    }
    const { call, args, params } = candidate;
    const headers = paramHeadersFor(params, args);
    const first = params[0]!;
    const header = `Mcp-Param-${first.name}`;
    const what = `tools/call of "${call.tool}" (from the profile)`;

    const right = await postCall(ctx, endpoint, call.tool, args, headers);
    const rightCode = probeErrorCode(right.result);
    if (right.result.status === 400 && rightCode === HEADER_MISMATCH) {
      ctx.violation(`${what} with ${Object.entries(headers).map(([n, v]) => `${n}: ${v}`).join(', ')}, which match the body, got ${describeProbe(right.result)}`, { evidence: right.result.evidence });
      return;
    }
    if (right.result.status < 200 || right.result.status >= 300 || !probeResponse(right.result, right.id)) {
      ctx.skip(`${what} with matching headers got ${describeProbe(right.result)}, so a rejection of broken headers could not be told apart; fix the call in the profile`);
    }
    ctx.observe(`${what} with matching ${Object.keys(headers).join(', ')} was served`);

    const without = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== header));
    const wrong = { ...headers, [header]: otherValue(valueAt(args, first)) };
    for (const [label, sent] of [
      [`without ${header} (the body has ${first.path.join('.')})`, without],
      [`with ${header}: ${wrong[header]} (the body has ${JSON.stringify(valueAt(args, first))})`, wrong],
    ] as const) {
      const { result } = await postCall(ctx, endpoint, call.tool, args, sent);
      if (result.status === 400 && probeErrorCode(result) === HEADER_MISMATCH) ctx.observe(`${what} ${label} got HTTP 400 with error -32020`);
      else ctx.violation(`${what} ${label} got ${describeProbe(result)} instead of HTTP 400 with error -32020`, { evidence: result.evidence });
    }
  },
});
