import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineMockServer, listen, mcp, type MockListener, type MockServer } from '../../../src/mocks/index.js';

const SESSIONS = 200;
const POST_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

describe('the HTTP mock under many sessions at once', () => {
  let server: MockServer;
  let listener: MockListener;
  beforeAll(async () => {
    server = defineMockServer({
      tools: [mcp.tool('whoami', undefined, async (_a, ctx) => { await ctx.sleep(5); return `${String(ctx.session.clientInfo?.name)} in ${ctx.session.id}`; })],
    });
    listener = await listen(server, { responseMode: 'json' });
  });
  afterAll(() => server.close());

  it(`holds ${SESSIONS} concurrent sessions on a real port and answers each with its own session`, async () => {
    const results = await Promise.all(
      Array.from({ length: SESSIONS }, async (_, i) => {
        const init = await fetch(listener.url, {
          method: 'POST',
          headers: POST_HEADERS,
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: `client-${i}`, version: '1' } } }),
        });
        const session = init.headers.get('mcp-session-id')!;
        await init.json();
        const call = await fetch(listener.url, {
          method: 'POST',
          headers: { ...POST_HEADERS, 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'whoami', arguments: {} } }),
        });
        return { i, session, body: (await call.json()) as { result: { content: Array<{ text: string }> } } };
      }),
    );
    expect(new Set(results.map((r) => r.session)).size).toBe(SESSIONS);
    for (const { i, session, body } of results) expect(body.result.content[0]!.text).toBe(`client-${i} in ${session}`);
    expect(listener.handler.sessionIds).toHaveLength(SESSIONS);
  });
});
