import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { summarize, type RunReport } from '../../../src/conformance/run-report.js';
import { renderJson } from '../../../src/report/index.js';
import { PASSING_RUN_REPORT, SAMPLE_RUN_REPORT } from '../../fixtures/reports/sample-run-report.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'report.schema.json'), 'utf8')) as Record<string, unknown>;
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ strict: true, allErrors: true }));
const validate = ajv.compile(schema);

function errorsOf(value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

function rendered(report: RunReport): Record<string, unknown> {
  return JSON.parse(renderJson(report)) as Record<string, unknown>;
}

describe('schema/report.schema.json', () => {
  it('is shipped as mcp-conform/report-schema.json', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown>; files: string[] };
    expect(pkg.exports['./report-schema.json']).toBe('./schema/report.schema.json');
    expect(pkg.files).toContain('schema');
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('accepts the rendered sample report (every status, every evidence kind) and a passing one', () => {
    expect(errorsOf(rendered(SAMPLE_RUN_REPORT))).toEqual([]);
    expect(errorsOf(rendered(PASSING_RUN_REPORT))).toEqual([]);
  });

  it('accepts a frame of a check\'s own HTTP exchange (meta.outOfSession)', () => {
    const report = rendered(SAMPLE_RUN_REPORT) as { results: Array<{ evidence: Array<Record<string, unknown>> }> };
    const frame = report.results.flatMap((r) => r.evidence).find((e) => e.kind === 'frame')!;
    frame.meta = { exchange: 3, outOfSession: true };
    expect(errorsOf(report)).toEqual([]);
  });

  it('accepts a minimal report', () => {
    const minimal: RunReport = {
      schemaVersion: 1,
      tool: { name: 'mcp-conform', version: '0.1.0' },
      target: { transport: 'websocket', url: 'ws://127.0.0.1:1/mcp' },
      startedAt: '2026-11-22T02:00:00.000Z',
      durationMs: 0,
      server: { protocolVersions: [] },
      summary: summarize([]),
      results: [],
    };
    expect(errorsOf(rendered(minimal))).toEqual([]);
  });

  it.each([
    ['an unknown status', (r: any) => (r.results[0].status = 'ok'), '/results/0/status must be equal to one of the allowed values'],
    ['a result without id', (r: any) => delete r.results[0].id, "/results/0 must have required property 'id'"],
    ['an id that is not <suite>/<behaviour>', (r: any) => (r.results[0].id = 'Lifecycle Init'), '/results/0/id must match pattern'],
    ['a level that is not MUST or SHOULD', (r: any) => (r.results[0].level = 'MAY'), '/results/0/level must be equal to one of the allowed values'],
    ['an unknown evidence kind', (r: any) => (r.results[1].evidence[0].kind = 'packet'), '/results/1/evidence/0/kind must be equal to one of the allowed values'],
    ['a frame without raw text', (r: any) => delete r.results[1].evidence[1].raw, "must have required property 'raw'"],
    ['a field the contract does not have', (r: any) => (r.results[0].verdict = 'ok'), '/results/0 must NOT have additional properties'],
    ['a wrong schemaVersion', (r: any) => (r.schemaVersion = 2), '/schemaVersion must be equal to constant'],
    ['a negative count', (r: any) => (r.summary.failed = -1), '/summary/failed must be >= 0'],
    ['a start time that is not a date-time', (r: any) => (r.startedAt = 'yesterday'), '/startedAt must match format "date-time"'],
    ['a spec link that is not a URI', (r: any) => (r.results[0].spec = 'see the spec'), '/results/0/spec must match format "uri"'],
    ['an HTTP status out of range', (r: any) => (r.results[5].evidence[2].status = 42), 'must be >= 100'],
  ])('rejects %s', (_name, mutate, expected) => {
    const report = rendered(SAMPLE_RUN_REPORT);
    mutate(report);
    expect(errorsOf(report).join('\n')).toContain(expected);
  });
});
