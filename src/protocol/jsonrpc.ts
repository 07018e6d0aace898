/**
 * JSON-RPC 2.0 as MCP uses it: ids are strings or numbers (never null in requests), and from 2025-11-25 an error
 * response may omit an id it could not read.
 * @see https://www.jsonrpc.org/specification
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic#messages
 */
import { z } from 'zod';

export const JSONRPC_VERSION = '2.0';

/** A request id: a string or an integer-valued number. */
export const RequestIdSchema = z.union([z.string(), z.number().int()]);
export type RequestId = z.infer<typeof RequestIdSchema>;

const Params = z.record(z.string(), z.unknown());

/** A request: expects a response with the same id. */
export const JsonRpcRequestSchema = z.looseObject({
  jsonrpc: z.literal(JSONRPC_VERSION),
  id: RequestIdSchema,
  method: z.string(),
  params: Params.optional(),
});
export type JsonRpcRequest = z.infer<typeof JsonRpcRequestSchema>;

/** A notification: has no id and gets no response. */
export const JsonRpcNotificationSchema = z.looseObject({
  jsonrpc: z.literal(JSONRPC_VERSION),
  method: z.string(),
  params: Params.optional(),
});
export type JsonRpcNotification = z.infer<typeof JsonRpcNotificationSchema>;

/** A successful response. */
export const JsonRpcResultResponseSchema = z.looseObject({
  jsonrpc: z.literal(JSONRPC_VERSION),
  id: RequestIdSchema,
  result: z.record(z.string(), z.unknown()),
});
export type JsonRpcResultResponse = z.infer<typeof JsonRpcResultResponseSchema>;

/** The error object of an error response. */
export const JsonRpcErrorObjectSchema = z.looseObject({
  code: z.number().int(),
  message: z.string(),
  data: z.unknown().optional(),
});
export type JsonRpcErrorObject = z.infer<typeof JsonRpcErrorObjectSchema>;

/** An error response. `id` is null or absent only when the request's id could not be read. */
export const JsonRpcErrorResponseSchema = z.looseObject({
  jsonrpc: z.literal(JSONRPC_VERSION),
  id: z.union([RequestIdSchema, z.null()]).optional(),
  error: JsonRpcErrorObjectSchema,
});
export type JsonRpcErrorResponse = z.infer<typeof JsonRpcErrorResponseSchema>;

export type JsonRpcResponse = JsonRpcResultResponse | JsonRpcErrorResponse;

/** Any single JSON-RPC message. */
export type JsonRpcMessage = JsonRpcRequest | JsonRpcNotification | JsonRpcResultResponse | JsonRpcErrorResponse;

/** Standard JSON-RPC and MCP error codes. */
export const ErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  /** MCP legacy: resource not found (up to 2025-11-25). */
  ResourceNotFound: -32002,
  /** MCP 2025-11-25: URL elicitation required (retired in 2026-07-28). */
  UrlElicitationRequired: -32042,
  /** MCP 2026-07-28: an HTTP header does not match the body. */
  HeaderMismatch: -32020,
  /** MCP 2026-07-28: a request needs a client capability the client did not declare. */
  MissingRequiredClientCapability: -32021,
  /** MCP 2026-07-28: the requested protocol version is not supported. */
  UnsupportedProtocolVersion: -32022,
} as const;

/** Classifies a parsed value; `invalid` when it is no JSON-RPC 2.0 message at all. */
export type JsonRpcMessageKind = 'request' | 'notification' | 'result' | 'error' | 'invalid';

/** Which kind of JSON-RPC message a value is, without throwing. */
export function classifyMessage(value: unknown): JsonRpcMessageKind {
  if (JsonRpcRequestSchema.safeParse(value).success) return 'request';
  if (JsonRpcNotificationSchema.safeParse(value).success && !hasOwn(value, 'id')) return 'notification';
  if (JsonRpcResultResponseSchema.safeParse(value).success && !hasOwn(value, 'error')) return 'result';
  if (JsonRpcErrorResponseSchema.safeParse(value).success && !hasOwn(value, 'result')) return 'error';
  return 'invalid';
}

function hasOwn(value: unknown, key: string): boolean {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, key);
}

export function isJsonRpcRequest(value: unknown): value is JsonRpcRequest {
  return classifyMessage(value) === 'request';
}
export function isJsonRpcNotification(value: unknown): value is JsonRpcNotification {
  return classifyMessage(value) === 'notification';
}
export function isJsonRpcResultResponse(value: unknown): value is JsonRpcResultResponse {
  return classifyMessage(value) === 'result';
}
export function isJsonRpcErrorResponse(value: unknown): value is JsonRpcErrorResponse {
  return classifyMessage(value) === 'error';
}
export function isJsonRpcResponse(value: unknown): value is JsonRpcResponse {
  const kind = classifyMessage(value);
  return kind === 'result' || kind === 'error';
}
