import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECK_STATUSES, exitCodeOf, summarize, type CheckResult, type RunReport } from '../conformance/run-report.js';
import { verdictOf } from './verdict.js';

function reportOf(results: CheckResult[], extra: Partial<RunReport> = {}): RunReport {
  return {
    schemaVersion: 1,
    tool: { name: 'mcp-conform', version: '0.1.0' },
    target: { transport: 'stdio', command: 'x' },
    startedAt: '2026-11-22T02:00:00.000Z',
    durationMs: 1,
    server: { protocolVersions: [] },
    summary: summarize(results),
    results,
    ...extra,
  };
}

const resultArbitrary = fc.record({
  status: fc.constantFrom(...CHECK_STATUSES),
  expected: fc.constantFrom(undefined, 'failure' as const, 'stale' as const),
}).map(({ status, expected }): CheckResult => ({
  id: 'a/b', title: 'b', suite: 'a', level: 'MUST', status, transport: 'stdio', requirements: [], spec: 'https://x.test', durationMs: 0, evidence: [], ...(expected ? { expected } : {}),
}));

describe('verdictOf', () => {
  it('agrees with the exit code, for any mix of results, baseline and strictness', () => {
    fc.assert(
      fc.property(fc.array(resultArbitrary, { maxLength: 12 }), fc.boolean(), fc.array(fc.string(), { maxLength: 2 }), (results, strict, stale) => {
        const report = reportOf(results, { strict, staleBaseline: stale });
        expect(verdictOf(report).outcome).toBe(exitCodeOf(report) === 0 ? 'passed' : 'failed');
      }),
    );
  });

  it('gives the reasons, most serious first', () => {
    const r = (status: CheckResult['status'], expected?: 'failure'): CheckResult => ({ id: 'a/b', title: 'b', suite: 'a', level: 'MUST', status, transport: 'stdio', requirements: [], spec: 'https://x.test', durationMs: 0, evidence: [], ...(expected ? { expected } : {}) });
    const verdict = verdictOf(reportOf([r('warned'), r('failed'), r('failed'), r('errored'), r('failed', 'failure'), r('passed')], { staleBaseline: ['x'], strict: true }));
    expect(verdict).toEqual({ outcome: 'failed', reasons: ['2 failed', '1 errored', '1 warning (strict)', '1 stale baseline entry', '1 expected failure'], expectedFailures: 1 });
    expect(verdictOf(reportOf([r('failed', 'failure'), r('warned'), r('warned')]))).toEqual({ outcome: 'passed', reasons: ['2 warnings', '1 expected failure'], expectedFailures: 1 });
  });
});
