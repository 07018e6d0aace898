/**
 * The README's "Using the client" section, as a test: our client against the `everything` mock over stdio, then
 * against a mock on a real port over Streamable HTTP, with progress, cancellation, evidence and a pool.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  McpClient,
  StdioClientTransport,
  StreamableHttpClientTransport,
  createClientPool,
} from 'mcp-conform/client';
import { defineMockServer, listen, mcp, mockServerCommand } from 'mcp-conform/mocks';

const weather = defineMockServer({
  tools: [mcp.tool('get_weather', { type: 'object', properties: { city: { type: 'string' } } }, ({ city }) => `Sunny in ${String(city)}.`)],
});
let listener: Awaited<ReturnType<typeof listen>>;
beforeAll(async () => {
  listener = await listen(weather, { port: 0 });
});
afterAll(async () => {
  await listener.close();
  await weather.close();
});

it('connects over stdio, lists, calls with progress, and keeps every frame as evidence', async () => {
  await using client = new McpClient({ requestTimeoutMs: 10_000 });
  const transport = new StdioClientTransport(mockServerCommand('everything'));
  const server = await client.connect(transport);
  expect(server.protocolVersion).toBe('2025-11-25');

  const tools = await client.listTools();
  expect(tools.map((t) => t.name)).toContain('test_tool_with_progress');

  const progress: number[] = [];
  const result = await client.callTool(
    { name: 'test_tool_with_progress', arguments: {} },
    { onProgress: (p) => progress.push(p.progress), resetTimeoutOnProgress: true },
  );
  expect(result.content[0]).toMatchObject({ type: 'text' });
  expect(progress).toEqual([0, 50, 100]);

  // Every byte is evidence: the transport's wire log has each frame, parsed or not.
  const sent = transport.wire.events.filter((e) => e.kind === 'frame' && e.direction === 'out');
  expect(sent.length).toBeGreaterThanOrEqual(4);
});

it('cancels a call in flight with an AbortSignal', async () => {
  await using client = new McpClient();
  await client.connect(new StdioClientTransport(mockServerCommand('everything')));
  const controller = new AbortController();
  const call = client.callTool({ name: 'test_tool_with_progress', arguments: {} }, { signal: controller.signal });
  controller.abort(new Error('the user pressed Stop'));
  await expect(call).rejects.toThrow('the user pressed Stop');
});

it('speaks Streamable HTTP and pools servers with namespaced tools', async () => {
  const pool = createClientPool({
    servers: {
      weather: { createTransport: () => new StreamableHttpClientTransport(new URL(listener.url)) },
      everything: { createTransport: () => new StdioClientTransport(mockServerCommand('everything')) },
    },
  });
  try {
    await pool.connect();
    const names = (await pool.listTools()).map((t) => t.name);
    expect(names).toContain('weather__get_weather');
    expect(names).toContain('everything__test_simple_text');
    const result = await pool.callTool('weather__get_weather', { city: 'Lisbon' });
    expect(result.content[0]).toEqual({ type: 'text', text: 'Sunny in Lisbon.' });
  } finally {
    await pool.close();
  }
});
