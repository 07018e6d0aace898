/**
 * The two error families of mcp-conform: `JsonRpcError` for what crossed the wire, and the local `McpConformError`
 * family with string codes, whose subclasses carry what a person needs to act (status and body, exit code and stderr).
 */
import type { JsonRpcErrorObject } from './jsonrpc.js';

/** An error response received from (or sent to) a peer. */
export class JsonRpcError extends Error {
  override readonly name = 'JsonRpcError';
  readonly code: number;
  readonly data: unknown;

  constructor(code: number, message: string, data?: unknown) {
    super(message);
    this.code = code;
    this.data = data;
  }

  /** Builds the error from an error object received on the wire. */
  static fromObject(error: JsonRpcErrorObject): JsonRpcError {
    return new JsonRpcError(error.code, error.message, error.data);
  }

  /** The error object to put on the wire. */
  toObject(): JsonRpcErrorObject {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}

/** The string codes of local errors. */
export type McpConformErrorCode =
  | 'CONNECTION_FAILED'
  | 'TRANSPORT_CLOSED'
  | 'TRANSPORT_ERROR'
  | 'SPAWN_FAILED'
  | 'PROCESS_EXITED'
  | 'REQUEST_TIMEOUT'
  | 'REQUEST_CANCELLED'
  | 'PROTOCOL_ERROR'
  | 'UNSUPPORTED_PROTOCOL_VERSION'
  | 'CAPABILITY_MISSING'
  | 'TOOL_ERROR'
  | 'HTTP_STATUS'
  | 'AUTHENTICATION_REQUIRED'
  | 'SESSION_EXPIRED'
  | 'FRAME_TOO_LONG'
  | 'CONFIG_INVALID'
  | 'NOT_CONNECTED';

export interface McpConformErrorOptions {
  cause?: unknown;
}

/** The base of every local error: a string `code`, a message that says what to do, and an optional cause. */
export class McpConformError extends Error {
  override name = 'McpConformError';
  readonly code: McpConformErrorCode;

  constructor(code: McpConformErrorCode, message: string, options?: McpConformErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** The connection could not be made, or was lost (the seeds' ConnectionError). */
export class ConnectionError extends McpConformError {
  override name = 'ConnectionError';
  constructor(message: string, options?: McpConformErrorOptions & { code?: McpConformErrorCode }) {
    super(options?.code ?? 'CONNECTION_FAILED', message, options);
  }
}

/** The transport failed or was closed (the seeds' TransportError). */
export class TransportError extends McpConformError {
  override name = 'TransportError';
  constructor(message: string, options?: McpConformErrorOptions & { code?: McpConformErrorCode }) {
    super(options?.code ?? 'TRANSPORT_ERROR', message, options);
  }
}

/** A child process failed to start or exited; keeps its exit code, signal and the tail of its stderr. */
export class ProcessError extends TransportError {
  override name = 'ProcessError';
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stderrTail: string;

  constructor(
    message: string,
    details: { exitCode?: number | null; signal?: string | null; stderrTail?: string; code?: McpConformErrorCode },
    options?: McpConformErrorOptions,
  ) {
    super(message, { ...options, code: details.code ?? 'PROCESS_EXITED' });
    this.exitCode = details.exitCode ?? null;
    this.signal = details.signal ?? null;
    this.stderrTail = details.stderrTail ?? '';
  }
}

/** An HTTP request got a status the transport cannot use; keeps status, headers and body. */
export class HttpStatusError extends TransportError {
  override name = 'HttpStatusError';
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;

  constructor(
    message: string,
    details: { status: number; headers?: Record<string, string>; body?: string },
    options?: McpConformErrorOptions & { code?: McpConformErrorCode },
  ) {
    super(message, { ...options, code: options?.code ?? 'HTTP_STATUS' });
    this.status = details.status;
    this.headers = details.headers ?? {};
    this.body = details.body ?? '';
  }
}

/** The server asked for authentication (HTTP 401); keeps the `WWW-Authenticate` challenge. */
export class AuthenticationError extends HttpStatusError {
  override name = 'AuthenticationError';
  readonly challenge: string | undefined;
  readonly resourceMetadataUrl: string | undefined;

  constructor(
    message: string,
    details: { status: number; headers?: Record<string, string>; body?: string; challenge?: string; resourceMetadataUrl?: string },
    options?: McpConformErrorOptions,
  ) {
    super(message, details, { ...options, code: 'AUTHENTICATION_REQUIRED' });
    this.challenge = details.challenge;
    this.resourceMetadataUrl = details.resourceMetadataUrl;
  }
}

/** A request got no response in time; says how long it waited. */
export class TimeoutError extends McpConformError {
  override name = 'TimeoutError';
  readonly timeoutMs: number;
  readonly method: string | undefined;

  constructor(message: string, details: { timeoutMs: number; method?: string }, options?: McpConformErrorOptions) {
    super('REQUEST_TIMEOUT', message, options);
    this.timeoutMs = details.timeoutMs;
    this.method = details.method;
  }
}

/** A request was cancelled by its caller. */
export class CancelledError extends McpConformError {
  override name = 'CancelledError';
  constructor(message: string, options?: McpConformErrorOptions) {
    super('REQUEST_CANCELLED', message, options);
  }
}

/** The peer broke the protocol (a malformed message, a wrong version, an unexpected answer). */
export class ProtocolError extends McpConformError {
  override name = 'ProtocolError';
  constructor(message: string, options?: McpConformErrorOptions & { code?: McpConformErrorCode }) {
    super(options?.code ?? 'PROTOCOL_ERROR', message, options);
  }
}

/** A feature was used that the peer did not declare. */
export class CapabilityError extends McpConformError {
  override name = 'CapabilityError';
  readonly capability: string;
  constructor(message: string, capability: string, options?: McpConformErrorOptions) {
    super('CAPABILITY_MISSING', message, options);
    this.capability = capability;
  }
}

/** A tool call returned `isError: true`; keeps the result. */
export class ToolError extends McpConformError {
  override name = 'ToolError';
  readonly tool: string;
  readonly result: unknown;
  constructor(message: string, details: { tool: string; result: unknown }, options?: McpConformErrorOptions) {
    super('TOOL_ERROR', message, options);
    this.tool = details.tool;
    this.result = details.result;
  }
}

/** Options, a profile or command-line arguments are invalid. */
export class ConfigError extends McpConformError {
  override name = 'ConfigError';
  constructor(message: string, options?: McpConformErrorOptions) {
    super('CONFIG_INVALID', message, options);
  }
}

/** Formats a user-facing message: `[mcp-conform] Failed to <verb> <thing>: <reason>. <what to do>` */
export function formatMessage(action: string, reason: string, advice?: string): string {
  const trimmed = reason.replace(/[.\s]+$/, '');
  return `[mcp-conform] Failed to ${action}: ${trimmed}.${advice ? ` ${advice}` : ''}`;
}
