import { describe, expect, it } from 'vitest';
import { CapabilityError, ConnectionError, JsonRpcError, ProtocolError, ToolError, type JsonRpcMessage } from '../protocol/index.js';
import { McpClient, type McpClientOptions } from './mcp-client.js';
import { createInMemoryTransportPair } from './transports/in-memory.js';

type Request = { id: number | string; method: string; params?: Record<string, unknown> };
/** What the scripted server does with a request: a result, an error, or nothing at all. */
type Script = (request: Request) => Record<string, unknown> | { error: { code: number; message: string; data?: unknown } } | undefined;

const LEGACY_INIT = { protocolVersion: '2025-11-25', capabilities: { tools: { listChanged: true }, resources: {}, logging: {} }, serverInfo: { name: 's', version: '1' } };
const DISCOVER = {
  resultType: 'complete',
  supportedVersions: ['2026-07-28'],
  capabilities: { tools: {}, prompts: {} },
  _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'modern', version: '2' } },
  ttlMs: 0,
  cacheScope: 'public',
};

/** Connects a client to a scripted server over the in-memory pair; `received` is everything the server got. */
async function connect(script: Script, options: McpClientOptions = {}) {
  const [clientSide, serverSide] = createInMemoryTransportPair();
  const received: Record<string, unknown>[] = [];
  serverSide.onmessage = (message) => {
    received.push(message);
    const request = message as unknown as Request;
    if (request.id === undefined || request.method === undefined) return;
    const answer = script(request) ?? defaults(request);
    if (answer === undefined) return;
    const body = 'error' in answer ? { error: answer.error } : { result: answer };
    void serverSide.send({ jsonrpc: '2.0', id: request.id, ...body } as JsonRpcMessage);
  };
  await serverSide.start();
  const client = new McpClient(options);
  const connected = client.connect(clientSide);
  return { client, connected, received, serverSide, clientSide };
}

function defaults(request: Request) {
  if (request.method === 'initialize') return LEGACY_INIT;
  if (request.method === 'server/discover') return DISCOVER;
  return undefined;
}

describe('McpClient (legacy handshake)', () => {
  it('proposes 2025-11-25 with the capabilities its handlers imply, then sends notifications/initialized', async () => {
    const { connected, received } = await connect(() => undefined, { handlers: { roots: () => [], sampling: () => ({ role: 'assistant', content: { type: 'text', text: '' }, model: 'm' }) } });
    await connected;
    expect(received[0]).toMatchObject({
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: { roots: { listChanged: true }, sampling: {} }, clientInfo: { name: 'mcp-conform' } },
    });
    expect(received[1]).toEqual({ jsonrpc: '2.0', method: 'notifications/initialized' });
  });

  it('tells the transport the negotiated version before it sends notifications/initialized', async () => {
    const [clientSide, serverSide] = createInMemoryTransportPair();
    const received: string[] = [];
    serverSide.onmessage = (message) => {
      const request = message as unknown as Request;
      received.push(request.method);
      if (request.method === 'initialize') void serverSide.send({ jsonrpc: '2.0', id: request.id, result: { ...LEGACY_INIT, protocolVersion: '2025-06-18' } });
    };
    await serverSide.start();
    const told: [string, string[]][] = [];
    clientSide.setProtocolVersion = (version) => void told.push([version, [...received]]);
    await new McpClient().connect(clientSide);
    expect(told).toEqual([['2025-06-18', ['initialize']]]);
    expect(received).toEqual(['initialize', 'notifications/initialized']);
  });

  it('runs notification handlers registered before connecting', async () => {
    const client = new McpClient();
    const seen: unknown[] = [];
    client.onNotification('notifications/message', (params) => void seen.push(params));
    const [clientSide, serverSide] = createInMemoryTransportPair();
    serverSide.onmessage = (message) => {
      const request = message as unknown as Request;
      if (request.method === 'initialize') void serverSide.send({ jsonrpc: '2.0', id: request.id, result: LEGACY_INIT });
    };
    await serverSide.start();
    await client.connect(clientSide);
    await serverSide.send({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'hello' } });
    expect(seen).toEqual([{ level: 'info', data: 'hello' }]);
  });

  it('accepts an older supported version the server answers', async () => {
    const { client, connected } = await connect((r) => (r.method === 'initialize' ? { ...LEGACY_INIT, protocolVersion: '2024-11-05' } : undefined));
    await connected;
    expect(client.protocolVersion).toBe('2024-11-05');
    expect(client.stateless).toBe(false);
  });

  it('refuses an initialize result that does not match the schema', async () => {
    const { connected, clientSide } = await connect((r) => (r.method === 'initialize' ? { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { version: 1 } } : undefined));
    const error = await connected.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as Error).message).toMatch(/^\[mcp-conform\] Failed to read the result of "initialize": it does not match the schema: serverInfo\.name: .+\. Fix the server, or pass validateResults: false to accept it\.$/);
    expect(clientSide.wire.events.at(-1)).toMatchObject({ kind: 'lifecycle', event: 'close' });
  });

  it('follows pagination, caches the list, and drops the cache on list_changed', async () => {
    let listed = 0;
    const { client, connected, serverSide } = await connect((r) => {
      if (r.method !== 'tools/list') return undefined;
      listed++;
      const cursor = r.params?.cursor;
      if (cursor === undefined) return { tools: [{ name: 'a', inputSchema: { type: 'object' } }], nextCursor: 'p2' };
      return { tools: [{ name: 'b', inputSchema: { type: 'object' } }] };
    });
    await connected;
    expect((await client.listTools()).map((t) => t.name)).toEqual(['a', 'b']);
    await client.listTools();
    expect(listed).toBe(2);
    await serverSide.send({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
    await client.listTools();
    expect(listed).toBe(4);
  });

  it('stops a server whose cursor loops', async () => {
    const { client, connected } = await connect((r) => (r.method === 'tools/list' ? { tools: [], nextCursor: 'same' } : undefined));
    await connected;
    await expect(client.listTools()).rejects.toThrow(
      '[mcp-conform] Failed to list tools: the server returned cursor "same" twice, so the list would never end. Each nextCursor must lead to a new page.',
    );
  });

  it('refuses a method whose capability was not declared, or sends it when not strict', async () => {
    const strict = await connect(() => undefined);
    await strict.connected;
    const error = await strict.client.listPrompts().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CapabilityError);
    expect(error).toMatchObject({
      capability: 'prompts',
      message: '[mcp-conform] Failed to list prompts: the server did not declare the "prompts" capability. Pass strictCapabilities: false to send the request anyway.',
    });
    const lax = await connect((r) => (r.method === 'prompts/list' ? { error: { code: -32601, message: 'Method not found' } } : undefined), { strictCapabilities: false });
    await lax.connected;
    await expect(lax.client.listPrompts()).rejects.toBeInstanceOf(JsonRpcError);
  });

  it('closes the connection with await using', async () => {
    const { client, connected, clientSide } = await connect(() => undefined);
    await connected;
    {
      await using _disposable = client;
    }
    expect(client.session.closed).toBe(true);
    expect(clientSide.wire.events.at(-1)).toMatchObject({ kind: 'lifecycle', event: 'close' });
  });

  it('reads a tools/call result as it arrives: a copy of a plain text result, a ToolError when asked, the schema for anything else', async () => {
    const results: Record<string, unknown>[] = [
      { content: [{ type: 'text', text: 'hi' }] },
      { content: [{ type: 'text', text: 'no such city' }], isError: true },
      { content: [{ type: 'image', data: 'AAAA', mimeType: 'image/png' }], structuredContent: { n: 1 } },
      { content: 'not a list' },
    ];
    const { client, connected, clientSide } = await connect((r) => (r.method === 'tools/call' ? results.shift() : undefined));
    await connected;
    const plain = await client.callTool({ name: 'echo' });
    expect(plain).toEqual({ content: [{ type: 'text', text: 'hi' }] });
    const frame = clientSide.wire.events.findLast((e) => e.kind === 'frame' && e.direction === 'in');
    expect((frame as { message: { result: unknown } }).message.result).not.toBe(plain);
    const error = await client.callTool({ name: 'weather' }, { throwOnToolError: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolError);
    expect((error as Error).message).toBe('[mcp-conform] Failed to call the tool "weather": it returned an error: no such city.');
    expect(await client.callTool({ name: 'img' })).toEqual({ content: [{ type: 'image', data: 'AAAA', mimeType: 'image/png' }], structuredContent: { n: 1 } });
    const invalid = await client.callTool({ name: 'bad' }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ProtocolError);
    expect((invalid as Error).message).toMatch(/^\[mcp-conform\] Failed to read the result of "tools\/call": it does not match the schema: content: /);
  });

  it('rejects (never throws) a tools/call it cannot send: not connected, tools not declared', async () => {
    const idle = new McpClient();
    const notConnected = idle.callTool({ name: 'x' });
    await expect(notConnected).rejects.toBeInstanceOf(ConnectionError);
    await expect(notConnected).rejects.toThrow('[mcp-conform] Failed to call the tool "x": the client is not connected. Call connect() first.');
    const { client, connected } = await connect((r) => (r.method === 'initialize' ? { ...LEGACY_INIT, capabilities: {} } : undefined));
    await connected;
    const refused = client.callTool({ name: 'x' });
    await expect(refused).rejects.toBeInstanceOf(CapabilityError);
    await expect(refused).rejects.toThrow('[mcp-conform] Failed to call the tool "x": the server did not declare the "tools" capability. Pass strictCapabilities: false to send the request anyway.');
    await client.close();
    await expect(client.callTool({ name: 'x' })).rejects.toThrow('the client is not connected');
  });
});

describe('McpClient (2026-07-28, stateless)', () => {
  const META = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientCapabilities': { elicitation: {} },
    'io.modelcontextprotocol/clientInfo': { name: 'mcp-conform', version: expect.any(String) },
    'io.modelcontextprotocol/logLevel': 'info',
  };
  const options: McpClientOptions = {
    protocolVersion: '2026-07-28',
    logLevel: 'info',
    handlers: { elicitation: (params) => ({ action: 'accept', content: { name: `octocat for ${(params as { message: string }).message}` } }) },
  };

  it('discovers the server and puts the required _meta on every request', async () => {
    const { client, connected, received } = await connect((r) => (r.method === 'tools/list' ? { resultType: 'complete', tools: [], ttlMs: 0, cacheScope: 'public' } : undefined), options);
    const server = await connected;
    expect(server).toMatchObject({ protocolVersion: '2026-07-28', serverInfo: { name: 'modern', version: '2' }, capabilities: { tools: {} } });
    await client.listTools();
    expect(received.map((m) => m.method)).toEqual(['server/discover', 'tools/list']);
    for (const request of received) expect((request.params as { _meta: unknown })._meta).toEqual(META);
  });

  it('answers input requests and retries with a new id, the responses and the exact requestState', async () => {
    const { client, connected, received } = await connect((r) => {
      if (r.method !== 'tools/call') return undefined;
      if (r.params?.requestState === undefined) {
        return { resultType: 'input_required', inputRequests: { login: { method: 'elicitation/create', params: { mode: 'form', message: 'who?', requestedSchema: { type: 'object', properties: {} } } } }, requestState: 'opaque+/=' };
      }
      if (!r.params.inputResponses) return { resultType: 'input_required', requestState: 'second' };
      return { resultType: 'complete', content: [{ type: 'text', text: 'done' }] };
    }, options);
    await connected;
    const result = await client.callTool({ name: 'deploy', arguments: { env: 'prod' } });
    expect(result).toMatchObject({ content: [{ type: 'text', text: 'done' }] });
    const calls = received.filter((m) => m.method === 'tools/call') as unknown as Request[];
    expect(calls).toHaveLength(2);
    expect(calls[0]!.id).not.toBe(calls[1]!.id);
    expect(calls[1]!.params).toEqual({
      name: 'deploy',
      arguments: { env: 'prod' },
      inputResponses: { login: { action: 'accept', content: { name: 'octocat for who?' } } },
      requestState: 'opaque+/=',
      _meta: META,
    });
  });

  it('retries with only the requestState when the server gave no input requests', async () => {
    let round = 0;
    const { client, connected, received } = await connect((r) => {
      if (r.method !== 'prompts/get') return undefined;
      return round++ === 0 ? { resultType: 'input_required', requestState: 's1' } : { messages: [] };
    }, options);
    await connected;
    // An absent resultType is "complete".
    expect(await client.getPrompt({ name: 'p' })).toEqual({ messages: [] });
    const retry = received.filter((m) => m.method === 'prompts/get')[1] as unknown as Request;
    expect(Object.keys(retry.params!).sort()).toEqual(['_meta', 'name', 'requestState']);
  });

  it('gives up after the maximum number of rounds', async () => {
    const { client, connected } = await connect((r) => (r.method === 'tools/call' ? { resultType: 'input_required', requestState: 'again' } : undefined), { ...options, maxInputRounds: 2 });
    await connected;
    await expect(client.callTool({ name: 'x' })).rejects.toThrow(
      '[mcp-conform] Failed to complete "tools/call": the server still needed input after 2 rounds. Raise maxInputRounds if the server really needs more.',
    );
  });

  it('treats an unknown resultType as invalid, and input_required on a list as a violation', async () => {
    const { client, connected } = await connect((r) => {
      if (r.method === 'tools/call') return { resultType: 'weird', content: [] };
      if (r.method === 'tools/list') return { resultType: 'input_required', requestState: 'x' };
      return undefined;
    }, options);
    await connected;
    await expect(client.callTool({ name: 'x' })).rejects.toThrow(
      '[mcp-conform] Failed to read the result of "tools/call": its resultType "weird" is not one this client knows, so the result is invalid. Servers must answer "complete" or "input_required".',
    );
    await expect(client.listTools()).rejects.toThrow(
      '[mcp-conform] Failed to read the result of "tools/list": the server asked for input, which only tools/call, prompts/get and resources/read may do.',
    );
  });

  it('fails a call whose input request the client never declared', async () => {
    const { client, connected } = await connect(
      (r) => (r.method === 'tools/call' ? { resultType: 'input_required', inputRequests: { s: { method: 'sampling/createMessage', params: { messages: [], maxTokens: 1 } } } } : undefined),
      options,
    );
    await connected;
    await expect(client.callTool({ name: 'x' })).rejects.toThrow(
      '[mcp-conform] Failed to answer the server\'s input request: it asked for "sampling/createMessage" (key "s"), a capability this client did not declare. Servers must only request inputs the client declared.',
    );
  });

  it('explains a server that does not speak 2026-07-28', async () => {
    const missing = await connect((r) => (r.method === 'server/discover' ? { error: { code: -32601, message: 'Method not found' } } : undefined), options);
    await expect(missing.connected).rejects.toThrow(
      '[mcp-conform] Failed to discover the server: it does not implement server/discover, so it does not speak the 2026-07-28 protocol. Propose a version that uses initialize (for example 2025-11-25).',
    );
    const unsupported = await connect(
      (r) => (r.method === 'server/discover' ? { error: { code: -32022, message: 'Unsupported', data: { supported: ['2027-01-01'], requested: '2026-07-28' } } } : undefined),
      options,
    );
    await expect(unsupported.connected).rejects.toMatchObject({
      code: 'UNSUPPORTED_PROTOCOL_VERSION',
      message: '[mcp-conform] Failed to discover the server: it does not support "2026-07-28" (it supports "2027-01-01"). Propose one of the versions the server supports.',
    });
    const notListed = await connect((r) => (r.method === 'server/discover' ? { ...DISCOVER, supportedVersions: ['2025-11-25'] } : undefined), options);
    await expect(notListed.connected).rejects.toThrow(
      '[mcp-conform] Failed to discover the server: the server supports "2025-11-25", not "2026-07-28". Propose one of the versions the server supports.',
    );
  });

  it('never answers a request from a 2026-07-28 server, and records it', async () => {
    const { client, connected, serverSide, received } = await connect(() => undefined, options);
    await connected;
    await serverSide.send({ jsonrpc: '2.0', id: 'x', method: 'roots/list' });
    await new Promise((r) => setTimeout(r, 5));
    expect(received.map((m) => m.method ?? 'response')).toEqual(['server/discover']);
    expect(client.session.violations.map((v) => v.kind)).toEqual(['unexpected-request']);
  });

  it('falls back to initialize on the same connection when asked and the server does not speak 2026-07-28', async () => {
    const { client, connected, received, serverSide } = await connect(
      (r) => (r.method === 'server/discover' ? { error: { code: -32601, message: 'Method not found' } } : undefined),
      { ...options, fallbackToInitialize: true, handlers: { ...options.handlers, roots: () => [{ uri: 'file:///r' }] } },
    );
    const server = await connected;
    expect(server.protocolVersion).toBe('2025-11-25');
    expect(client.stateless).toBe(false);
    expect(received.map((m) => m.method)).toEqual(['server/discover', 'initialize', 'notifications/initialized']);
    expect(received[1]).toMatchObject({ params: { protocolVersion: '2025-11-25', capabilities: { elicitation: {}, roots: { listChanged: true } } } });
    // Now a legacy session: the server's requests are answered.
    await serverSide.send({ jsonrpc: '2.0', id: 'r', method: 'roots/list' });
    await expect.poll(() => received.at(-1)).toEqual({ jsonrpc: '2.0', id: 'r', result: { roots: [{ uri: 'file:///r' }] } });
  });

  it('pings with server/discover, and refuses methods the version removed', async () => {
    const { client, connected, received } = await connect(() => undefined, options);
    await connected;
    await client.ping();
    expect(received.map((m) => m.method)).toEqual(['server/discover', 'server/discover']);
    await expect(client.setLoggingLevel('debug')).rejects.toThrow(
      '[mcp-conform] Failed to send "logging/setLevel": protocol version 2026-07-28 has no logging/setLevel. Set the logLevel option instead: it goes in every request\'s _meta.',
    );
  });
});
