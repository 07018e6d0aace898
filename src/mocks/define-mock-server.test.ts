import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport as SdkTransport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ListRootsRequestSchema, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createInMemoryTransport, defineMockServer, mcp, type MockServer } from './index.js';
import type { MockServerInternals } from './define-mock-server.js';
import type { ChannelEvent } from './types.js';

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

async function connect(server: MockServer, capabilities = {}): Promise<Client> {
  const client = new Client({ name: 'unit', version: '1.0.0' }, { capabilities });
  // Our Transport types `extra.requestInfo.headers` as a plain record, the SDK's as IsomorphicHeaders: same shape at run time.
  await client.connect(createInMemoryTransport(server) as unknown as SdkTransport);
  clients.push(client);
  return client;
}

/** Sends raw messages to a fresh session; returns every frame's parsed message until the last request ends. */
async function exchange(server: MockServer, ...messages: unknown[]): Promise<unknown[]> {
  const session = (server as MockServerInternals).createSession({ transport: 'memory' });
  const out: unknown[] = [];
  for (const message of messages) {
    await new Promise<void>((resolve) => {
      const isRequest = typeof message === 'object' && message !== null && 'id' in message;
      void session.receive(message, {
        emit(event: ChannelEvent) {
          if (event.type === 'frame') out.push(JSON.parse(event.text));
          if (event.type === 'end') resolve();
        },
      });
      if (!isRequest) setImmediate(resolve);
    });
  }
  session.close();
  return out;
}

const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
};

describe('defineMockServer on the legacy wire', () => {
  it('negotiates: echoes a supported version, answers the latest legacy one otherwise', async () => {
    const server = defineMockServer();
    const init = (protocolVersion: string) => ({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion, capabilities: {}, clientInfo: { name: 'c', version: '1' } },
    });
    expect(await exchange(server, init('2025-03-26'))).toMatchObject([{ id: 1, result: { protocolVersion: '2025-03-26' } }]);
    expect(await exchange(server, init('1999-01-01'))).toMatchObject([{ id: 1, result: { protocolVersion: '2025-11-25' } }]);
  });

  it('declares capabilities from its handlers', async () => {
    const server = defineMockServer({ tools: [mcp.tool('t', undefined, () => 'x')] });
    const client = await connect(server);
    expect(client.getServerCapabilities()).toEqual({ tools: { listChanged: true }, logging: {} });
  });

  it('validates arguments: a tool error on 2025-11-25, -32602 before', async () => {
    const tool = mcp.tool('add', z.object({ a: z.number(), b: z.number() }), ({ a, b }) => String(Number(a) + Number(b)));
    const server = defineMockServer({ tools: [tool] });
    const client = await connect(server);
    expect(await client.callTool({ name: 'add', arguments: { a: 1, b: 2 } })).toEqual({ content: [{ type: 'text', text: '3' }] });
    const invalid = await client.callTool({ name: 'add', arguments: { a: 'x' } });
    expect(invalid.isError).toBe(true);
    expect((invalid.content as Array<{ text: string }>)[0]!.text).toMatch(/^Invalid arguments for tool add: a: /);
    const old = defineMockServer({ protocolVersions: ['2025-06-18'], tools: [tool] });
    const oldClient = await connect(old);
    await expect(oldClient.callTool({ name: 'add', arguments: {} })).rejects.toThrow(/-32602.*Invalid arguments for tool add/);
  });

  it('turns a thrown Error into isError, an unknown tool into -32602', async () => {
    const server = defineMockServer({ tools: [mcp.tool('boom', undefined, () => { throw new Error('kaput'); })] });
    const client = await connect(server);
    expect(await client.callTool({ name: 'boom', arguments: {} })).toEqual({ content: [{ type: 'text', text: 'kaput' }], isError: true });
    await expect(client.callTool({ name: 'nope', arguments: {} })).rejects.toThrow(/-32602.*Unknown tool: nope/);
  });

  it('prepends overrides with use(), limits them with once, and answers a sequence from a generator', async () => {
    const server = defineMockServer({
      tools: [
        mcp.tool('weather', undefined, () => 'sunny'),
        mcp.tool('flaky', undefined, function* () {
          yield new Error('first call fails');
          yield 'second call works';
          return 'every later call';
        }),
      ],
    });
    const client = await connect(server);
    server.use(mcp.tool('weather', undefined, () => 'storm', { once: true }));
    const text = async (name: string) => ((await client.callTool({ name, arguments: {} })).content as Array<{ text: string }>)[0]!.text;
    expect(await text('weather')).toBe('storm');
    expect(await text('weather')).toBe('sunny');
    expect([await text('flaky'), await text('flaky'), await text('flaky'), await text('flaky')]).toEqual([
      'first call fails',
      'second call works',
      'every later call',
      'every later call',
    ]);
    server.use(mcp.request('tools/list', () => ({ tools: [] })));
    expect((await client.listTools()).tools).toEqual([]);
    server.resetHandlers();
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['weather', 'flaky']);
  });

  it('paginates lists with opaque cursors and rejects a forged cursor with -32602', async () => {
    const server = defineMockServer({ pageSize: 2, tools: ['a', 'b', 'c', 'd', 'e'].map((n) => mcp.tool(n, undefined, () => n)) });
    const client = await connect(server);
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor === undefined ? {} : { cursor });
      expect(page.tools.length).toBeLessThanOrEqual(2);
      names.push(...page.tools.map((t) => t.name));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(names).toEqual(['a', 'b', 'c', 'd', 'e']);
    await expect(client.listTools({ cursor: 'forged' })).rejects.toThrow(/-32602.*invalid cursor/);
  });

  it('honours logging/setLevel', async () => {
    const server = defineMockServer({
      tools: [mcp.tool('log', undefined, (_a, ctx) => { ctx.log('debug', 'd'); ctx.log('warning', 'w'); ctx.log('error', 'e'); return 'ok'; })],
    });
    const client = await connect(server);
    await client.setLoggingLevel('warning');
    await client.callTool({ name: 'log', arguments: {} });
    await new Promise((r) => setTimeout(r, 10));
    const sent = server.recorded.filter((m) => m.direction === 'out' && (m.message as { method?: string })?.method === 'notifications/message');
    expect(sent.map((m) => (m.message as { params: { data: string } }).params.data)).toEqual(['w', 'e']);
  });

  it('sees cancellation through its AbortSignal and sends no response', async () => {
    let aborted = false;
    const server = defineMockServer({
      tools: [mcp.tool('slow', undefined, async (_a, ctx) => { ctx.signal.addEventListener('abort', () => (aborted = true)); await ctx.sleep(10_000); return 'late'; })],
    });
    const client = await connect(server);
    const controller = new AbortController();
    const call = client.callTool({ name: 'slow', arguments: {} }, undefined, { signal: controller.signal });
    await server.waitForRequest('tools/call');
    controller.abort('user gave up');
    await expect(call).rejects.toThrow();
    await server.waitForNotification('notifications/cancelled');
    expect(aborted).toBe(true);
    const responses = server.recorded.filter((m) => m.direction === 'out' && (m.message as { id?: unknown })?.id !== undefined && 'result' in (m.message as object));
    expect(responses.map((m) => (m.message as { id: number }).id)).not.toContain((await server.waitForRequest('tools/call')).id);
  });

  it('sends list_changed on demand and resources/updated only to subscribers', async () => {
    const server = defineMockServer({ tools: [mcp.tool('t', undefined, () => 'x')], resources: [mcp.resource('test://r', () => 'r')] });
    const client = await connect(server);
    const changed = new Promise<void>((resolve) => client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
    server.notifyToolsListChanged();
    await changed;
    server.notifyResourceUpdated('test://r');
    await client.subscribeResource({ uri: 'test://r' });
    server.notifyResourceUpdated('test://r');
    await new Promise((r) => setTimeout(r, 10));
    const updates = server.recorded.filter((m) => (m.message as { method?: string })?.method === 'notifications/resources/updated');
    expect(updates).toHaveLength(1);
  });

  it('hands client notifications to notification handlers, once when asked', async () => {
    const seen: string[] = [];
    const server = defineMockServer({
      handlers: [
        mcp.notification('notifications/roots/list_changed', () => void seen.push('first'), { once: true }),
        mcp.notification('notifications/roots/list_changed', () => void seen.push('always')),
      ],
    });
    await exchange(server, { jsonrpc: '2.0', method: 'notifications/roots/list_changed' }, { jsonrpc: '2.0', method: 'notifications/roots/list_changed' });
    expect(seen).toEqual(['first', 'always', 'always']);
  });

  it('answers unknown methods -32601 and warns with an actionable message', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const server = defineMockServer();
    expect(await exchange(server, { jsonrpc: '2.0', id: 5, method: 'x/unknown' })).toEqual([
      { jsonrpc: '2.0', id: 5, error: { code: -32601, message: 'Method not found: x/unknown' } },
    ]);
    expect(warn).toHaveBeenCalledWith(
      "[mcp-conform] Failed to answer x/unknown: the mock server has no handler for it. Add mcp.request('x/unknown', …) or set onUnhandledMethod.",
    );
    warn.mockRestore();
    const custom = defineMockServer({ onUnhandledMethod: (request) => ({ echoed: request.method }) });
    expect(await exchange(custom, { jsonrpc: '2.0', id: 6, method: 'x/y' })).toEqual([{ jsonrpc: '2.0', id: 6, result: { echoed: 'x/y' } }]);
  });

  it('answers parse errors with id null, and rejects batches outside 2025-03-26', async () => {
    const server = defineMockServer() as MockServerInternals;
    const session = server.createSession({ transport: 'memory' });
    const frames: string[] = [];
    await session.receiveText('{not json', { emit: (e) => void (e.type === 'frame' && frames.push(e.text)) });
    expect(JSON.parse(frames[0]!)).toMatchObject({ id: null, error: { code: -32700 } });
    expect(await exchange(server, [{ jsonrpc: '2.0', id: 1, method: 'ping' }])).toMatchObject([{ id: null, error: { code: -32600 } }]);
  });

  it('answers -32602 with the schema issues to a request whose params break its version\'s schema', async () => {
    const server = defineMockServer({ tools: [mcp.tool('t', undefined, () => 'x')] });
    const [response] = (await exchange(server, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 42 } })) as Array<{ error: { code: number; message: string; data: { issues: unknown[] } } }>;
    expect(response!.error.code).toBe(-32602);
    expect(response!.error.message).toMatch(/^Invalid params: params\.name: /);
    expect(response!.error.data.issues.length).toBeGreaterThan(0);
    const lenient = defineMockServer({ validateRequests: false, tools: [mcp.tool('t', undefined, () => 'x')] });
    expect(await exchange(lenient, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 42 } })).toMatchObject([{ error: { message: 'Invalid params: "name" must be a string' } }]);
  });

  it('aims a fault with a predicate on the call', async () => {
    const server = defineMockServer({
      tools: [mcp.tool('echo', undefined, (args) => JSON.stringify(args))],
      faults: [mcp.fault.error(-32001, 'No secrets', { method: 'tools/call', when: (ctx) => (ctx.params.arguments as { secret?: boolean })?.secret === true })],
    });
    const client = await connect(server);
    await expect(client.callTool({ name: 'echo', arguments: { secret: true } })).rejects.toThrow(/No secrets/);
    expect(await client.callTool({ name: 'echo', arguments: { secret: false } })).toEqual({ content: [{ type: 'text', text: '{"secret":false}' }] });
  });

  it('asks the client for its roots with a roots/list request on the legacy wire', async () => {
    const server = defineMockServer({
      tools: [mcp.tool('roots', undefined, async (_a, ctx) => JSON.stringify((await ctx.listRoots()).roots))],
    });
    const client = await connect(server, { roots: {} });
    client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: 'file:///work', name: 'work' }] }));
    expect(await client.callTool({ name: 'roots', arguments: {} })).toEqual({ content: [{ type: 'text', text: '[{"uri":"file:///work","name":"work"}]' }] });
    const asked = server.recorded.find((m) => m.direction === 'out' && (m.message as { method?: string })?.method === 'roots/list');
    expect(asked?.message).toEqual({ jsonrpc: '2.0', id: 'mock-1', method: 'roots/list', params: {} });
  });

  it('refuses to ask for what the client did not declare', async () => {
    const server = defineMockServer({ tools: [mcp.tool('ask', undefined, async (_a, ctx) => JSON.stringify(await ctx.sample({ messages: [], maxTokens: 1 })))] });
    const client = await connect(server);
    await expect(client.callTool({ name: 'ask', arguments: {} })).rejects.toThrow(
      'Invalid request: the client did not declare the "sampling" capability this request needs',
    );
  });

  it('waits for messages and times out with a message that says what to do', async () => {
    const server = defineMockServer();
    await expect(server.waitForRequest('tools/call', { timeoutMs: 20 })).rejects.toThrow(
      '[mcp-conform] Failed to wait for a message: none matched within 20 ms (0 recorded). Check server.recorded, or raise timeoutMs.',
    );
  });

  it('is disposable with await using', async () => {
    let session;
    {
      await using server = defineMockServer();
      session = (server as MockServerInternals).createSession({ transport: 'memory' });
      expect(server.sessions.size).toBe(1);
    }
    expect(session).toBeDefined();
  });
});

describe('defineMockServer on the 2026-07-28 wire', () => {
  const server = defineMockServer({
    tools: [
      mcp.tool('ask', undefined, async (_a, ctx) => {
        const first = await ctx.elicit({ message: 'name?', requestedSchema: { type: 'object', properties: { name: { type: 'string' } } } });
        const second = await ctx.sample({ messages: [], maxTokens: 1 });
        return `${JSON.stringify(first.content)} ${JSON.stringify(second.content)}`;
      }),
      mcp.tool('log', undefined, (_a, ctx) => { ctx.log('info', 'hello'); return 'ok'; }),
    ],
    resources: [mcp.resource('test://r', () => 'r')],
  });
  const request = (id: number, method: string, params: Record<string, unknown> = {}, meta: Record<string, unknown> = MODERN_META) => ({
    jsonrpc: '2.0',
    id,
    method,
    params: { ...params, _meta: meta },
  });

  it('answers server/discover with versions, capabilities, caching hints and serverInfo', async () => {
    expect(await exchange(server, request(1, 'server/discover'))).toEqual([
      {
        jsonrpc: '2.0',
        id: 1,
        result: {
          resultType: 'complete',
          supportedVersions: ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28'],
          capabilities: { tools: { listChanged: true }, resources: { listChanged: true }, logging: {} },
          _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'mcp-conform-mock', version: '1.0.0' } },
          ttlMs: 0,
          cacheScope: 'private',
        },
      },
    ]);
  });

  it('refuses an unsupported version with -32022 and data.supported', async () => {
    const [response] = await exchange(server, request(2, 'tools/list', {}, { ...MODERN_META, 'io.modelcontextprotocol/protocolVersion': '2099-01-01' }));
    expect(response).toEqual({
      jsonrpc: '2.0',
      id: 2,
      error: {
        code: -32022,
        message: 'Unsupported protocol version',
        data: { supported: ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28'], requested: '2099-01-01' },
      },
    });
  });

  it('requires clientCapabilities in _meta, and knows no ping', async () => {
    const { 'io.modelcontextprotocol/clientCapabilities': _omit, ...noCaps } = MODERN_META;
    expect(await exchange(server, request(3, 'tools/list', {}, noCaps))).toMatchObject([{ id: 3, error: { code: -32602 } }]);
    expect(await exchange(server, request(4, 'ping'))).toMatchObject([{ id: 4, error: { code: -32601 } }]);
  });

  it('puts resultType on results and -32602 on a missing resource', async () => {
    const [list] = await exchange(server, request(5, 'tools/list'));
    expect(list).toMatchObject({ result: { resultType: 'complete', ttlMs: 0, cacheScope: 'private' } });
    expect(await exchange(server, request(6, 'resources/read', { uri: 'test://missing' }))).toMatchObject([
      { id: 6, error: { code: -32602, message: 'Resource not found', data: { uri: 'test://missing' } } },
    ]);
  });

  it('asks with input-required results and finishes once the client retries with the answers', async () => {
    const caps = { ...MODERN_META, 'io.modelcontextprotocol/clientCapabilities': { elicitation: {}, sampling: {} } };
    const [first] = (await exchange(server, request(7, 'tools/call', { name: 'ask' }, caps))) as Array<{ result: Record<string, unknown> }>;
    expect(first!.result).toMatchObject({
      resultType: 'input_required',
      inputRequests: { 'elicitation-1': { method: 'elicitation/create', params: { message: 'name?' } } },
    });
    const [second] = (await exchange(
      server,
      request(8, 'tools/call', { name: 'ask', inputResponses: { 'elicitation-1': { action: 'accept', content: { name: 'Ada' } } }, requestState: first!.result.requestState }, caps),
    )) as Array<{ result: Record<string, unknown> }>;
    expect(second!.result).toMatchObject({ resultType: 'input_required', inputRequests: { 'sampling-2': { method: 'sampling/createMessage' } } });
    const [done] = await exchange(
      server,
      request(9, 'tools/call', { name: 'ask', inputResponses: { 'sampling-2': { role: 'assistant', content: { type: 'text', text: 'hi' }, model: 'm' } }, requestState: second!.result.requestState }, caps),
    );
    expect(done).toMatchObject({ id: 9, result: { resultType: 'complete', content: [{ type: 'text', text: '{"name":"Ada"} {"type":"text","text":"hi"}' }] } });
  });

  it('answers -32021 when the request lacks the capability it needs', async () => {
    expect(await exchange(server, request(10, 'tools/call', { name: 'ask' }))).toMatchObject([{ id: 10, error: { code: -32021 } }]);
  });

  it('logs only when the request opts in with _meta logLevel', async () => {
    const silent = await exchange(server, request(11, 'tools/call', { name: 'log' }));
    expect(silent.filter((m) => (m as { method?: string }).method === 'notifications/message')).toEqual([]);
    const loud = await exchange(server, request(12, 'tools/call', { name: 'log' }, { ...MODERN_META, 'io.modelcontextprotocol/logLevel': 'info' }));
    expect(loud[0]).toEqual({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'hello' } });
  });
});
