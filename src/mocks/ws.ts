/**
 * `mcp-conform/mocks/ws`: serves a mock over WebSocket on a real port, with the `mcp` subprotocol the SDK's
 * `WebSocketClientTransport` asks for.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { MockServer } from './define-mock-server.js';
import { serveSocket } from './socket-session.js';

/** Options of {@link listenWebSocket}. */
export interface WebSocketListenOptions {
  /** @default 0 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default '/' */
  path?: string;
}

/** A mock listening for WebSocket connections. */
export interface WebSocketMockListener extends AsyncDisposable {
  /** e.g. `ws://127.0.0.1:53211/`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The WebSocket subprotocol of MCP. */
export const MCP_WEBSOCKET_SUBPROTOCOL = 'mcp';

/**
 * Serves `server` over WebSocket.
 * @example
 * await using listener = await listenWebSocket(server);
 * await client.connect(new WebSocketClientTransport(new URL(listener.url)));
 */
export async function listenWebSocket(server: MockServer, options: WebSocketListenOptions = {}): Promise<WebSocketMockListener> {
  const host = options.host ?? '127.0.0.1';
  const wss = new WebSocketServer({
    port: options.port ?? 0,
    host,
    path: options.path ?? '/',
    handleProtocols: (protocols) => (protocols.has(MCP_WEBSOCKET_SUBPROTOCOL) ? MCP_WEBSOCKET_SUBPROTOCOL : false),
  });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const crashAll = () => {
    for (const client of wss.clients) client.terminate();
  };
  wss.on('connection', (socket: WebSocket) => {
    const served = serveSocket(server, socket, crashAll);
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      served.receive(Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString());
    });
    socket.on('close', () => served.close());
  });
  const port = (wss.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const listener: WebSocketMockListener = {
    url: `ws://${host}:${port}${options.path ?? '/'}`,
    port,
    close() {
      closing ??= (async () => {
        unregister();
        crashAll();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
      })();
      return closing;
    },
    [Symbol.asyncDispose]() {
      return listener.close();
    },
  };
  const unregister = server.onClose(() => listener.close());
  return listener;
}
