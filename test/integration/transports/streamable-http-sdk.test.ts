import { afterEach, describe, expect, it } from 'vitest';
import { StreamableHttpClientTransport } from '../../../src/client/transports/streamable-http.js';
import type { WireFrameEvent, WireHttpEvent } from '../../../src/protocol/index.js';
import { createProbe } from '../../fixtures/http/probe.js';
import { startSdkStreamableHttpServer, type SdkHttpServer } from '../../fixtures/http/sdk-servers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: Parameters<typeof startSdkStreamableHttpServer>[0], transportOptions: ConstructorParameters<typeof StreamableHttpClientTransport>[1] = {}) {
  const server: SdkHttpServer = await startSdkStreamableHttpServer(options);
  cleanups.push(() => server.close());
  const transport = new StreamableHttpClientTransport(server.url, transportOptions);
  cleanups.push(() => transport.close());
  const probe = createProbe(transport);
  await transport.start();
  return { server, transport, probe };
}

describe.each([
  { name: 'stateful, SSE responses', stateful: true, json: false },
  { name: 'stateful, JSON responses', stateful: true, json: true },
  { name: 'stateless, SSE responses', stateful: false, json: false },
  { name: 'stateless, JSON responses', stateful: false, json: true },
])('StreamableHttpClientTransport against the SDK server ($name)', ({ stateful, json }) => {
  it('initializes, lists and calls tools, and records every exchange on the wire', async () => {
    const { transport, probe } = await setup({ stateful, json });
    const init = await probe.initialize('2025-06-18');
    expect(init).toMatchObject({ id: 1, result: { protocolVersion: '2025-06-18', serverInfo: { name: 'fixture-http' } } });
    expect(transport.sessionId !== undefined).toBe(stateful);

    const list = await probe.request('tools/list');
    expect((list as unknown as { result: { tools: { name: string }[] } }).result.tools.map((t) => t.name)).toEqual(['echo', 'add', 'slow', 'chatty', 'poll']);
    const call = await probe.request('tools/call', { name: 'add', arguments: { a: 2, b: 3 } });
    expect(call).toMatchObject({ result: { content: [{ type: 'text', text: '5' }] } });

    const posts = transport.wire.events.filter((e): e is WireHttpEvent => e.kind === 'http' && e.direction === 'out' && e.method === 'POST');
    expect(posts.length).toBe(4);
    for (const post of posts) {
      expect(post.headers.accept).toBe('application/json, text/event-stream');
      expect(post.headers['content-type']).toBe('application/json');
    }
    expect(posts[0]!.headers['mcp-protocol-version']).toBeUndefined();
    expect(posts[2]!.headers['mcp-protocol-version']).toBe('2025-06-18');
    if (stateful) expect(posts[2]!.headers['mcp-session-id']).toBe(transport.sessionId);
    const inbound = transport.wire.events.filter((e): e is WireFrameEvent => e.kind === 'frame' && e.direction === 'in');
    expect(inbound.map((e) => (e.message as { id?: number }).id)).toEqual([1, 2, 3]);
    if (!json) expect(inbound.every((e) => e.meta?.exchange !== undefined)).toBe(true);
    expect(probe.errors).toEqual([]);
  });

  it('delivers the notifications a tool sends before its result', async () => {
    const { probe } = await setup({ stateful, json });
    await probe.initialize();
    await probe.request('logging/setLevel', { level: 'info' });
    const result = await probe.request('tools/call', { name: 'chatty', arguments: {} });
    expect(result).toMatchObject({ result: { content: [{ text: 'done' }] } });
    const logs = probe.received.filter((m) => 'method' in m && m.method === 'notifications/message');
    // JSON responses have no room for notifications; the SDK then drops them (or routes them to the GET stream).
    if (!json) expect(logs.map((m) => (m as unknown as { params: { data: string } }).params.data)).toEqual(['step 1', 'step 2', 'step 3']);
  });
});

describe('StreamableHttpClientTransport sessions', () => {
  it('ends the session with DELETE on close, and the server forgets it', async () => {
    const { server, transport, probe } = await setup({ stateful: true, json: true });
    await probe.initialize();
    const sessionId = transport.sessionId!;
    expect(server.sessions.has(sessionId)).toBe(true);
    await transport.close();
    const del = transport.wire.events.find((e): e is WireHttpEvent => e.kind === 'http' && e.method === 'DELETE');
    expect(del?.headers['mcp-session-id']).toBe(sessionId);
    expect(server.sessions.has(sessionId)).toBe(false);
    expect(probe.closed()).toBe(true);
  });

  it('surfaces SESSION_EXPIRED and tells the caller when the server forgot the session', async () => {
    const expired: string[] = [];
    const { server, transport, probe } = await setup({ stateful: true, json: true }, { onSessionExpired: (info) => expired.push(info.sessionId) });
    await probe.initialize();
    const sessionId = transport.sessionId!;
    await server.sessions.get(sessionId)!.close();
    server.sessions.delete(sessionId);
    const error = await probe.request('tools/list').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SESSION_EXPIRED', status: 404 });
    expect((error as Error).message).toBe(
      `[mcp-conform] Failed to send tools/list request 2 to ${server.url}: the server answered HTTP 404 Not Found for session ${sessionId}: the session expired or was terminated. Start a new session by initializing again.`,
    );
    expect(expired).toEqual([sessionId]);
    expect(transport.sessionId).toBeUndefined();
    // The caller re-initializes: a new initialize goes out without the old session id and gets a new one.
    await probe.initialize();
    expect(transport.sessionId).toBeDefined();
    expect(transport.sessionId).not.toBe(sessionId);
  });

  it('opens the standalone GET stream after initialization and receives server notifications on it', async () => {
    const { server, transport, probe } = await setup({ stateful: true, json: true });
    await probe.initialize();
    await waitFor(() => transport.wire.events.some((e) => e.kind === 'http' && e.direction === 'in' && e.exchange > 0 && transport.wire.events.some((o) => o.kind === 'http' && o.method === 'GET' && o.exchange === e.exchange)));
    const session = server.sessions.get(transport.sessionId!)!;
    await session.send({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
    await waitFor(() => probe.received.some((m) => 'method' in m && m.method === 'notifications/tools/list_changed'));
  });

  it('resumes a response stream the server closed early (polling) from Last-Event-ID and gets the result', async () => {
    const { transport, probe } = await setup({ stateful: true, json: false, eventStore: true, retryIntervalMs: 20 }, { openGetStream: false });
    await probe.initialize('2025-11-25');
    const result = await probe.request('tools/call', { name: 'poll', arguments: {} });
    expect(result).toMatchObject({ result: { content: [{ text: 'polled' }] } });
    const resume = transport.wire.events.find((e): e is WireHttpEvent => e.kind === 'http' && e.method === 'GET');
    expect(resume?.headers['last-event-id']).toMatch(/.+/);
    expect(probe.errors).toEqual([]);
  });
});

async function waitFor(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('interop: the SDK client over our transports', () => {
  it('runs the SDK Client over StreamableHttpClientTransport and WebSocketClientTransport', async () => {
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { WebSocketClientTransport } = await import('../../../src/client/transports/websocket.js');
    const { startSdkWebSocketServer } = await import('../../fixtures/http/ws-server.js');
    const server = await startSdkStreamableHttpServer({ stateful: true, json: false });
    cleanups.push(() => server.close());
    const ws = await startSdkWebSocketServer();
    cleanups.push(() => ws.close());
    for (const transport of [new StreamableHttpClientTransport(server.url), new WebSocketClientTransport(ws.url)]) {
      const client = new Client({ name: 'sdk-over-ours', version: '1.0.0' });
      // Our transports satisfy the SDK's Transport contract; only the message type is nominally the SDK's.
      await client.connect(transport as unknown as Parameters<typeof client.connect>[0]);
      expect((await client.callTool({ name: 'add', arguments: { a: 4, b: 5 } })).content).toEqual([{ type: 'text', text: '9' }]);
      await client.close();
      expect(transport.wire.events.filter((e) => e.kind === 'frame' && e.parseError !== undefined)).toEqual([]);
    }
  });
});

describe('StreamableHttpClientTransport polling (2025-11-25)', () => {
  it('reopens the standalone GET stream with Last-Event-ID when the server closes it, and keeps receiving on it', async () => {
    const { server, transport, probe } = await setup({ stateful: true, json: true, eventStore: true }, { reconnection: { initialDelayMs: 20 } });
    await probe.initialize('2025-11-25');
    const gets = () => transport.wire.events.filter((e): e is WireHttpEvent => e.kind === 'http' && e.direction === 'out' && e.method === 'GET');
    const getStreams = () => transport.wire.events.filter((e) => e.kind === 'lifecycle' && e.event === 'stream-open' && e.detail === 'get').length;
    await waitFor(() => getStreams() === 1);
    const session = server.sessions.get(transport.sessionId!)!;
    await session.send({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
    await waitFor(() => probe.received.some((m) => 'method' in m && m.method === 'notifications/tools/list_changed'));
    const lastEventId = transport.wire.events.findLast((e): e is WireFrameEvent => e.kind === 'frame' && e.direction === 'in')?.meta?.sseEventId;
    expect(lastEventId).toMatch(/.+/);
    session.closeStandaloneSSEStream();
    // The SDK server drops what it sends while no GET stream is open, so wait for the new stream before sending.
    await waitFor(() => getStreams() === 2);
    expect(gets()[1]!.headers['last-event-id']).toBe(lastEventId);
    await session.send({ jsonrpc: '2.0', method: 'notifications/prompts/list_changed' });
    await waitFor(() => probe.received.some((m) => 'method' in m && m.method === 'notifications/prompts/list_changed'));
    expect(probe.errors).toEqual([]);
  });
});
