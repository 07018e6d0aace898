import { afterEach, describe, expect, it } from 'vitest';
import { McpClient, StdioClientTransport, type McpClientOptions, type ProgressUpdate } from '../../../src/client/index.js';
import { createInMemoryTransport, defineEverythingServer, mockServerCommand } from '../../../src/mocks/index.js';
import type { JsonRpcMessage, ProtocolVersion, Transport } from '../../../src/protocol/index.js';
import { invalidFrames } from './wire-sniffer.js';

// Our client against the project's own everything mock: two implementations written apart, in both protocol eras.
// In 2026-07-28 the mock asks for elicitation and sampling through input-required results, not server requests.

const handlers: McpClientOptions['handlers'] = {
  elicitation: () => ({ action: 'accept', content: { username: 'ada', email: 'ada@example.com' } }),
  sampling: () => ({ role: 'assistant', content: { type: 'text', text: 'sampled' }, model: 'fake' }),
  roots: () => [{ uri: 'file:///workspace' }],
};

/** Records every message the client sends through a transport. */
interface Sent {
  method?: string;
  id?: unknown;
  params?: { inputResponses?: Record<string, unknown>; _meta?: Record<string, unknown> };
}

function recording(transport: Transport): { transport: Transport; sent: Sent[] } {
  const sent: Sent[] = [];
  const send = transport.send.bind(transport);
  transport.send = (message: JsonRpcMessage | JsonRpcMessage[], options) => {
    sent.push(...((Array.isArray(message) ? message : [message]) as unknown as Sent[]));
    return send(message, options);
  };
  return { transport, sent };
}

const open: McpClient[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});

describe.each<ProtocolVersion>(['2025-11-25', '2026-07-28'])('McpClient against the everything mock in %s', (protocolVersion) => {
  it('lists, calls, reads, gets and gets progress in process', async () => {
    const client = new McpClient({ protocolVersion, handlers });
    open.push(client);
    const { transport, sent } = recording(createInMemoryTransport(defineEverythingServer()));
    expect((await client.connect(transport)).protocolVersion).toBe(protocolVersion);
    const tools = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['test_simple_text', 'test_elicitation', 'test_sampling', 'test_tool_with_progress']));
    expect(await client.callTool({ name: 'test_simple_text' })).toMatchObject({ content: [{ type: 'text', text: 'This is a simple text response for testing.' }] });
    expect(JSON.stringify((await client.callTool({ name: 'test_elicitation', arguments: { message: 'who?' } })).content)).toContain('ada@example.com');
    expect(JSON.stringify((await client.callTool({ name: 'test_sampling', arguments: { prompt: 'hi' } })).content)).toContain('sampled');
    const updates: ProgressUpdate[] = [];
    await client.callTool({ name: 'test_tool_with_progress' }, { onProgress: (u) => updates.push(u) });
    expect(updates.map((u) => u.progress)).toEqual([0, 50, 100]);
    const [resource] = await client.listResources();
    expect((await client.readResource({ uri: resource!.uri })).contents.length).toBeGreaterThan(0);
    const [prompt] = await client.listPrompts();
    expect(prompt).toBeDefined();
    expect(client.session.violations).toEqual([]);

    const retries = sent.filter((m) => m.method === 'tools/call' && m.params?.inputResponses !== undefined);
    if (protocolVersion === '2026-07-28') {
      // The elicitation and the sampling call each needed one retry carrying the answers.
      expect(retries.map((m) => Object.keys(m.params!.inputResponses!).length)).toEqual([1, 1]);
      for (const message of sent.filter((m) => m.method !== undefined && m.id !== undefined)) {
        expect(message.params?._meta).toMatchObject({
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientCapabilities': { elicitation: {}, sampling: {}, roots: { listChanged: true } },
        });
      }
    } else {
      expect(retries).toEqual([]);
    }
  });

  it('does the same over stdio', async () => {
    const client = new McpClient({ protocolVersion, handlers });
    open.push(client);
    const transport = new StdioClientTransport(mockServerCommand('everything'));
    await client.connect(transport);
    expect(JSON.stringify((await client.callTool({ name: 'test_elicitation', arguments: { message: 'who?' } })).content)).toContain('ada@example.com');
    await client.listTools();
    await client.listPrompts();
    expect(invalidFrames(transport.wire, protocolVersion)).toEqual([]);
    expect(client.session.violations).toEqual([]);
  });
});
