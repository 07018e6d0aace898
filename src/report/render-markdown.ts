/**
 * The Markdown report, for a CI job summary (GitHub-flavoured: `$GITHUB_STEP_SUMMARY`): the verdict, a counts table
 * per suite, then the problems, most serious first, each with its message, spec link and a collapsed wire excerpt,
 * then every result in a collapsible section per suite. Server text is escaped so it renders as text.
 */
import type { CheckResult, CheckStatus, RunReport } from '../conformance/run-report.js';
import { describeEvidence } from './describe-evidence.js';
import { escapeHtml } from './escape-html.js';
import { mdCode, mdFence, mdLine, mdText } from './escape-markdown.js';
import { formatDuration } from './format-duration.js';
import { groupResults, problemsOf, versionLabel } from './group-results.js';
import { redactReport } from './redact-report.js';
import { rerunCommand } from './rerun-command.js';
import { DISPLAY_ORDER, describeCounts } from './svg-charts.js';
import { verdictOf } from './verdict.js';
import { truncateText, visibleLine } from './visible-text.js';

/** Options of {@link renderMarkdown}. */
export interface RenderMarkdownOptions {
  /** Longest frame or body quoted per wire event, in characters. @default 1500 */
  maxEvidenceChars?: number;
  /** Most wire events quoted per problem. @default 20 */
  maxEvidenceEvents?: number;
  /** Longest message in the per-suite tables, in characters. @default 200 */
  maxTableMessageChars?: number;
  /**
   * The most characters the summary may have (GitHub refuses a job summary over 1 MiB): over it, wire excerpts are
   * left out, then the per-suite tables, and the summary says so. @default 900000
   */
  maxChars?: number;
}

/** The default of {@link RenderMarkdownOptions.maxChars}: under GitHub's 1 MiB job summary limit. */
export const MARKDOWN_MAX_CHARS = 900_000;

/** The status marks of the Markdown report. */
export const MARKDOWN_STATUS_ICON: Record<CheckStatus, string> = { passed: '✅', failed: '❌', warned: '⚠️', skipped: '⏭️', errored: '💥' };

const HEADING: Record<string, string> = { failed: 'Failures', errored: 'Errors', warned: 'Warnings', expected: 'Expected failures, baselined' };

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function link(url: string, text: string): string {
  return /^https?:\/\/[^\s()<>]+$/i.test(url) ? `[${text}](${url})` : mdText(url);
}

/** Groups problems that are the same verdict for the same reason in several versions (run order kept). */
function groupSame(results: readonly CheckResult[]): CheckResult[][] {
  const groups = new Map<string, CheckResult[]>();
  for (const result of results) {
    const key = JSON.stringify([result.id, result.status, result.message ?? '', result.transport]);
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  return [...groups.values()];
}

function renderProblem(report: RunReport, group: readonly CheckResult[], options: RenderMarkdownOptions): string {
  const result = group[0]!;
  const lines: string[] = [];
  const versions = group.map((r) => versionLabel(r.protocolVersion)).join(', ');
  lines.push(`#### ${MARKDOWN_STATUS_ICON[result.status]} ${mdCode(result.id)} · ${mdText(versions)}`);
  lines.push('');
  lines.push(`${mdLine(result.title)} (${result.level}, ${mdText(result.transport)})`);
  if (result.message !== undefined && result.message !== '') {
    lines.push('');
    lines.push(...mdText(result.message).split('\n').map((l) => `> ${l}`));
  }
  lines.push('');
  const facts = [
    result.requirements.length > 0 ? `Requirements: ${result.requirements.map((r) => mdCode(r)).join(', ')}` : undefined,
    link(result.spec, 'Specification'),
    `Rerun: ${mdCode(rerunCommand(report.target, result))}`,
  ].filter((f) => f !== undefined);
  lines.push(facts.join(' · '));
  const all = options.maxEvidenceEvents === 0 ? [] : describeEvidence(result.evidence, { maxBodyChars: options.maxEvidenceChars ?? 1500 });
  if (all.length > 0) {
    const max = options.maxEvidenceEvents ?? 20;
    const shown = all.slice(0, max);
    const text = shown
      .flatMap((e) => [
        `${e.arrow} #${e.seq} +${e.offsetMs.toFixed(2)}ms ${e.headline}`,
        ...(e.note === undefined ? [] : [`  ! ${e.note}`]),
        ...(e.body === undefined || e.body === '' ? [] : e.body.split('\n').map((l) => `  ${l}`)),
      ])
      .concat(all.length > max ? [`… ${all.length - max} more events in the JSON and HTML reports`] : [])
      .join('\n');
    const which = group.length > 1 ? `, ${escapeHtml(versionLabel(result.protocolVersion))}` : '';
    lines.push('', `<details><summary>Wire excerpt (${all.length} event${all.length === 1 ? '' : 's'}${which})</summary>`, '', mdFence(text), '', '</details>');
  }
  return lines.join('\n');
}

function countsTable(report: RunReport): string {
  const header = `| Suite | ${DISPLAY_ORDER.map((s) => `${MARKDOWN_STATUS_ICON[s]} ${capitalize(s)}`).join(' | ')} | Total |`;
  const align = `|:--|${DISPLAY_ORDER.map(() => '--:').join('|')}|--:|`;
  const rows = groupResults(report.results).map(
    (g) => `| ${mdCode(g.suite, true)} | ${DISPLAY_ORDER.map((s) => String(g.counts[s])).join(' | ')} | ${g.counts.total} |`,
  );
  const total = `| **Total** | ${DISPLAY_ORDER.map((s) => `**${report.summary[s]}**`).join(' | ')} | **${report.summary.total}** |`;
  return [header, align, ...rows, total].join('\n');
}

function suiteDetails(report: RunReport, options: RenderMarkdownOptions): string {
  const max = options.maxTableMessageChars ?? 200;
  return groupResults(report.results)
    .map((group) => {
      const rows = group.versions.flatMap((v) =>
        v.results.map((r) => {
          const expected = r.expected === 'failure' ? ' (expected)' : r.expected === 'stale' ? ' (stale baseline)' : '';
          const message = r.message === undefined ? '' : mdLine(truncateText(r.message, max));
          return `| ${MARKDOWN_STATUS_ICON[r.status]} ${r.status}${expected} | ${mdCode(r.id, true)} | ${mdText(versionLabel(v.version))} | ${r.level} | ${message} |`;
        }),
      );
      return [
        `<details><summary><strong>${escapeHtml(visibleLine(group.suite))}</strong> · ${escapeHtml(describeCounts(group.counts))}</summary>`,
        '',
        '| Status | Check | Version | Level | Message |',
        '|:--|:--|:--|:--|:--|',
        ...rows,
        '',
        '</details>',
      ].join('\n');
    })
    .join('\n\n');
}

/**
 * Renders the Markdown report for a CI job summary.
 * @example appendFileSync(process.env.GITHUB_STEP_SUMMARY!, renderMarkdown(report));
 */
export function renderMarkdown(input: RunReport, options: RenderMarkdownOptions = {}): string {
  const report = redactReport(input);
  const max = options.maxChars ?? MARKDOWN_MAX_CHARS;
  const full = renderSummary(report, options, { evidence: true, suites: true });
  if (full.length <= max) return full;
  const lean = renderSummary(report, options, { evidence: false, suites: true });
  if (lean.length <= max) return lean;
  const leanest = renderSummary(report, options, { evidence: false, suites: false });
  if (leanest.length <= max) return leanest;
  const note = `\n\n_The summary was cut at ${max} characters: the JSON and HTML reports have everything._\n`;
  return leanest.slice(0, max - note.length) + note;
}

function renderSummary(report: RunReport, options: RenderMarkdownOptions, parts: { evidence: boolean; suites: boolean }): string {
  const verdict = verdictOf(report);
  const out: string[] = [];
  out.push(`## ${verdict.outcome === 'passed' ? '✅' : '❌'} mcp-conform: ${verdict.outcome}`);
  out.push('');
  const server = [report.server.name, report.server.version].filter((v) => v !== undefined && v !== '').join(' ');
  const where = report.target.command ?? report.target.url;
  const versions = report.server.protocolVersions.join(', ') || 'none';
  const refused = (report.server.refusedVersions ?? []).length > 0 ? ` (refused: ${report.server.refusedVersions!.join(', ')})` : '';
  out.push(
    [
      `**Server** ${server === '' ? 'unnamed' : mdLine(server)}`,
      `**Target** ${mdText(report.target.transport)}${where === undefined ? '' : ` ${mdCode(where)}`}`,
      `**Protocol versions** ${mdText(versions + refused)}`,
      `**Duration** ${formatDuration(report.durationMs)}`,
    ].join(' · '),
  );
  out.push('');
  const reasons = verdict.reasons.length > 0 ? verdict.reasons.join(' · ') : `all ${report.summary.total} checks passed or were skipped`;
  out.push(`${mdText(reasons)}${report.strict === true ? ' · strict: warnings fail the run' : ''}`);
  out.push('', countsTable(report));

  const problems = problemsOf(report.results);
  const sections = new Map<string, CheckResult[]>();
  for (const result of problems) {
    const key = result.expected === 'failure' && result.status !== 'warned' ? 'expected' : result.status;
    sections.set(key, [...(sections.get(key) ?? []), result]);
  }
  for (const [key, results] of sections) {
    out.push('', `### ${HEADING[key]} (${results.length})`, '');
    const problemOptions = parts.evidence ? options : { ...options, maxEvidenceEvents: 0 };
    out.push(groupSame(results).map((group) => renderProblem(report, group, problemOptions)).join('\n\n'));
  }
  const stale = report.staleBaseline ?? [];
  if (stale.length > 0) {
    out.push('', `### Stale baseline entries (${stale.length})`, '', 'These expected failures no longer fail; remove them from the baseline file (a stale entry fails the run):', '');
    out.push(...stale.map((entry) => `- ${mdCode(entry)}`));
  }
  if (report.results.length > 0 && parts.suites) out.push('', '### Results by suite', '', suiteDetails(report, options));
  if (!parts.evidence) {
    out.push('', `_Wire excerpts${parts.suites ? '' : ' and the per-suite tables'} are left out to keep this summary under ${options.maxChars ?? MARKDOWN_MAX_CHARS} characters: see the JSON and HTML reports._`);
  }
  out.push('', `<sub>mcp-conform ${mdText(report.tool.version)} · report schema ${report.schemaVersion} · started ${mdText(report.startedAt)}</sub>`, '');
  return out.join('\n');
}
