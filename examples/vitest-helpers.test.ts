/**
 * `mcp-conform/vitest` in your own suite: a mock server whose lifecycle follows the suite, matchers on what it
 * received, and a conformance run as one test per check.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { defineEverythingServer, mcp } from 'mcp-conform/mocks';
import { describeConformance, useMockServer } from 'mcp-conform/vitest';

/** The code under test: an agent step that asks an MCP server for the weather. */
async function forecast(url: string, city: string): Promise<string> {
  const client = new Client({ name: 'weather-agent', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  try {
    const result = await client.callTool({ name: 'get_weather', arguments: { city } });
    const [first] = result.content as Array<{ type: string; text?: string }>;
    if (result.isError) throw new Error(`weather failed: ${first?.text ?? 'no reason'}`);
    return first?.text ?? '';
  } finally {
    await client.close();
  }
}

const getWeather = mcp.tool(
  'get_weather',
  { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  ({ city }) => `Sunny in ${String(city)}`,
);

describe('forecast', () => {
  // Listens before the suite, resets handlers and recordings after each test, closes after the suite.
  const mock = useMockServer({ tools: [getWeather] }, { transport: 'http' });

  it('calls get_weather once, with the city', async () => {
    expect(await forecast(mock.url, 'Oslo')).toBe('Sunny in Oslo');
    expect(mock).toHaveReceivedRequest('tools/call', { name: 'get_weather', arguments: { city: 'Oslo' } });
    expect(mock).toHaveReceivedRequestTimes('tools/call', 1);
    expect(mock).toHaveReceivedNotification('notifications/initialized');
  });

  it('reports a tool error (an override for this test only)', async () => {
    mock.server.use(
      mcp.tool('get_weather', { type: 'object' }, () => {
        throw new Error('Backend down');
      }),
    );
    await expect(forecast(mock.url, 'Oslo')).rejects.toThrow('weather failed: Backend down');
  });
});

// Conformance as tests: here the `everything` mock stands in for your server (use `{ stdio: 'node dist/server.js' }`
// or `{ url: 'http://127.0.0.1:3000/mcp' }` for yours). One test per check, named before the run starts.
const server = useMockServer(() => defineEverythingServer(), { transport: 'http' });
const suite = describeConformance('my MCP server', { url: () => server.url }, {
  suites: ['ping', 'tools'],
  versions: ['2025-11-25'],
  // Tools the harness may call (nothing is called without a profile: calls can have side effects).
  profile: { calls: [{ tool: 'test_simple_text', arguments: {} }] },
});

it('passes conformance as a whole', () => {
  expect(suite.report).toPassConformance();
});
