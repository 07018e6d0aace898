import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../../src/conformance/run-report.js';
import { resultOf, runFeature } from './features/helpers.js';

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
