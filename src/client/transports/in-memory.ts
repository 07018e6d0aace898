/**
 * A linked pair of in-process transports: what one sends, the other receives. Messages cross as JSON text (so the
 * two sides never share objects, and `sendRaw` can deliver text that is not JSON), and each side records its own wire.
 * The server side is a plain Transport, so an SDK server (`McpServer.connect(serverSide)`) plugs into it.
 */
import {
  createWireLog,
  formatMessage,
  parseFrame,
  ProtocolError,
  TransportError,
  type JsonRpcMessage,
  type MessageExtraInfo,
  type ObservableTransport,
  type WireLog,
} from '../../protocol/index.js';

/** One end of an in-memory pair. */
export interface InMemoryTransport extends ObservableTransport {
  readonly kind: 'memory';
}

/**
 * Creates two linked transports. Frames sent before the other side starts are queued until it does.
 * @example
 * const [clientSide, serverSide] = createInMemoryTransportPair();
 * await sdkServer.connect(serverSide);
 * await client.connect(clientSide);
 */
export function createInMemoryTransportPair(): [client: InMemoryTransport, server: InMemoryTransport] {
  const client = new InMemoryEnd();
  const server = new InMemoryEnd();
  client.peer = server;
  server.peer = client;
  return [client, server];
}

class InMemoryEnd implements InMemoryTransport {
  readonly kind = 'memory' as const;
  readonly wire: WireLog = createWireLog();
  onmessage?: (message: JsonRpcMessage, extra?: MessageExtraInfo) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  sessionId?: string;
  peer: InMemoryEnd | undefined;
  #started = false;
  #closed = false;
  #queue: string[] = [];

  async start(): Promise<void> {
    this.#started = true;
    const queued = this.#queue;
    this.#queue = [];
    for (const frame of queued) this.#receive(frame);
  }

  async send(message: JsonRpcMessage | JsonRpcMessage[]): Promise<void> {
    const raw = JSON.stringify(message);
    this.#deliver(raw, message);
  }

  async sendRaw(frame: string): Promise<void> {
    this.#deliver(frame, undefined);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.wire.record({ kind: 'lifecycle', transport: 'memory', event: 'close' });
    const peer = this.peer;
    this.peer = undefined;
    this.onclose?.();
    await peer?.close();
  }

  #deliver(raw: string, message: unknown): void {
    if (this.#closed || !this.peer) {
      throw new TransportError(formatMessage('send a message', 'the in-memory transport is closed', 'Create a new pair.'), { code: 'TRANSPORT_CLOSED' });
    }
    this.wire.record({ kind: 'frame', transport: 'memory', direction: 'out', raw, ...(message === undefined ? parseFrame(raw) : { message }) });
    this.peer.#enqueue(raw);
  }

  #enqueue(raw: string): void {
    if (this.#started) this.#receive(raw);
    else this.#queue.push(raw);
  }

  #receive(raw: string): void {
    const parsed = parseFrame(raw);
    this.wire.record({ kind: 'frame', transport: 'memory', direction: 'in', raw, ...parsed });
    if (parsed.parseError !== undefined) {
      this.onerror?.(new ProtocolError(formatMessage('read a message', `a frame is ${parsed.parseError}`, 'Send one JSON-RPC message per frame.')));
      return;
    }
    const messages = Array.isArray(parsed.message) ? parsed.message : [parsed.message];
    for (const message of messages) this.onmessage?.(message as JsonRpcMessage);
  }
}
