/**
 * The renderers on reports the real runner produced (not a hand-built fixture): the runner in-process against two
 * fixture servers over stdio, a compliant one and one that prints a banner on stdout. Whatever checks exist, every
 * format must agree with the report: the JSON validates against the schema, the HTML lists every result with its
 * status, the JUnit XML is well-formed with the right counts, and the verdicts match the exit code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../../src/conformance/checks/index.js';
import { runConformance } from '../../../src/conformance/run-conformance.js';
import { exitCodeOf, type RunReport } from '../../../src/conformance/run-report.js';
import { createStdioTarget } from '../../../src/conformance/stdio-target.js';
import { renderConsoleSummary, renderHtml, renderJson, renderJunit, renderMarkdown } from '../../../src/report/index.js';
import { htmlProblems } from './html-balanced.js';
import { xmlProblems } from './xml-well-formed.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'conformance');
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const validate = addFormats(new Ajv2020({ strict: true, allErrors: true })).compile(JSON.parse(readFileSync(join(ROOT, 'schema', 'report.schema.json'), 'utf8')) as object);

async function run(fixture: string): Promise<RunReport> {
  return runConformance({
    target: createStdioTarget({ command: `${JSON.stringify(process.execPath)} ${JSON.stringify(join(FIXTURES, `${fixture}.mjs`))}`, closeStdinGraceMs: 200, sigtermGraceMs: 500 }),
    checks: ALL_CHECKS,
    protocolVersion: '2025-11-25',
    checkTimeoutMs: 5_000,
    toolVersion: '0.0.0-test',
  });
}

describe.each(['compliant', 'banner-on-stdout'])('the reports of a real run against %s', (fixture) => {
  let report: RunReport;

  beforeAll(async () => {
    report = await run(fixture);
  }, 60_000);

  it('gives JSON that the report schema accepts', () => {
    const valid = validate(JSON.parse(renderJson(report)));
    expect(valid ? [] : validate.errors).toEqual([]);
    expect(report.results.length).toBeGreaterThan(0);
  });

  it('gives HTML that lists every result with its status and counts', () => {
    const html = renderHtml(report);
    expect(htmlProblems(html)).toEqual([]);
    const statuses = [...html.matchAll(/<details class="result st-\w+" id="[^"]+" data-status="(\w+)"/g)].map((m) => m[1]);
    expect(statuses).toHaveLength(report.results.length);
    for (const status of ['passed', 'failed', 'warned', 'skipped', 'errored'] as const) {
      expect(statuses.filter((s) => s === status)).toHaveLength(report.summary[status]);
      expect(html).toContain(`data-filter="${status}"><span class="count__n">${report.summary[status]}</span>`);
    }
    expect(html).toContain(`<h1 id="verdict-title">${exitCodeOf(report) === 0 ? 'Passed' : 'Failed'}</h1>`);
  });

  it('gives well-formed JUnit XML with one case per result and the failures counted', () => {
    const xml = renderJunit(report);
    expect(xmlProblems(xml)).toEqual([]);
    expect(xml.match(/<testcase /g) ?? []).toHaveLength(report.results.length + (report.staleBaseline?.length ?? 0));
    const failures = report.results.filter((r) => r.status === 'failed' && r.expected !== 'failure').length;
    expect(xml).toMatch(new RegExp(`^<testsuites name="mcp-conform" tests="${report.results.length}" failures="${failures}" `, 'm'));
  });

  it('gives Markdown and a console summary whose verdict is the exit code', () => {
    const verdict = exitCodeOf(report) === 0 ? 'passed' : 'failed';
    expect(renderMarkdown(report).startsWith(`## ${verdict === 'passed' ? '✅' : '❌'} mcp-conform: ${verdict}\n`)).toBe(true);
    expect(renderMarkdown(report)).toContain(`| **Total** | **${report.summary.failed}** | **${report.summary.errored}** |`);
    expect(renderConsoleSummary(report)).toContain(` Verdict  ${verdict.toUpperCase()}`);
  });

  it.runIf(fixture === 'banner-on-stdout')('quotes the banner line as the evidence of a failure', () => {
    const failed = report.results.filter((r) => r.status === 'failed');
    expect(failed.some((r) => r.evidence.some((e) => e.kind === 'frame' && e.parseError !== undefined))).toBe(true);
    expect(renderHtml(report)).toContain('unparseable frame');
    expect(exitCodeOf(report)).toBe(1);
  });
});
