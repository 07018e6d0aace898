/**
 * `mcp-conform [run]`: builds the target, loads the profile and the baseline, runs the selected checks, writes the
 * reports, prints the summary and returns the exit code (0 / 1 / 2, ARCHITECTURE.md "Exit codes").
 */
import { join, relative, resolve } from 'node:path';
import type { Baseline } from '../conformance/baseline.js';
import type { CheckDefinition } from '../conformance/define-check.js';
import { machineIsIdle } from '../conformance/machine-load.js';
import type { ConformanceHooks } from '../conformance/run-conformance.js';
import { exitCodeOf, type RunReport } from '../conformance/run-report.js';
import { initialServerStarts, loweredServerPriority } from '../conformance/server-plan.js';
import { createStdioTarget, type StdioTarget } from '../conformance/stdio-target.js';
import type { ConformanceTarget } from '../conformance/target.js';
import { ConfigError, McpConformError, formatMessage } from '../protocol/errors.js';
import type { CliIo } from './io.js';
import { parseRunArgs, type RunArgs } from './parse-run-args.js';
import { toolVersion } from './tool-version.js';
import { EXIT_FAILED, EXIT_USAGE, usageError } from './usage-error.js';

async function buildTarget(args: RunArgs, cwd: string): Promise<ConformanceTarget | StdioTarget> {
  const concurrency = args.concurrency === undefined ? {} : { maxConcurrency: args.concurrency };
  switch (args.target.kind) {
    case 'stdio':
      if (Object.keys(args.headers).length > 0) throw usageError('--header applies to --url and --ws only');
      return createStdioTarget({ command: args.target.command, env: args.env, cwd, ...concurrency });
    case 'url':
      if (Object.keys(args.env).length > 0) throw usageError('--env applies to --stdio only');
      // Network transports load only when used: a stdio run starts sooner without them.
      return (await import('../conformance/network-target.js')).createHttpTarget({ url: args.target.url, transport: args.target.transport, headers: args.headers, ...concurrency });
    case 'ws':
      if (Object.keys(args.env).length > 0) throw usageError('--env applies to --stdio only');
      return (await import('../conformance/network-target.js')).createWebSocketTarget({ url: args.target.url, headers: args.headers, ...concurrency });
  }
}

function isStdioTarget(target: ConformanceTarget | StdioTarget): target is StdioTarget {
  return 'prestart' in target;
}

async function loadBaselineChecked(path: string, cwd: string, checks: readonly CheckDefinition[]): Promise<Baseline> {
  const { loadBaseline } = await import('../conformance/baseline.js');
  const baseline = await loadBaseline(resolve(cwd, path));
  const unknown = baseline.entries.filter((entry) => !checks.some((c) => c.id === entry.split('@')[0]));
  if (unknown.length > 0) {
    throw new ConfigError(
      formatMessage(`read the expected-failures file ${path}`, `it lists unknown checks: ${unknown.join(', ')}`, 'Run `mcp-conform list` for the check ids.'),
    );
  }
  return baseline;
}

/** Runs `mcp-conform [run] …` and returns the exit code. */
export async function runRunCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let report: RunReport;
  let args: RunArgs;
  let target: ConformanceTarget | StdioTarget | undefined;
  try {
    args = parseRunArgs(argv);
    const startedAt = performance.now();
    target = await buildTarget(args, io.cwd);
    // Over stdio, the servers the run opens first start now, while the checks, the schemas and the runner load (about
    // 0.2 s, on one CPU): they load on another. With the default selection the handshake checks are in it; otherwise
    // only the version probes' servers start now (the run opens those whatever the selection). Whether the version
    // servers start at a lower priority is decided here, as the runner would (see RunConformanceOptions.prioritizeHandshake).
    const prioritizeHandshake = isStdioTarget(target) ? machineIsIdle() : undefined;
    const defaultSelection = args.suites.length === 0 && args.checks.length === 0 && args.skip.length === 0;
    if (isStdioTarget(target)) {
      const starts = initialServerStarts({
        protocolVersion: args.protocolVersion,
        handshakeCheckSelected: defaultSelection,
        ...(prioritizeHandshake && defaultSelection ? { loweredPriority: loweredServerPriority() } : {}),
      });
      target.prestart(starts);
    }
    const [{ ALL_CHECKS }, { selectChecks }, { DEFAULT_PROFILE_FILE, loadProfile }, { runConformance }, { createCliProgressReporter }] = await Promise.all([
      import('../conformance/checks/index.js'),
      import('../conformance/select-checks.js'),
      import('../conformance/profile.js'),
      import('../conformance/run-conformance.js'),
      import('./progress.js'),
    ]);
    const checks = selectChecks(ALL_CHECKS, { suites: args.suites, checks: args.checks, skip: args.skip });
    if (checks.length === 0) throw usageError('the selection leaves no check to run', 'Loosen --suite, --check or --skip.');
    const profile = args.profile
      ? await loadProfile(resolve(io.cwd, args.profile))
      : await loadProfile(join(io.cwd, DEFAULT_PROFILE_FILE), { optional: true });
    const baseline = args.expectedFailures ? await loadBaselineChecked(args.expectedFailures, io.cwd, ALL_CHECKS) : undefined;
    const reporter = createCliProgressReporter(io, { quiet: args.quiet });
    const hooks: ConformanceHooks = reporter;
    report = await runConformance(
      {
        target,
        checks,
        protocolVersion: args.protocolVersion,
        profile,
        startedAt,
        ...(baseline ? { baseline } : {}),
        ...(prioritizeHandshake === undefined ? {} : { prioritizeHandshake }),
        strict: args.strict,
        ...(args.timeoutMs === undefined ? {} : { checkTimeoutMs: args.timeoutMs }),
        ...(args.concurrency === undefined ? {} : { concurrency: args.concurrency }),
        toolVersion: toolVersion(),
      },
      hooks,
    ).finally(() => reporter.close());
  } catch (error) {
    if (error instanceof ConfigError || (error instanceof McpConformError && error.code === 'CONFIG_INVALID')) {
      io.stderr(`${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof McpConformError && error.code === 'CONNECTION_FAILED') {
      // Nothing could be reached (HTTP detection found no MCP endpoint): a configuration problem, nothing was run.
      io.stderr(`${error.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`${formatMessage('run the checks', (error as Error).message ?? String(error), 'This is a bug in mcp-conform; please report it with the command line.')}\n`);
    return EXIT_FAILED;
  } finally {
    // Servers started ahead that the run did not take (or all of them, when it never ran).
    if (target && isStdioTarget(target)) await target.close();
  }

  // The renderers load once the run is done: the servers start a little sooner without them.
  const [{ renderConsoleSummary, renderJson }, { writeReports }] = await Promise.all([import('../report/index.js'), import('./write-reports.js')]);
  const written = await writeReports(report, args.reportDir, args.formats, io.cwd);
  const summary = renderConsoleSummary(report, { color: io.isTty && !args.json });
  const files = written.length > 0 ? `Reports: ${written.map((p) => relative(io.cwd, p) || p).join(', ')}\n` : '';
  if (args.json) {
    const json = renderJson(report);
    io.stdout(json.endsWith('\n') ? json : `${json}\n`);
    io.stderr(`${summary}\n${files}`);
  } else io.stdout(`${summary}\n${files}`);
  return exitCodeOf(report);
}
