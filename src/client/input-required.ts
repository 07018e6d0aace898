/**
 * Multi-round-trip requests (2026-07-28): a `tools/call`, `prompts/get` or `resources/read` may answer
 * `resultType: "input_required"`; the client answers the server's `inputRequests` and retries with a new id,
 * `inputResponses` and the exact `requestState`. Other result types are invalid.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/patterns/mrtr
 */
import { formatMessage, InputRequiredResultSchema, ProtocolError } from '../protocol/index.js';
import { fulfilInputRequests, type ClientHandlers } from './client-handlers.js';

/** The most input-required rounds one call goes through before giving up. @default 8 */
export const MAX_INPUT_REQUIRED_ROUNDS = 8;

/** "Servers MUST NOT send InputRequiredResult responses on any other client requests." */
export const INPUT_REQUIRED_METHODS: readonly string[] = ['tools/call', 'prompts/get', 'resources/read'];

/** Options of {@link completeWithInput}. */
export interface CompleteWithInputOptions {
  handlers: ClientHandlers;
  /** @default MAX_INPUT_REQUIRED_ROUNDS */
  maxRounds?: number;
  signal?: AbortSignal;
}

/**
 * Sends a request and retries it while the server needs input; resolves with the complete result.
 * "For backward compatibility … the client MUST treat the absent field as "complete"", and "A resultType of any
 * value unrecognized by the client MUST be considered invalid."
 * @param send sends the request with the given params (each call is a new request with a new id)
 */
export async function completeWithInput(
  method: string,
  params: Record<string, unknown>,
  send: (params: Record<string, unknown>) => Promise<Record<string, unknown>>,
  options: CompleteWithInputOptions,
): Promise<Record<string, unknown>> {
  const maxRounds = options.maxRounds ?? MAX_INPUT_REQUIRED_ROUNDS;
  let next = params;
  for (let round = 0; ; round++) {
    const result = await send(next);
    const resultType = result.resultType;
    if (resultType === undefined || resultType === 'complete') return result;
    if (resultType !== 'input_required') {
      throw new ProtocolError(
        formatMessage(`read the result of "${method}"`, `its resultType ${JSON.stringify(resultType)} is not one this client knows, so the result is invalid`, 'Servers must answer "complete" or "input_required".'),
      );
    }
    if (!INPUT_REQUIRED_METHODS.includes(method)) {
      throw new ProtocolError(
        formatMessage(`read the result of "${method}"`, 'the server asked for input, which only tools/call, prompts/get and resources/read may do'),
      );
    }
    const parsed = InputRequiredResultSchema.safeParse(result);
    if (!parsed.success) {
      throw new ProtocolError(formatMessage(`read the result of "${method}"`, `the input-required result is invalid: ${parsed.error.issues.map((i) => i.message).join('; ')}`));
    }
    if (round >= maxRounds) {
      throw new ProtocolError(
        formatMessage(`complete "${method}"`, `the server still needed input after ${maxRounds} rounds`, 'Raise maxInputRounds if the server really needs more.'),
      );
    }
    const { inputRequests, requestState } = parsed.data;
    const inputResponses = inputRequests ? await fulfilInputRequests(options.handlers, inputRequests, options.signal ?? new AbortController().signal) : undefined;
    // "the client MUST echo back the exact value" of requestState, and "MUST NOT include one" when none was given.
    next = { ...params };
    if (inputResponses) next.inputResponses = inputResponses;
    if (requestState !== undefined) next.requestState = requestState;
  }
}
