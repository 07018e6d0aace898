/** The matchers, on a mock that a real client (the TypeScript SDK) talked to: messages asserted word for word. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport as SdkTransport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../../src/conformance/run-report.js';
import { mcp } from '../../../src/mocks/handlers.js';
import { useMockServer } from '../../../src/vitest/index.js';

/** The message of the assertion error `run` throws (fails the test when it throws none). */
function failureOf(run: () => void): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the assertion to fail, but it passed');
}

describe('message matchers', () => {
  const mock = useMockServer({
    tools: [mcp.tool('echo', { type: 'object', properties: { text: { type: 'string' } } }, ({ text }) => String(text))],
  });

  async function connect(): Promise<Client> {
    const client = new Client({ name: 'matcher-test', version: '1.0.0' });
    // Our Transport is the SDK's contract, typed with our own message types.
    await client.connect(mock.createTransport() as unknown as SdkTransport);
    return client;
  }

  it('toHaveReceivedRequest passes on a matching request, with a subset of its params or asymmetric matchers', async () => {
    const client = await connect();
    await client.callTool({ name: 'echo', arguments: { text: 'hi' } });
    expect(mock).toHaveReceivedRequest('tools/call');
    expect(mock.server).toHaveReceivedRequest('tools/call', { name: 'echo' });
    expect(mock).toHaveReceivedRequest('tools/call', { arguments: { text: expect.stringContaining('h') } });
    expect(mock).not.toHaveReceivedRequest('tools/call', { name: 'other' });
  });

  it('toHaveReceivedRequest lists the requests of that method when none matched', async () => {
    const client = await connect();
    await client.callTool({ name: 'echo', arguments: { text: 'hi' } });
    expect(failureOf(() => expect(mock).toHaveReceivedRequest('tools/call', { name: 'other' }))).toBe(
      'expected the mock server to have received a "tools/call" request with params matching {"name":"other"}, but none of its 1 "tools/call" request matched:\n  1. {"name":"echo","arguments":{"text":"hi"}}',
    );
    expect(failureOf(() => expect(mock).toHaveReceivedRequest('tools/call', { name: expect.stringContaining('x') }))).toBe(
      'expected the mock server to have received a "tools/call" request with params matching {"name":StringContaining \"x\"}, but none of its 1 "tools/call" request matched:\n  1. {"name":"echo","arguments":{"text":"hi"}}',
    );
  });

  it('toHaveReceivedRequest names the methods received when none was of that method', async () => {
    await connect();
    expect(failureOf(() => expect(mock).toHaveReceivedRequest('prompts/get'))).toBe(
      'expected the mock server to have received a "prompts/get" request, but it received none (requests it received: initialize)',
    );
  });

  it('recordings and transports are reset between tests', () => {
    expect(mock.server.recorded).toEqual([]);
    expect(mock.server.sessions.size).toBe(0);
    expect(failureOf(() => expect(mock).toHaveReceivedRequest('initialize'))).toBe(
      'expected the mock server to have received a "initialize" request, but it received none (it received no request)',
    );
  });

  it('.not.toHaveReceivedRequest lists the requests that matched', async () => {
    const client = await connect();
    await client.callTool({ name: 'echo', arguments: { text: 'a' } });
    await client.callTool({ name: 'echo', arguments: { text: 'b' } });
    expect(failureOf(() => expect(mock).not.toHaveReceivedRequest('tools/call', { name: 'echo' }))).toBe(
      'expected the mock server not to have received a "tools/call" request with params matching {"name":"echo"}, but it received 2:\n  1. {"name":"echo","arguments":{"text":"a"}}\n  2. {"name":"echo","arguments":{"text":"b"}}',
    );
  });

  it('toHaveReceivedRequestTimes counts the matching requests', async () => {
    const client = await connect();
    await client.callTool({ name: 'echo', arguments: { text: 'a' } });
    await client.callTool({ name: 'echo', arguments: { text: 'b' } });
    expect(mock).toHaveReceivedRequestTimes('tools/call', 2);
    expect(mock).toHaveReceivedRequestTimes('tools/call', 1, { arguments: { text: 'b' } });
    expect(mock).toHaveReceivedRequestTimes('prompts/get', 0);
    expect(failureOf(() => expect(mock).toHaveReceivedRequestTimes('tools/call', 3, { name: 'echo' }))).toBe(
      'expected the mock server to have received 3 "tools/call" requests with params matching {"name":"echo"}, but it received 2:\n  1. {"name":"echo","arguments":{"text":"a"}}\n  2. {"name":"echo","arguments":{"text":"b"}}',
    );
    expect(failureOf(() => expect(mock).toHaveReceivedRequestTimes('ping', 1))).toBe(
      'expected the mock server to have received 1 "ping" request, but it received 0',
    );
    expect(failureOf(() => expect(mock).not.toHaveReceivedRequestTimes('tools/call', 2))).toBe(
      'expected the mock server not to have received 2 "tools/call" requests, but it did:\n  1. {"name":"echo","arguments":{"text":"a"}}\n  2. {"name":"echo","arguments":{"text":"b"}}',
    );
    expect(() => expect(mock).toHaveReceivedRequestTimes('ping', -1)).toThrow(
      '[mcp-conform] Failed to use toHaveReceivedRequestTimes: times must be a non-negative integer (got -1). Pass how many requests you expect, e.g. 2.',
    );
  });

  it('toHaveReceivedNotification sees notifications, not requests', async () => {
    await connect();
    expect(mock).toHaveReceivedNotification('notifications/initialized');
    expect(failureOf(() => expect(mock).toHaveReceivedNotification('notifications/cancelled', { requestId: 1 }))).toBe(
      'expected the mock server to have received a "notifications/cancelled" notification with params matching {"requestId":1}, but it received none (notifications it received: notifications/initialized)',
    );
    expect(failureOf(() => expect(mock).not.toHaveReceivedNotification('notifications/initialized'))).toBe(
      'expected the mock server not to have received a "notifications/initialized" notification, but it received 1:\n  1. {}',
    );
    expect(failureOf(() => expect(mock).toHaveReceivedNotification('initialize'))).toBe(
      'expected the mock server to have received a "initialize" notification, but it received none (notifications it received: notifications/initialized)',
    );
  });

  it('works as an asymmetric matcher, and its arguments are typed', async () => {
    const client = await connect();
    await client.callTool({ name: 'echo', arguments: { text: 'hi' } });
    expect({ upstream: mock.server }).toEqual({ upstream: expect.toHaveReceivedRequest('tools/call', { name: 'echo' }) });
    expect({ upstream: mock.server }).not.toEqual({ upstream: expect.toHaveReceivedRequest('prompts/get') });
    // @ts-expect-error: how many times is required
    expect(() => expect(mock).toHaveReceivedRequestTimes('tools/call')).toThrow('times must be a non-negative integer (got undefined)');
    // @ts-expect-error: params is an object
    expect(() => expect(mock).toHaveReceivedRequest('tools/call', 'echo')).toThrow();
  });

  it('says what it got when given something that is not a mock server', () => {
    expect(() => expect({ url: 'x' }).toHaveReceivedRequest('ping')).toThrow(
      '[mcp-conform] Failed to use toHaveReceivedRequest: the value is not a mock server (got an object without recorded messages). Pass a server made by defineMockServer, or the handle useMockServer returns.',
    );
  });
});

const result = (id: string, status: RunReport['results'][number]['status'], message: string, extra: Partial<RunReport['results'][number]> = {}) => ({
  id,
  title: id,
  suite: id.split('/')[0]!,
  level: 'MUST' as const,
  status,
  protocolVersion: '2025-11-25' as const,
  transport: 'stdio' as const,
  requirements: [],
  spec: `https://modelcontextprotocol.io/specification/2025-11-25/${id}`,
  durationMs: 1,
  message,
  evidence: [],
  ...extra,
});

function reportOf(results: RunReport['results'], extra: Partial<RunReport> = {}): RunReport {
  const summary = { total: results.length, passed: 0, failed: 0, warned: 0, skipped: 0, errored: 0 };
  for (const r of results) summary[r.status] += 1;
  return {
    schemaVersion: 1,
    tool: { name: 'mcp-conform', version: '0.0.0' },
    target: { transport: 'stdio', command: 'server' },
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    server: { protocolVersions: ['2025-11-25'] },
    summary,
    results,
    ...extra,
  };
}

describe('toPassConformance', () => {
  const passing = reportOf([
    result('ping/responds-empty', 'passed', 'ok'),
    result('logging/set-level', 'warned', 'no log'),
    result('tools/list', 'skipped', 'no tools capability'),
    result('tools/call', 'failed', 'known bug', { expected: 'failure' }),
  ]);

  it('passes when nothing failed or errored outside the baseline (warnings allowed)', () => {
    expect(passing).toPassConformance();
    expect(failureOf(() => expect(passing).not.toPassConformance())).toBe(
      'expected the conformance run not to pass, but it did (1 passed, 1 warned, 1 skipped, 1 failed, 0 errored)',
    );
  });

  it('lists each failing check with its version, message and specification link', () => {
    const failing = reportOf([
      result('ping/responds-empty', 'failed', 'ping got {"pong":true}, not an empty result'),
      result('lifecycle/initialize', 'errored', 'the harness broke', { protocolVersion: undefined }),
      result('tools/list', 'passed', 'ok'),
    ]);
    expect(failing).not.toPassConformance();
    expect(failureOf(() => expect(failing).toPassConformance())).toBe(
      'expected the conformance run to pass, but 2 of 3 results failed it (1 passed, 0 warned, 0 skipped, 1 failed, 1 errored):' +
        '\n  failed ping/responds-empty (2025-11-25): ping got {"pong":true}, not an empty result' +
        '\n    https://modelcontextprotocol.io/specification/2025-11-25/ping/responds-empty' +
        '\n  errored lifecycle/initialize: the harness broke' +
        '\n    https://modelcontextprotocol.io/specification/2025-11-25/lifecycle/initialize',
    );
  });

  it('fails a strict run on warnings, and any run on a stale baseline entry', () => {
    const strict = reportOf([result('logging/set-level', 'warned', 'no log')], { strict: true });
    expect(failureOf(() => expect(strict).toPassConformance())).toBe(
      'expected the conformance run to pass, but 1 of 1 results failed it (0 passed, 1 warned, 0 skipped, 0 failed, 0 errored):' +
        '\n  warned logging/set-level (2025-11-25): no log\n    https://modelcontextprotocol.io/specification/2025-11-25/logging/set-level',
    );
    const stale = reportOf([result('ping/responds-empty', 'passed', 'ok', { expected: 'stale' })], { staleBaseline: ['ping/responds-empty'] });
    expect(failureOf(() => expect(stale).toPassConformance())).toBe(
      'expected the conformance run to pass, but 0 of 1 results failed it (1 passed, 0 warned, 0 skipped, 0 failed, 0 errored):' +
        '\n  stale baseline entry ping/responds-empty: it passes now, remove it from the baseline',
    );
  });

  it('says what it got when given something that is not a report', () => {
    expect(() => expect([]).toPassConformance()).toThrow(
      '[mcp-conform] Failed to use toPassConformance: the value is not a RunReport (got an array). Pass what runConformance returns.',
    );
  });
});

describe('with resetAfterEach: false', () => {
  const mock = useMockServer({}, { resetAfterEach: false });

  it('keeps what a test recorded (1 of 2)', async () => {
    const client = new Client({ name: 'keep-test', version: '1.0.0' });
    await client.connect(mock.createTransport() as unknown as SdkTransport);
    expect(mock).toHaveReceivedRequestTimes('initialize', 1);
  });

  it('keeps what a test recorded (2 of 2)', () => {
    expect(mock).toHaveReceivedRequestTimes('initialize', 1);
  });
});
