import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../../src/conformance/run-report.js';
import { join } from 'node:path';
import { ALL_CHECKS } from '../../../src/conformance/checks/index.js';
import { runConformance } from '../../../src/conformance/run-conformance.js';
import { createStdioTarget } from '../../../src/conformance/stdio-target.js';
import { resultOf, runFeature } from './features/helpers.js';

const EVERYTHING = join(import.meta.dirname, '..', '..', '..', 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');

/** Checks that share lanes with jsonrpc/server-messages-valid, so that the traffic it judges is spread over sessions. */
const CHECKS = [
  'jsonrpc/server-messages-valid',
  'tools/call-results-valid',
  'tools/list-valid',
  'tools/names',
  'prompts/list-valid',
  'resources/list-valid',
  'ping/responds-empty',
  'logging/set-level',
];

const verdicts = (report: RunReport) => report.results.map((r) => `${r.id}@${r.protocolVersion ?? 'once'}: ${r.status} ${r.message}`).sort();

describe('verdicts do not depend on scheduling', () => {
  it('two runs against the same target give the same statuses and messages, and a later content type is graded alike by both checks', async () => {
    const [first, second] = await Promise.all([
      runFeature('resource-link-in-old-versions', CHECKS, { protocolVersion: 'all' }),
      runFeature('resource-link-in-old-versions', CHECKS, { protocolVersion: 'all', concurrency: 1 }),
    ]);
    expect(verdicts(second)).toEqual(verdicts(first));
    for (const version of ['2024-11-05', '2025-03-26'] as const) {
      const messages = first.results.find((r) => r.id === 'jsonrpc/server-messages-valid' && r.protocolVersion === version)!;
      const calls = first.results.find((r) => r.id === 'tools/call-results-valid' && r.protocolVersion === version)!;
      expect(calls.status).toBe('warned');
      expect(messages.status).toBe('warned');
      expect(messages.message).toContain('the response to tools/call: result.content[1]');
      expect(messages.message).toContain('(valid in 2025-06-18; "Respect the negotiated protocol version" is a SHOULD before 2025-06-18)');
    }
    for (const version of ['2025-06-18', '2025-11-25'] as const) {
      expect(first.results.find((r) => r.id === 'jsonrpc/server-messages-valid' && r.protocolVersion === version)!.status).toBe('passed');
    }
  });

  it('server-messages-valid judges the traffic of every session of its version, not only its own lane', async () => {
    // tools/call-results-valid provokes the resource_link; whichever lane it runs in, the judge sees it.
    const report = await runFeature('resource-link-in-old-versions', ['jsonrpc/server-messages-valid', 'tools/call-results-valid', 'tools/names'], { protocolVersion: '2025-03-26' });
    expect(resultOf(report, 'jsonrpc/server-messages-valid').status).toBe('warned');
  });
});

describe('against server-everything (stdio, every version it speaks)', () => {
  it('two runs give the same statuses, and resource_link before 2025-06-18 warns in both checks that see it', { timeout: 90_000 }, async () => {
    const run = () =>
      runConformance({
        target: createStdioTarget({ command: `${JSON.stringify(process.execPath)} ${JSON.stringify(EVERYTHING)} stdio` }),
        checks: ALL_CHECKS,
        profile: { calls: [{ tool: 'get-resource-links', arguments: { count: 2 } }, { tool: 'echo', arguments: { message: 'hi' } }] },
        toolVersion: '0.0.0-test',
      });
    const first = await run();
    const second = await run();
    // Counts of messages seen vary with the server's own timers (server-everything logs on a timer); statuses may not.
    const statuses = (report: RunReport) => report.results.map((r) => `${r.id}@${r.protocolVersion ?? 'once'}: ${r.status}`).sort();
    expect(statuses(second)).toEqual(statuses(first));
    for (const version of ['2024-11-05', '2025-03-26']) {
      for (const report of [first, second]) {
        const messages = report.results.find((r) => r.id === 'jsonrpc/server-messages-valid' && r.protocolVersion === version)!;
        expect(messages.status).toBe('warned');
        expect(messages.message).toContain('"resource_link" (valid in 2025-06-18');
        expect(report.results.find((r) => r.id === 'tools/call-results-valid' && r.protocolVersion === version)!.status).toBe('warned');
      }
    }
  });
});
