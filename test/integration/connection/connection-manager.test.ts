import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnectionManager, type ConnectionManagerOptions, type ConnectionState } from '../../../src/client/connection/connection-manager.js';
import { ConnectionError, type Transport } from '../../../src/protocol/index.js';
import { createFixtureMcpServer } from '../../fixtures/http/sdk-servers.js';

/** An in-process SDK server that can be cut off, muted (drops requests) or refused (new connections fail). */
function createServerFarm() {
  const farm = {
    links: [] as { client: InMemoryTransport; server: InMemoryTransport }[],
    calls: [] as string[],
    mute: false,
    refuse: false,
    createTransport: async () => {
      if (farm.refuse) throw new ConnectionError('[mcp-conform] Failed to connect to the farm: the connection was refused (ECONNREFUSED). Check that the server is running.');
      const [client, server] = InMemoryTransport.createLinkedPair();
      const mcp = createFixtureMcpServer();
      await mcp.connect(server);
      const deliver = server.onmessage!;
      server.onmessage = (message: JSONRPCMessage, extra) => {
        if ('method' in message) farm.calls.push(message.method === 'tools/call' ? `tools/call ${(message.params as { name: string }).name}` : message.method);
        if (farm.mute && 'id' in message) return;
        deliver(message, extra);
      };
      farm.links.push({ client, server });
      // The SDK's transport has the same shape as ours; only its message type is the SDK's own.
      return client as unknown as Transport;
    },
    /** The server side closes the current link (the process died, the socket broke). */
    cut: async () => {
      await farm.links.at(-1)?.server.close();
    },
  };
  return farm;
}

let farm: ReturnType<typeof createServerFarm>;
const managers: { close(): Promise<void> }[] = [];
beforeEach(() => {
  vi.useFakeTimers();
  farm = createServerFarm();
});
afterEach(async () => {
  for (const m of managers.splice(0)) await m.close();
  vi.useRealTimers();
});

function manage(options: Partial<ConnectionManagerOptions> = {}) {
  const manager = createConnectionManager({
    name: 'fixture',
    createTransport: farm.createTransport,
    random: () => 0,
    reconnect: { initialDelayMs: 100, maxDelayMs: 1000, multiplier: 2, maxAttempts: 3 },
    ...options,
  });
  managers.push(manager);
  const states: ConnectionState[] = [];
  manager.on('state', ({ to }) => states.push(to));
  return { manager, states };
}

describe('createConnectionManager', () => {
  it('goes through connecting and initializing to connected, and counts it', async () => {
    const { manager, states } = manage();
    const server = await manager.connect();
    expect(server.serverInfo?.name).toBe('fixture-http');
    expect(states).toEqual(['connecting', 'initializing', 'connected']);
    expect(await manager.callTool({ name: 'add', arguments: { a: 1, b: 2 } })).toMatchObject({ content: [{ text: '3' }] });
    await vi.advanceTimersByTimeAsync(1500);
    expect(manager.metrics).toMatchObject({ state: 'connected', connections: 1, reconnections: 0, requests: 1, failedRequests: 0, errors: 0 });
    expect(manager.metrics.uptimeMs).toBe(1500);
  });

  it('fails the call in flight at once when the connection drops, reconnects with backoff, and never re-sends the call', async () => {
    const { manager, states } = manage();
    await manager.connect();
    const reconnecting: number[] = [];
    manager.on('reconnecting', ({ delayMs }) => reconnecting.push(delayMs));
    const inFlight = manager.callTool({ name: 'slow', arguments: { ms: 60_000 } }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    await farm.cut();
    const error = (await inFlight) as Error;
    expect(error.message).toBe('[mcp-conform] Failed to get a response to "tools/call": the connection closed before the response arrived.');
    expect(manager.state).toBe('reconnecting');
    await expect(manager.listTools()).rejects.toThrow(
      '[mcp-conform] Failed to list tools on fixture: the connection is reconnecting (attempt 1 of 3). Wait for the "connected" event and call again; calls are never re-sent automatically.',
    );
    await vi.advanceTimersByTimeAsync(99);
    expect(farm.links).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(manager.state).toBe('connected');
    expect(farm.links).toHaveLength(2);
    expect(reconnecting).toEqual([100]);
    expect(states.slice(3)).toEqual(['reconnecting', 'connecting', 'initializing', 'connected']);
    expect(farm.calls.filter((c) => c === 'tools/call slow')).toHaveLength(1);
    // The call refused while reconnecting never reached a client: only the dropped one counts as a failed request.
    expect(manager.metrics).toMatchObject({ connections: 2, reconnections: 1, requests: 1, failedRequests: 1 });
  });

  it('backs off 100, 200, 400 ms and then fails, saying why', async () => {
    const { manager } = manage();
    await manager.connect();
    const delays: number[] = [];
    manager.on('reconnecting', ({ delayMs }) => delays.push(delayMs));
    const failed = new Promise<Error>((resolve) => manager.on('failed', ({ error }) => resolve(error)));
    farm.refuse = true;
    await farm.cut();
    await vi.advanceTimersByTimeAsync(100 + 200 + 400);
    const error = await failed;
    expect(delays).toEqual([100, 200, 400]);
    expect(manager.state).toBe('failed');
    expect(error.message).toBe(
      '[mcp-conform] Failed to reconnect to fixture: gave up after 3 attempts; the last one failed: [mcp-conform] Failed to connect to the farm: the connection was refused (ECONNREFUSED). Check that the server is running. Check the server, then connect again.',
    );
    // The last error is the last failure itself; the summary goes to the `failed` event.
    expect(manager.metrics.lastError?.message).toBe('[mcp-conform] Failed to connect to the farm: the connection was refused (ECONNREFUSED). Check that the server is running.');
  });

  it('retries a first connect that fails, then succeeds when the server comes up', async () => {
    farm.refuse = true;
    const { manager } = manage();
    const connected = manager.connect();
    await vi.advanceTimersByTimeAsync(0);
    farm.refuse = false;
    await vi.advanceTimersByTimeAsync(100);
    await expect(connected).resolves.toMatchObject({ serverInfo: { name: 'fixture-http' } });
    expect(manager.metrics).toMatchObject({ connections: 1, errors: 1 });
  });

  it('drops and reconnects a connection whose health checks fail three times in a row', async () => {
    const { manager } = manage({ healthCheck: { intervalMs: 1000, timeoutMs: 200, failuresBeforeReconnect: 3 } });
    await manager.connect();
    const scores: number[] = [];
    manager.on('health', ({ score }) => scores.push(score));
    await vi.advanceTimersByTimeAsync(1000);
    expect(scores).toEqual([1]);
    farm.mute = true;
    await vi.advanceTimersByTimeAsync(3 * 1200);
    expect(scores).toEqual([1, 0.5, 1 / 3, 0.25]);
    const disconnected = manager.metrics.lastError?.message;
    expect(disconnected).toMatch(/^\[mcp-conform\] Failed to keep the connection to fixture: 3 health checks in a row failed; the last one: .+\. Reconnecting\.$/);
    farm.mute = false;
    await vi.advanceTimersByTimeAsync(100);
    expect(manager.state).toBe('connected');
    expect(manager.metrics.healthScore).toBe(1);
  });

  it('gives up on a server that never finishes initializing, after the startup timeout', async () => {
    farm.mute = true;
    const { manager } = manage({ startupTimeoutMs: 500, reconnect: false });
    const connecting = manager.connect().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(500);
    expect(((await connecting) as Error).message).toBe(
      '[mcp-conform] Failed to connect to fixture: connecting and initializing took longer than 500 ms. Check that the server starts, or raise the startup timeout.',
    );
    expect(manager.state).toBe('failed');
  });

  it('lets connect() during reconnection wait for the outcome of the loop', async () => {
    const { manager } = manage();
    await manager.connect();
    farm.refuse = true;
    await farm.cut();
    const waiting = manager.connect().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(700);
    expect(((await waiting) as Error).message).toMatch(/^\[mcp-conform\] Failed to reconnect to fixture: gave up after 3 attempts/);
  });

  it('stops reconnecting when closed', async () => {
    const { manager, states } = manage();
    await manager.connect();
    farm.refuse = true;
    await farm.cut();
    expect(manager.state).toBe('reconnecting');
    await manager.close();
    await vi.advanceTimersByTimeAsync(5000);
    expect(states.at(-1)).toBe('disconnected');
    expect(farm.links).toHaveLength(1);
  });
});
