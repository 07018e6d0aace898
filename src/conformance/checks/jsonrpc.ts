/**
 * JSON-RPC 2.0 rules as MCP uses them: error codes and response ids.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic#messages
 * @see https://www.jsonrpc.org/specification#error_object
 */
import type { RequestId } from '../../protocol/jsonrpc.js';
import { TimeoutError } from '../../protocol/errors.js';
import { supports } from '../../protocol/versions.js';
import type { CheckContext } from '../check-context.js';
import { defineCheck } from '../define-check.js';
import { describeResponse, errorOf } from '../handshake.js';

/** A method no server implements. */
export const UNKNOWN_METHOD = 'mcp-conform/does-not-exist';

/**
 * JSON-RPC 2.0 defines "-32601 Method not found: The method does not exist / is not available", and MCP adopts
 * JSON-RPC ("All messages between MCP clients and servers MUST follow the JSON-RPC 2.0 specification").
 * @see https://www.jsonrpc.org/specification#error_object
 */
export const unknownMethod = defineCheck({
  id: 'jsonrpc/unknown-method',
  title: 'An unknown method gets error -32601 (Method not found)',
  level: 'MUST',
  requirements: ['jsonrpc.error.method-not-found-32601', 'jsonrpc.version-2.0'],
  session: 'shared',
  concurrent: true,
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/basic#error-responses',
  async run(ctx) {
    const response = await ctx.session.request(UNKNOWN_METHOD, {});
    const error = errorOf(response);
    if (!error) {
      ctx.violation(`${UNKNOWN_METHOD} got ${describeResponse(response)} instead of error -32601`);
      return;
    }
    if (error.code !== -32601) ctx.violation(`${UNKNOWN_METHOD} got error code ${String(error.code)} instead of -32601 (Method not found)`);
    else ctx.observe(`${UNKNOWN_METHOD} got ${describeResponse(response)}`);
  },
});

/** A request with invalid params for a method the server declared, and what is wrong with it. */
function invalidRequests(capabilities: Record<string, unknown>): Array<{ method: string; params: Record<string, unknown>; why: string }> {
  const out: Array<{ method: string; params: Record<string, unknown>; why: string }> = [];
  if ('tools' in capabilities) out.push({ method: 'tools/call', params: { arguments: {} }, why: 'without "name"' });
  if ('resources' in capabilities) out.push({ method: 'resources/read', params: {}, why: 'without "uri"' });
  if ('prompts' in capabilities) out.push({ method: 'prompts/get', params: { name: 42 }, why: 'with "name": 42' });
  return out;
}

/**
 * JSON-RPC 2.0: "-32602 Invalid params: Invalid method parameter(s)"; the MCP feature pages name it for invalid
 * requests (e.g. "Invalid prompt name: -32602 (Invalid params)"). The catalogue grades the code a SHOULD; a *success*
 * for a request that lacks a required parameter is graded the same, since the schema makes the parameter required.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/prompts#error-handling
 */
export const invalidParams = defineCheck({
  id: 'jsonrpc/invalid-params',
  title: 'A request with invalid params gets error -32602 (Invalid params)',
  level: 'SHOULD',
  requirements: ['jsonrpc.error.invalid-params-32602'],
  session: 'shared',
  concurrent: true,
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/server/prompts#error-handling',
  async run(ctx) {
    const requests = invalidRequests(ctx.serverCapabilities);
    if (requests.length === 0) ctx.skip('the server declared none of tools, resources and prompts, whose requests have required params');
    for (const { method, params, why } of requests) {
      const response = await ctx.session.request(method, params);
      const error = errorOf(response);
      if (!error) ctx.violation(`${method} ${why} got ${describeResponse(response)} instead of error -32602`);
      else if (error.code !== -32602) ctx.violation(`${method} ${why} got error code ${String(error.code)} instead of -32602 (Invalid params)`);
      else ctx.observe(`${method} ${why} got -32602`);
    }
  },
});

/**
 * Ids of every shape JSON-RPC allows: strings that look like numbers, zero, negatives, the largest safe integer. None
 * is one the session numbers its own requests with (from 1 up), so no id is used twice in a session ("The request ID
 * MUST NOT have been previously used by the requestor within the same session").
 */
export const PROBE_IDS: readonly RequestId[] = ['abc', '1', 424_242, 0, -1, Number.MAX_SAFE_INTEGER];

/** A request every server of the version must answer. */
function answerableRequest(ctx: CheckContext): string {
  return supports(ctx.version!, 'ping') ? 'ping' : 'server/discover';
}

/**
 * "Responses MUST include the same ID as the request they correspond to" — the same value and the same JSON type
 * (the string "1" is not the number 1).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic#responses
 */
export const responseIdMatches = defineCheck({
  id: 'jsonrpc/response-id-matches',
  title: 'Responses carry the request id, with its value and type',
  level: 'MUST',
  requirements: ['jsonrpc.response.same-id', 'jsonrpc.request.id-type'],
  session: 'shared',
  besideConcurrent: true,
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/basic#responses',
  async run(ctx) {
    const method = answerableRequest(ctx);
    const outcomes = await Promise.allSettled(PROBE_IDS.map((id) => ctx.session.request(method, undefined, { id })));
    outcomes.forEach((outcome, index) => {
      const id = PROBE_IDS[index]!;
      if (outcome.status === 'fulfilled') return;
      if (!(outcome.reason instanceof TimeoutError)) throw outcome.reason;
      const near = ctx.session.unmatched.find((r) => String((r as { id?: unknown }).id) === String(id));
      ctx.violation(
        near
          ? `${method} with id ${JSON.stringify(id)} (${typeof id}) was answered with id ${JSON.stringify((near as { id?: unknown }).id)} (${typeof (near as { id?: unknown }).id})`
          : `${method} with id ${JSON.stringify(id)} got no response carrying that id within ${ctx.requestTimeoutMs} ms`,
      );
    });
    ctx.observe(`${method} answered with the exact id for ${PROBE_IDS.map((id) => JSON.stringify(id)).join(', ')}`);
  },
});
