/**
 * The HTML report: one self-contained file that opens from disk and loads nothing (a Content-Security-Policy with
 * `default-src 'none'` and hashes of its own inline style and script proves it). The verdict and counts come first,
 * then a chart per suite, then every result grouped by suite and version, each with its message, requirement ids, spec
 * link and wire excerpt. Everything the server sent is escaped, and the CSP would block an inline handler even if it
 * were not. Filters and search are progressive enhancement: without script the report is complete.
 */
import { createHash } from 'node:crypto';
import type { CheckResult, CheckStatus, RunReport, RunSummary } from '../conformance/run-report.js';
import { describeEvidence, type EvidenceEntry } from './describe-evidence.js';
import { highlightJson, html, safeHref } from './escape-html.js';
import { formatDuration } from './format-duration.js';
import { groupResults, versionLabel, type SuiteGroup } from './group-results.js';
import { HTML_REPORT_SCRIPT } from './html-script.js';
import { HTML_REPORT_STYLE } from './html-style.js';
import { redactReport } from './redact-report.js';
import { rerunCommand } from './rerun-command.js';
import { DISPLAY_ORDER, describeCounts, renderDonut, renderStackedBar } from './svg-charts.js';
import { verdictOf } from './verdict.js';

/** Options of {@link renderHtml}. */
export interface RenderHtmlOptions {
  /** Longest frame or body shown per wire event, in characters. @default 16000 */
  maxEvidenceChars?: number;
}

const STATUS_LABEL: Record<CheckStatus, string> = { passed: 'Passed', failed: 'Failed', warned: 'Warned', skipped: 'Skipped', errored: 'Errored' };
const WHO: Record<EvidenceEntry['direction'], string> = { out: 'client → server', in: 'server → client', none: 'event' };

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'x';
}

function formatStartedAt(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The mcp-conform mark: a bracketed check, in the text colour (the verdict has its own colours). */
const LOGO =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><rect class="logo-bg" x="1" y="1" width="22" height="22" rx="6"></rect><path class="logo-mark" d="M8 6.5H6.5v11H8M16 6.5h1.5v11H16M9.5 12.2l2 2 3.2-4"></path></svg>';

function favicon(outcome: 'passed' | 'failed'): string {
  const colour = outcome === 'passed' ? '#1a7f37' : '#cf222e';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="${colour}"/></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

function renderFacts(report: RunReport): string {
  const facts: [string, string, string?][] = [];
  const server = [report.server.name, report.server.version].filter((v) => v !== undefined && v !== '').join(' ');
  facts.push(['Server', server === '' ? '<span class="muted">unnamed</span>' : html(server), 'fact--wide']);
  const where = report.target.command ?? report.target.url;
  facts.push(['Target', `${html(report.target.transport)}${where === undefined ? '' : ` <code>${html(where)}</code>`}`, 'fact--wide']);
  const versions = [
    ...report.server.protocolVersions.map((v) => `<span class="chip">${html(v)}</span>`),
    ...(report.server.refusedVersions ?? []).map((v) => `<span class="chip chip--refused" title="refused by the server">${html(v)}</span>`),
  ];
  facts.push(['Protocol versions', versions.length === 0 ? '<span class="muted">none negotiated</span>' : versions.join(''), 'fact--wide']);
  facts.push(['Started', html(formatStartedAt(report.startedAt)), 'fact--wide']);
  facts.push(['Duration', html(formatDuration(report.durationMs))]);
  return `<dl class="facts">${facts.map(([dt, dd, cls]) => `<div${cls === undefined ? '' : ` class="${cls}"`}><dt>${dt}</dt><dd>${dd}</dd></div>`).join('')}</dl>`;
}

function renderVerdict(report: RunReport): string {
  const verdict = verdictOf(report);
  const summary = report.summary;
  const reasons =
    verdict.reasons.length > 0 ? verdict.reasons.join(' · ') : `${summary.passed} of ${summary.total} checks passed`;
  const counts = DISPLAY_ORDER.map(
    (status) =>
      `<li><a class="count count--${status}${summary[status] === 0 ? ' count--zero' : ''}" href="#status=${status}" data-filter="${status}"><span class="count__n">${summary[status]}</span><span class="count__label">${status}</span></a></li>`,
  ).join('');
  return [
    `<section class="card verdict verdict--${verdict.outcome}" aria-labelledby="verdict-title">`,
    `<div class="verdict__mark" aria-hidden="true">${verdict.outcome === 'passed' ? '✓' : '✗'}</div>`,
    `<div><h1 id="verdict-title">${verdict.outcome === 'passed' ? 'Passed' : 'Failed'}</h1>`,
    `<p class="verdict__reasons">${html(reasons)} · ${summary.total} checks${report.strict === true ? ' · strict: warnings fail' : ''}</p></div>`,
    `<ul class="counts" aria-label="Results per status">${counts}</ul>`,
    `<div class="verdict__bar">${renderStackedBar(summary, 'All results')}</div>`,
    '</section>',
  ].join('');
}

function renderStaleBaseline(report: RunReport): string {
  const stale = report.staleBaseline ?? [];
  if (stale.length === 0) return '';
  return [
    '<section class="notice" role="note">',
    '<h2>Stale baseline entries</h2>',
    '<p>These expected failures no longer fail. Remove them from the baseline file (a stale entry fails the run):</p>',
    `<ul>${stale.map((entry) => `<li><code>${html(entry)}</code></li>`).join('')}</ul>`,
    '</section>',
  ].join('');
}

function renderSuiteCards(groups: readonly SuiteGroup[]): string {
  const cards = groups.map((group) => {
    const rows = group.versions
      .map(
        (v) =>
          `<span>${html(versionLabel(v.version))}</span>${renderStackedBar(v.counts, `${group.suite} ${versionLabel(v.version)}`)}<span>${v.counts.passed}/${v.counts.total}</span>`,
      )
      .join('');
    return [
      `<a class="card suite-card" href="#suite-${html(slug(group.suite))}">`,
      renderDonut(group.counts, group.suite),
      `<div><h3>${html(group.suite)}</h3><div class="suite-card__counts">${html(describeCounts(group.counts))}</div></div>`,
      `<div class="suite-card__versions">${rows}</div>`,
      '</a>',
    ].join('');
  });
  return `<section aria-labelledby="suites-title"><h2 class="section-title" id="suites-title">Suites</h2><div class="suite-cards">${cards.join('')}</div></section>`;
}

function renderToolbar(summary: RunSummary): string {
  const buttons = [
    `<button type="button" class="filter" data-filter="all" aria-pressed="true">All <span class="n">${summary.total}</span></button>`,
    ...DISPLAY_ORDER.map(
      (status) =>
        `<button type="button" class="filter st-${status}" data-filter="${status}" aria-pressed="false"><span class="dot" aria-hidden="true"></span>${STATUS_LABEL[status]} <span class="n">${summary[status]}</span></button>`,
    ),
  ];
  return [
    '<div class="toolbar" id="toolbar" hidden>',
    `<div class="filters" role="group" aria-label="Filter by status">${buttons.join('')}</div>`,
    '<input type="search" class="search" id="search" placeholder="Search ids, titles, messages, wire…  ( / )" aria-label="Search results" autocomplete="off">',
    '<button type="button" class="tool-button" id="toggle-all">Expand all</button>',
    `<span class="shown" id="shown" aria-live="polite">${summary.total} of ${summary.total} results</span>`,
    '</div>',
  ].join('');
}

function renderEvent(entry: EvidenceEntry): string {
  const body =
    entry.body === undefined || entry.body === ''
      ? ''
      : entry.bodyKind === 'json'
        ? `<pre class="event__body event__body--json"><code>${highlightJson(entry.body)}</code></pre>`
        : `<pre class="event__body"><code>${html(entry.body)}</code></pre>`;
  const note = entry.note === undefined ? '' : `<p class="event__note">${html(entry.note)}</p>`;
  return [
    `<li class="event event--${entry.direction} event--${entry.kind}">`,
    '<div class="event__head">',
    `<span class="event__arrow" aria-hidden="true">${entry.arrow}</span>`,
    `<span class="event__who">${WHO[entry.direction]}</span>`,
    `<span class="event__headline">${html(entry.headline)}</span>`,
    `<span class="event__meta">+${entry.offsetMs.toFixed(2)} ms · #${entry.seq}</span>`,
    '</div>',
    note,
    body,
    '</li>',
  ].join('');
}

function renderResult(report: RunReport, result: CheckResult, anchor: string, options: RenderHtmlOptions): string {
  const expectedFailure = result.expected === 'failure';
  const open = !expectedFailure && (result.status === 'failed' || result.status === 'errored' || result.status === 'warned');
  const tags = [`<span class="tag" title="requirement level">${html(result.level)}</span>`];
  if (expectedFailure) tags.push('<span class="tag tag--expected" title="listed in the baseline">expected failure</span>');
  if (result.expected === 'stale') tags.push('<span class="tag tag--expected" title="listed in the baseline, but it did not fail">stale baseline entry</span>');
  const href = safeHref(result.spec);
  const facts: [string, string][] = [
    ['Requirements', result.requirements.length === 0 ? '<span class="muted">none</span>' : result.requirements.map((r) => `<code class="req">${html(r)}</code>`).join('')],
    ['Specification', href === undefined ? html(result.spec) : `<a href="${href}" rel="noreferrer noopener" target="_blank">${html(result.spec)}</a>`],
    ['Protocol', `${html(versionLabel(result.protocolVersion))} over ${html(result.transport)}`],
  ];
  if (result.status !== 'passed' && result.status !== 'skipped') facts.push(['Rerun', `<code>${html(rerunCommand(report.target, result))}</code>`]);
  const events = describeEvidence(result.evidence, options.maxEvidenceChars === undefined ? {} : { maxBodyChars: options.maxEvidenceChars });
  const wire =
    events.length === 0
      ? ''
      : `<div class="wire"><h4>Wire excerpt · ${events.length} event${events.length === 1 ? '' : 's'}</h4><ol class="events">${events.map(renderEvent).join('')}</ol></div>`;
  const message = result.message === undefined || result.message === '' ? '' : `<p class="message">${html(result.message)}</p>`;
  return [
    `<details class="result st-${html(result.status)}" id="${anchor}" data-status="${html(result.status)}"${open ? ' open' : ''}>`,
    '<summary>',
    `<span class="badge">${html(result.status)}</span>`,
    `<span class="result__id">${html(result.id)}</span>`,
    `<span class="result__title">${html(result.title)}</span>`,
    tags.join(''),
    `<span class="result__time">${html(formatDuration(result.durationMs))}</span>`,
    '</summary>',
    `<div class="result__body">${message}<dl class="result__facts">${facts.map(([dt, dd]) => `<dt>${dt}</dt><dd>${dd}</dd>`).join('')}</dl>${wire}</div>`,
    '</details>',
  ].join('');
}

function renderResults(report: RunReport, groups: readonly SuiteGroup[], options: RenderHtmlOptions): string {
  const anchors = new Map<string, number>();
  const anchorOf = (result: CheckResult): string => {
    const base = `r-${slug(`${result.id}-${versionLabel(result.protocolVersion)}-${result.transport}`)}`;
    const seen = anchors.get(base) ?? 0;
    anchors.set(base, seen + 1);
    return seen === 0 ? base : `${base}-${seen + 1}`;
  };
  const suites = groups.map((group) => {
    const versions = group.versions.map((v) =>
      [
        `<div class="version" data-version="${html(versionLabel(v.version))}">`,
        `<h4 class="version__title">${v.version === undefined ? 'Before version negotiation' : `Protocol <code>${html(v.version)}</code>`} <small>${html(describeCounts(v.counts))}</small></h4>`,
        `<div class="result-list">${v.results.map((r) => renderResult(report, r, anchorOf(r), options)).join('')}</div>`,
        '</div>',
      ].join(''),
    );
    return `<section class="suite" id="suite-${html(slug(group.suite))}"><h3 class="suite__title">${html(group.suite)} <small>${html(describeCounts(group.counts))}</small></h3>${versions.join('')}</section>`;
  });
  return [
    '<section id="results" aria-labelledby="results-title">',
    '<div class="results__head"><h2 class="section-title" id="results-title">Results</h2></div>',
    renderToolbar(report.summary),
    report.results.length === 0 ? '<p class="empty">The run produced no results.</p>' : '',
    suites.join(''),
    '<p class="empty" id="empty" hidden>No result matches the filter.</p>',
    '</section>',
  ].join('');
}

/**
 * Renders the self-contained HTML report.
 * @example writeFileSync('reports/mcp-conform.html', renderHtml(report));
 */
export function renderHtml(input: RunReport, options: RenderHtmlOptions = {}): string {
  const report = redactReport(input);
  const verdict = verdictOf(report);
  const groups = groupResults(report.results);
  const csp = [
    "default-src 'none'",
    `style-src 'sha256-${sha256(HTML_REPORT_STYLE)}'`,
    `script-src 'sha256-${sha256(HTML_REPORT_SCRIPT)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const serverName = report.server.name ?? report.target.command ?? report.target.url ?? 'MCP server';
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<meta name="generator" content="mcp-conform ${html(report.tool.version)}">`,
    `<title>${verdict.outcome === 'passed' ? '✓ Passed' : '✗ Failed'} · ${html(serverName)} · mcp-conform</title>`,
    `<link rel="icon" href="${favicon(verdict.outcome)}">`,
    `<style>${HTML_REPORT_STYLE}</style>`,
    '</head>',
    '<body>',
    '<header class="masthead"><div class="wrap">',
    `<div class="brand">${LOGO}<span>mcp-conform <span class="muted">conformance report</span></span></div>`,
    renderFacts(report),
    '</div></header>',
    '<main class="wrap">',
    renderVerdict(report),
    renderStaleBaseline(report),
    groups.length === 0 ? '' : renderSuiteCards(groups),
    renderResults(report, groups, options),
    `<footer>Generated by mcp-conform ${html(report.tool.version)} · report schema version ${html(report.schemaVersion)} · ${html(formatStartedAt(report.startedAt))}</footer>`,
    '</main>',
    `<script>${HTML_REPORT_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
