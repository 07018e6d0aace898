/**
 * The Streamable HTTP rules the mock enforces, per version, seen with raw fetch: sessions, headers, Origin and Host,
 * the GET stream, DELETE, and the stateless 2026-07-28 wire.
 */
import { describe, expect, it } from 'vitest';
import { createSseDecoder, type SseEvent } from '../../../src/protocol/sse.js';
import type { ProtocolVersion } from '../../../src/protocol/versions.js';
import { createMockHttpHandler, defineMockServer, mcp } from '../../../src/mocks/index.js';

const URL_ = 'http://localhost/mcp';
const POST_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const INIT = { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };
const META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': { elicitation: {} },
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
};

function setup(protocolVersions?: readonly ProtocolVersion[]) {
  const server = defineMockServer({
    ...(protocolVersions ? { protocolVersions } : {}),
    tools: [
      mcp.tool('greet', { type: 'object', properties: { name: { type: 'string' } } }, ({ name }) => `Hello ${String(name)}`),
      mcp.tool('confirm', undefined, async (_a, ctx) => `confirmed: ${String((await ctx.elicit({ message: 'Sure?', requestedSchema: { type: 'object', properties: {} } })).action)}`),
    ],
  });
  return { server, handler: createMockHttpHandler(server, { responseMode: 'json' }) };
}

const post = (handler: ReturnType<typeof setup>['handler'], body: unknown, headers: Record<string, string> = {}) =>
  handler.fetch(new Request(URL_, { method: 'POST', headers: { ...POST_HEADERS, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) }));

async function sessionOf(handler: ReturnType<typeof setup>['handler']): Promise<string> {
  const response = await post(handler, INIT);
  await response.text();
  return response.headers.get('mcp-session-id')!;
}

describe('Streamable HTTP, 2025-03-26 … 2025-11-25', () => {
  it('mints a session on initialize, then needs it: 400 without, 404 unknown, 200 after DELETE is 404', async () => {
    const { handler } = setup();
    const session = await sessionOf(handler);
    expect(session).toMatch(/^[0-9a-f-]{36}$/);
    const list = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
    expect((await post(handler, list)).status).toBe(400);
    expect((await post(handler, list, { 'mcp-session-id': 'nope' })).status).toBe(404);
    expect((await post(handler, list, { 'mcp-session-id': session })).status).toBe(200);
    const deleted = await handler.fetch(new Request(URL_, { method: 'DELETE', headers: { 'mcp-session-id': session } }));
    expect(deleted.status).toBe(200);
    expect((await post(handler, list, { 'mcp-session-id': session })).status).toBe(404);
  });

  it('answers a JSON-RPC batch with a batch on 2025-03-26, and refuses one on 2025-11-25', async () => {
    const { handler } = setup();
    const init = await post(handler, { ...INIT, params: { ...INIT.params, protocolVersion: '2025-03-26' } });
    await init.text();
    const session = init.headers.get('mcp-session-id')!;
    const batch = [
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'greet', arguments: { name: 'Bo' } } },
    ];
    const answered = await post(handler, batch, { 'mcp-session-id': session });
    const body = (await answered.json()) as Array<{ id: number }>;
    expect(body.map((m) => m.id).sort()).toEqual([1, 2]);
    expect(body.find((m) => m.id === 2)).toMatchObject({ result: { content: [{ text: 'Hello Bo' }] } });
    const modern = await sessionOf(handler);
    const refused = await post(handler, batch, { 'mcp-session-id': modern });
    expect(await refused.json()).toMatchObject({ id: null, error: { code: -32600 } });
  });

  it('answers notifications with 202 and no body', async () => {
    const { handler } = setup();
    const session = await sessionOf(handler);
    const response = await post(handler, { jsonrpc: '2.0', method: 'notifications/initialized' }, { 'mcp-session-id': session });
    expect(response.status).toBe(202);
    expect(await response.text()).toBe('');
  });

  it('rejects an unsupported MCP-Protocol-Version with 400', async () => {
    const { handler } = setup();
    const session = await sessionOf(handler);
    const response = await post(handler, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { 'mcp-session-id': session, 'mcp-protocol-version': '1999-01-01' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { message: 'Bad Request: unsupported MCP-Protocol-Version "1999-01-01"' } });
  });

  it('answers 403 to a foreign Origin and to a DNS-rebinding Host', async () => {
    const { handler } = setup();
    expect((await post(handler, INIT, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(handler, INIT, { origin: 'http://localhost:3000' })).status).toBe(200);
    const rebinding = await handler.fetch(new Request('http://evil.example.com/mcp', { method: 'POST', headers: POST_HEADERS, body: JSON.stringify(INIT) }));
    expect(rebinding.status).toBe(403);
  });

  it('requires both media types in Accept (406) and JSON content (415); a bad body is a -32700 400', async () => {
    const { handler } = setup();
    expect((await post(handler, INIT, { accept: 'application/json' })).status).toBe(406);
    expect((await post(handler, INIT, { 'content-type': 'text/plain' })).status).toBe(415);
    const broken = await post(handler, '{oops');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ id: null, error: { code: -32700 } });
  });

  it('opens one GET stream per session (409 for a second) with a priming event on 2025-11-25', async () => {
    const { handler } = setup();
    const session = await sessionOf(handler);
    const get = () => handler.fetch(new Request(URL_, { method: 'GET', headers: { accept: 'text/event-stream', 'mcp-session-id': session } }));
    const stream = await get();
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    expect((await get()).status).toBe(409);
    const reader = stream.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toMatch(/^id: [0-9a-f]{8}\.0\nretry: 1000\ndata: \n\n$/);
    await reader.cancel();
  });

  it('keeps GET-stream notifications while the client is away, and replays them on resumption', async () => {
    const { server, handler } = setup();
    const session = await sessionOf(handler);
    const stream = await handler.fetch(new Request(URL_, { method: 'GET', headers: { accept: 'text/event-stream', 'mcp-session-id': session } }));
    const reader = stream.body!.getReader();
    const priming = new TextDecoder().decode((await reader.read()).value);
    const lastEventId = /^id: (\S+)/.exec(priming)![1]!;
    await reader.cancel();
    server.notifyToolsListChanged();
    const resumed = await handler.fetch(
      new Request(URL_, { method: 'GET', headers: { accept: 'text/event-stream', 'mcp-session-id': session, 'last-event-id': lastEventId } }),
    );
    expect(resumed.status).toBe(200);
    const events: SseEvent[] = [];
    const decoder = createSseDecoder({ onEvent: (e) => void events.push(e) });
    const again = resumed.body!.getReader();
    while (events.length === 0) decoder.push((await again.read()).value!);
    expect(JSON.parse(events[0]!.data)).toEqual({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
    expect(events[0]!.id).toBe(`${lastEventId.split('.')[0]}.1`);
    await again.cancel();
  });
});

describe('Streamable HTTP, 2026-07-28 (stateless)', () => {
  const modern = (id: number, method: string, params: Record<string, unknown> = {}) => ({ jsonrpc: '2.0', id, method, params: { ...params, _meta: META } });
  const headersFor = (method: string, name?: string) => ({ 'mcp-protocol-version': '2026-07-28', 'mcp-method': method, ...(name ? { 'mcp-name': name } : {}) });

  it('answers without a session, with resultType and caching hints', async () => {
    const { server, handler } = setup();
    const response = await post(handler, modern(1, 'tools/list'), headersFor('tools/list'));
    // Each POST is served by a session that ends with it.
    await expect.poll(() => server.sessions.size).toBe(0);
    expect(response.status).toBe(200);
    expect(response.headers.get('mcp-session-id')).toBeNull();
    expect(await response.json()).toMatchObject({ id: 1, result: { resultType: 'complete', ttlMs: 0, cacheScope: 'private', tools: [{ name: 'greet' }, { name: 'confirm' }] } });
  });

  it('validates Mcp-Method and Mcp-Name against the body: 400 with -32020', async () => {
    const { handler } = setup();
    const call = modern(2, 'tools/call', { name: 'greet', arguments: { name: 'Ada' } });
    const missing = await post(handler, call, { 'mcp-protocol-version': '2026-07-28' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ jsonrpc: '2.0', id: 2, error: { code: -32020, message: 'Header mismatch: the Mcp-Method header is required' } });
    const wrongName = await post(handler, call, headersFor('tools/call', 'other'));
    expect(await wrongName.json()).toMatchObject({ error: { code: -32020, message: 'Header mismatch: Mcp-Name header "other" does not match the body\'s "greet"' } });
    const wrongVersion = await post(handler, call, { ...headersFor('tools/call', 'greet'), 'mcp-protocol-version': '2025-11-25' });
    expect(wrongVersion.status).toBe(400);
    const ok = await post(handler, call, headersFor('tools/call', 'greet'));
    expect(await ok.json()).toMatchObject({ result: { content: [{ type: 'text', text: 'Hello Ada' }] } });
  });

  it('decodes Base64-sentinel header values before comparing, and checks x-mcp-header parameters', async () => {
    const server = defineMockServer({
      tools: [
        mcp.tool(
          'execute_sql',
          {
            type: 'object',
            properties: {
              region: { type: 'string', 'x-mcp-header': 'Region' },
              shards: { type: 'integer', 'x-mcp-header': 'Shards' },
              query: { type: 'string' },
            },
            required: ['query'],
          },
          ({ region }) => `ran in ${String(region)}`,
        ),
      ],
    });
    const handler = createMockHttpHandler(server, { responseMode: 'json' });
    const b64 = (value: string) => `=?base64?${Buffer.from(value).toString('base64')}?=`;
    const call = (args: Record<string, unknown>) => modern(20, 'tools/call', { name: 'execute_sql', arguments: args });
    const send = async (args: Record<string, unknown>, extra: Record<string, string>) => {
      const response = await post(handler, call(args), { ...headersFor('tools/call'), 'mcp-name': b64('execute_sql'), ...extra });
      return { status: response.status, body: (await response.json()) as { error?: { code: number; message: string }; result?: unknown } };
    };
    expect((await send({ query: 'q', region: 'Zürich', shards: 42 }, { 'mcp-param-region': b64('Zürich'), 'mcp-param-shards': '42.0' })).status).toBe(200);
    expect(await send({ query: 'q', region: 'eu' }, {})).toEqual({
      status: 400,
      body: { jsonrpc: '2.0', id: 20, error: { code: -32020, message: 'Header mismatch: the Mcp-Param-region header is required (the body has region)' } },
    });
    expect((await send({ query: 'q', region: 'eu' }, { 'mcp-param-region': 'us' })).body.error?.code).toBe(-32020);
    expect((await send({ query: 'q' }, { 'mcp-param-region': 'us' })).body.error?.message).toBe('Header mismatch: Mcp-Param-region header is present but the body has no region');
    expect((await send({ query: 'q' }, {})).status).toBe(200);
    const wrongName = await post(handler, call({ query: 'q' }), { ...headersFor('tools/call'), 'mcp-name': b64('other') });
    expect(await wrongName.json()).toMatchObject({ error: { code: -32020 } });
    // On purpose, a server that compares raw values refuses the encoded name.
    const raw = createMockHttpHandler(server, { responseMode: 'json', decodeBase64HeaderValues: false });
    const refused = await raw.fetch(
      new Request(URL_, { method: 'POST', headers: { ...POST_HEADERS, ...headersFor('tools/call'), 'mcp-name': b64('execute_sql') }, body: JSON.stringify(call({ query: 'q' })) }),
    );
    expect(refused.status).toBe(400);
  });

  it('requires the MCP-Protocol-Version header on 2026-07-28 requests', async () => {
    const { handler } = setup();
    const response = await post(handler, modern(21, 'tools/list'), { 'mcp-method': 'tools/list' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: -32020, message: 'Header mismatch: the MCP-Protocol-Version header is required' } });
  });

  it('answers an unknown method with HTTP 404 and -32601, an unsupported version with 400 and -32022', async () => {
    const { handler } = setup();
    const unknown = await post(handler, modern(3, 'x/unknown'), headersFor('x/unknown'));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: -32601 } });
    const body = { jsonrpc: '2.0', id: 4, method: 'tools/list', params: { _meta: { ...META, 'io.modelcontextprotocol/protocolVersion': '2099-01-01' } } };
    const unsupported = await post(handler, body, { 'mcp-protocol-version': '2099-01-01', 'mcp-method': 'tools/list' });
    expect(unsupported.status).toBe(400);
    expect(await unsupported.json()).toMatchObject({ error: { code: -32022, data: { requested: '2099-01-01' } } });
  });

  it('answers GET and DELETE with 405 when it speaks only 2026-07-28', async () => {
    const { handler } = setup(['2026-07-28']);
    for (const method of ['GET', 'DELETE']) {
      const response = await handler.fetch(new Request(URL_, { method, headers: { accept: 'text/event-stream' } }));
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    }
  });

  it('asks a question with an input-required result, and completes on the retry', async () => {
    const { handler } = setup();
    const first = (await (await post(handler, modern(5, 'tools/call', { name: 'confirm' }), headersFor('tools/call', 'confirm'))).json()) as {
      result: { resultType: string; inputRequests: Record<string, unknown>; requestState: string };
    };
    expect(first.result.resultType).toBe('input_required');
    expect(Object.keys(first.result.inputRequests)).toEqual(['elicitation-1']);
    const retry = modern(6, 'tools/call', { name: 'confirm', inputResponses: { 'elicitation-1': { action: 'accept', content: {} } }, requestState: first.result.requestState });
    expect(await (await post(handler, retry, headersFor('tools/call', 'confirm'))).json()).toMatchObject({
      id: 6,
      result: { resultType: 'complete', content: [{ type: 'text', text: 'confirmed: accept' }] },
    });
  });

  it('streams subscriptions/listen: acknowledged first, then tagged list_changed notifications', async () => {
    const server = defineMockServer({ tools: [mcp.tool('t', undefined, () => 'x')] });
    const handler = createMockHttpHandler(server, { responseMode: 'sse' });
    const response = await post(handler, modern(7, 'subscriptions/listen', { notifications: { toolsListChanged: true, promptsListChanged: true } }), headersFor('subscriptions/listen'));
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events: SseEvent[] = [];
    const decoder = createSseDecoder({ onEvent: (e) => void events.push(e) });
    const reader = response.body!.getReader();
    decoder.push((await reader.read()).value!);
    server.notifyToolsListChanged();
    while (events.length < 2) decoder.push((await reader.read()).value!);
    expect(events.map((e) => JSON.parse(e.data))).toEqual([
      {
        jsonrpc: '2.0',
        method: 'notifications/subscriptions/acknowledged',
        params: { notifications: { toolsListChanged: true }, _meta: { 'io.modelcontextprotocol/subscriptionId': 7 } },
      },
      { jsonrpc: '2.0', method: 'notifications/tools/list_changed', params: { _meta: { 'io.modelcontextprotocol/subscriptionId': 7 } } },
    ]);
    // Closing the stream is the cancellation on 2026-07-28: the listener goes away.
    await reader.cancel();
    await server.close();
  });

  it('keeps a quiet listen stream alive with SSE comments', async () => {
    const server = defineMockServer({ tools: [mcp.tool('t', undefined, () => 'x')] });
    const handler = createMockHttpHandler(server, { responseMode: 'sse', keepAliveMs: 20 });
    const response = await post(handler, modern(8, 'subscriptions/listen', { notifications: { toolsListChanged: true } }), headersFor('subscriptions/listen'));
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes(': keep-alive\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text.startsWith('event: message\ndata: {"jsonrpc":"2.0","method":"notifications/subscriptions/acknowledged"')).toBe(true);
    await reader.cancel();
    await server.close();
  });
});
