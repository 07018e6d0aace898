/**
 * What an HTTP client sees for each fault: raw `fetch` against the mock (statuses, headers, SSE bytes), and the SDK
 * client where its reaction is the point.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createSseDecoder, type SseEvent } from '../../../src/protocol/sse.js';
import { createMockHttpHandler, defineMockServer, listen, mcp, type MockHttpHandler, type MockServer } from '../../../src/mocks/index.js';

const BASE = 'http://localhost/mcp';
const POST_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function mock(...faults: ReturnType<typeof mcp.fault.delay>[]): { server: MockServer; handler: MockHttpHandler } {
  const server = defineMockServer({ tools: [mcp.tool('work', undefined, async (_a, ctx) => { await ctx.sleep(30); return 'done'; })], faults });
  servers.push(server);
  return { server, handler: createMockHttpHandler(server, { retryMs: 20 }) };
}

async function initialize(handler: MockHttpHandler, protocolVersion = '2025-11-25'): Promise<string> {
  const response = await handler.fetch(
    new Request(BASE, {
      method: 'POST',
      headers: POST_HEADERS,
      body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion, capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }),
    }),
  );
  await response.text();
  return response.headers.get('mcp-session-id')!;
}

function post(handler: MockHttpHandler, sessionId: string, body: unknown, extra: Record<string, string> = {}): Promise<Response> {
  return handler.fetch(
    new Request(BASE, { method: 'POST', headers: { ...POST_HEADERS, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25', ...extra }, body: JSON.stringify(body) }),
  );
}

async function readSse(response: Response): Promise<{ events: SseEvent[]; ids: string[]; retry: number[] }> {
  const events: SseEvent[] = [];
  const ids: string[] = [];
  const retry: number[] = [];
  const decoder = createSseDecoder({ onEvent: (e) => void events.push(e), onId: (id) => void ids.push(id), onRetry: (ms) => void retry.push(ms) });
  const reader = response.body!.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    decoder.push(value);
  }
  decoder.end();
  return { events, ids, retry };
}

const callWork = (id: number) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'work', arguments: {} } });

describe('HTTP faults, seen by a raw fetch client', () => {
  it('http-status 500: the POST gets 500 with the given body', async () => {
    const { handler } = mock(mcp.fault.httpStatus(500, 'tools/call', { body: 'upstream exploded' }));
    const session = await initialize(handler);
    const response = await post(handler, session, callWork(1));
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('upstream exploded');
  });

  it('429 with Retry-After', async () => {
    const { handler } = mock(mcp.fault.tooManyRequests(7, 'tools/call'));
    const session = await initialize(handler);
    const response = await post(handler, session, callWork(1));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
  });

  it('expire-session: the request is answered, the next one gets 404, and a new initialize gets a new session', async () => {
    const { handler } = mock(mcp.fault.expireSession({ method: 'tools/call', once: true }));
    const session = await initialize(handler);
    const first = await post(handler, session, callWork(1));
    expect(first.status).toBe(200);
    await first.text();
    const second = await post(handler, session, callWork(2));
    expect(second.status).toBe(404);
    expect(await second.json()).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32001, message: 'Session not found' } });
    expect(await initialize(handler)).not.toBe(session);
  });

  it('cut-stream with event ids: the POST stream ends after its priming event, and GET with Last-Event-ID delivers the response', async () => {
    const { handler } = mock(mcp.fault.cutStream('tools/call', { eventIds: true }));
    const session = await initialize(handler);
    const cut = await readSse(await post(handler, session, callWork(1)));
    // Only the 2025-11-25 priming event: an id and empty data.
    expect(cut.events).toEqual([{ event: 'message', data: '', id: cut.ids[0] }]);
    expect(cut.ids).toHaveLength(1);
    expect(cut.retry).toEqual([20]);
    const resumed = await handler.fetch(
      new Request(BASE, { method: 'GET', headers: { accept: 'text/event-stream', 'mcp-session-id': session, 'last-event-id': cut.ids[0]! } }),
    );
    expect(resumed.status).toBe(200);
    const { events } = await readSse(resumed);
    expect(events.map((e) => JSON.parse(e.data))).toEqual([{ jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: 'done' }] } }]);
  });

  it('cut-stream without event ids: the stream ends with nothing to resume from', async () => {
    const { handler } = mock(mcp.fault.cutStream('tools/call', { eventIds: false }));
    const session = await initialize(handler);
    const cut = await readSse(await post(handler, session, callWork(1)));
    expect(cut).toEqual({ events: [], ids: [], retry: [] });
  });

  it('drip: the SSE response arrives in many small chunks', async () => {
    const { handler } = mock(mcp.fault.drip('tools/call', { chunkBytes: 10, intervalMs: 1 }));
    const session = await initialize(handler);
    const response = await post(handler, session, callWork(1));
    const reader = response.body!.getReader();
    let chunks = 0;
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks++;
      text += new TextDecoder().decode(value);
    }
    expect(chunks).toBeGreaterThan(5);
    expect(text).toContain('"text":"done"');
  });

  it('crash: the connection closes under the client (real port)', async () => {
    const server = defineMockServer({ tools: [mcp.tool('work', undefined, () => 'done')], faults: [mcp.fault.crash(1, 'tools/call')] });
    servers.push(server);
    const listener = await listen(server);
    const init = await fetch(listener.url, {
      method: 'POST',
      headers: POST_HEADERS,
      body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }),
    });
    const session = init.headers.get('mcp-session-id')!;
    await init.text();
    await expect(
      fetch(listener.url, { method: 'POST', headers: { ...POST_HEADERS, 'mcp-session-id': session }, body: JSON.stringify(callWork(1)) }),
    ).rejects.toThrow(/fetch failed/);
  });

  it('random faults from a seed: the same seed replays the same faults', async () => {
    const run = async () => {
      const server = defineMockServer({
        tools: [mcp.tool('work', undefined, () => 'done')],
        faults: [mcp.fault.random({ seed: 1234, rate: 0.5 }, 'tools/call')],
      });
      servers.push(server);
      const handler = createMockHttpHandler(server, { responseMode: 'json' });
      const session = await initialize(handler);
      const bodies: string[] = [];
      for (let id = 1; id <= 12; id++) bodies.push(await (await post(handler, session, callWork(id))).text());
      return { bodies, faults: server.recorded.filter((m) => m.direction === 'fault').map((m) => (m.message as { fault: { type: string } }).fault.type) };
    };
    const first = await run();
    const second = await run();
    expect(first.faults.length).toBeGreaterThan(2);
    expect(first.faults.length).toBeLessThan(12);
    expect(second).toEqual(first);
  });
});

describe('the legacy HTTP+SSE transport under faults, seen by raw fetch', () => {
  it('answers on the GET stream, a status fault answers the POST, a crash breaks the stream', async () => {
    const server = defineMockServer({
      protocolVersions: ['2024-11-05'],
      tools: [mcp.tool('work', undefined, () => 'done')],
      faults: [mcp.fault.httpStatus(503, { method: 'tools/call', once: true }), mcp.fault.crash(1, 'ping')],
    });
    servers.push(server);
    const handler = createMockHttpHandler(server);
    const stream = await handler.fetch(new Request('http://localhost/sse', { headers: { accept: 'text/event-stream' } }));
    const events: SseEvent[] = [];
    const decoder = createSseDecoder({ onEvent: (e) => void events.push(e) });
    const reader = stream.body!.getReader();
    const next = async () => {
      const count = events.length;
      while (events.length === count) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        decoder.push(value);
      }
      return events.at(-1)!;
    };
    const endpoint = await next();
    expect(endpoint.event).toBe('endpoint');
    expect(endpoint.data).toMatch(/^\/messages\?sessionId=[0-9a-f-]{36}$/);
    const postMessage = (body: unknown) =>
      handler.fetch(new Request(`http://localhost${endpoint.data}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
    const init = await postMessage({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2024-11-05', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    expect(init.status).toBe(202);
    expect(JSON.parse((await next()).data)).toMatchObject({ id: 1, result: { protocolVersion: '2024-11-05' } });
    expect((await postMessage(callWork(2))).status).toBe(503);
    expect((await postMessage(callWork(3))).status).toBe(202);
    expect(JSON.parse((await next()).data)).toMatchObject({ id: 3, result: { content: [{ text: 'done' }] } });
    await postMessage({ jsonrpc: '2.0', id: 4, method: 'ping' });
    await expect(reader.read()).rejects.toThrow('mock server crashed');
  });
});

describe('faults seen by the SDK client', () => {
  it('wrong protocol version: the SDK refuses the server', async () => {
    const server = defineMockServer({ faults: [mcp.fault.protocolVersion('1999-01-01')] });
    servers.push(server);
    const listener = await listen(server);
    const client = new Client({ name: 'sdk', version: '1' });
    await expect(client.connect(new StreamableHTTPClientTransport(new URL(listener.url)))).rejects.toThrow(
      "Server's protocol version is not supported: 1999-01-01",
    );
  });

  it('delay longer than the request timeout: the SDK times out', async () => {
    const server = defineMockServer({ tools: [mcp.tool('slow', undefined, () => 'late')], faults: [mcp.fault.delay(500, 'tools/call')] });
    servers.push(server);
    const listener = await listen(server);
    const client = new Client({ name: 'sdk', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(listener.url)));
    await expect(client.callTool({ name: 'slow', arguments: {} }, undefined, { timeout: 100 })).rejects.toThrow(/Request timed out/);
    await client.close();
  });
});
