/** Runs every check, every version a real server accepts, in-process, and summarizes the verdicts that did not pass. */
import { ALL_CHECKS } from '../../../src/conformance/checks/index.js';
import { runConformance } from '../../../src/conformance/run-conformance.js';
import type { RunReport } from '../../../src/conformance/run-report.js';
import type { Profile } from '../../../src/conformance/profile.js';
import type { ConformanceTarget } from '../../../src/conformance/target.js';

/** Runs the whole catalogue of checks, every version the server accepts (the CLI's default). */
export function runAll(target: ConformanceTarget, profile: Profile): Promise<RunReport> {
  return runConformance({ target, checks: ALL_CHECKS, protocolVersion: 'all', profile, toolVersion: '0.0.0-test' });
}

/** `id@version status` for every result that neither passed nor was skipped, sorted. */
export function verdicts(report: RunReport): string[] {
  return report.results
    .filter((r) => r.status !== 'passed' && r.status !== 'skipped')
    .map((r) => `${r.id}@${r.protocolVersion ?? '-'} ${r.status}`)
    .sort();
}

/** `id@version` for each of the given versions. */
export function at(id: string, status: 'failed' | 'warned', versions: readonly string[]): string[] {
  return versions.map((v) => `${id}@${v} ${status}`);
}

/** The four versions that use the initialize handshake. */
export const LEGACY = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'] as const;
