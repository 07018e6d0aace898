/**
 * How a conformance result reads in a vitest failure: the check, the version, what went wrong, and where the
 * specification says so. Shared by `toPassConformance` and `describeConformance`, so both say the same thing.
 */
import type { CheckResult, RunReport } from '../conformance/run-report.js';

/** `lifecycle/initialize-result-valid (2025-11-25)`, or the bare id for checks that run once per target. */
export function nameOfResult(result: Pick<CheckResult, 'id' | 'protocolVersion'>): string {
  return result.protocolVersion ? `${result.id} (${result.protocolVersion})` : result.id;
}

/** One result as two lines: `<status> <id> (<version>): <message>` and the specification link under it. */
export function describeResult(result: CheckResult): string {
  const message = result.message ?? 'no message';
  return `${result.status} ${nameOfResult(result)}: ${message}\n    ${result.spec}`;
}

/**
 * The results that make a run fail, in report order: failures and errors not expected by a baseline, and warnings
 * when the run is strict (the same rule as `exitCodeOf`).
 */
export function failingResults(report: RunReport): CheckResult[] {
  return report.results.filter(
    (r) => r.expected !== 'failure' && (r.status === 'failed' || r.status === 'errored' || (report.strict === true && r.status === 'warned')),
  );
}
