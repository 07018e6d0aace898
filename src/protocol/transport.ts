/**
 * The Transport contract: close to the MCP TypeScript SDK's (`start / send / close`, `onmessage / onclose / onerror`,
 * `sessionId`, `setProtocolVersion`), so that an SDK transport plugs into our client and our mocks plug into the SDK's
 * client. Ours adds the wire log (every byte is evidence) and `sendRaw` for frames that are deliberately not JSON-RPC.
 */
import type { JsonRpcMessage, RequestId } from './jsonrpc.js';
import type { TransportKind, WireLog } from './wire.js';

/** Options of one `send`. */
export interface TransportSendOptions {
  /** The request this message answers or belongs to (lets HTTP transports route a message onto its stream). */
  relatedRequestId?: RequestId;
  /** Resume a broken SSE stream from this event id. */
  resumptionToken?: string;
  /** Called with each new event id, so the caller can resume later. */
  onresumptiontoken?: (token: string) => void;
}

/** Facts that come with a received message. */
export interface MessageExtraInfo {
  /** HTTP request facts (for server-side transports). */
  requestInfo?: { headers: Record<string, string> };
  /** The SSE event id of this message, if any. */
  eventId?: string;
}

/** A bidirectional JSON-RPC message channel. */
export interface Transport {
  /** Opens the channel (spawns the process, connects the socket). Resolves when messages can be sent. */
  start(): Promise<void>;
  /** Sends one message (or a batch, where the protocol version allows it). */
  send(message: JsonRpcMessage | JsonRpcMessage[], options?: TransportSendOptions): Promise<void>;
  /** Closes the channel and releases every resource (process, sockets, timers). Idempotent. */
  close(): Promise<void>;
  /** Called for each parsed message. */
  onmessage?: (message: JsonRpcMessage, extra?: MessageExtraInfo) => void;
  /** Called once when the channel is closed, by either side. */
  onclose?: () => void;
  /** Called for errors that do not close the channel (and before `onclose` for those that do). */
  onerror?: (error: Error) => void;
  /** The session id, once a session-bearing transport has one. */
  sessionId?: string;
  /** Tells the transport which protocol version was negotiated (HTTP sends it as a header). */
  setProtocolVersion?(version: string): void;
}

/** A transport of mcp-conform's own: it records its wire and can send bytes that are not a valid message. */
export interface ObservableTransport extends Transport {
  /** Which transport this is. */
  readonly kind: TransportKind;
  /** Everything that crossed this transport. */
  readonly wire: WireLog;
  /** Sends one frame's text as it is (stdio: one line; HTTP: one POST body; WS: one text frame). */
  sendRaw(frame: string, options?: TransportSendOptions): Promise<void>;
}

/** Whether a transport is one of ours (has a wire log and `sendRaw`). */
export function isObservableTransport(transport: Transport): transport is ObservableTransport {
  return 'wire' in transport && typeof (transport as ObservableTransport).sendRaw === 'function';
}
