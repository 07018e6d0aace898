import { afterEach, describe, expect, it } from 'vitest';
import { McpClient } from '../../../src/client/mcp-client.js';
import { SseClientTransport } from '../../../src/client/transports/legacy-sse.js';
import { WebSocketClientTransport } from '../../../src/client/transports/websocket.js';
import { startSdkSseServer } from '../../fixtures/http/sdk-servers.js';
import { startSdkWebSocketServer } from '../../fixtures/http/ws-server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a call in flight when the server goes away', () => {
  it('fails at once over WebSocket, with the close code, long before its timeout', async () => {
    const server = await startSdkWebSocketServer();
    cleanups.push(() => server.close());
    const client = new McpClient({ requestTimeoutMs: 30_000 });
    cleanups.push(() => client.close());
    await client.connect(new WebSocketClientTransport(server.url));
    const call = client.callTool({ name: 'slow', arguments: { ms: 20_000 } }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    for (const socket of server.sockets) socket.terminate();
    const startedAt = Date.now();
    const error = (await call) as Error;
    expect(Date.now() - startedAt).toBeLessThan(5000);
    expect(error.message).toBe(`[mcp-conform] Failed to keep the WebSocket to ${server.url} open: the connection was lost without a closing handshake (code 1006). Reconnect.`);
  });

  it('fails at once over legacy SSE when the stream dies', async () => {
    const server = await startSdkSseServer();
    cleanups.push(() => server.close());
    const client = new McpClient({ requestTimeoutMs: 30_000 });
    cleanups.push(() => client.close());
    await client.connect(new SseClientTransport(server.url));
    const call = client.callTool({ name: 'slow', arguments: { ms: 20_000 } }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    await server.close();
    const error = (await call) as Error;
    // The server ends the stream; should its socket be torn down first, the stream "broke" instead.
    expect(error.message).toMatch(
      new RegExp(`^\\[mcp-conform\\] Failed to receive messages from ${server.url.replace(/[.]/g, '\\.')}: the (server closed the SSE stream|SSE stream broke \\(.+\\))\\. Pending requests will get no response; reconnect to start a new session\\.$`),
    );
    expect(client.session.closed).toBe(true);
  });
});
