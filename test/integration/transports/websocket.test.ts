import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { WebSocketClientTransport as SdkWebSocketClientTransport } from '@modelcontextprotocol/sdk/client/websocket.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketClientTransport } from '../../../src/client/transports/websocket.js';
import { ConnectionError } from '../../../src/protocol/index.js';
import { freePort } from '../../fixtures/http/listen.js';
import { createProbe } from '../../fixtures/http/probe.js';
import { startSdkWebSocketServer } from '../../fixtures/http/ws-server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('WebSocketClientTransport', () => {
  it('speaks subprotocol mcp, one message per text frame, with the SDK-built server', async () => {
    const server = await startSdkWebSocketServer();
    cleanups.push(() => server.close());
    const transport = new WebSocketClientTransport(server.url);
    cleanups.push(() => transport.close());
    const probe = createProbe(transport);
    await transport.start();
    expect(await probe.initialize('2025-06-18')).toMatchObject({ result: { serverInfo: { name: 'fixture-http' } } });
    expect(await probe.request('tools/call', { name: 'add', arguments: { a: 1, b: 2 } })).toMatchObject({ result: { content: [{ text: '3' }] } });
    expect(transport.wire.events.find((e) => e.kind === 'lifecycle' && e.event === 'open')).toMatchObject({ detail: 'subprotocol mcp' });
    expect(transport.wire.events.filter((e) => e.kind === 'frame' && e.direction === 'out')).toHaveLength(3);
    await transport.close();
    expect(transport.closeInfo?.code).toBe(1000);
    expect(probe.closed()).toBe(true);
  });

  it('serves the SDK WebSocket client too (the fixture server is what both sides agree on)', async () => {
    const server = await startSdkWebSocketServer();
    cleanups.push(() => server.close());
    const client = new Client({ name: 'sdk', version: '1.0.0' });
    await client.connect(new SdkWebSocketClientTransport(new URL(server.url)));
    cleanups.push(() => client.close());
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('echo');
  });

  it('records and reports a binary frame, and surfaces the close code the server chose', async () => {
    const server = await startSdkWebSocketServer({
      onConnection: (socket) => {
        socket.send(Buffer.from('{"jsonrpc":"2.0","method":"x"}'), { binary: true });
        setTimeout(() => socket.close(4001, 'going away'), 20);
        return true;
      },
    });
    cleanups.push(() => server.close());
    const transport = new WebSocketClientTransport(server.url);
    cleanups.push(() => transport.close());
    const probe = createProbe(transport);
    await transport.start();
    await vi.waitFor(() => expect(probe.errors).toHaveLength(2));
    const [binaryError, closeError] = probe.errors as [Error, Error];
    expect(binaryError.message).toBe('[mcp-conform] Failed to read a WebSocket frame: the server sent a binary frame of 30 bytes; MCP messages are text frames. Check the server.');
    expect(closeError.message).toBe(`[mcp-conform] Failed to keep the WebSocket to ${server.url} open: the server closed it with code 4001 (going away). Reconnect.`);
    expect(transport.closeInfo).toEqual({ code: 4001, reason: 'going away' });
    expect(transport.wire.events.some((e) => e.kind === 'frame' && e.meta?.binary === true)).toBe(true);
    expect(probe.received).toEqual([]);
    await expect(transport.send({ jsonrpc: '2.0', id: 1, method: 'ping' })).rejects.toThrow('[mcp-conform] Failed to send ping request 1: the WebSocket is not open. Reconnect.');
  });

  it('says the connection was refused when nothing listens', async () => {
    const port = await freePort();
    const transport = new WebSocketClientTransport(`ws://127.0.0.1:${port}/`);
    const error = await transport.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe(
      `[mcp-conform] Failed to connect to ws://127.0.0.1:${port}/: the connection was refused (ECONNREFUSED). Check that the server is running and speaks WebSocket at that URL.`,
    );
  });
});
