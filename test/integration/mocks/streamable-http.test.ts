import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema, LoggingMessageNotificationSchema, ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { defineEverythingServer, listen, type MockListener, type ResponseMode } from '../../../src/mocks/index.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function start(responseMode: ResponseMode): Promise<MockListener> {
  const server = defineEverythingServer();
  const listener = await listen(server, { responseMode, retryMs: 50 });
  cleanup.push(() => server.close());
  return listener;
}

async function connect(transport: StreamableHTTPClientTransport | SSEClientTransport, capabilities = {}): Promise<Client> {
  const client = new Client({ name: 'sdk-test', version: '1.0.0' }, { capabilities });
  await client.connect(transport);
  cleanup.push(() => client.close());
  return client;
}

describe.each(['json', 'sse'] as const)('Streamable HTTP mock with %s responses, SDK client', (mode) => {
  it('answers lists, calls, reads and prompts', async () => {
    const listener = await start(mode);
    const client = await connect(new StreamableHTTPClientTransport(new URL(listener.url)));
    expect((await client.listTools()).tools.length).toBeGreaterThan(10);
    expect(await client.callTool({ name: 'test_image_content', arguments: {} })).toMatchObject({ content: [{ type: 'image', mimeType: 'image/png' }] });
    const read = await client.readResource({ uri: 'test://template/123/data' });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toEqual({ id: '123', templateTest: true, data: 'Data for ID: 123' });
    const completion = await client.complete({ ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' }, argument: { name: 'arg1', value: 'par' } });
    expect(completion.completion.values).toEqual(['paris', 'park', 'party']);
  });

  it('asks the client for sampling in the middle of a tool call', async () => {
    const listener = await start(mode);
    const transport = new StreamableHTTPClientTransport(new URL(listener.url));
    const client = await connect(transport, { sampling: {} });
    client.setRequestHandler(CreateMessageRequestSchema, async () => ({ role: 'assistant', content: { type: 'text', text: 'ok' }, model: 'm' }));
    // JSON mode sends the server's request on the GET stream, which the SDK opens after initialization.
    if (mode === 'json') await listener.handler.server.waitFor((m) => m.direction === 'in' && (m.message as { method?: string })?.method === 'notifications/initialized');
    expect(await client.callTool({ name: 'test_sampling', arguments: { prompt: 'p' } })).toEqual({ content: [{ type: 'text', text: 'LLM response: ok' }] });
  });
});

describe('Streamable HTTP mock, SSE behaviour', () => {
  it('streams log notifications on the POST stream and resource updates on the GET stream', async () => {
    const listener = await start('sse');
    const client = await connect(new StreamableHTTPClientTransport(new URL(listener.url)));
    const logs: unknown[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params.data));
    await client.setLoggingLevel('info');
    await client.callTool({ name: 'test_tool_with_logging', arguments: {} });
    expect(logs).toEqual(['Tool execution started', 'Tool processing data', 'Tool execution completed']);

    const updated = new Promise<string>((resolve) => client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => resolve(n.params.uri)));
    await client.subscribeResource({ uri: 'test://watched-resource' });
    const server = listener.handler.server;
    await server.waitFor(() => [...server.sessions].some((s) => s.hasStandaloneChannel));
    server.notifyResourceUpdated('test://watched-resource');
    expect(await updated).toBe('test://watched-resource');
  });

  it('resumes a tool call whose stream was cut, with Last-Event-ID (test_reconnection)', async () => {
    const listener = await start('sse');
    const client = await connect(new StreamableHTTPClientTransport(new URL(listener.url), { reconnectionOptions: { initialReconnectionDelay: 10, maxReconnectionDelay: 50, reconnectionDelayGrowFactor: 1, maxRetries: 5 } }));
    expect(await client.callTool({ name: 'test_reconnection', arguments: {} })).toEqual({ content: [{ type: 'text', text: 'Reconnection test completed successfully' }] });
  });
});

describe('legacy HTTP+SSE mock (2024-11-05), SDK client', () => {
  it('serves the endpoint event, then answers over the stream', async () => {
    const listener = await start('sse');
    const client = await connect(new SSEClientTransport(new URL(listener.sseUrl)));
    expect(await client.callTool({ name: 'test_simple_text', arguments: {} })).toEqual({ content: [{ type: 'text', text: 'This is a simple text response for testing.' }] });
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toContain('test_simple_prompt');
  });
});
