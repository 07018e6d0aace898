import { afterEach, describe, expect, it } from 'vitest';
import { createClientPool, type ClientPool } from '../../../src/client/pool/client-pool.js';
import { SseClientTransport } from '../../../src/client/transports/legacy-sse.js';
import { StreamableHttpClientTransport } from '../../../src/client/transports/streamable-http.js';
import { WebSocketClientTransport } from '../../../src/client/transports/websocket.js';
import { freePort } from '../../fixtures/http/listen.js';
import { startSdkSseServer, startSdkStreamableHttpServer } from '../../fixtures/http/sdk-servers.js';
import { startSdkWebSocketServer } from '../../fixtures/http/ws-server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function mixedPool(extra: Record<string, Parameters<typeof createClientPool>[0]['servers'][string]> = {}): Promise<ClientPool> {
  const http = await startSdkStreamableHttpServer({ stateful: true, json: false });
  const sse = await startSdkSseServer();
  const ws = await startSdkWebSocketServer();
  cleanups.push(() => http.close(), () => sse.close(), () => ws.close());
  const pool = createClientPool({
    servers: {
      http: { createTransport: () => new StreamableHttpClientTransport(http.url), reconnect: false },
      legacy: { createTransport: () => new SseClientTransport(sse.url), reconnect: false },
      socket: { createTransport: () => new WebSocketClientTransport(ws.url), reconnect: false },
      ...extra,
    },
  });
  cleanups.push(() => pool.close());
  return pool;
}

describe('createClientPool', () => {
  it('aggregates the tools of servers over Streamable HTTP, legacy SSE and WebSocket as server__tool, and routes calls', async () => {
    const pool = await mixedPool();
    const connected = await pool.connect();
    expect(connected.map((c) => [c.server, c.ok])).toEqual([
      ['http', true],
      ['legacy', true],
      ['socket', true],
    ]);
    const tools = await pool.listTools();
    expect(tools.filter((t) => t.originalName === 'echo').map((t) => t.name)).toEqual(['http__echo', 'legacy__echo', 'socket__echo']);
    expect(tools).toHaveLength(15);
    for (const name of ['http__add', 'legacy__add', 'socket__add']) {
      expect(await pool.callTool(name, { a: 20, b: 22 })).toMatchObject({ content: [{ type: 'text', text: '42' }] });
    }
    expect(pool.connection('legacy').metrics.requests).toBe(2);
    expect(Object.fromEntries(Object.entries(pool.health()).map(([k, v]) => [k, [v.state, v.healthScore]]))).toEqual({
      http: ['connected', 1],
      legacy: ['connected', 1],
      socket: ['connected', 1],
    });
    await pool.close();
    expect(Object.values(pool.health()).map((h) => h.state)).toEqual(['disconnected', 'disconnected', 'disconnected']);
  });

  it('keeps serving the other servers when one cannot connect, and says which and why', async () => {
    const port = await freePort();
    const pool = await mixedPool({ down: { createTransport: () => new StreamableHttpClientTransport(`http://127.0.0.1:${port}/mcp`), reconnect: false } });
    const connected = await pool.connect();
    const down = connected.find((c) => c.server === 'down');
    expect(down?.ok).toBe(false);
    expect(down && !down.ok && down.error.message).toBe(
      `[mcp-conform] Failed to send initialize request 1 to http://127.0.0.1:${port}/mcp: the connection was refused (ECONNREFUSED). Check that the server is running and listening on that address and port.`,
    );
    expect((await pool.listTools()).some((t) => t.server === 'down')).toBe(false);
    expect(pool.health().down?.state).toBe('failed');
    await expect(pool.callTool('down__echo', { message: 'x' })).rejects.toThrow(/^\[mcp-conform\] Failed to call tool "echo" on down: the connection failed \(.+\)\./);
  });

  it('still lists the other servers\' tools when one server fails to list its own, and says which', async () => {
    const broken = await startSdkStreamableHttpServer({ stateful: true, json: true });
    cleanups.push(() => broken.close());
    const errors: string[] = [];
    const pool = createClientPool({
      servers: {
        good: { createTransport: () => new StreamableHttpClientTransport(broken.url), reconnect: false },
        gone: { createTransport: () => new StreamableHttpClientTransport(broken.url), reconnect: false },
      },
      onServerError: (server, error) => errors.push(`${server}: ${(error as { code?: string }).code}`),
    });
    cleanups.push(() => pool.close());
    await pool.connect();
    const goneSession = pool.connection('gone').client.session.transport.sessionId!;
    await broken.sessions.get(goneSession)!.close();
    broken.sessions.delete(goneSession);
    const tools = await pool.listTools();
    expect(new Set(tools.map((t) => t.server))).toEqual(new Set(['good']));
    expect(errors).toEqual(['gone: SESSION_EXPIRED']);
  });

  it('rejects a server name that contains the separator, so that names cannot collide', () => {
    const createTransport = () => new WebSocketClientTransport('ws://127.0.0.1:1/');
    expect(() => createClientPool({ servers: { 'my__server': { createTransport } } })).toThrow(
      '[mcp-conform] Failed to create the client pool: the server name "my__server" contains the separator "__", so its tool names would be ambiguous. Rename the server or choose another separator.',
    );
    expect(() => createClientPool({ servers: { 'a.b': { createTransport } }, separator: '.' })).toThrow('contains the separator "."');
    const pool = createClientPool({ servers: { a: { createTransport } }, separator: '::' });
    expect(pool.resolve('a::tool__with__underscores')).toEqual({ server: 'a', tool: 'tool__with__underscores' });
    expect(() => pool.resolve('b::x')).toThrow('[mcp-conform] Failed to find server "b" in the pool: no server has that name. Use one of: a.');
    expect(() => pool.resolve('plain')).toThrow('[mcp-conform] Failed to route the tool "plain": it does not start with a server name and "::". Name tools as <server>::<tool>.');
  });
});

describe('createConnectionManager over Streamable HTTP', () => {
  it('starts a new session when the server forgot the old one, without re-sending the call that hit the 404', async () => {
    const { createConnectionManager } = await import('../../../src/client/connection/connection-manager.js');
    const server = await startSdkStreamableHttpServer({ stateful: true, json: true });
    cleanups.push(() => server.close());
    const manager = createConnectionManager({
      name: 'http',
      createTransport: () => new StreamableHttpClientTransport(server.url, { openGetStream: false }),
      reconnect: { initialDelayMs: 10, jitter: 0 },
    });
    cleanups.push(() => manager.close());
    await manager.connect();
    const [firstSession] = [...server.sessions.keys()];
    await server.sessions.get(firstSession!)!.close();
    server.sessions.clear();
    const reasons: string[] = [];
    manager.on('disconnected', ({ reason }) => reasons.push((reason as { code?: string }).code ?? ''));
    const reconnected = new Promise<void>((resolve) => manager.on('connected', () => resolve()));
    await expect(manager.callTool({ name: 'echo', arguments: { message: 'x' } })).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
    await reconnected;
    expect(reasons).toEqual(['SESSION_EXPIRED']);
    expect(server.sessions.size).toBe(1);
    expect([...server.sessions.keys()][0]).not.toBe(firstSession);
    expect(await manager.callTool({ name: 'echo', arguments: { message: 'again' } })).toMatchObject({ content: [{ text: 'again' }] });
  });
});
