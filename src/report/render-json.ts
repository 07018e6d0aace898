/**
 * The JSON report: the published contract of ARCHITECTURE.md (`schema/report.schema.json`, shipped as
 * `mcp-conform/report-schema.json`). Keys come in the contract's order whatever order the object was built in, so two
 * runs diff cleanly; what the server sent (a parsed message, HTTP headers) keeps the order it came in.
 */
import type { RunReport } from '../conformance/run-report.js';
import { redactReport } from './redact-report.js';

type Json = unknown;

const REPORT_KEYS = ['schemaVersion', 'tool', 'target', 'startedAt', 'durationMs', 'server', 'summary', 'results', 'staleBaseline', 'strict'];
const TOOL_KEYS = ['name', 'version'];
const TARGET_KEYS = ['transport', 'command', 'url'];
const SERVER_KEYS = ['name', 'version', 'protocolVersions', 'refusedVersions'];
const SUMMARY_KEYS = ['total', 'passed', 'failed', 'warned', 'skipped', 'errored'];
const RESULT_KEYS = ['id', 'title', 'suite', 'level', 'status', 'expected', 'protocolVersion', 'transport', 'requirements', 'spec', 'durationMs', 'message', 'evidence'];
const EVENT_BASE_KEYS = ['seq', 'timestamp', 'transport', 'kind'];
const EVENT_KEYS: Record<string, string[]> = {
  frame: [...EVENT_BASE_KEYS, 'direction', 'meta', 'raw', 'parseError', 'message'],
  stderr: [...EVENT_BASE_KEYS, 'direction', 'text'],
  http: [...EVENT_BASE_KEYS, 'direction', 'exchange', 'method', 'url', 'status', 'headers', 'body'],
  lifecycle: [...EVENT_BASE_KEYS, 'event', 'pid', 'exitCode', 'signal', 'code', 'detail'],
};
const FRAME_META_KEYS = ['sseEventId', 'sseEventType', 'exchange', 'binary'];

/** Copies an object with `keys` first, in that order, then any other keys sorted; `nested` reorders chosen values. */
function ordered(value: Json, keys: readonly string[], nested: Record<string, (v: Json) => Json> = {}): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const source = value as Record<string, Json>;
  const out: Record<string, Json> = {};
  const rest = Object.keys(source).filter((k) => !keys.includes(k)).sort();
  for (const key of [...keys, ...rest]) {
    if (!(key in source) || source[key] === undefined) continue;
    const fix = nested[key];
    out[key] = fix === undefined ? source[key] : fix(source[key]);
  }
  return out;
}

function orderEvent(event: Json): Json {
  const kind = (event as { kind?: unknown } | null)?.kind;
  return ordered(event, EVENT_KEYS[String(kind)] ?? EVENT_BASE_KEYS, { meta: (m) => ordered(m, FRAME_META_KEYS) });
}

function orderResult(result: Json): Json {
  return ordered(result, RESULT_KEYS, { evidence: (events) => (Array.isArray(events) ? events.map(orderEvent) : events) });
}

/** The report as a plain object in the contract's key order (secrets redacted), ready for `JSON.stringify`. */
export function toJsonReport(report: RunReport): Record<string, unknown> {
  return ordered(redactReport(report), REPORT_KEYS, {
    tool: (v) => ordered(v, TOOL_KEYS),
    target: (v) => ordered(v, TARGET_KEYS),
    server: (v) => ordered(v, SERVER_KEYS),
    summary: (v) => ordered(v, SUMMARY_KEYS),
    results: (v) => (Array.isArray(v) ? v.map(orderResult) : v),
  }) as Record<string, unknown>;
}

/**
 * Renders the JSON report: two-space indentation, the contract's key order, a final newline.
 * @example writeFileSync('reports/mcp-conform.json', renderJson(report));
 */
export function renderJson(report: RunReport): string {
  return `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
}
