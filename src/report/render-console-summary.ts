/**
 * The end-of-run console summary: the problems first (each with its id, version, message and spec link), then the
 * counts, the duration, the verdict and the command that reruns one check. Colour is optional (the caller honours
 * NO_COLOR and TTY detection); every server string has its control characters escaped, so a message cannot move the
 * cursor, recolour the terminal or ring its bell.
 */
import type { CheckResult, CheckStatus, RunReport } from '../conformance/run-report.js';
import { formatDuration } from './format-duration.js';
import { problemsOf, versionLabel } from './group-results.js';
import { redactReport } from './redact-report.js';
import { rerunCommand } from './rerun-command.js';
import { DISPLAY_ORDER } from './svg-charts.js';
import { verdictOf } from './verdict.js';
import { truncateText, visibleLine, visibleText } from './visible-text.js';

/** Options of {@link renderConsoleSummary}. */
export interface ConsoleSummaryOptions {
  /** Use ANSI colours. @default false */
  color?: boolean;
  /** Longest message shown per problem, in characters. @default 600 */
  maxMessageChars?: number;
  /** Most problems listed per section (the reports list them all). @default 50 */
  maxProblems?: number;
}

/** The status marks of the console. */
export const CONSOLE_STATUS_MARK: Record<CheckStatus, string> = { passed: '✓', failed: '✗', warned: '⚠', skipped: '↓', errored: '!' };

const CODES = { red: 31, green: 32, yellow: 33, magenta: 35, gray: 90, bold: 1, dim: 2 } as const;
type Style = keyof typeof CODES;
const STATUS_STYLE: Record<CheckStatus, Style> = { passed: 'green', failed: 'red', warned: 'yellow', skipped: 'gray', errored: 'magenta' };

/** Builds a styler: `paint('red', text)` wraps text in ANSI codes when colour is on. */
export function createPaint(color: boolean): (style: Style | Style[], text: string) => string {
  return (style, text) => {
    if (!color || text === '') return text;
    const styles = Array.isArray(style) ? style : [style];
    return `${styles.map((s) => `\u001b[${CODES[s]}m`).join('')}${text}\u001b[0m`;
  };
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : prefix + line))
    .join('\n');
}

/**
 * Renders the console summary.
 * @example process.stderr.write(renderConsoleSummary(report, { color: process.stderr.isTTY && !process.env.NO_COLOR }));
 */
export function renderConsoleSummary(input: RunReport, options: ConsoleSummaryOptions = {}): string {
  const report = redactReport(input);
  const paint = createPaint(options.color ?? false);
  const maxMessage = options.maxMessageChars ?? 600;
  const maxProblems = options.maxProblems ?? 50;
  const verdict = verdictOf(report);
  const lines: string[] = [''];

  const problems = problemsOf(report.results);
  const sections: [string, CheckResult[]][] = [
    ['Failures', problems.filter((r) => r.status === 'failed' && r.expected !== 'failure')],
    ['Errors', problems.filter((r) => r.status === 'errored' && r.expected !== 'failure')],
    ['Warnings', problems.filter((r) => r.status === 'warned')],
    ['Expected failures, baselined', problems.filter((r) => r.expected === 'failure' && r.status !== 'warned')],
  ];
  for (const [title, results] of sections) {
    if (results.length === 0) continue;
    lines.push(paint('bold', ` ${title} (${results.length})`));
    // The same verdict for the same reason in several versions is one entry listing the versions.
    const groups = new Map<string, CheckResult[]>();
    for (const result of results) {
      const key = JSON.stringify([result.id, result.status, result.message ?? '', result.transport]);
      groups.set(key, [...(groups.get(key) ?? []), result]);
    }
    const entries = [...groups.values()];
    for (const group of entries.slice(0, maxProblems)) {
      const result = group[0]!;
      const expected = result.expected === 'failure';
      const mark = paint(expected ? 'dim' : STATUS_STYLE[result.status], CONSOLE_STATUS_MARK[result.status]);
      const version = paint('dim', `[${group.map((r) => versionLabel(r.protocolVersion)).join(', ')}]`);
      lines.push(`  ${mark} ${paint('bold', visibleLine(result.id))} ${version} ${paint('dim', result.level)}`);
      if (result.message !== undefined && result.message !== '') lines.push(indent(visibleText(truncateText(result.message, maxMessage)), '    '));
      const refs = [...result.requirements, result.spec].map(visibleLine).join(' · ');
      lines.push(paint('dim', `    ${refs}`));
    }
    if (entries.length > maxProblems) lines.push(paint('dim', `  … and ${entries.length - maxProblems} more in the reports`));
    lines.push('');
  }
  const stale = report.staleBaseline ?? [];
  if (stale.length > 0) {
    lines.push(paint('bold', ` Stale baseline entries (${stale.length}): they no longer fail; remove them from the baseline`));
    for (const entry of stale) lines.push(`  ${paint('yellow', '-')} ${visibleLine(entry)}`);
    lines.push('');
  }

  const summary = report.summary;
  const counts = DISPLAY_ORDER.filter((s) => summary[s] > 0)
    .map((s) => paint(s === 'passed' || s === 'skipped' ? STATUS_STYLE[s] : [STATUS_STYLE[s], 'bold'], `${summary[s]} ${s}`))
    .join(paint('dim', ' · '));
  const versions = report.server.protocolVersions.length > 0 ? report.server.protocolVersions.join(', ') : 'none negotiated';
  const server = [report.server.name, report.server.version].filter((v) => v !== undefined && v !== '').join(' ');
  lines.push(` ${paint('dim', 'Server  ')} ${visibleLine(server === '' ? 'unnamed' : server)} ${paint('dim', `(${report.target.transport}; ${versions})`)}`);
  lines.push(` ${paint('dim', 'Checks  ')} ${counts === '' ? 'none ran' : counts} ${paint('dim', `(${summary.total})`)}`);
  lines.push(` ${paint('dim', 'Duration')} ${formatDuration(report.durationMs)}`);
  const label = verdict.outcome === 'passed' ? paint(['green', 'bold'], 'PASSED') : paint(['red', 'bold'], 'FAILED');
  lines.push(` ${paint('dim', 'Verdict ')} ${label}${verdict.reasons.length > 0 ? ` ${paint('dim', `(${verdict.reasons.join(', ')})`)}` : ''}`);

  const first = problems.find((r) => r.expected !== 'failure') ?? problems[0];
  if (first !== undefined) {
    lines.push('');
    lines.push(` ${paint('dim', 'Rerun one check:')} ${visibleLine(rerunCommand(report.target, first))}`);
  }
  lines.push('');
  return lines.join('\n');
}
