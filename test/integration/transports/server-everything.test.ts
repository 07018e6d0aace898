import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { McpClient } from '../../../src/client/mcp-client.js';
import { createHttpClientTransport, detectHttpTransport } from '../../../src/client/transports/detect.js';
import type { WireEvent } from '../../../src/protocol/index.js';
import { SERVER_EVERYTHING_SCRIPT, spawnHttpServer, type SpawnedServer } from '../../fixtures/http/spawn-server.js';

/** Every frame on the wire parsed as JSON: nothing malformed crossed, in either direction. */
function expectCleanWire(events: readonly WireEvent[]) {
  const frames = events.filter((e) => e.kind === 'frame');
  expect(frames.length).toBeGreaterThan(0);
  expect(frames.filter((e) => e.kind === 'frame' && e.parseError !== undefined)).toEqual([]);
}

describe.each([
  { mode: 'streamableHttp', path: '/mcp', kind: 'streamable-http' },
  { mode: 'sse', path: '/sse', kind: 'sse' },
] as const)('McpClient against server-everything ($mode)', ({ mode, path, kind }) => {
  let server: SpawnedServer;
  beforeAll(async () => {
    server = await spawnHttpServer(SERVER_EVERYTHING_SCRIPT, [mode]);
  });
  afterAll(async () => {
    await server?.close();
  });

  it(`is detected as ${kind}, then initializes, lists and calls tools, reads resources and gets prompts`, async () => {
    const url = `${server.origin}${path}`;
    expect((await detectHttpTransport(url)).kind).toBe(kind);
    const transport = await createHttpClientTransport(url, { transport: kind });
    const client = new McpClient({ requestTimeoutMs: 10_000 });
    try {
      const description = await client.connect(transport);
      expect(description.serverInfo?.name).toMatch(/everything/i);
      const tools = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['echo', 'get-sum']));
      expect(await client.callTool({ name: 'echo', arguments: { message: 'over the network' } })).toMatchObject({
        content: [{ type: 'text', text: 'Echo: over the network' }],
      });
      expect(await client.callTool({ name: 'get-sum', arguments: { a: 2, b: 40 } })).toMatchObject({ content: [{ type: 'text', text: expect.stringContaining('42') }] });
      const resources = await client.listResources();
      expect(resources.length).toBeGreaterThan(0);
      const read = await client.readResource({ uri: resources[0]!.uri });
      expect(read.contents[0]?.uri).toBe(resources[0]!.uri);
      const prompts = await client.listPrompts();
      expect(prompts.length).toBeGreaterThan(0);
      await client.ping();
      expectCleanWire(transport.wire.events);
      if (kind === 'streamable-http') {
        expect(transport.sessionId).toBeDefined();
        expect(transport.wire.events.some((e) => e.kind === 'http' && e.direction === 'out' && e.headers['mcp-protocol-version'] === description.protocolVersion)).toBe(true);
      }
    } finally {
      await client.close();
    }
    if (kind === 'streamable-http') {
      const del = transport.wire.events.find((e) => e.kind === 'http' && e.method === 'DELETE');
      expect(del).toBeDefined();
    }
  });
});
