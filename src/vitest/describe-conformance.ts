/**
 * `describeConformance`: a conformance run as vitest tests, one per check and protocol version.
 *
 * Vitest collects tests before it runs any hook, so the test names cannot wait for the run. They come from what is
 * known synchronously: the check registry (filtered like `mcp-conform list`), the versions the suite declares
 * (default: every released version) and the transport the target declares. The run happens once, in `beforeAll`;
 * each test then reports its own result. A declared version the server refuses becomes skipped tests that say so,
 * so the names never depend on the server.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, it, type TestContext } from 'vitest';
import { applyBaseline, type Baseline } from '../conformance/baseline.js';
import { ALL_CHECKS } from '../conformance/checks/index.js';
import type { CheckDefinition } from '../conformance/define-check.js';
import { runConformance, type RunConformanceOptions } from '../conformance/run-conformance.js';
import { summarize, type CheckResult, type RunReport } from '../conformance/run-report.js';
import { selectChecks, type CheckSelection } from '../conformance/select-checks.js';
import { formatMessage } from '../protocol/errors.js';
import { PROTOCOL_VERSIONS, compareVersions, type ProtocolVersion } from '../protocol/versions.js';
import { createTargetFromSpec, kindOfSpec, type ConformanceTargetSpec } from './conformance-target.js';
import { describeResult } from './describe-result.js';

/** How long the `beforeAll` that runs the checks may take. @default 120_000 */
export const DEFAULT_CONFORMANCE_HOOK_TIMEOUT_MS = 120_000;

/**
 * Options of {@link describeConformance}. Those it hands to {@link runConformance} unchanged are picked from
 * {@link RunConformanceOptions}, which documents them.
 */
export interface DescribeConformanceOptions
  extends CheckSelection,
    Pick<RunConformanceOptions, 'profile' | 'checkTimeoutMs' | 'requestTimeoutMs' | 'startupTimeoutMs' | 'concurrency'> {
  /** The versions to test (a test per check and version). @default every released version */
  versions?: readonly ProtocolVersion[];
  /** Expected failures: their tests pass with an annotation; a listed check that passes fails its test as stale. */
  baseline?: Baseline;
  /** Warnings (SHOULD violations) fail their tests instead of passing with an annotation. @default false */
  strict?: boolean;
  /** The time limit of the `beforeAll` that runs every check. @default DEFAULT_CONFORMANCE_HOOK_TIMEOUT_MS */
  timeoutMs?: number;
  /** The checks to choose from. @default ALL_CHECKS */
  registry?: readonly CheckDefinition[];
}

/** What {@link describeConformance} returns. */
export interface ConformanceSuite {
  /** The run's report, kept after the suite (for `toPassConformance` or a renderer); throws when read before the run finished. */
  readonly report: RunReport;
  /** The checks the suite runs, in registry order. */
  readonly checks: readonly CheckDefinition[];
  /** The versions it tests. */
  readonly versions: readonly ProtocolVersion[];
}

let cachedVersion: string | undefined;
function toolVersion(): string {
  cachedVersion ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cachedVersion;
}

/**
 * Declares a `describe` block with one test per selected check and version (checks that run once per target get one
 * test). A failed or errored check fails its test with the check's message and specification link; a skipped check
 * skips its test with the reason; a warned check passes with a `warning` annotation (fails when `strict`).
 * @example
 * describeConformance('my server', { stdio: 'node dist/server.js' }, { suites: ['lifecycle', 'tools'], versions: ['2025-11-25'] });
 */
export function describeConformance(name: string, target: ConformanceTargetSpec, options: DescribeConformanceOptions = {}): ConformanceSuite {
  const kind = kindOfSpec(target);
  const versions = [...new Set(options.versions ?? PROTOCOL_VERSIONS)].sort(compareVersions);
  if (versions.length === 0) {
    throw new TypeError(formatMessage(`describe the conformance suite "${name}"`, 'versions is empty', 'List at least one protocol version, or leave it out for all.'));
  }
  const checks = selectChecks(options.registry ?? ALL_CHECKS, options).filter((c) => c.transports.includes(kind));
  // An empty describe would only say "No test found"; say why instead.
  if (!checks.some((c) => c.matrix === 'once' || c.versions.some((v) => versions.includes(v)))) {
    throw new TypeError(
      formatMessage(
        `describe the conformance suite "${name}"`,
        `none of the selected checks applies to the ${kind} transport in ${versions.join(', ')}`,
        'Select other suites or checks, or other versions (`mcp-conform list` shows where each check applies).',
      ),
    );
  }
  let report: RunReport | undefined;

  describe(name, () => {
    // Vitest requires the first parameter (test context) to be an object pattern.
    beforeAll(async ({}, suite) => {
      // Only what will run is worth running: with `-t`, `.only` or `.skip`, the other checks' tests are skipped anyway.
      const wanted = wantedJobs(suite as unknown as TaskNode);
      const selected = checks.filter((c) => [...wanted].some((key) => key === c.id || key.startsWith(`${c.id}@`)));
      const versionsWanted = versions.filter((v) => wanted.has(`@${v}`));
      report = await runSuite(target, selected, versionsWanted.length > 0 ? versionsWanted : versions.slice(0, 1), options);
    }, options.timeoutMs ?? DEFAULT_CONFORMANCE_HOOK_TIMEOUT_MS);

    const verdict = (check: CheckDefinition, version: ProtocolVersion | undefined) => async (ctx: TestContext) => {
      const current = report!;
      const result = current.results.find((r) => r.id === check.id && r.protocolVersion === version);
      if (!result) {
        if (version && !current.server.protocolVersions.includes(version)) ctx.skip(`the server does not accept protocol version ${version}`);
        throw new Error(formatMessage(`find the result of ${check.id}`, 'the runner reported none', 'This is a bug in mcp-conform: please report it.'));
      }
      await judge(ctx, result, options.strict === true);
    };

    for (const check of checks) if (check.matrix === 'once') it(check.id, verdict(check, undefined));
    for (const version of versions) {
      const ofVersion = checks.filter((c) => c.matrix === 'per-version' && c.versions.includes(version));
      if (ofVersion.length === 0) continue;
      describe(version, () => {
        for (const check of ofVersion) it(check.id, verdict(check, version));
      });
    }
  });

  return {
    get report() {
      if (!report) {
        throw new Error(formatMessage(`read the report of "${name}"`, 'the conformance run has not finished', 'Read it inside a test of the suite.'));
      }
      return report;
    },
    checks,
    versions,
  };
}

/** The part of a vitest task tree this module reads. */
interface TaskNode {
  type: string;
  name: string;
  mode: string;
  tasks?: TaskNode[];
}

/**
 * The jobs whose tests will run, as `<id>@<version>` (`<id>` for checks that run once), plus `@<version>` for each
 * version with at least one such test.
 */
function wantedJobs(suite: TaskNode): Set<string> {
  const wanted = new Set<string>();
  const runs = (task: TaskNode) => task.mode === 'run' || task.mode === 'only' || task.mode === 'queued';
  for (const task of suite.tasks ?? []) {
    if (task.type === 'test' && runs(task)) wanted.add(task.name);
    if (task.type !== 'suite') continue;
    for (const test of task.tasks ?? []) {
      if (test.type !== 'test' || !runs(test)) continue;
      wanted.add(`${test.name}@${task.name}`);
      wanted.add(`@${task.name}`);
    }
  }
  return wanted;
}

/** Turns one result into the test's outcome. */
async function judge(ctx: TestContext, result: CheckResult, strict: boolean): Promise<void> {
  if (result.expected === 'stale') {
    throw new Error(`${describeResult(result)}\n  The baseline lists it as an expected failure, but it did not fail: remove it from the baseline.`);
  }
  if (result.expected === 'failure') {
    await ctx.annotate(`expected failure (baseline): ${result.message ?? result.status}`, 'notice');
    return;
  }
  switch (result.status) {
    case 'passed':
      return;
    case 'skipped':
      ctx.skip(result.message ?? 'not applicable');
      return;
    case 'warned':
      if (strict) throw new Error(describeResult(result));
      await ctx.annotate(`${result.message ?? 'a SHOULD was not met'} (${result.spec})`, 'warning');
      return;
    case 'failed':
    case 'errored':
      throw new Error(describeResult(result));
  }
}

/**
 * Runs the checks once: with every released version declared, one run over `all`; otherwise one run per declared
 * version (each probes only its version), with checks that run once per target in the first, merged into one report.
 */
async function runSuite(spec: ConformanceTargetSpec, checks: readonly CheckDefinition[], versions: readonly ProtocolVersion[], options: DescribeConformanceOptions): Promise<RunReport> {
  const target = await createTargetFromSpec(spec);
  const common = {
    target,
    toolVersion: toolVersion(),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.strict ? { strict: true } : {}),
    ...(options.checkTimeoutMs === undefined ? {} : { checkTimeoutMs: options.checkTimeoutMs }),
    ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    ...(options.startupTimeoutMs === undefined ? {} : { startupTimeoutMs: options.startupTimeoutMs }),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  };
  if (versions.length === PROTOCOL_VERSIONS.length) {
    return runConformance({ ...common, checks, protocolVersion: 'all', ...(options.baseline ? { baseline: options.baseline } : {}) });
  }
  const reports: RunReport[] = [];
  for (const [index, version] of versions.entries()) {
    const selected = index === 0 ? checks : checks.filter((c) => c.matrix === 'per-version');
    reports.push(await runConformance({ ...common, checks: selected, protocolVersion: version }));
  }
  // The baseline is applied to the merged results: applied per run, an entry of another version would look stale.
  return mergeReports(reports, options.baseline);
}

/** One report from the runs of several versions against the same target. */
function mergeReports(reports: readonly RunReport[], baseline: Baseline | undefined): RunReport {
  const [first] = reports as [RunReport, ...RunReport[]];
  const all = reports.flatMap((r) => r.results);
  const { results, stale } = baseline ? applyBaseline(all, baseline) : { results: all, stale: [] };
  const tested = [...new Set(reports.flatMap((r) => r.server.protocolVersions))].sort(compareVersions);
  const refused = [...new Set(reports.flatMap((r) => r.server.refusedVersions ?? []))].sort(compareVersions);
  return {
    ...first,
    durationMs: reports.reduce((sum, r) => sum + r.durationMs, 0),
    server: { ...first.server, protocolVersions: tested, refusedVersions: refused },
    summary: summarize(results),
    results,
    ...(stale.length > 0 ? { staleBaseline: stale } : {}),
  };
}
