/**
 * The HTML report's stylesheet, inlined (the report loads nothing). Light and dark themes through
 * `prefers-color-scheme`; status colours meet WCAG AA contrast (4.5:1) for text on their backgrounds in both.
 */
export const HTML_REPORT_STYLE = `
:root {
  color-scheme: light dark;
  --bg: #f6f8fa; --surface: #ffffff; --surface-2: #f6f8fa; --border: #d0d7de; --border-soft: #e4e8ec;
  --text: #1f2328; --muted: #59636e; --link: #0859c9; --focus: #0969da; --code-bg: #f6f8fa;
  --passed: #1a7f37; --passed-bg: #dafbe1; --passed-fg: #116329;
  --failed: #cf222e; --failed-bg: #ffebe9; --failed-fg: #a40e26;
  --warned: #bf8700; --warned-bg: #fff8c5; --warned-fg: #6f4400;
  --skipped: #8c959f; --skipped-bg: #eaeef2; --skipped-fg: #424a53;
  --errored: #8250df; --errored-bg: #fbefff; --errored-fg: #6639ba;
  --j-key: #0550ae; --j-str: #0a3069; --j-num: #953800; --j-lit: #8250df; --j-punct: #6e7781;
  --out: #0969da; --in: #1a7f37; --fact: #6e7781;
  --shadow: 0 1px 2px rgba(31, 35, 40, 0.06), 0 1px 3px rgba(31, 35, 40, 0.08);
  --radius: 10px;
  --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --surface: #151b23; --surface-2: #0f141b; --border: #3d444d; --border-soft: #262c36;
    --text: #e6edf3; --muted: #9198a1; --link: #4493f8; --focus: #4493f8; --code-bg: #0f141b;
    --passed: #3fb950; --passed-bg: rgba(46, 160, 67, 0.18); --passed-fg: #56d364;
    --failed: #f85149; --failed-bg: rgba(248, 81, 73, 0.18); --failed-fg: #ff7b72;
    --warned: #d29922; --warned-bg: rgba(187, 128, 9, 0.2); --warned-fg: #e3b341;
    --skipped: #6e7681; --skipped-bg: rgba(110, 118, 129, 0.22); --skipped-fg: #b7bdc8;
    --errored: #ab7df8; --errored-bg: rgba(171, 125, 248, 0.2); --errored-fg: #d2a8ff;
    --j-key: #79c0ff; --j-str: #a5d6ff; --j-num: #ffa657; --j-lit: #d2a8ff; --j-punct: #8b949e;
    --out: #4493f8; --in: #3fb950; --fact: #9198a1;
    --shadow: 0 0 0 1px rgba(0, 0, 0, 0.2);
  }
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--text); font: 14px/1.5 var(--sans); }
a { color: var(--link); text-underline-offset: 2px; }
a:focus-visible, button:focus-visible, input:focus-visible, summary:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
code, pre, kbd { font-family: var(--mono); font-size: 12.5px; }
h1, h2, h3, h4, h5 { margin: 0; line-height: 1.25; }
.wrap { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
.muted { color: var(--muted); }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }

.masthead { background: var(--surface); border-bottom: 1px solid var(--border); }
.masthead .wrap { padding-top: 14px; padding-bottom: 16px; }
.brand { display: flex; align-items: center; gap: 10px; font-weight: 650; font-size: 15px; margin-bottom: 12px; }
.brand svg { width: 22px; height: 22px; flex: none; }
.brand .muted { font-weight: 400; }
.logo-bg { fill: var(--text); }
.logo-mark { fill: none; stroke: var(--surface); stroke-width: 2.4; stroke-linecap: round; stroke-linejoin: round; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px 28px; margin: 0; }
.facts div { min-width: 0; }
.facts .fact--wide { grid-column: span 2; }
.facts dt { font-size: 11px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.facts code { background: var(--code-bg); border: 1px solid var(--border-soft); border-radius: 5px; padding: 0 5px; }
.chip { display: inline-block; padding: 0 7px; border-radius: 999px; border: 1px solid var(--border); font-size: 12px; margin: 0 4px 2px 0; font-family: var(--mono); }
.chip--refused { text-decoration: line-through; color: var(--muted); }

main.wrap { padding-top: 24px; padding-bottom: 48px; }
section + section { margin-top: 28px; }
.card { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); }

.verdict { display: grid; grid-template-columns: auto 1fr auto; align-items: center; gap: 8px 20px; padding: 20px 24px; border-left: 6px solid var(--verdict); }
.verdict--passed { --verdict: var(--passed); --verdict-bg: var(--passed-bg); --verdict-fg: var(--passed-fg); }
.verdict--failed { --verdict: var(--failed); --verdict-bg: var(--failed-bg); --verdict-fg: var(--failed-fg); }
.verdict__mark { width: 48px; height: 48px; border-radius: 50%; display: grid; place-items: center; background: var(--verdict-bg); color: var(--verdict-fg); font-size: 26px; font-weight: 700; }
.verdict h1 { font-size: 26px; font-weight: 700; color: var(--verdict-fg); }
.verdict__reasons { margin: 2px 0 0; color: var(--muted); }
.verdict__bar { grid-column: 1 / -1; }
.bar { display: block; width: 100%; height: 10px; border-radius: 5px; overflow: hidden; }
.bar-track { fill: var(--border-soft); }
.counts { display: flex; flex-wrap: wrap; gap: 8px; list-style: none; margin: 0; padding: 0; }
.count { display: flex; flex-direction: column; align-items: center; min-width: 76px; padding: 6px 12px; border-radius: 8px; text-decoration: none; color: var(--muted); border: 1px solid var(--border-soft); background: var(--surface-2); }
.count:hover { border-color: var(--border); }
.count__n { font-size: 22px; font-weight: 700; font-variant-numeric: tabular-nums; color: var(--text); line-height: 1.2; }
.count__label { font-size: 12px; }
.count--failed .count__n { color: var(--failed-fg); } .count--errored .count__n { color: var(--errored-fg); }
.count--warned .count__n { color: var(--warned-fg); } .count--passed .count__n { color: var(--passed-fg); }
.count--skipped .count__n { color: var(--skipped-fg); }
.count--zero .count__n { color: var(--muted); font-weight: 500; }

.notice { padding: 12px 16px; border-radius: 8px; border: 1px solid var(--warned); background: var(--warned-bg); color: var(--text); }
.notice h2 { font-size: 14px; margin-bottom: 4px; }
.notice ul { margin: 0; padding-left: 20px; }

.section-title { font-size: 17px; font-weight: 650; margin-bottom: 12px; }
.suite-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 12px; }
.suite-card { display: grid; grid-template-columns: 72px 1fr; gap: 4px 14px; align-items: center; padding: 14px 16px; color: inherit; text-decoration: none; }
.suite-card:hover { border-color: var(--link); }
.suite-card h3 { font-size: 15px; font-family: var(--mono); font-weight: 600; overflow-wrap: anywhere; }
.suite-card__counts { font-size: 12px; color: var(--muted); margin-top: 2px; }
.suite-card__versions { grid-column: 1 / -1; display: grid; grid-template-columns: max-content 1fr max-content; gap: 4px 10px; align-items: center; margin-top: 8px; font-size: 12px; }
.suite-card__versions .bar { height: 6px; border-radius: 3px; }
.suite-card__versions span { font-family: var(--mono); color: var(--muted); }
.donut { display: block; }
.arc-track { fill: none; stroke: var(--border-soft); stroke-width: 5; }
.arc { fill: none; stroke-width: 5; }
.donut-value { font: 700 7.5px var(--sans); fill: var(--text); text-anchor: middle; }
.donut-label { font: 4.2px var(--sans); fill: var(--muted); text-anchor: middle; }
rect.s-passed { fill: var(--passed); } rect.s-failed { fill: var(--failed); } rect.s-warned { fill: var(--warned); }
rect.s-skipped { fill: var(--skipped); } rect.s-errored { fill: var(--errored); }
circle.s-passed { stroke: var(--passed); } circle.s-failed { stroke: var(--failed); } circle.s-warned { stroke: var(--warned); }
circle.s-skipped { stroke: var(--skipped); } circle.s-errored { stroke: var(--errored); }

.results__head { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 12px; margin-bottom: 12px; }
.results__head .section-title { margin: 0; }
.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; position: sticky; top: 0; z-index: 2; padding: 10px 12px; margin-bottom: 16px; background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); }
.filters { display: inline-flex; flex-wrap: wrap; gap: 4px; }
.filter { font: inherit; font-size: 13px; display: inline-flex; align-items: center; gap: 6px; padding: 4px 10px; border-radius: 999px; border: 1px solid var(--border); background: var(--surface); color: var(--text); cursor: pointer; }
.filter:hover { background: var(--surface-2); }
.filter[aria-pressed="true"] { background: var(--text); color: var(--surface); border-color: var(--text); }
.filter .n { font-variant-numeric: tabular-nums; font-weight: 600; }
.filter .dot { width: 8px; height: 8px; border-radius: 50%; background: var(--dot); }
.search { flex: 1 1 220px; min-width: 180px; font: inherit; padding: 5px 10px; border-radius: 8px; border: 1px solid var(--border); background: var(--surface-2); color: var(--text); }
.tool-button { font: inherit; font-size: 13px; padding: 4px 10px; border-radius: 8px; border: 1px solid var(--border); background: var(--surface); color: var(--text); cursor: pointer; }
.tool-button:hover { background: var(--surface-2); }
.shown { font-size: 12px; color: var(--muted); font-variant-numeric: tabular-nums; margin-left: auto; }
.empty { padding: 32px; text-align: center; color: var(--muted); }

.suite { margin-top: 24px; }
.suite__title { display: flex; align-items: baseline; gap: 10px; font-size: 16px; padding-bottom: 6px; border-bottom: 1px solid var(--border); font-family: var(--mono); }
.suite__title small, .version__title small { font-family: var(--sans); font-weight: 400; font-size: 12px; color: var(--muted); }
.version { margin-top: 12px; }
.version__title { display: flex; align-items: baseline; gap: 10px; font-size: 13px; font-weight: 600; color: var(--muted); margin: 0 0 6px 2px; }
.version__title code { color: var(--text); font-size: 13px; }
.result-list { display: flex; flex-direction: column; gap: 6px; }

.result { background: var(--surface); border: 1px solid var(--border); border-left: 4px solid var(--status); border-radius: 8px; }
.result > summary { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; padding: 8px 12px; cursor: pointer; list-style: none; }
.result > summary::-webkit-details-marker { display: none; }
.result > summary::before { content: ""; width: 7px; height: 7px; border-right: 2px solid var(--muted); border-bottom: 2px solid var(--muted); transform: rotate(-45deg); transition: transform 0.15s; flex: none; margin-right: 2px; }
.result[open] > summary::before { transform: rotate(45deg); }
.result[open] > summary { border-bottom: 1px solid var(--border-soft); }
.st-passed { --status: var(--passed); --status-bg: var(--passed-bg); --status-fg: var(--passed-fg); }
.st-failed { --status: var(--failed); --status-bg: var(--failed-bg); --status-fg: var(--failed-fg); }
.st-warned { --status: var(--warned); --status-bg: var(--warned-bg); --status-fg: var(--warned-fg); }
.st-skipped { --status: var(--skipped); --status-bg: var(--skipped-bg); --status-fg: var(--skipped-fg); }
.st-errored { --status: var(--errored); --status-bg: var(--errored-bg); --status-fg: var(--errored-fg); }
.filter.st-passed, .filter.st-failed, .filter.st-warned, .filter.st-skipped, .filter.st-errored { --dot: var(--status); }
.badge { display: inline-block; min-width: 62px; text-align: center; padding: 1px 8px; border-radius: 999px; font-size: 11.5px; font-weight: 650; text-transform: uppercase; letter-spacing: 0.04em; background: var(--status-bg); color: var(--status-fg); }
.result__id { font-family: var(--mono); font-weight: 600; overflow-wrap: anywhere; }
.result__title { color: var(--muted); flex: 1 1 240px; min-width: 0; }
.tag { font-size: 11px; padding: 0 6px; border-radius: 4px; border: 1px solid var(--border); color: var(--muted); white-space: nowrap; }
.tag--expected { border-color: var(--warned); color: var(--warned-fg); background: var(--warned-bg); }
.result__time { font-size: 12px; color: var(--muted); font-variant-numeric: tabular-nums; white-space: nowrap; }
.result__body { padding: 12px 14px 14px; display: flex; flex-direction: column; gap: 12px; }
.message { margin: 0; padding: 10px 12px; border-radius: 6px; background: var(--status-bg); color: var(--text); white-space: pre-wrap; overflow-wrap: anywhere; font-size: 13.5px; }
.st-passed .message, .st-skipped .message { background: var(--surface-2); }
.result__facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; font-size: 13px; }
.result__facts dt { color: var(--muted); }
.result__facts dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
.result__facts code { background: var(--code-bg); border: 1px solid var(--border-soft); border-radius: 5px; padding: 0 5px; }
.req { margin-right: 6px; }

.wire h4 { font-size: 12px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); margin-bottom: 6px; }
.events { list-style: none; margin: 0; padding: 0; border: 1px solid var(--border-soft); border-radius: 8px; overflow: hidden; }
.event + .event { border-top: 1px solid var(--border-soft); }
.event__head { display: grid; grid-template-columns: 1.4em 8.5em 1fr auto; align-items: baseline; gap: 8px; padding: 6px 10px; font-size: 12.5px; background: var(--surface-2); }
.event__arrow { font-weight: 700; text-align: center; }
.event--out .event__arrow, .event--out .event__who { color: var(--out); }
.event--in .event__arrow, .event--in .event__who { color: var(--in); }
.event--none .event__arrow, .event--none .event__who { color: var(--fact); }
.event__who { font-size: 11.5px; white-space: nowrap; }
.event__headline { font-family: var(--mono); overflow-wrap: anywhere; }
.event__meta { color: var(--muted); font-size: 11.5px; font-variant-numeric: tabular-nums; white-space: nowrap; }
.event__note { margin: 0; padding: 4px 10px; font-size: 12.5px; color: var(--failed-fg); background: var(--failed-bg); }
.event__body { margin: 0; padding: 8px 12px; max-height: 26rem; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; background: var(--code-bg); line-height: 1.45; }
.event__body--json { color: var(--j-punct); }
.j-k { color: var(--j-key); } .j-s { color: var(--j-str); } .j-n { color: var(--j-num); } .j-l { color: var(--j-lit); }

footer { margin-top: 40px; padding-top: 16px; border-top: 1px solid var(--border); color: var(--muted); font-size: 12px; }
@media (max-width: 720px) {
  .wrap { padding: 0 14px; }
  .verdict { grid-template-columns: auto 1fr; }
  .counts { grid-column: 1 / -1; }
  .event__head { grid-template-columns: 1.4em 1fr auto; }
  .event__who { display: none; }
}
@media (prefers-reduced-motion: reduce) {
  *, *::before { transition: none !important; }
}
@media print {
  .toolbar { display: none !important; }
  .result { break-inside: avoid; }
}
`;
