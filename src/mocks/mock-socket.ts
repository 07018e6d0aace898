/**
 * `mcp-conform/mocks/mock-socket`: serves a mock in-process behind mock-socket's `Server`, for clients that take a
 * `WebSocket` class (or use the global one, replaced in the test).
 */
import { Server, WebSocket as MockWebSocket } from 'mock-socket';
import type { MockServer } from './define-mock-server.js';
import { serveSocket } from './socket-session.js';

/** An in-process WebSocket mock. */
export interface MockSocketServer extends AsyncDisposable {
  readonly url: string;
  /** mock-socket's `WebSocket` class, connected to this mock: give it to the client under test. */
  readonly WebSocket: typeof MockWebSocket;
  /** mock-socket's server, for tests that need it. */
  readonly socketServer: Server;
  close(): Promise<void>;
}

/**
 * Serves `server` at `url` through mock-socket.
 * @example
 * const mock = createMockSocketServer(server, 'ws://mcp.test/');
 * vi.stubGlobal('WebSocket', mock.WebSocket);
 */
export function createMockSocketServer(server: MockServer, url = 'ws://localhost:1234/'): MockSocketServer {
  const socketServer = new Server(url, { selectProtocol: (protocols: string[]) => (protocols.includes('mcp') ? 'mcp' : (protocols[0] ?? '')) });
  socketServer.on('connection', (socket) => {
    const served = serveSocket(server, {
      send: (text) => socket.send(text),
      close: (code, reason) => socket.close({ code: code ?? 1000, reason: reason ?? '', wasClean: code === undefined || code === 1000 }),
    });
    socket.on('message', (data) => {
      if (typeof data === 'string') served.receive(data);
    });
    socket.on('close', () => served.close());
  });
  let closed = false;
  const mock: MockSocketServer = {
    url,
    WebSocket: MockWebSocket,
    socketServer,
    async close() {
      if (closed) return;
      closed = true;
      unregister();
      socketServer.stop();
    },
    [Symbol.asyncDispose]() {
      return mock.close();
    },
  };
  const unregister = server.onClose(() => mock.close());
  return mock;
}
