/**
 * A mock on a real port, for clients that cannot be intercepted (another process, another language, the official
 * conformance suite): Streamable HTTP at `listener.url`, the legacy HTTP+SSE transport at `listener.sseUrl`.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { expect, it } from 'vitest';
import { defineMockServer, listen, mcp } from 'mcp-conform/mocks';

const slowImport = mcp.tool('import_files', { type: 'object' }, async (_args, ctx) => {
  for (let done = 0; done <= 3; done++) {
    ctx.log('info', `imported ${done} of 3`);
    await ctx.sleep(10);
  }
  return 'imported 3 files';
});

it('streams logs over SSE, and resumes a cut stream with Last-Event-ID', async () => {
  await using server = defineMockServer({
    tools: [slowImport],
    // The first call's SSE stream is closed before its answer; the client must reconnect to get it.
    faults: [mcp.fault.cutStream({ method: 'tools/call', once: true })],
  });
  await using listener = await listen(server, { port: 0, retryMs: 20 });

  const client = new Client({ name: 'my-agent', version: '1.0.0' });
  const logs: unknown[] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params.data));
  await client.connect(new StreamableHTTPClientTransport(new URL(listener.url)));
  const result = await client.callTool({ name: 'import_files', arguments: {} });
  expect(result.content).toEqual([{ type: 'text', text: 'imported 3 files' }]);
  expect(logs).toEqual(['imported 0 of 3', 'imported 1 of 3', 'imported 2 of 3', 'imported 3 of 3']);
  await client.close();
});

it('speaks the legacy HTTP+SSE transport of 2024-11-05', async () => {
  await using server = defineMockServer({ protocolVersions: ['2024-11-05'], tools: [slowImport] });
  await using listener = await listen(server);
  const client = new Client({ name: 'old-agent', version: '1.0.0' });
  await client.connect(new SSEClientTransport(new URL(listener.sseUrl)));
  expect(client.getServerVersion()).toEqual({ name: 'mcp-conform-mock', version: '1.0.0' });
  expect((await server.waitForRequest('initialize')).params).toMatchObject({ clientInfo: { name: 'old-agent' } });
  await client.close();
});
