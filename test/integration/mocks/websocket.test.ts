import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { WebSocketClientTransport } from '@modelcontextprotocol/sdk/client/websocket.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineEverythingServer, defineMockServer, mcp } from '../../../src/mocks/index.js';
import { createMockSocketServer } from '../../../src/mocks/mock-socket.js';
import { listenWebSocket } from '../../../src/mocks/ws.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.unstubAllGlobals();
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('WebSocket mocks, SDK WebSocketClientTransport', () => {
  it('serves the everything mock on a real port (ws)', async () => {
    const server = defineEverythingServer();
    cleanup.push(() => server.close());
    const listener = await listenWebSocket(server);
    const client = new Client({ name: 'ws-test', version: '1.0.0' });
    await client.connect(new WebSocketClientTransport(new URL(listener.url)));
    cleanup.push(() => client.close());
    expect(await client.callTool({ name: 'test_simple_text', arguments: {} })).toEqual({ content: [{ type: 'text', text: 'This is a simple text response for testing.' }] });
    expect((await client.readResource({ uri: 'test://static-binary' })).contents[0]).toMatchObject({ mimeType: 'image/png' });
  });

  it('closes the connection with 1011 on a crash fault (ws)', async () => {
    const server = defineMockServer({ tools: [mcp.tool('t', undefined, () => 'x')], faults: [mcp.fault.crash(1, 'tools/call')] });
    cleanup.push(() => server.close());
    const listener = await listenWebSocket(server);
    const client = new Client({ name: 'ws-test', version: '1.0.0' });
    const transport = new WebSocketClientTransport(new URL(listener.url));
    await client.connect(transport);
    const closed = new Promise<void>((resolve) => (client.onclose = () => resolve()));
    await expect(client.callTool({ name: 't', arguments: {} })).rejects.toThrow(/Connection closed/);
    await closed;
  });

  it('serves in-process through mock-socket', async () => {
    const server = defineEverythingServer();
    cleanup.push(() => server.close());
    const mock = createMockSocketServer(server, 'ws://mcp.test/');
    cleanup.push(() => mock.close());
    // The SDK transport uses the global WebSocket: swap in mock-socket's for this test.
    vi.stubGlobal('WebSocket', mock.WebSocket);
    const client = new Client({ name: 'mock-socket-test', version: '1.0.0' });
    await client.connect(new WebSocketClientTransport(new URL(mock.url)));
    cleanup.push(() => client.close());
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toContain('test_prompt_with_image');
    expect(await client.callTool({ name: 'test_error_handling', arguments: {} })).toMatchObject({ isError: true });
  });
});
