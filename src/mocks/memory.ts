/**
 * An in-process connection to a mock: a client-side `Transport` (the SDK's contract) whose other end is a mock
 * session. Frames still cross as text, so malformed, duplicated or pretty-printed answers reach the client as they
 * would on a wire.
 */
import type { JsonRpcMessage } from '../protocol/jsonrpc.js';
import type { Transport } from '../protocol/transport.js';
import type { MockServer, MockServerInternals } from './define-mock-server.js';
import type { MockChannel } from './types.js';

/** A client-side transport connected to a mock in the same process. */
export interface InMemoryMockTransport extends Transport {
  /** Every frame's text the mock sent, as it was written. */
  readonly received: readonly string[];
  /** Whether the mock "crashed" (a `crash` fault closes the transport). */
  readonly crashed: { exitCode: number } | undefined;
}

/**
 * Connects to `server` in-process.
 * @example
 * const client = new Client({ name: 't', version: '1' });
 * await client.connect(createInMemoryTransport(server));
 */
export function createInMemoryTransport(server: MockServer): InMemoryMockTransport {
  const session = (server as MockServerInternals).createSession({ transport: 'memory' });
  const received: string[] = [];
  let crashed: { exitCode: number } | undefined;
  let closed = false;

  const deliver = (text: string) => {
    received.push(text);
    // Each frame is delivered on its own task, as bytes from a socket would be.
    setImmediate(() => {
      if (closed) return;
      let message: unknown;
      try {
        message = JSON.parse(text);
      } catch (error) {
        transport.onerror?.(new Error(`Failed to parse a frame from the mock: ${(error as Error).message}`));
        return;
      }
      transport.onmessage?.(message as JsonRpcMessage);
    });
  };

  const channel: MockChannel = {
    emit(event) {
      if (event.type === 'frame') deliver(event.text);
      else if (event.type === 'crash') {
        crashed = { exitCode: event.exitCode };
        setImmediate(() => void transport.close());
      }
    },
  };
  session.setStandaloneChannel(channel);

  const transport: InMemoryMockTransport = {
    received,
    get crashed() {
      return crashed;
    },
    async start() {},
    async send(message) {
      if (closed) throw new Error('[mcp-conform] Failed to send: the in-memory transport is closed. Connect again.');
      const text = JSON.stringify(message);
      void session.receiveText(text, channel);
    },
    async close() {
      if (closed) return;
      closed = true;
      session.close();
      transport.onclose?.();
    },
  };
  return transport;
}
