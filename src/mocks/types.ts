/**
 * The shared vocabulary of the mocks: what a resolver sees (its context), what a handler value is, and what the
 * engine asks a transport adapter to do (channel events).
 */
import type { JsonRpcMessage, JsonRpcRequest, RequestId } from '../protocol/jsonrpc.js';
import type { ProtocolEra, ProtocolVersion } from '../protocol/versions.js';

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** The eight syslog levels of MCP logging, least severe first. */
export const LOG_LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'] as const;
/** A logging level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Which transport a session is served over. */
export type MockTransportKind = 'stdio' | 'streamable-http' | 'sse' | 'websocket' | 'memory';

/** What a resolver knows about the session that sent the request. */
export interface MockSessionInfo {
  /** The session id (HTTP `Mcp-Session-Id`, or a generated one for other transports). */
  readonly id: string;
  readonly transport: MockTransportKind;
  /** The negotiated version (legacy), or the version of the current request (2026-07-28). */
  readonly protocolVersion: ProtocolVersion | undefined;
  readonly clientInfo: JsonObject | undefined;
  readonly clientCapabilities: JsonObject;
}

/** The context every resolver gets: the request, and ways to talk back to the client while it runs. */
export interface MockRequestContext {
  readonly request: JsonRpcRequest;
  readonly method: string;
  readonly params: JsonObject;
  readonly id: RequestId;
  readonly protocolVersion: ProtocolVersion;
  readonly era: ProtocolEra;
  readonly session: MockSessionInfo;
  /** Aborted when the client cancels the request (`notifications/cancelled`, or a closed stream on 2026-07-28). */
  readonly signal: AbortSignal;
  /** How many times this handler has run before this call (0 for the first call). */
  readonly callIndex: number;
  /** Sends `notifications/progress` when the request carried `_meta.progressToken`; does nothing otherwise. */
  progress(progress: number, total?: number, message?: string): void;
  /** Sends `notifications/message` if the level passes the session's (or the request's) log level. */
  log(level: LogLevel, data: unknown, logger?: string): void;
  /** Asks the client for an LLM completion (a request on legacy wires, an input-required result on 2026-07-28). */
  sample(params: JsonObject): Promise<JsonObject>;
  /** Asks the user for input through the client. */
  elicit(params: JsonObject): Promise<JsonObject>;
  /** Asks the client for its roots. */
  listRoots(): Promise<JsonObject>;
  /** Sends any notification on this request's stream. */
  notify(method: string, params?: JsonObject): void;
  /** Waits, rejecting when the request is cancelled. */
  sleep(ms: number): Promise<void>;
}

/** A value, a promise of it, or a generator yielding one value per call (a sequence). */
export type ResolverOutput<T> = T | Promise<T>;

/**
 * A function that answers a request; a generator function answers successive calls with successive values (a yielded
 * `Error` is thrown for that call), and repeats its last value once it is done.
 */
export type Resolver<Input, Output> =
  | ((input: Input, context: MockRequestContext) => ResolverOutput<Output>)
  | ((input: Input, context: MockRequestContext) => Generator<Output | Error, Output | Error | void, unknown>)
  | ((input: Input, context: MockRequestContext) => AsyncGenerator<Output | Error, Output | Error | void, unknown>);

/** Options every handler takes. */
export interface HandlerOptions {
  /** Use this handler for one call only, then fall through to the next one. @default false */
  once?: boolean;
  /** Use this handler for this many calls, then fall through. */
  times?: number;
  /** Only calls for which this returns true. */
  when?: (context: MockRequestContext) => boolean;
}

/** A frame to write: its exact text, its parsed message when it is one. */
export interface FrameEvent {
  type: 'frame';
  text: string;
  message?: JsonRpcMessage;
  /** Set when this frame is the final answer (result or error) to that request; `null` when its id was unreadable. */
  responseTo?: RequestId | null;
  /** Write the frame's bytes slowly: `chunkBytes` every `intervalMs`. */
  drip?: { chunkBytes: number; intervalMs: number };
}

/** What the engine asks a transport adapter to do for one request (or for the session). */
export type ChannelEvent =
  | FrameEvent
  /** Text on stderr (stdio); other transports drop it. */
  | { type: 'stderr'; text: string }
  /** The server dies: stdio exits with the code; HTTP and WebSocket close the connection. */
  | { type: 'crash'; exitCode: number }
  /** HTTP: answer this POST with a status instead of a JSON-RPC answer. */
  | { type: 'http-status'; status: number; headers?: Record<string, string>; body?: string }
  /** HTTP: close this request's SSE stream now, before its response; `eventIds` says whether it could be resumed. */
  | { type: 'cut-stream'; eventIds: boolean }
  /** The request's handling is over (its response is written). */
  | { type: 'end' };

/** Where the engine writes for one request: stdio's stdout, an HTTP response stream, a WebSocket. */
export interface MockChannel {
  emit(event: ChannelEvent): void;
}
