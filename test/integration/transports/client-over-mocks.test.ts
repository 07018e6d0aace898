import { afterEach, describe, expect, it } from 'vitest';
import { McpClient } from '../../../src/client/mcp-client.js';
import { SseClientTransport } from '../../../src/client/transports/legacy-sse.js';
import { StreamableHttpClientTransport } from '../../../src/client/transports/streamable-http.js';
import { WebSocketClientTransport, type WebSocketLike } from '../../../src/client/transports/websocket.js';
import { createMockHttpHandler, defineEverythingServer, listen } from '../../../src/mocks/index.js';
import { createMockSocketServer } from '../../../src/mocks/mock-socket.js';
import { listenWebSocket } from '../../../src/mocks/ws.js';
import type { ObservableTransport } from '../../../src/protocol/index.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Setup = () => Promise<ObservableTransport>;

const setups: { name: string; make: Setup }[] = [
  {
    name: 'Streamable HTTP, SSE answers, over node:http',
    make: async () => {
      const listener = await listen(defineEverythingServer());
      cleanups.push(() => listener.close());
      return new StreamableHttpClientTransport(listener.url);
    },
  },
  {
    name: 'Streamable HTTP, JSON answers, without sessions',
    make: async () => {
      const listener = await listen(defineEverythingServer(), { responseMode: 'json', sessions: false });
      cleanups.push(() => listener.close());
      return new StreamableHttpClientTransport(listener.url);
    },
  },
  {
    name: 'Streamable HTTP over an injected fetch (no network)',
    make: async () => {
      const handler = createMockHttpHandler(defineEverythingServer());
      cleanups.push(() => handler.close());
      return new StreamableHttpClientTransport('http://127.0.0.1/mcp', { fetch: (input, init) => handler.fetch(new Request(input, init)) });
    },
  },
  {
    name: 'legacy HTTP+SSE',
    make: async () => {
      const listener = await listen(defineEverythingServer());
      cleanups.push(() => listener.close());
      return new SseClientTransport(listener.sseUrl);
    },
  },
  {
    name: 'WebSocket over ws',
    make: async () => {
      const listener = await listenWebSocket(defineEverythingServer());
      cleanups.push(() => listener.close());
      return new WebSocketClientTransport(listener.url);
    },
  },
  {
    name: 'WebSocket over mock-socket (no network)',
    make: async () => {
      const mock = createMockSocketServer(defineEverythingServer(), 'ws://mcp.test/');
      cleanups.push(() => mock.close());
      return new WebSocketClientTransport(mock.url, { createWebSocket: (url, protocols) => new mock.WebSocket(url, protocols) as unknown as WebSocketLike });
    },
  },
];

describe.each(setups)('McpClient ↔ mocks over $name', ({ make }) => {
  it.each(['2025-11-25', '2025-03-26'])('initializes at %s, lists and calls tools, and every frame parses', async (version) => {
    const transport = await make();
    const client = new McpClient({ protocolVersion: version, requestTimeoutMs: 5000 });
    cleanups.push(() => client.close());
    const server = await client.connect(transport);
    expect(server.protocolVersion).toBe(version);
    const tools = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('test_simple_text');
    expect(await client.callTool({ name: 'test_simple_text', arguments: {} })).toMatchObject({
      content: [{ type: 'text', text: 'This is a simple text response for testing.' }],
    });
    await client.ping();
    const frames = transport.wire.events.filter((e) => e.kind === 'frame');
    expect(frames.length).toBeGreaterThanOrEqual(8);
    expect(frames.filter((e) => e.kind === 'frame' && e.parseError !== undefined)).toEqual([]);
    expect(client.session.violations).toEqual([]);
  });
});

describe('McpClient ↔ mocks on the 2026-07-28 wire', () => {
  it('discovers, lists and calls over Streamable HTTP with Mcp-Method and Mcp-Name on every POST', async () => {
    const listener = await listen(defineEverythingServer());
    cleanups.push(() => listener.close());
    const transport = new StreamableHttpClientTransport(listener.url, { protocolVersion: '2026-07-28' });
    const client = new McpClient({ protocolVersion: '2026-07-28', requestTimeoutMs: 5000 });
    cleanups.push(() => client.close());
    const server = await client.connect(transport);
    expect(server.protocolVersion).toBe('2026-07-28');
    expect(await client.callTool({ name: 'test_simple_text', arguments: {} })).toMatchObject({ content: [{ type: 'text' }] });
    const posts = transport.wire.events.filter((e) => e.kind === 'http' && e.direction === 'out');
    expect(posts.every((e) => e.kind === 'http' && e.method === 'POST' && e.headers['mcp-method'] !== undefined)).toBe(true);
    expect(posts.find((e) => e.kind === 'http' && e.headers['mcp-method'] === 'tools/call')).toMatchObject({ headers: { 'mcp-name': 'test_simple_text', 'mcp-protocol-version': '2026-07-28' } });
    expect(transport.sessionId).toBeUndefined();
  });
});
