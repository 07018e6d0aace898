/**
 * The 2026-07-28 wire over stdio, byte for byte: no handshake, `_meta` on every request, `server/discover`,
 * per-request logging, `subscriptions/listen` ended by `notifications/cancelled`.
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { defineMockServer, mcp, serveStdio, type StdioMock } from '../../../src/mocks/index.js';

const META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
};

let running: StdioMock | undefined;
afterEach(async () => {
  await running?.close();
});

function start() {
  const server = defineMockServer({
    protocolVersions: ['2026-07-28'],
    tools: [mcp.tool('work', undefined, (_a, ctx) => { ctx.log('info', 'working'); ctx.log('debug', 'details'); return 'done'; })],
  });
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const lines: unknown[] = [];
  let buffer = '';
  stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const part of parts) lines.push(JSON.parse(part));
  });
  running = serveStdio(server, { stdin, stdout, stderr: new PassThrough() });
  const send = (message: unknown) => stdin.write(`${JSON.stringify(message)}\n`);
  return { server, lines, send };
}

describe('stdio mock on the 2026-07-28 wire', () => {
  it('answers server/discover and a call with its opted-in logs, without initialize', async () => {
    const { lines, send } = start();
    send({ jsonrpc: '2.0', id: 1, method: 'server/discover', params: { _meta: META } });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'work', arguments: {}, _meta: { ...META, 'io.modelcontextprotocol/logLevel': 'info' } } });
    await expect.poll(() => lines.length).toBe(3);
    // The two requests run concurrently; within the call, its log comes before its response.
    const byId = (id: number) => lines.findIndex((l) => (l as { id?: number }).id === id);
    expect(lines[byId(1)]).toMatchObject({ result: { resultType: 'complete', supportedVersions: ['2026-07-28'], ttlMs: 0, cacheScope: 'private' } });
    const log = lines.findIndex((l) => (l as { method?: string }).method === 'notifications/message');
    expect(lines[log]).toEqual({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'working' } });
    expect(log).toBeLessThan(byId(2));
    expect(lines[byId(2)]).toMatchObject({ result: { resultType: 'complete', content: [{ type: 'text', text: 'done' }] } });
  });

  it('refuses initialize with -32022 when it speaks only 2026-07-28', async () => {
    const { lines, send } = start();
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'old', version: '1' } } });
    await expect.poll(() => lines.length).toBe(1);
    expect(lines[0]).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32022, message: 'Unsupported protocol version', data: { supported: ['2026-07-28'], requested: '2025-11-25' } },
    });
  });

  it('streams list_changed on a subscriptions/listen request until the client cancels it', async () => {
    const { server, lines, send } = start();
    send({ jsonrpc: '2.0', id: 'listen-1', method: 'subscriptions/listen', params: { notifications: { toolsListChanged: true }, _meta: META } });
    await expect.poll(() => lines.length).toBe(1);
    server.notifyToolsListChanged();
    await expect.poll(() => lines.length).toBe(2);
    expect(lines[1]).toEqual({ jsonrpc: '2.0', method: 'notifications/tools/list_changed', params: { _meta: { 'io.modelcontextprotocol/subscriptionId': 'listen-1' } } });
    send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'listen-1' } });
    await server.waitForNotification('notifications/cancelled');
    server.notifyToolsListChanged();
    await new Promise((r) => setTimeout(r, 20));
    expect(lines).toHaveLength(2);
  });
});
