/**
 * useMockServer: started before the suite, reset after each test, closed after the suite (the port refuses
 * connections, no session is left, the handle says it is closed).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport as SdkTransport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { defineMockServer } from '../../../src/mocks/define-mock-server.js';
import { mcp } from '../../../src/mocks/handlers.js';
import type { MockServer } from '../../../src/mocks/define-mock-server.js';
import { useMockServer, type HttpMockServerHandle, type InProcessMockServerHandle } from '../../../src/vitest/index.js';

const weather = mcp.tool('get_weather', { type: 'object', properties: { city: { type: 'string' } } }, ({ city }) => `Sunny in ${String(city)}`);

let httpHandle: HttpMockServerHandle | undefined;
let httpUrl = '';
let httpServer: MockServer | undefined;

describe('over http', () => {
  const mock = useMockServer({ tools: [weather] }, { transport: 'http' });
  httpHandle = mock;

  it('serves on a loopback port, and an override applies to this test only', async () => {
    httpUrl = mock.url;
    httpServer = mock.server;
    expect(mock.url).toBe(`http://127.0.0.1:${mock.port}/mcp`);
    mock.server.use(mcp.tool('get_weather', { type: 'object' }, () => 'Storm'));
    const client = new Client({ name: 'lifecycle-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(mock.url)));
    const result = await client.callTool({ name: 'get_weather', arguments: { city: 'Oslo' } });
    expect(result.content).toEqual([{ type: 'text', text: 'Storm' }]);
    expect(mock).toHaveReceivedRequest('tools/call', { name: 'get_weather', arguments: { city: 'Oslo' } });
    await client.close();
  });

  it('starts the next test with the original handlers and no recordings', async () => {
    expect(mock.server.recorded).toEqual([]);
    const client = new Client({ name: 'lifecycle-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(mock.url)));
    const result = await client.callTool({ name: 'get_weather', arguments: { city: 'Oslo' } });
    expect(result.content).toEqual([{ type: 'text', text: 'Sunny in Oslo' }]);
    expect(mock).toHaveReceivedRequestTimes('tools/call', 1);
    await client.close();
  });
});

describe('after the http suite', () => {
  it('left nothing running: the port refuses connections and no session is open', async () => {
    expect(httpUrl).not.toBe('');
    await expect(fetch(httpUrl, { method: 'POST', body: '{}', signal: AbortSignal.timeout(2_000) })).rejects.toThrow('fetch failed');
    expect(httpServer!.sessions.size).toBe(0);
    expect(() => httpHandle!.url).toThrow(
      "[mcp-conform] Failed to read the mock server's url: the suite has not started it yet (or has already closed it). Read it inside a test or a hook (beforeAll, beforeEach), not while the tests are collected.",
    );
  });
});

let memoryHandle: InProcessMockServerHandle | undefined;
const made: Array<{ send: (m: never) => Promise<void> }> = [];
let memoryServer: MockServer | undefined;

describe('in process, from a factory', () => {
  const mock = useMockServer(() => defineMockServer({ tools: [weather] }));
  memoryHandle = mock;

  it('connects a client through createTransport', async () => {
    memoryServer = mock.server;
    const transport = mock.createTransport();
    made.push(transport as never);
    const client = new Client({ name: 'lifecycle-test', version: '1.0.0' });
    await client.connect(transport as unknown as SdkTransport);
    await client.listTools();
    expect(mock).toHaveReceivedRequest('tools/list');
    expect(mock.server.sessions.size).toBe(1);
  });

  it('closed the previous test\'s transport and its session', async () => {
    expect(mock.server.sessions.size).toBe(0);
    await expect(made[0]!.send({ jsonrpc: '2.0', method: 'ping', id: 1 } as never)).rejects.toThrow('the in-memory transport is closed');
  });
});

describe('after the in-process suite', () => {
  it('closed the server and refuses to hand it out', () => {
    expect(memoryServer!.sessions.size).toBe(0);
    expect(() => memoryHandle!.server).toThrow("[mcp-conform] Failed to read the mock server's server: the suite has not started it yet");
  });
});

describe('while tests are collected', () => {
  const mock = useMockServer({});
  const early = (() => {
    try {
      return mock.createTransport();
    } catch (error) {
      return (error as Error).message;
    }
  })();

  it('the handle says it is not started yet', () => {
    expect(early).toBe(
      "[mcp-conform] Failed to read the mock server's transport: the suite has not started it yet (or has already closed it). Read it inside a test or a hook (beforeAll, beforeEach), not while the tests are collected.",
    );
  });
});
