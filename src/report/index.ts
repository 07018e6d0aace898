/**
 * `mcp-conform/report`: pure renderers of one immutable RunReport. Each takes the report and returns a string; none
 * writes a file or reads the clock, so the CLI decides where reports go and tests compare them as snapshots.
 * @example
 * import { renderHtml, renderJson } from 'mcp-conform/report';
 * writeFileSync('reports/mcp-conform.json', renderJson(report));
 * writeFileSync('reports/mcp-conform.html', renderHtml(report));
 */
export { renderJson, toJsonReport } from './render-json.js';
export { renderHtml } from './render-html.js';
export type { RenderHtmlOptions } from './render-html.js';
export { renderJunit, junitCaseName, JUNIT_BASELINE_SUITE } from './render-junit.js';
export type { RenderJunitOptions } from './render-junit.js';
export { renderMarkdown, MARKDOWN_STATUS_ICON, MARKDOWN_MAX_CHARS } from './render-markdown.js';
export type { RenderMarkdownOptions } from './render-markdown.js';
export { renderConsoleSummary, createPaint, CONSOLE_STATUS_MARK } from './render-console-summary.js';
export type { ConsoleSummaryOptions } from './render-console-summary.js';
export { verdictOf } from './verdict.js';
export type { RunVerdict } from './verdict.js';
export { describeEvidence, describeMessage, DEFAULT_MAX_EVIDENCE_BODY_CHARS } from './describe-evidence.js';
export type { EvidenceEntry, DescribeEvidenceOptions } from './describe-evidence.js';
export { groupResults, countStatuses, problemsOf, versionLabel, NO_VERSION_LABEL } from './group-results.js';
export type { SuiteGroup, VersionGroup } from './group-results.js';
export { rerunCommand, shellQuote, targetArguments } from './rerun-command.js';
export { redactReport, REPORT_SECRET_HEADER_NAMES, REPORT_REDACTED } from './redact-report.js';
export { formatDuration } from './format-duration.js';
export { visibleText, visibleLine } from './visible-text.js';
export { prettyJson } from './pretty-json.js';
export type { PrettyJsonOptions } from './pretty-json.js';
