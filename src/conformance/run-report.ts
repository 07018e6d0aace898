/**
 * The RunReport: the one immutable result of a conformance run, from which every report format is rendered. Its JSON
 * form is a published contract (`schemaVersion`); fields are only ever added.
 */
import type { ProtocolVersion } from '../protocol/versions.js';
import type { TransportKind, WireEvent } from '../protocol/wire.js';

/** The version of the JSON report contract. */
export const REPORT_SCHEMA_VERSION = 1;

/** How a check ended. `errored` means the harness itself broke: never a pass, always shown. */
export type CheckStatus = 'passed' | 'failed' | 'warned' | 'skipped' | 'errored';

/** Every status, in report order. */
export const CHECK_STATUSES: readonly CheckStatus[] = ['passed', 'failed', 'warned', 'skipped', 'errored'];

/** MUST → a violation fails; SHOULD → a violation warns. */
export type CheckLevel = 'MUST' | 'SHOULD';

/** One recorded wire event quoted as evidence (a plain, serializable copy, secrets redacted). */
export type EvidenceEvent = WireEvent;

/** The result of one check in one protocol version over one transport. */
export interface CheckResult {
  /** Stable id `<suite>/<behaviour>`. */
  id: string;
  title: string;
  suite: string;
  level: CheckLevel;
  status: CheckStatus;
  /** The protocol version the check ran in (absent for checks that run before any version is negotiated). */
  protocolVersion?: ProtocolVersion;
  transport: TransportKind;
  /** Catalogue requirement ids. */
  requirements: string[];
  /** Link to the specification text the check enforces. */
  spec: string;
  durationMs: number;
  /** Why it failed, warned, was skipped or errored; or what it observed when it passed. */
  message?: string;
  /** The wire excerpt that proves the verdict. */
  evidence: EvidenceEvent[];
  /** Set when a baseline listed this check as an expected failure. */
  expected?: 'failure' | 'stale';
}

/** Counts per status. */
export interface RunSummary {
  total: number;
  passed: number;
  failed: number;
  warned: number;
  skipped: number;
  errored: number;
}

/** What was tested. Secrets (headers, env values) never appear here. */
export interface RunTarget {
  transport: TransportKind;
  /** The command line, for stdio. */
  command?: string;
  /** The URL, for HTTP, SSE and WebSocket. */
  url?: string;
}

/** What the server said about itself. */
export interface RunServerInfo {
  name?: string;
  version?: string;
  /** The versions the run tested (the server accepted each). */
  protocolVersions: ProtocolVersion[];
  /** Versions the harness proposed that the server refused. */
  refusedVersions?: ProtocolVersion[];
}

/** The whole run. */
export interface RunReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'mcp-conform'; version: string };
  target: RunTarget;
  /** ISO 8601. */
  startedAt: string;
  durationMs: number;
  server: RunServerInfo;
  summary: RunSummary;
  results: CheckResult[];
  /** Baseline entries that matched no failure any more (a stale baseline fails the run). */
  staleBaseline?: string[];
  /** Whether warnings fail the run (`--strict`). */
  strict?: boolean;
}

/** Counts results per status. */
export function summarize(results: readonly CheckResult[]): RunSummary {
  const summary: RunSummary = { total: results.length, passed: 0, failed: 0, warned: 0, skipped: 0, errored: 0 };
  for (const result of results) summary[result.status] += 1;
  return summary;
}

/**
 * The exit code of a run: 0 when nothing failed or errored (warnings and baselined failures allowed), 1 on a failure,
 * an error or a stale baseline entry; `--strict` makes warnings fail. (2, usage errors, is the CLI's.)
 */
export function exitCodeOf(report: RunReport): 0 | 1 {
  const failing = report.results.some(
    (r) =>
      r.expected !== 'failure' &&
      (r.status === 'failed' || r.status === 'errored' || (report.strict === true && r.status === 'warned')),
  );
  return failing || (report.staleBaseline?.length ?? 0) > 0 ? 1 : 0;
}
