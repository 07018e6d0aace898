import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InMemoryTransport as SdkInMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createInMemoryTransportPair, McpClient, StdioClientTransport, type ProgressUpdate } from '../../../src/client/index.js';
import { CapabilityError, ToolError, type Transport } from '../../../src/protocol/index.js';
// @ts-expect-error: a plain .mjs fixture, without types
import { createSdkServer } from '../../fixtures/servers/sdk-server.mjs';

const FIXTURE = join(import.meta.dirname, '../../fixtures/servers/sdk-server.mjs');

interface SdkServer {
  connect(transport: Transport): Promise<void>;
  close(): Promise<void>;
}

const connections = {
  stdio: async () => {
    const client = new McpClient();
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [FIXTURE] }));
    return { client, stop: () => client.close() };
  },
  // An SDK transport plugs into our client: the SDK's own linked pair.
  'the SDK InMemoryTransport': async () => {
    const [clientSide, serverSide] = SdkInMemoryTransport.createLinkedPair();
    const server = createSdkServer() as SdkServer;
    await server.connect(serverSide as unknown as Transport);
    const client = new McpClient();
    await client.connect(clientSide as unknown as Transport);
    expect(client.wire).toBeUndefined();
    return { client, stop: async () => Promise.all([client.close(), server.close()]) };
  },
  'in-memory pair': async () => {
    const [clientSide, serverSide] = createInMemoryTransportPair();
    const server = createSdkServer() as SdkServer;
    await server.connect(serverSide);
    const client = new McpClient();
    await client.connect(clientSide);
    return { client, stop: async () => Promise.all([client.close(), server.close()]) };
  },
};

describe.each(Object.entries(connections))('McpClient against an SDK McpServer over %s', (_name, connect) => {
  it('negotiates, lists, calls, reads and gets', async () => {
    const { client, stop } = await connect();
    try {
      expect(client.server).toMatchObject({ protocolVersion: '2025-11-25', serverInfo: { name: 'sdk-fixture', version: '1.2.3' } });
      expect((await client.listTools()).map((t) => t.name)).toEqual(['add', 'count', 'fail']);
      expect(await client.callTool({ name: 'add', arguments: { a: 1, b: 2 } })).toEqual({
        content: [{ type: 'text', text: '3' }],
        structuredContent: { sum: 3 },
      });
      expect(await client.readResource({ uri: 'test://greeting' })).toEqual({
        contents: [{ uri: 'test://greeting', mimeType: 'text/plain', text: 'hello from the SDK' }],
      });
      expect((await client.getPrompt({ name: 'greet', arguments: { who: 'Ada' } })).messages).toEqual([
        { role: 'user', content: { type: 'text', text: 'Greet Ada' } },
      ]);
      const updates: ProgressUpdate[] = [];
      await client.callTool({ name: 'count', arguments: { to: 3 } }, { onProgress: (u) => updates.push(u) });
      expect(updates).toEqual([1, 2, 3].map((progress) => ({ progress, total: 3 })));
      await client.setLoggingLevel('warning');
      await client.ping();
      expect(client.session.violations).toEqual([]);
    } finally {
      await stop();
    }
  });

  it('returns a tool error as a result, or throws ToolError when asked', async () => {
    const { client, stop } = await connect();
    try {
      expect(await client.callTool({ name: 'fail' })).toMatchObject({ isError: true });
      const error = await client.callTool({ name: 'fail' }, { throwOnToolError: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ToolError);
      expect((error as Error).message).toBe('[mcp-conform] Failed to call the tool "fail": it returned an error: it broke.');
    } finally {
      await stop();
    }
  });

  it('refuses a method whose capability the server did not declare, unless told not to be strict', async () => {
    const { client, stop } = await connect();
    try {
      const error = await client.subscribe({ uri: 'test://greeting' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CapabilityError);
      expect((error as Error).message).toBe(
        '[mcp-conform] Failed to subscribe to "test://greeting": the server did not declare the "resources.subscribe" capability. Pass strictCapabilities: false to send the request anyway.',
      );
    } finally {
      await stop();
    }
  });
});

describe('McpClient proposing 2026-07-28 to an SDK McpServer (which speaks up to 2025-11-25)', () => {
  it('fails with a clear message, or falls back to initialize when asked', async () => {
    for (const fallbackToInitialize of [false, true]) {
      const [clientSide, serverSide] = createInMemoryTransportPair();
      const server = createSdkServer() as SdkServer;
      await server.connect(serverSide);
      const client = new McpClient({ protocolVersion: '2026-07-28', fallbackToInitialize });
      try {
        if (!fallbackToInitialize) {
          await expect(client.connect(clientSide)).rejects.toThrow(
            '[mcp-conform] Failed to discover the server: it does not implement server/discover, so it does not speak the 2026-07-28 protocol. Propose a version that uses initialize (for example 2025-11-25).',
          );
          continue;
        }
        await client.connect(clientSide);
        expect(client.protocolVersion).toBe('2025-11-25');
        expect((await client.listTools()).map((t) => t.name)).toEqual(['add', 'count', 'fail']);
      } finally {
        await client.close();
        await server.close();
      }
    }
  });
});
