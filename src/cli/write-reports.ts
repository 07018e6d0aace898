/** Writes the report files of a run: one per format, each rendered from the same RunReport. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RunReport } from '../conformance/run-report.js';
import { renderHtml, renderJson, renderJunit, renderMarkdown } from '../report/index.js';
import type { ReportFormat } from './parse-run-args.js';

/** The base name of every report file. */
export const REPORT_BASENAME = 'mcp-conform';

/** The file each format is written to. */
export const REPORT_FILES: Record<ReportFormat, string> = {
  json: `${REPORT_BASENAME}.json`,
  html: `${REPORT_BASENAME}.html`,
  junit: `${REPORT_BASENAME}.junit.xml`,
  md: `${REPORT_BASENAME}.md`,
};

const RENDERERS: Record<ReportFormat, (report: RunReport) => string> = {
  json: renderJson,
  html: renderHtml,
  junit: renderJunit,
  md: renderMarkdown,
};

/** Renders and writes each format into `dir` (created when missing); returns the paths written. */
export async function writeReports(report: RunReport, dir: string, formats: readonly ReportFormat[], cwd: string): Promise<string[]> {
  const target = resolve(cwd, dir);
  await mkdir(target, { recursive: true });
  const written: string[] = [];
  for (const format of formats) {
    const path = join(target, REPORT_FILES[format]);
    await writeFile(path, RENDERERS[format](report), 'utf8');
    written.push(path);
  }
  return written;
}
