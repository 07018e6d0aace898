import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { McpClient } from '../../../src/client/mcp-client.js';
import { StreamableHttpClientTransport } from '../../../src/client/transports/streamable-http.js';
import { HttpStatusError, META_KEYS, type WireHttpEvent } from '../../../src/protocol/index.js';
import { listen, readRequestBody } from '../../fixtures/http/listen.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const json = (res: http.ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/** The region tool, whose `region` argument is mirrored into `Mcp-Param-{header}`. */
const regionTool = (header: string) => ({
  name: 'forecast',
  inputSchema: { type: 'object', properties: { region: { type: 'string', 'x-mcp-header': header } } },
});

/**
 * A 2026-07-28 server over node:http. It validates `Mcp-Param-*` against its current definition of `forecast`
 * ("MUST reject requests with a 400 Bad Request HTTP status and JSON-RPC error code -32020"); `header` can change
 * between the client's tools/list and its call.
 */
async function modernServer(state: { header: string; calls: number; lists: number }) {
  const server = await listen((req, res) => {
    void readRequestBody(req).then((body) => {
      const { id, method, params } = JSON.parse(body) as { id: number; method: string; params: { arguments?: { region?: string } } };
      if (method === 'server/discover') {
        return json(res, 200, { jsonrpc: '2.0', id, result: { supportedVersions: ['2026-07-28'], capabilities: { tools: {} }, _meta: { [META_KEYS.serverInfo]: { name: 'weather', version: '1' } } } });
      }
      if (method === 'tools/list') {
        state.lists++;
        const tools = [
          { name: 'plain', inputSchema: { type: 'object' } },
          // "x-mcp-header … MUST only be applied to parameters with primitive types": a number is not one of them.
          { name: 'bad-type', inputSchema: { type: 'object', properties: { n: { type: 'number', 'x-mcp-header': 'N' } } } },
          { name: 'bad-duplicate', inputSchema: { type: 'object', properties: { a: { type: 'string', 'x-mcp-header': 'Dup' }, b: { type: 'string', 'x-mcp-header': 'dup' } } } },
          regionTool(state.header),
        ];
        return json(res, 200, { jsonrpc: '2.0', id, result: { tools } });
      }
      if (method === 'tools/call') {
        state.calls++;
        const sent = req.headers[`mcp-param-${state.header.toLowerCase()}`];
        if (sent === undefined || sent !== params.arguments?.region) {
          return json(res, 400, { jsonrpc: '2.0', id, error: { code: -32020, message: `Mcp-Param-${state.header} does not match the region argument` } });
        }
        return json(res, 200, { jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: `sunny in ${sent}` }] } });
      }
      return json(res, 404, { jsonrpc: '2.0', id, error: { code: -32601, message: 'Method not found' } });
    });
  });
  cleanups.push(() => server.close());
  const client = new McpClient({ protocolVersion: '2026-07-28' });
  const transport = new StreamableHttpClientTransport(`${server.origin}/mcp`);
  await client.connect(transport);
  cleanups.push(() => client.close());
  return { client, transport };
}

const callPosts = (transport: StreamableHttpClientTransport) =>
  transport.wire.events.filter((e): e is WireHttpEvent => e.kind === 'http' && e.direction === 'out' && e.headers['mcp-method'] === 'tools/call');

describe('McpClient x-mcp-header on 2026-07-28 over Streamable HTTP', () => {
  it('hides the tools whose x-mcp-header annotation is invalid', async () => {
    const { client } = await modernServer({ header: 'Region', calls: 0, lists: 0 });
    expect((await client.listTools()).map((t) => t.name)).toEqual(['plain', 'forecast']);
  });

  it('re-lists the tools once and retries a call the server rejected with HeaderMismatch after the definition changed', async () => {
    const state = { header: 'Region', calls: 0, lists: 0 };
    const { client, transport } = await modernServer(state);
    await client.listTools();
    // The server now wants the region in Mcp-Param-Zone: what the client learnt is stale.
    state.header = 'Zone';
    const result = await client.callTool({ name: 'forecast', arguments: { region: 'eu-west' } });
    expect(result.content).toEqual([{ type: 'text', text: 'sunny in eu-west' }]);
    expect(state).toEqual({ header: 'Zone', calls: 2, lists: 2 });
    const [first, retry] = callPosts(transport);
    expect(first?.headers['mcp-param-region']).toBe('eu-west');
    expect(retry?.headers['mcp-param-zone']).toBe('eu-west');
    expect(retry?.headers['mcp-param-region']).toBeUndefined();
  });

  it('retries only once: a second HeaderMismatch is thrown', async () => {
    const state = { header: 'Region', calls: 0, lists: 0 };
    const { client, transport } = await modernServer(state);
    await client.listTools();
    state.header = 'Zone';
    // The argument is missing, so no header can ever match what the server checks against.
    const error = await client.callTool({ name: 'forecast', arguments: { other: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).status).toBe(400);
    expect(state.calls).toBe(2);
    expect(state.lists).toBe(2);
    expect(callPosts(transport)).toHaveLength(2);
  });
});
