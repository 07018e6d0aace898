/**
 * WebSocket: a real port with `ws` (`mcp-conform/mocks/ws`), or in-process with mock-socket
 * (`mcp-conform/mocks/mock-socket`) for clients that use the global `WebSocket`.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { WebSocketClientTransport } from '@modelcontextprotocol/sdk/client/websocket.js';
import { afterEach, expect, it, vi } from 'vitest';
import { defineMockServer, mcp } from 'mcp-conform/mocks';
import { createMockSocketServer } from 'mcp-conform/mocks/mock-socket';
import { listenWebSocket } from 'mcp-conform/mocks/ws';

const server = () =>
  defineMockServer({
    prompts: [mcp.prompt('summarize', ['text'], ({ text }) => `Summarize: ${text}`, { description: 'Summarize a text' })],
  });

afterEach(() => {
  vi.unstubAllGlobals();
});

it('gets a prompt over a real WebSocket', async () => {
  await using mock = server();
  await using listener = await listenWebSocket(mock);
  const client = new Client({ name: 'my-agent', version: '1.0.0' });
  await client.connect(new WebSocketClientTransport(new URL(listener.url)));
  const prompt = await client.getPrompt({ name: 'summarize', arguments: { text: 'MCP' } });
  expect(prompt.messages).toEqual([{ role: 'user', content: { type: 'text', text: 'Summarize: MCP' } }]);
  await client.close();
});

it('gets a prompt through mock-socket, in-process', async () => {
  await using mock = server();
  await using socket = createMockSocketServer(mock, 'ws://prompts.test/');
  vi.stubGlobal('WebSocket', socket.WebSocket);
  const client = new Client({ name: 'my-agent', version: '1.0.0' });
  await client.connect(new WebSocketClientTransport(new URL(socket.url)));
  expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['summarize']);
  await client.close();
});
