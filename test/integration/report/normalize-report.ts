/**
 * Makes a RunReport deterministic before a snapshot: timestamps, durations, ports, paths, pids and the tool version
 * are replaced, so a snapshot changes only when what a renderer shows changes.
 */
import { tmpdir } from 'node:os';
import type { CheckResult, EvidenceEvent, RunReport } from '../../../src/conformance/run-report.js';

const FIXED_START = '2026-01-01T00:00:00.000Z';
const FIXED_EPOCH_MS = Date.parse(FIXED_START);

function scrub(text: string): string {
  let out = text.replace(/\b(127\.0\.0\.1|localhost|\[::1\]):\d+/g, '$1:PORT');
  for (const [path, label] of [
    [process.cwd(), '<cwd>'],
    [tmpdir(), '<tmp>'],
  ] as const) {
    out = out.split(path).join(label);
  }
  return out;
}

function scrubDeep<T>(value: T): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (Array.isArray(value)) return value.map(scrubDeep) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v)])) as T;
  }
  return value;
}

function normalizeEvent(event: EvidenceEvent, index: number): EvidenceEvent {
  const copy = { ...scrubDeep(event), timestamp: FIXED_EPOCH_MS + index * 1.5 } as EvidenceEvent;
  if (copy.kind === 'lifecycle' && copy.pid !== undefined) copy.pid = 1000;
  return copy;
}

function normalizeResult(result: CheckResult): CheckResult {
  return { ...scrubDeep(result), durationMs: 1, evidence: result.evidence.map(normalizeEvent) };
}

/** A copy of the report with every run-specific value replaced by a fixed one. */
export function normalizeReport(report: RunReport): RunReport {
  return {
    ...scrubDeep(report),
    tool: { name: 'mcp-conform', version: '0.0.0-test' },
    startedAt: FIXED_START,
    durationMs: 1234,
    results: report.results.map(normalizeResult),
  };
}
