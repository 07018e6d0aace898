/**
 * Testing an MCP client with MSW: the mock answers the client's HTTP requests in-process, so the client under test
 * runs unchanged (no port, no child process). This file is the README example, run as a test.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { defineMockServer, mcp } from 'mcp-conform/mocks';
import { createMswHandlers } from 'mcp-conform/mocks/msw';

const mock = defineMockServer({
  tools: [
    mcp.tool(
      'get_weather',
      { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      ({ city }) => `It is sunny in ${String(city)}.`,
    ),
  ],
});
const network = setupServer(...createMswHandlers(mock, 'https://weather.example.test/mcp').handlers);

beforeAll(() => network.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  network.resetHandlers();
  mock.resetHandlers();
  mock.clearRecorded();
});
afterAll(async () => {
  network.close();
  await mock.close();
});

async function connect(): Promise<Client> {
  const client = new Client({ name: 'my-agent', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL('https://weather.example.test/mcp')));
  return client;
}

it('calls the weather tool', async () => {
  const client = await connect();
  const result = await client.callTool({ name: 'get_weather', arguments: { city: 'Paris' } });
  expect(result.content).toEqual([{ type: 'text', text: 'It is sunny in Paris.' }]);
  expect((await mock.waitForRequest('tools/call')).params).toMatchObject({ arguments: { city: 'Paris' } });
  await client.close();
});

it('surfaces a server error once, then recovers', async () => {
  mock.use(mcp.fault.error(-32603, 'Weather service unavailable', { method: 'tools/call', once: true }));
  const client = await connect();
  await expect(client.callTool({ name: 'get_weather', arguments: { city: 'Oslo' } })).rejects.toThrow(/Weather service unavailable/);
  const retry = await client.callTool({ name: 'get_weather', arguments: { city: 'Oslo' } });
  expect(retry.content).toEqual([{ type: 'text', text: 'It is sunny in Oslo.' }]);
  await client.close();
});

it('sees HTTP 429 Too Many Requests', async () => {
  mock.use(mcp.fault.tooManyRequests(30, { method: 'tools/call', once: true }));
  const client = await connect();
  // The SDK's StreamableHTTPError carries the HTTP status as `code`.
  await expect(client.callTool({ name: 'get_weather', arguments: { city: 'Rome' } })).rejects.toMatchObject({ code: 429 });
  await client.close();
});
