/**
 * The web-standard core: `createMockHttpHandler(server).fetch(request)` is a Streamable HTTP server in a function.
 * Give it to any client that takes a `fetch`, with no network and no port.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect, it } from 'vitest';
import { createMockHttpHandler, defineMockServer, mcp } from 'mcp-conform/mocks';

it('surfaces HTTP 404 once the session expires', async () => {
  await using server = defineMockServer({
    resources: [mcp.resource('docs://readme', () => '# Hello', { mimeType: 'text/markdown' })],
    // After the first read, the session is gone: the next request gets 404.
    faults: [mcp.fault.expireSession({ method: 'resources/read', once: true })],
  });
  const handler = createMockHttpHandler(server, { responseMode: 'json' });
  const fetch = (url: string | URL, init?: RequestInit) => handler.fetch(new Request(url, init));

  const client = new Client({ name: 'my-agent', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL('http://localhost/mcp'), { fetch }));
  expect((await client.readResource({ uri: 'docs://readme' })).contents[0]).toMatchObject({ text: '# Hello' });
  // The SDK client does not re-initialize by itself: it surfaces the 404.
  await expect(client.readResource({ uri: 'docs://readme' })).rejects.toMatchObject({ code: 404 });
  await client.close();
});
