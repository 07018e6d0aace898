import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../conformance/run-report.js';
import { groupResults, problemsOf } from './group-results.js';

function r(id: string, status: CheckResult['status'], protocolVersion?: CheckResult['protocolVersion'], expected?: 'failure'): CheckResult {
  return { id, title: id, suite: id.split('/')[0]!, level: 'MUST', status, transport: 'stdio', requirements: [], spec: 'https://x.test', durationMs: 0, evidence: [], ...(protocolVersion ? { protocolVersion } : {}), ...(expected ? { expected } : {}) };
}

describe('groupResults', () => {
  it('groups by suite in run order, then by version oldest first with version-less checks first', () => {
    const groups = groupResults([r('b/x', 'passed', '2025-11-25'), r('a/x', 'failed', '2025-06-18'), r('b/y', 'passed'), r('b/z', 'warned', '2024-11-05'), r('b/w', 'passed', '2025-11-25')]);
    expect(groups.map((g) => [g.suite, g.versions.map((v) => [v.version, v.results.map((x) => x.id)])])).toEqual([
      ['b', [[undefined, ['b/y']], ['2024-11-05', ['b/z']], ['2025-11-25', ['b/x', 'b/w']]]],
      ['a', [['2025-06-18', ['a/x']]]],
    ]);
    expect(groups[0]!.counts).toEqual({ total: 4, passed: 3, failed: 0, warned: 1, skipped: 0, errored: 0 });
  });
});

describe('problemsOf', () => {
  it('lists failures, then errors, then warnings, then expected failures', () => {
    const list = problemsOf([r('a/1', 'warned'), r('a/2', 'failed', undefined, 'failure'), r('a/3', 'errored'), r('a/4', 'passed'), r('a/5', 'failed'), r('a/6', 'skipped')]);
    expect(list.map((x) => x.id)).toEqual(['a/5', 'a/3', 'a/1', 'a/2']);
  });
});
