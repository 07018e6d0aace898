/**
 * 2026-07-28 multi round-trip requests (MRTR), seen from a client that declared the capability a profile call needs:
 * a retry that lacks the requested input is asked again, and a tampered `requestState` is not trusted.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/patterns/mrtr
 */
import type { JsonRpcResponse } from '../../protocol/jsonrpc.js';
import { versionsWith } from '../../protocol/versions.js';
import type { CheckContext } from '../check-context.js';
import { defineCheck } from '../define-check.js';
import { describeResponse, errorOf, resultOf, truncate } from '../handshake.js';
import { harmlessInputResult } from '../probe-session.js';
import { isObject } from './lib-features.js';
import { serverRequestCallFor, type ServerRequestCall } from './server-requests-lib.js';

const MRTR_SPEC = 'https://modelcontextprotocol.io/specification/2026-07-28/basic/patterns/mrtr';

/** An `input_required` answer to the profile call, and the call that got it. */
interface InputRequired {
  call: ServerRequestCall;
  result: Record<string, unknown>;
  inputRequests: Record<string, Record<string, unknown>>;
  requestState: string | undefined;
}

/**
 * Declares the capability the profile's `serverRequests` call needs and makes the call; returns the `input_required`
 * result, or skips when the server answered anything else (a tool that did not ask has nothing to retry).
 */
async function askForInput(ctx: CheckContext): Promise<InputRequired> {
  const call = serverRequestCallFor(ctx, ctx.version!);
  ctx.session.declareClientCapabilities({ [call.capability]: {} });
  const response = await ctx.session.request('tools/call', params(call));
  const result = resultOf(response);
  if (!result) ctx.skip(`the profile's tool "${call.tool}" got ${describeResponse(response)} (declaring ${call.capability}), so there was no input_required result to retry`);
  if (result.resultType !== 'input_required') ctx.skip(`the profile's tool "${call.tool}" completed without asking for input (${brief(response)}), so there was nothing to retry`);
  const inputRequests = isObject(result.inputRequests) ? (Object.fromEntries(Object.entries(result.inputRequests).filter(([, r]) => isObject(r))) as InputRequired['inputRequests']) : {};
  return { call, result, inputRequests, requestState: typeof result.requestState === 'string' ? result.requestState : undefined };
}

/** The params of a call of the profile tool, with retry fields. */
function params(call: ServerRequestCall, retry: { inputResponses?: Record<string, unknown>; requestState?: string } = {}): Record<string, unknown> {
  return { name: call.tool, arguments: call.arguments ?? {}, ...retry };
}

/** Harmless answers to every input request, or the key of one the harness cannot answer. */
function inputResponsesFor(inputRequests: InputRequired['inputRequests']): { responses: Record<string, unknown> } | { unanswerable: string } {
  const responses: Record<string, unknown> = {};
  for (const [key, request] of Object.entries(inputRequests)) {
    const result = typeof request.method === 'string' ? harmlessInputResult(request.method) : undefined;
    if (!result) return { unanswerable: `${key} (${JSON.stringify(request.method)})` };
    responses[key] = result;
  }
  return { responses };
}

/**
 * "If the client fails to send all the information requested in a previous InputRequests, and the missing information
 * is necessary for the server to process the request, the server SHOULD respond with a new InputRequiredResult
 * requesting the missing information again, rather than returning an error." The harness makes the profile's
 * `serverRequests` call (declaring its capability), gets `input_required` with `inputRequests`, and retries with a new
 * id, the same arguments and the `requestState` it was given, but no `inputResponses`. A new `input_required` that
 * asks again passes; so does a completed result (the input was not necessary after all, unless it reports `isError`);
 * a JSON-RPC error, an `isError` result, or an `input_required` that asks for nothing warns.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/patterns/mrtr#error-handling
 */
export const modernInputRequiredReask = defineCheck({
  id: 'modern/input-required-reask',
  title: 'A retry without the requested input is asked again, not refused',
  level: 'SHOULD',
  requirements: ['modern.mrtr.reask'],
  versions: versionsWith('inputRequired'),
  needs: { profile: 'serverRequests' },
  session: 'raw',
  spec: `${MRTR_SPEC}#error-handling`,
  async run(ctx) {
    const first = await askForInput(ctx);
    const keys = Object.keys(first.inputRequests);
    if (keys.length === 0) ctx.skip(`the input_required result of "${first.call.tool}" requested no input (only requestState), so a retry lacks nothing`);
    const response = await ctx.session.request('tools/call', params(first.call, first.requestState === undefined ? {} : { requestState: first.requestState }));
    const result = resultOf(response);
    const asked = `the retry of "${first.call.tool}" without the requested input (${keys.join(', ')})`;
    const rule = 'a server SHOULD respond with a new InputRequiredResult requesting the missing information again, rather than returning an error';
    if (!result) {
      ctx.violation(`${asked} got ${describeResponse(response)}; ${rule}`);
      return;
    }
    if (result.resultType === 'input_required') {
      const again = isObject(result.inputRequests) ? Object.keys(result.inputRequests) : [];
      if (again.length === 0) ctx.violation(`${asked} got an input_required result with no inputRequests, so the missing information was not requested again; ${rule}`);
      else ctx.observe(`${asked} was asked again for ${again.join(', ')}`);
      return;
    }
    if (result.isError === true) {
      ctx.violation(`${asked} got a tool error (${brief(response)}); ${rule}`);
      return;
    }
    ctx.observe(`${asked} completed (${brief(response)}): the input was not necessary`);
  },
});

/** The harness's alteration of a `requestState`: one character in the middle changed to another of its kind. */
export function tamperRequestState(state: string): string {
  if (state.length === 0) return 'mcp-conform-tampered';
  const i = Math.floor(state.length / 2);
  const c = state[i]!;
  const next = (from: string, size: number): string => String.fromCharCode(from.charCodeAt(0) + ((c.charCodeAt(0) - from.charCodeAt(0) + 1) % size));
  const replaced = /[0-9]/.test(c) ? next('0', 10) : /[a-z]/.test(c) ? next('a', 26) : /[A-Z]/.test(c) ? next('A', 26) : c === 'A' ? 'B' : 'A';
  return `${state.slice(0, i)}${replaced}${state.slice(i + 1)}`;
}

/** A retry's answer for messages: the error, or the result without `_meta` (the same on every answer). */
function brief(response: JsonRpcResponse): string {
  if (errorOf(response)) return describeResponse(response);
  const { _meta: _ignored, ...rest } = resultOf(response) ?? {};
  return `result ${truncate(JSON.stringify(rest), 200)}`;
}

/** What a retry got, for comparing retries: the error code, or the result without `_meta`, as sorted JSON. */
function outcomeOf(response: JsonRpcResponse): string {
  const error = errorOf(response);
  if (error) return `error ${String(error.code)}`;
  const { _meta: _ignored, ...rest } = resultOf(response) ?? {};
  return `result ${stableJson(rest)}`;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * "If a client request contains a requestState field, servers MUST treat requestState as an attacker-controlled input.
 * If requestState influences authorization, resource access, or business logic, servers MUST protect its integrity
 * (e.g. HMAC or AEAD) and MUST reject state that fails verification. Integrity protection MAY be omitted only when
 * tampering can cause nothing worse than request failure." (Server Requirements 4.) The harness makes the profile's
 * `serverRequests` call, gets `input_required` with a `requestState`, and retries with harmless answers to every input
 * request and the state altered ({@link tamperRequestState}). An error or a new `input_required` passes: the state was
 * rejected. A completed result is compared with two retries that carry the unaltered state: the same result means the
 * state did not change the outcome (passes: protection may be omitted); a different one, while the two unaltered
 * retries agree, means an altered state changed what the server did without being rejected, and fails. Retries that
 * disagree with each other leave nothing to compare with, and the check skips.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/patterns/mrtr#server-requirements-basic-workflow
 */
export const modernRequestStateVerified = defineCheck({
  id: 'modern/request-state-verified',
  title: 'An altered requestState is rejected, or changes nothing',
  level: 'MUST',
  requirements: ['modern.mrtr.request-state-untrusted'],
  versions: versionsWith('inputRequired'),
  needs: { profile: 'serverRequests' },
  session: 'raw',
  spec: `${MRTR_SPEC}#server-requirements-basic-workflow`,
  async run(ctx) {
    const first = await askForInput(ctx);
    const state = first.requestState;
    if (state === undefined) return ctx.skip(`the input_required result of "${first.call.tool}" carries no requestState, so there is none to alter`);
    const answers = inputResponsesFor(first.inputRequests);
    if ('unanswerable' in answers) return ctx.skip(`the harness cannot answer the input request ${answers.unanswerable}`);
    const retry = (requestState: string) => ctx.session.request('tools/call', params(first.call, { inputResponses: answers.responses, requestState }));
    const altered = tamperRequestState(state);
    const change = `requestState ${JSON.stringify(truncate(state, 60))} altered to ${JSON.stringify(truncate(altered, 60))}`;
    const tampered = await retry(altered);
    const result = resultOf(tampered);
    if (!result) {
      ctx.observe(`a retry of "${first.call.tool}" with its ${change} was rejected with ${describeResponse(tampered)}`);
      return;
    }
    if (result.resultType === 'input_required') {
      ctx.observe(`a retry of "${first.call.tool}" with its ${change} got a new input_required result instead of completing`);
      return;
    }
    const control = await retry(state);
    const again = await retry(state);
    if (outcomeOf(control) !== outcomeOf(again)) {
      ctx.skip(`two retries of "${first.call.tool}" with the unaltered requestState got different answers (${brief(control)}, then ${brief(again)}), so the answer to the altered one has nothing to be compared with`);
    }
    if (outcomeOf(tampered) === outcomeOf(control)) {
      ctx.observe(`a retry of "${first.call.tool}" with its ${change} completed exactly as with the unaltered state (${brief(control)}): the state does not change the outcome`);
      return;
    }
    ctx.violation(
      `a retry of "${first.call.tool}" with its ${change} completed with ${brief(tampered)}, where the unaltered state gives ${brief(control)}: the state decides the outcome, yet the altered one was not rejected; servers MUST treat requestState as an attacker-controlled input and MUST reject state that fails verification`,
    );
  },
});
