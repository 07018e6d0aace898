/** Sorting what a peer sent: the protocol's `classifyMessage`, with a fast path for the commonest message. */
import { classifyMessage, JSONRPC_VERSION, type JsonRpcMessageKind, type RequestId } from '../../protocol/index.js';

/**
 * The same verdict as `classifyMessage`, without running four schemas on a well-formed result response (the shape
 * that dominates traffic).
 */
export function classifyIncoming(message: unknown): JsonRpcMessageKind {
  const m = message as Record<string, unknown>;
  if (
    typeof m === 'object' &&
    m !== null &&
    m.jsonrpc === JSONRPC_VERSION &&
    isRequestId(m.id) &&
    typeof m.result === 'object' &&
    m.result !== null &&
    !Array.isArray(m.result) &&
    !('method' in m) &&
    !('error' in m)
  ) {
    return 'result';
  }
  return classifyMessage(message);
}

/** Whether a value can be a request id: a string or a safe integer (as the protocol's schema has it). */
export function isRequestId(value: unknown): value is RequestId {
  return typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value));
}
