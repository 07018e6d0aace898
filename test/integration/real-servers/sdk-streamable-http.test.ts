/**
 * A server built with the reference SDK's McpServer (test/fixtures/real-servers/sdk-http-server.ts) over Streamable
 * HTTP, stateful and stateless, JSON and SSE responses, every version it accepts. Every verdict that is not a pass is
 * pinned, so a change in either the SDK or a check is seen; examples/verdicts-section.md gives the sentence of the
 * specification behind each.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTarget } from '../../../src/conformance/network-target.js';
import type { SdkHttpServer } from '../../fixtures/http/sdk-servers.js';
import { startSdkHttpServer } from '../../fixtures/real-servers/sdk-http-server.js';
import { LEGACY, at, expectVerdicts, runAll } from './helpers.js';

const PROFILE = {
  calls: [
    { tool: 'echo', arguments: { message: 'hi' } },
    { tool: 'add', arguments: { a: 1, b: 2 } },
  ],
  prompts: [{ name: 'greet' }, { name: 'summarize', arguments: { topic: 'MCP' } }],
  resources: ['memo://readme', 'memo://notes/7'],
};

let server: SdkHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** What every mode of the SDK server gets. */
const COMMON = [
  ...at('http-security/foreign-origin-rejected', 'failed', LEGACY),
  ...at('tasks/ignored-when-undeclared', 'failed', ['2025-11-25']),
  ...at('jsonrpc/invalid-params', 'warned', LEGACY),
  ...at('jsonrpc/server-messages-valid', 'warned', ['2025-03-26', '2025-06-18', '2025-11-25']),
  ...at('pagination/invalid-cursor', 'warned', LEGACY),
  ...at('tools/unknown-tool-error', 'warned', LEGACY),
  ...at('tools/malformed-call-error', 'warned', LEGACY),
  ...at('resources/not-found-error', 'warned', LEGACY),
  ...at('jsonrpc-envelope/error-messages-concise', 'warned', ['2025-11-25']),
];

/** What only stateful servers get (sessions). */
const STATEFUL = [
  ...at('http-session/delete-then-404', 'failed', ['2025-03-26', '2025-06-18', '2025-11-25']),
  ...at('http-session/unknown-id-404', 'warned', ['2025-03-26', '2025-06-18', '2025-11-25']),
];

/** What only SSE responses get. */
const SSE = at('http-stream/polling-priming-and-retry', 'warned', ['2025-11-25']);

describe('an SDK McpServer over Streamable HTTP', () => {
  it.each([
    { name: 'stateful, JSON responses', stateful: true, json: true, expected: [...COMMON, ...STATEFUL] },
    { name: 'stateful, SSE responses', stateful: true, json: false, expected: [...COMMON, ...STATEFUL, ...SSE] },
    { name: 'stateless, JSON responses', stateful: false, json: true, expected: COMMON },
    { name: 'stateless, SSE responses', stateful: false, json: false, expected: [...COMMON, ...SSE] },
  ])('$name', async ({ stateful, json, expected }) => {
    server = await startSdkHttpServer({ stateful, json });
    const report = await runAll(await createHttpTarget({ url: server.url, transport: 'streamable-http' }), PROFILE);
    expectVerdicts(report, expected);
    // A server that requires sessions answers a ping without Mcp-Session-Id with 400, as the transport asks: nothing to judge.
    expect(report.results.find((r) => r.id === 'lifecycle/ping-before-initialize')).toMatchObject(
      stateful
        ? { status: 'skipped', message: expect.stringContaining('the server requires a session') }
        : { status: 'passed' },
    );
  }, 60_000);
});
