/**
 * Results grouped the way people read a report: by suite (in the order the run met them), then by protocol version
 * (oldest first; checks that ran before any version was negotiated come first), each group with its counts.
 */
import { CHECK_STATUSES, type CheckResult, type CheckStatus, type RunSummary } from '../conformance/run-report.js';

/** The label of results that ran before any version was negotiated. */
export const NO_VERSION_LABEL = 'any version';

/** The results of one suite in one protocol version. */
export interface VersionGroup {
  /** The protocol version, or `undefined` for checks that ran before negotiation. */
  version: string | undefined;
  results: CheckResult[];
  counts: RunSummary;
}

/** The results of one suite. */
export interface SuiteGroup {
  suite: string;
  versions: VersionGroup[];
  counts: RunSummary;
}

/** Counts results per status. */
export function countStatuses(results: readonly CheckResult[]): RunSummary {
  const counts: RunSummary = { total: 0, passed: 0, failed: 0, warned: 0, skipped: 0, errored: 0 };
  for (const result of results) {
    counts.total += 1;
    if ((CHECK_STATUSES as readonly string[]).includes(result.status)) counts[result.status as CheckStatus] += 1;
  }
  return counts;
}

/** Groups results by suite, then by version; the order inside a group is the run's order. */
export function groupResults(results: readonly CheckResult[]): SuiteGroup[] {
  const suites = new Map<string, Map<string | undefined, CheckResult[]>>();
  for (const result of results) {
    let versions = suites.get(result.suite);
    if (versions === undefined) suites.set(result.suite, (versions = new Map()));
    const list = versions.get(result.protocolVersion);
    if (list === undefined) versions.set(result.protocolVersion, [result]);
    else list.push(result);
  }
  return [...suites].map(([suite, versions]) => {
    const groups = [...versions]
      .sort(([a], [b]) => (a === b ? 0 : a === undefined ? -1 : b === undefined ? 1 : a < b ? -1 : 1))
      .map(([version, list]) => ({ version, results: list, counts: countStatuses(list) }));
    return { suite, versions: groups, counts: countStatuses(groups.flatMap((g) => g.results)) };
  });
}

/** The label of a result's version: the version, or {@link NO_VERSION_LABEL}. */
export function versionLabel(version: string | undefined): string {
  return version ?? NO_VERSION_LABEL;
}

/** Whether a result needs attention: a failure or error (expected or not), or a warning. */
export function needsAttention(result: CheckResult): boolean {
  return result.status === 'failed' || result.status === 'errored' || result.status === 'warned';
}

/** The order in which problems are listed: unexpected failures, errors, warnings, then expected failures. */
export function problemRank(result: CheckResult): number {
  if (result.expected === 'failure' && (result.status === 'failed' || result.status === 'errored')) return 3;
  return result.status === 'failed' ? 0 : result.status === 'errored' ? 1 : result.status === 'warned' ? 2 : 4;
}

/** Results that need attention, most serious first (stable within a rank). */
export function problemsOf(results: readonly CheckResult[]): CheckResult[] {
  return results
    .map((result, index) => ({ result, index }))
    .filter(({ result }) => needsAttention(result))
    .sort((a, b) => problemRank(a.result) - problemRank(b.result) || a.index - b.index)
    .map(({ result }) => result);
}
