/**
 * The JUnit XML report, for CI systems: one `<testsuite>` per check suite and one `<testcase>` per check and protocol
 * version (`classname` = suite, the name carries the version). failed → `<failure>`, errored → `<error>`, skipped →
 * `<skipped>`; a warning passes with a `<system-out>` note; a baselined expected failure passes with a note; each stale
 * baseline entry is a failed case of a `baseline` suite, since it fails the run.
 */
import type { CheckResult, RunReport } from '../conformance/run-report.js';
import { describeEvidence } from './describe-evidence.js';
import { xmlAttribute, xmlText } from './escape-xml.js';
import { groupResults, versionLabel } from './group-results.js';
import { redactReport } from './redact-report.js';
import { rerunCommand } from './rerun-command.js';
import { truncateText } from './visible-text.js';

/** Options of {@link renderJunit}. */
export interface RenderJunitOptions {
  /** Longest frame or body quoted per wire event, in characters. @default 4000 */
  maxEvidenceChars?: number;
}

/** The `classname` of the cases that report stale baseline entries. */
export const JUNIT_BASELINE_SUITE = 'baseline';

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/**
 * The test case name: the check id with its version (`lifecycle/ping [2025-11-25]`), and its transport when it is not
 * the target's (`… [2025-11-25] (sse)`), so that no two cases of a run share a name.
 */
export function junitCaseName(result: Pick<CheckResult, 'id' | 'protocolVersion' | 'transport'>, targetTransport?: string): string {
  const transport = targetTransport === undefined || result.transport === targetTransport ? '' : ` (${result.transport})`;
  return `${result.id} [${versionLabel(result.protocolVersion)}]${transport}`;
}

function details(report: RunReport, result: CheckResult, options: RenderJunitOptions): string {
  const lines: string[] = [];
  if (result.message !== undefined && result.message !== '') lines.push(result.message, '');
  lines.push(`Check: ${result.id} (${result.level}) — ${result.title}`);
  lines.push(`Protocol: ${versionLabel(result.protocolVersion)} over ${result.transport}`);
  if (result.requirements.length > 0) lines.push(`Requirements: ${result.requirements.join(', ')}`);
  lines.push(`Specification: ${result.spec}`);
  lines.push(`Rerun: ${rerunCommand(report.target, result)}`);
  const events = describeEvidence(result.evidence, { maxBodyChars: options.maxEvidenceChars ?? 4000 });
  if (events.length > 0) {
    lines.push('', `Wire excerpt (${events.length} events):`);
    for (const event of events) {
      lines.push(`${event.arrow} #${event.seq} +${event.offsetMs.toFixed(2)}ms ${event.headline}`);
      if (event.note !== undefined) lines.push(`  ! ${event.note}`);
      if (event.body !== undefined && event.body !== '') lines.push(...event.body.split('\n').map((l) => `  ${l}`));
    }
  }
  return lines.join('\n');
}

function renderCase(report: RunReport, result: CheckResult, options: RenderJunitOptions): string {
  const open = `    <testcase classname="${xmlAttribute(result.suite)}" name="${xmlAttribute(junitCaseName(result, report.target.transport))}" time="${seconds(result.durationMs)}"`;
  const message = truncateText(result.message ?? result.status, 1000);
  const body = (): string => xmlText(details(report, result, options));
  const expected = result.expected === 'failure' && (result.status === 'failed' || result.status === 'errored');
  if (expected) {
    return `${open}>\n      <system-out>${xmlText(`Expected failure (listed in the baseline): the check ${result.status}.\n\n`)}${body()}</system-out>\n    </testcase>`;
  }
  switch (result.status) {
    case 'failed':
      return `${open}>\n      <failure message="${xmlAttribute(message)}" type="${xmlAttribute(result.level)}">${body()}</failure>\n    </testcase>`;
    case 'errored':
      return `${open}>\n      <error message="${xmlAttribute(message)}" type="harness-error">${body()}</error>\n    </testcase>`;
    case 'skipped':
      return `${open}>\n      <skipped message="${xmlAttribute(message)}"/>\n    </testcase>`;
    case 'warned':
      if (report.strict === true) {
        return `${open}>\n      <failure message="${xmlAttribute(message)}" type="SHOULD (strict)">${body()}</failure>\n    </testcase>`;
      }
      return `${open}>\n      <system-out>${xmlText('Warning (a SHOULD is not met; the check passes unless --strict).\n\n')}${body()}</system-out>\n    </testcase>`;
    default:
      if (result.expected === 'stale') {
        return `${open}>\n      <system-out>${xmlText('Passed, but the baseline lists it as an expected failure: remove the stale entry.\n\n')}${body()}</system-out>\n    </testcase>`;
      }
      return `${open}/>`;
  }
}

interface SuiteCounts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  time: number;
}

function countCases(report: RunReport, results: readonly CheckResult[]): SuiteCounts {
  const counts: SuiteCounts = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
  for (const result of results) {
    counts.tests += 1;
    counts.time += Math.max(0, result.durationMs);
    if (result.expected === 'failure' && (result.status === 'failed' || result.status === 'errored')) continue;
    if (result.status === 'failed' || (result.status === 'warned' && report.strict === true)) counts.failures += 1;
    else if (result.status === 'errored') counts.errors += 1;
    else if (result.status === 'skipped') counts.skipped += 1;
  }
  return counts;
}

function suiteAttributes(name: string, counts: SuiteCounts, timestamp: string): string {
  return `name="${xmlAttribute(name)}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}" time="${seconds(counts.time)}" timestamp="${xmlAttribute(timestamp)}"`;
}

/**
 * Renders the JUnit XML report.
 * @example writeFileSync('reports/mcp-conform.junit.xml', renderJunit(report));
 */
export function renderJunit(input: RunReport, options: RenderJunitOptions = {}): string {
  const report = redactReport(input);
  const timestamp = report.startedAt.replace(/Z$/, '').replace(/\.\d+$/, '');
  const properties = [
    ['mcp-conform.version', report.tool.version],
    ['target.transport', report.target.transport],
    ['target', report.target.command ?? report.target.url ?? ''],
    ['server.name', report.server.name ?? ''],
    ['server.version', report.server.version ?? ''],
    ['server.protocolVersions', report.server.protocolVersions.join(',')],
  ]
    .map(([name, value]) => `      <property name="${xmlAttribute(name!)}" value="${xmlAttribute(value!)}"/>`)
    .join('\n');
  const propertiesBlock = `    <properties>\n${properties}\n    </properties>`;
  const suites: string[] = [];
  const total: SuiteCounts = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
  const add = (counts: SuiteCounts): void => {
    total.tests += counts.tests;
    total.failures += counts.failures;
    total.errors += counts.errors;
    total.skipped += counts.skipped;
  };
  for (const group of groupResults(report.results)) {
    const results = group.versions.flatMap((v) => v.results);
    const counts = countCases(report, results);
    add(counts);
    suites.push(
      [
        `  <testsuite ${suiteAttributes(group.suite, counts, timestamp)}>`,
        propertiesBlock,
        ...results.map((r) => renderCase(report, r, options)),
        '  </testsuite>',
      ].join('\n'),
    );
  }
  const stale = report.staleBaseline ?? [];
  if (stale.length > 0) {
    const counts: SuiteCounts = { tests: stale.length, failures: stale.length, errors: 0, skipped: 0, time: 0 };
    add(counts);
    suites.push(
      [
        `  <testsuite ${suiteAttributes(JUNIT_BASELINE_SUITE, counts, timestamp)}>`,
        propertiesBlock,
        ...stale.map(
          (entry) =>
            `    <testcase classname="${JUNIT_BASELINE_SUITE}" name="${xmlAttribute(entry)}" time="0.000">\n      <failure message="${xmlAttribute(`Stale baseline entry: ${entry} no longer fails. Remove it from the baseline file.`)}" type="stale-baseline"/>\n    </testcase>`,
        ),
        '  </testsuite>',
      ].join('\n'),
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mcp-conform" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}" time="${seconds(report.durationMs)}" timestamp="${xmlAttribute(timestamp)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
