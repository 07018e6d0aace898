/**
 * Inline SVG charts for the HTML report: a donut per suite and stacked status bars. Colours come from CSS classes
 * (`.s-passed`, …), so the charts follow the light and dark themes; every chart has a text title for screen readers.
 */
import type { CheckStatus, RunSummary } from '../conformance/run-report.js';
import { html } from './escape-html.js';

/** The order in which statuses are shown: problems first. */
export const DISPLAY_ORDER: readonly CheckStatus[] = ['failed', 'errored', 'warned', 'passed', 'skipped'];

/** `3 passed, 1 failed` in display order, omitting zeros. */
export function describeCounts(counts: RunSummary): string {
  const parts = DISPLAY_ORDER.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length === 0 ? 'no results' : parts.join(', ');
}

/**
 * The share of checks that passed among those that ran (not skipped), as a whole percent (never rounded up to 100 while
 * one did not pass); `undefined` if none ran.
 */
export function passRate(counts: RunSummary): number | undefined {
  const ran = counts.total - counts.skipped;
  if (ran <= 0) return undefined;
  const rate = Math.round((counts.passed / ran) * 100);
  return rate === 100 && counts.passed < ran ? 99 : rate;
}

function round(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/** A donut of a suite's statuses with the pass rate in the middle. */
export function renderDonut(counts: RunSummary, label: string): string {
  const title = `${label}: ${describeCounts(counts)}`;
  let offset = 25;
  const arcs: string[] = [];
  for (const status of DISPLAY_ORDER) {
    const share = counts.total === 0 ? 0 : (counts[status] / counts.total) * 100;
    if (share <= 0) continue;
    arcs.push(
      `<circle class="arc s-${status}" cx="21" cy="21" r="15.915" pathLength="100" stroke-dasharray="${round(share)} ${round(100 - share)}" stroke-dashoffset="${round(offset)}"></circle>`,
    );
    offset -= share;
  }
  const rate = passRate(counts);
  return [
    `<svg class="donut" viewBox="0 0 42 42" width="72" height="72" role="img" aria-label="${html(title)}">`,
    `<title>${html(title)}</title>`,
    `<circle class="arc-track" cx="21" cy="21" r="15.915"></circle>`,
    ...arcs,
    `<text class="donut-value" x="21" y="21">${rate === undefined ? '–' : `${rate}%`}</text>`,
    `<text class="donut-label" x="21" y="27.5">passed</text>`,
    '</svg>',
  ].join('');
}

/** A horizontal bar split by status, proportional to the counts. */
export function renderStackedBar(counts: RunSummary, label: string, className = 'bar'): string {
  const title = `${label}: ${describeCounts(counts)}`;
  let x = 0;
  const rects: string[] = [];
  for (const status of DISPLAY_ORDER) {
    const width = counts.total === 0 ? 0 : (counts[status] / counts.total) * 100;
    if (width <= 0) continue;
    rects.push(`<rect class="s-${status}" x="${round(x)}" y="0" width="${round(width)}" height="10"></rect>`);
    x += width;
  }
  return [
    `<svg class="${className}" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="${html(title)}">`,
    `<title>${html(title)}</title>`,
    `<rect class="bar-track" x="0" y="0" width="100" height="10"></rect>`,
    ...rects,
    '</svg>',
  ].join('');
}
