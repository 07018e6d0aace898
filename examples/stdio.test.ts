/**
 * Testing an MCP client against a stdio server: `mockServerCommand` gives the `{ command, args }` that serve a mock
 * file (JS, TS or JSON) with this Node, so any stdio client can spawn it.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, expect, it } from 'vitest';
import { mockServerCommand } from 'mcp-conform/mocks';

let client: Client | undefined;
afterEach(async () => {
  await client?.close();
});

it('retries a tool call that failed once', async () => {
  client = new Client({ name: 'my-agent', version: '1.0.0' });
  const { command, args } = mockServerCommand('examples/fixtures/flaky-weather.ts');
  await client.connect(new StdioClientTransport({ command, args, stderr: 'pipe' }));

  const first = await client.callTool({ name: 'get_weather', arguments: { city: 'Lyon' } });
  expect(first).toEqual({ content: [{ type: 'text', text: 'Weather backend timed out' }], isError: true });
  const second = await client.callTool({ name: 'get_weather', arguments: { city: 'Lyon' } });
  expect(second).toEqual({ content: [{ type: 'text', text: 'Sunny, 24 °C' }] });
});

it('serves the built-in everything mock', async () => {
  client = new Client({ name: 'my-agent', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ ...mockServerCommand('everything'), stderr: 'pipe' }));
  const { resources } = await client.listResources();
  expect(resources.map((r) => r.uri)).toContain('test://static-text');
});
