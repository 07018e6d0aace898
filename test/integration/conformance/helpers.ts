/** Runs the conformance engine in-process against a fixture server of test/fixtures/conformance. */
import { join } from 'node:path';
import { ALL_CHECKS } from '../../../src/conformance/checks/index.js';
import { runConformance, type RunConformanceOptions } from '../../../src/conformance/run-conformance.js';
import type { CheckResult, RunReport } from '../../../src/conformance/run-report.js';
import { selectChecks } from '../../../src/conformance/select-checks.js';
import { createStdioTarget } from '../../../src/conformance/stdio-target.js';

export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'conformance');

/** The command line that starts a fixture. */
export function fixtureCommand(name: string): string {
  return `${JSON.stringify(process.execPath)} ${JSON.stringify(join(FIXTURES, `${name}.mjs`))}`;
}

/** Runs the named checks against a fixture. */
export async function runAgainst(
  fixture: string,
  checks: readonly string[],
  options: Partial<Omit<RunConformanceOptions, 'target' | 'checks' | 'toolVersion'>> = {},
): Promise<RunReport> {
  return runConformance({
    target: createStdioTarget({ command: fixtureCommand(fixture), closeStdinGraceMs: 200, sigtermGraceMs: 500 }),
    checks: selectChecks(ALL_CHECKS, { checks }),
    protocolVersion: '2025-11-25',
    toolVersion: '0.0.0-test',
    ...options,
  });
}

/** The one result of a check in a report. */
export function resultOf(report: RunReport, id: string): CheckResult {
  const found = report.results.filter((r) => r.id === id);
  if (found.length !== 1) throw new Error(`expected one result for ${id}, got ${found.length}: ${JSON.stringify(report.results.map((r) => r.id))}`);
  return found[0]!;
}
