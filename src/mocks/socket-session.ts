/**
 * One WebSocket connection served by a mock: each text frame is one JSON-RPC message, each answer one text frame.
 * Shared by the `ws` adapter (a real port) and the mock-socket adapter (in-process).
 */
import type { MockServer, MockServerInternals } from './define-mock-server.js';
import type { MockChannel } from './types.js';

/** The part of a server-side socket the mock uses. */
export interface MockSocketLike {
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

/** A connection being served. */
export interface SocketSession {
  /** Feeds one received text frame. */
  receive(text: string): void;
  /** Ends the session (the socket closed). */
  close(): void;
}

/** Serves one socket; `onCrash` runs when a `crash` fault fires (after the socket is closed with 1011). */
export function serveSocket(server: MockServer, socket: MockSocketLike, onCrash?: () => void): SocketSession {
  const session = (server as MockServerInternals).createSession({ transport: 'websocket' });
  let queue: Promise<void> = Promise.resolve();
  const channel: MockChannel = {
    emit(event) {
      if (event.type === 'frame') {
        const { text, drip } = event;
        // A slow drip on WebSocket delays the whole frame: a frame cannot arrive in pieces.
        queue = queue.then(async () => {
          if (drip) await new Promise((r) => setTimeout(r, drip.intervalMs * Math.ceil(text.length / drip.chunkBytes)));
          socket.send(text);
        });
      } else if (event.type === 'crash') {
        queue = queue.then(() => {
          // 1011: "the server is terminating the connection because it encountered an unexpected condition".
          socket.close(1011, `mock server crashed (exit code ${event.exitCode})`);
          onCrash?.();
        });
      }
    },
  };
  session.setStandaloneChannel(channel);
  return {
    receive(text) {
      void session.receiveText(text, channel);
    },
    close() {
      session.close();
    },
  };
}
