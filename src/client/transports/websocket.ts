/**
 * The WebSocket client transport: subprotocol `mcp`, one JSON-RPC message per text frame, as the SDK's
 * WebSocketClientTransport speaks it. Binary frames are recorded and reported (MCP never sends them); close codes are
 * surfaced in the wire log and in errors.
 */
import WebSocket from 'ws';
import {
  TransportError,
  ConnectionError,
  createWireLog,
  formatMessage,
  parseFrame,
  redactHeaders,
  type JsonRpcMessage,
  type MessageExtraInfo,
  type ObservableTransport,
  type TransportSendOptions,
  type WireLog,
} from '../../protocol/index.js';
import { describeFrame, messagesOf } from './http-shared.js';

/** The WebSocket subprotocol of MCP. */
export const MCP_WEBSOCKET_SUBPROTOCOL = 'mcp';

/** How long `start()` waits for the opening handshake. */
export const DEFAULT_WEBSOCKET_OPEN_TIMEOUT_MS = 10_000;

/** The part of a web-standard WebSocket this transport uses (`ws`, mock-socket and browsers all have it). */
export interface WebSocketLike {
  readonly readyState: number;
  readonly protocol: string;
  binaryType?: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string; wasClean?: boolean }) => void) | null;
  onerror: ((event: { message?: string; error?: unknown }) => void) | null;
}

/** Options of {@link WebSocketClientTransport}. */
export interface WebSocketClientTransportOptions {
  /** Headers of the opening handshake (a bearer token): every one is redacted in the wire log. Ignored by an injected factory. */
  headers?: Record<string, string>;
  /** Creates the socket (mock-socket, a browser WebSocket). @default the `ws` package */
  createWebSocket?: (url: string, protocols: string[]) => WebSocketLike;
  /** The wire log to record to. @default a new log */
  wire?: WireLog;
  /** How long to wait for the handshake. @default DEFAULT_WEBSOCKET_OPEN_TIMEOUT_MS */
  openTimeoutMs?: number;
}

const OPEN = 1;

/**
 * A WebSocket client transport.
 * @example
 * const transport = new WebSocketClientTransport('ws://127.0.0.1:8080/mcp');
 * await transport.start();
 */
export class WebSocketClientTransport implements ObservableTransport {
  readonly kind = 'websocket' as const;
  readonly wire: WireLog;
  readonly url: URL;
  onmessage?: (message: JsonRpcMessage, extra?: MessageExtraInfo) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  /** The close code and reason, once the socket closed. */
  closeInfo?: { code: number; reason: string };

  readonly #options: WebSocketClientTransportOptions;
  #socket?: WebSocketLike;
  #closed = false;

  constructor(url: string | URL, options: WebSocketClientTransportOptions = {}) {
    this.url = new URL(url);
    this.#options = options;
    this.wire = options.wire ?? createWireLog();
  }

  /** Opens the socket with subprotocol `mcp`; resolves once it is open. */
  async start(): Promise<void> {
    if (this.#socket) throw new TransportError(formatMessage('start the WebSocket transport', 'it was already started', 'Create a new transport.'));
    const what = `connect to ${this.url.href}`;
    const protocols = [MCP_WEBSOCKET_SUBPROTOCOL];
    const socket = this.#options.createWebSocket
      ? this.#options.createWebSocket(this.url.href, protocols)
      : (new WebSocket(this.url, protocols, { headers: this.#options.headers ?? {} }) as unknown as WebSocketLike);
    socket.binaryType = 'nodebuffer';
    this.#socket = socket;
    this.wire.record({
      kind: 'http',
      transport: this.kind,
      direction: 'out',
      exchange: 0,
      method: 'GET',
      url: this.url.href,
      headers: redactHeaders({ ...this.#options.headers, 'sec-websocket-protocol': protocols.join(', ') }, Object.keys(this.#options.headers ?? {})),
    });
    const timeoutMs = this.#options.openTimeoutMs ?? DEFAULT_WEBSOCKET_OPEN_TIMEOUT_MS;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        fail(new ConnectionError(formatMessage(what, `the WebSocket handshake did not complete within ${timeoutMs} ms`, 'Check that the server speaks WebSocket at that URL.')));
        socket.close();
      }, timeoutMs);
      let opened = false;
      const fail = (error: Error) => {
        clearTimeout(timer);
        if (!opened) reject(error);
      };
      socket.onopen = () => {
        opened = true;
        clearTimeout(timer);
        this.wire.record({ kind: 'lifecycle', transport: this.kind, event: 'open', detail: `subprotocol ${socket.protocol || '(none)'}` });
        resolve();
      };
      socket.onerror = (event) => {
        const message = event.message ?? (event.error as Error | undefined)?.message ?? 'WebSocket error';
        this.wire.record({ kind: 'lifecycle', transport: this.kind, event: 'error', detail: message });
        const code = (event.error as { code?: string } | undefined)?.code;
        const reason = code === 'ECONNREFUSED' ? 'the connection was refused (ECONNREFUSED)' : message;
        const error = new ConnectionError(formatMessage(opened ? `use the WebSocket to ${this.url.href}` : what, reason, opened ? 'Reconnect.' : 'Check that the server is running and speaks WebSocket at that URL.'), {
          cause: event.error,
          code: opened ? 'TRANSPORT_ERROR' : 'CONNECTION_FAILED',
        });
        if (opened) this.onerror?.(error);
        else fail(error);
      };
      socket.onmessage = (event) => this.#onFrame(event.data);
      socket.onclose = (event) => {
        this.closeInfo = { code: event.code, reason: event.reason };
        this.wire.record({ kind: 'lifecycle', transport: this.kind, event: 'close', code: event.code, detail: event.reason || (this.#closed ? 'closed by the client' : 'closed by the server') });
        if (!opened) {
          fail(new ConnectionError(formatMessage(what, `the socket closed during the handshake (code ${event.code}${event.reason ? `: ${event.reason}` : ''})`, 'Check the URL and the subprotocol.')));
          return;
        }
        if (!this.#closed) {
          this.#closed = true;
          // 1000 is a normal close; anything else is worth telling (and is why requests in flight fail).
          if (event.code !== 1000) {
            this.onerror?.(new TransportError(formatMessage(`keep the WebSocket to ${this.url.href} open`, describeClose(event.code, event.reason), 'Reconnect.'), { code: 'TRANSPORT_CLOSED' }));
          }
        }
        this.onclose?.();
      };
    });
  }

  async send(message: JsonRpcMessage | JsonRpcMessage[], _options?: TransportSendOptions): Promise<void> {
    await this.sendRaw(JSON.stringify(message));
  }

  /** Sends one text frame as it is. */
  async sendRaw(frame: string, _options?: TransportSendOptions): Promise<void> {
    const socket = this.#socket;
    if (!socket || socket.readyState !== OPEN) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(frame);
      } catch {
        parsed = undefined;
      }
      throw new TransportError(formatMessage(`send ${describeFrame(parsed)}`, socket ? 'the WebSocket is not open' : 'the transport was not started', socket ? 'Reconnect.' : 'Call start() first.'), {
        code: socket ? 'TRANSPORT_CLOSED' : 'NOT_CONNECTED',
      });
    }
    this.wire.record({ kind: 'frame', transport: this.kind, direction: 'out', raw: frame, ...parseFrame(frame) });
    socket.send(frame);
  }

  /** Closes the socket with code 1000; resolves once closed (or at once when it never opened). */
  async close(): Promise<void> {
    const socket = this.#socket;
    if (this.#closed || !socket) {
      this.#closed = true;
      return;
    }
    this.#closed = true;
    if (socket.readyState === 3) return;
    await new Promise<void>((resolve) => {
      const previous = socket.onclose;
      const timer = setTimeout(resolve, 1000);
      socket.onclose = (event) => {
        clearTimeout(timer);
        previous?.(event);
        resolve();
      };
      socket.close(1000, 'client closed');
    });
  }

  #onFrame(data: unknown): void {
    if (typeof data !== 'string') {
      // "one JSON-RPC message per text frame": a binary frame is no message. Record it and say so.
      const bytes = data instanceof ArrayBuffer ? Buffer.from(data) : Buffer.isBuffer(data) ? data : Buffer.from(String(data));
      const raw = bytes.toString('utf8');
      this.wire.record({ kind: 'frame', transport: this.kind, direction: 'in', raw, ...parseFrame(raw), meta: { binary: true } });
      this.onerror?.(new TransportError(formatMessage('read a WebSocket frame', `the server sent a binary frame of ${bytes.byteLength} bytes; MCP messages are text frames`, 'Check the server.'), { code: 'PROTOCOL_ERROR' }));
      return;
    }
    const parsed = parseFrame(data);
    this.wire.record({ kind: 'frame', transport: this.kind, direction: 'in', raw: data, ...parsed });
    if (parsed.message === undefined) {
      this.onerror?.(new TransportError(formatMessage('read a WebSocket frame', `the text frame is not JSON: ${JSON.stringify(data.slice(0, 120))}`, 'Check the server.'), { code: 'PROTOCOL_ERROR' }));
      return;
    }
    for (const m of messagesOf(parsed.message)) this.onmessage?.(m);
  }
}

/** Why the socket closed, in words: 1006 is never sent by a peer, it means the connection was lost (RFC 6455 §7.4.1). */
function describeClose(code: number, reason: string): string {
  if (code === 1006) return 'the connection was lost without a closing handshake (code 1006)';
  return `the server closed it with code ${code}${reason ? ` (${reason})` : ''}`;
}
