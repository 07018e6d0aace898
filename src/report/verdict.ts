/**
 * The verdict of a run, in words every format shares: the same rule as the exit code (`exitCodeOf`), with the
 * reasons a person needs to read first.
 */
import { exitCodeOf, type RunReport } from '../conformance/run-report.js';

/** The verdict of a run and why. */
export interface RunVerdict {
  /** `passed`: exit code 0; `failed`: exit code 1. */
  outcome: 'passed' | 'failed';
  /** Short reasons, most serious first (`2 failed`, `1 errored`, `1 stale baseline entry`, …). */
  reasons: string[];
  /** Failed checks a baseline expects (they do not fail the run). */
  expectedFailures: number;
}

/** Pluralizes a count with its noun (`1 check`, `2 checks`). */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** The verdict of a run, by the rule of the exit code. */
export function verdictOf(report: RunReport): RunVerdict {
  let failed = 0;
  let errored = 0;
  let warned = 0;
  let expectedFailures = 0;
  for (const result of report.results) {
    if (result.expected === 'failure' && (result.status === 'failed' || result.status === 'errored')) expectedFailures += 1;
    else if (result.status === 'failed') failed += 1;
    else if (result.status === 'errored') errored += 1;
    else if (result.status === 'warned') warned += 1;
  }
  const stale = report.staleBaseline?.length ?? 0;
  const reasons: string[] = [];
  if (failed > 0) reasons.push(`${failed} failed`);
  if (errored > 0) reasons.push(`${errored} errored`);
  if (warned > 0) reasons.push(`${plural(warned, 'warning')}${report.strict === true ? ' (strict)' : ''}`);
  if (stale > 0) reasons.push(plural(stale, 'stale baseline entry', 'stale baseline entries'));
  if (expectedFailures > 0) reasons.push(plural(expectedFailures, 'expected failure'));
  return { outcome: exitCodeOf(report) === 0 ? 'passed' : 'failed', reasons, expectedFailures };
}
