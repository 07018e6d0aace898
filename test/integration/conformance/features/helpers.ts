/** Runs feature checks in-process against a fixture server of test/fixtures/conformance/features. */
import { join } from 'node:path';
import { ALL_CHECKS } from '../../../../src/conformance/checks/index.js';
import { runConformance, type RunConformanceOptions } from '../../../../src/conformance/run-conformance.js';
import type { CheckResult, RunReport } from '../../../../src/conformance/run-report.js';
import { selectChecks } from '../../../../src/conformance/select-checks.js';
import { createStdioTarget } from '../../../../src/conformance/stdio-target.js';

export const FEATURE_FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'conformance', 'features');

/** The command line that starts a feature fixture. */
export function featureFixture(name: string): string {
  return `${JSON.stringify(process.execPath)} ${JSON.stringify(join(FEATURE_FIXTURES, `${name}.mjs`))}`;
}

/** The profile the compliant fixture supports. */
export const FIXTURE_PROFILE = {
  calls: [
    { tool: 'echo', arguments: { text: 'héllo 世界' } },
    { tool: 'add', arguments: { a: 2, b: 3 } },
  ],
  slow: { tool: 'slow', arguments: { ms: 900 }, progress: true },
  prompts: [{ name: 'greet', arguments: { who: 'x' } }],
  resources: ['test://text'],
};

/** Runs the named checks against a feature fixture (in 2025-11-25 unless told). */
export async function runFeature(
  fixture: string,
  checks: readonly string[],
  options: Partial<Omit<RunConformanceOptions, 'target' | 'checks' | 'toolVersion'>> = {},
): Promise<RunReport> {
  return runConformance({
    target: createStdioTarget({ command: featureFixture(fixture), closeStdinGraceMs: 200, sigtermGraceMs: 500 }),
    checks: selectChecks(ALL_CHECKS, { checks }),
    protocolVersion: '2025-11-25',
    profile: FIXTURE_PROFILE,
    toolVersion: '0.0.0-test',
    ...options,
  });
}

/** The one result of a check in a report. */
export function resultOf(report: RunReport, id: string): CheckResult {
  const found = report.results.filter((r) => r.id === id);
  if (found.length !== 1) throw new Error(`expected one result for ${id}, got ${found.length}: ${JSON.stringify(report.results.map((r) => `${r.id}@${r.protocolVersion}`))}`);
  return found[0]!;
}

/** One line per result that did not pass, for readable failures. */
export function notPassed(report: RunReport): string[] {
  return report.results.filter((r) => r.status !== 'passed').map((r) => `${r.id}@${r.protocolVersion ?? 'once'}: ${r.status} ${r.message}`);
}
