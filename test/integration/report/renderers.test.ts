import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exitCodeOf, summarize, type RunReport } from '../../../src/conformance/run-report.js';
import { redactReport, renderConsoleSummary, renderHtml, renderJson, renderJunit, renderMarkdown } from '../../../src/report/index.js';
import { HOSTILE_STRINGS, HOSTILE_TOOL_NAME, PASSING_RUN_REPORT, SAMPLE_RUN_REPORT } from '../../fixtures/reports/sample-run-report.js';
import { normalizeReport } from './normalize-report.js';
import { htmlProblems } from './html-balanced.js';
import { xmlProblems } from './xml-well-formed.js';

const report = normalizeReport(SAMPLE_RUN_REPORT);
const passing = normalizeReport(PASSING_RUN_REPORT);

/** Secrets that a careless runner might leave in a report: no renderer may print them. */
const SECRET_VALUES = ['Bearer sk-live-0123456789', 'session=raw-cookie', 'sk-live-raw-api-key', 'hunter2'];

/** The sample report as a runner that forgot to redact would build it. */
function unredacted(): RunReport {
  const results = report.results.map((result) => ({
    ...result,
    evidence: result.evidence.map((event) =>
      event.kind === 'http' && event.direction === 'out'
        ? {
            ...event,
            url: 'http://user:hunter2@127.0.0.1:PORT/mcp',
            headers: { ...event.headers, authorization: 'Bearer sk-live-0123456789', cookie: 'session=raw-cookie', 'X-Api-Key': 'sk-live-raw-api-key' },
          }
        : event,
    ),
  }));
  return { ...report, target: { transport: 'streamable-http', url: 'https://user:hunter2@example.test/mcp' }, results };
}

describe('the sample report fixture', () => {
  it('exercises every status, an expected failure, a stale entry, several suites and versions, and every evidence kind', () => {
    const statuses = new Set(report.results.map((r) => r.status));
    expect([...statuses].sort()).toEqual(['errored', 'failed', 'passed', 'skipped', 'warned']);
    expect(report.results.some((r) => r.expected === 'failure')).toBe(true);
    expect(report.results.some((r) => r.expected === 'stale')).toBe(true);
    expect(new Set(report.results.map((r) => r.suite)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(report.results.map((r) => r.protocolVersion)).size).toBeGreaterThanOrEqual(4);
    const kinds = new Set(report.results.flatMap((r) => r.evidence.map((e) => (e.kind === 'lifecycle' ? `lifecycle:${e.event}` : `${e.kind}:${'direction' in e ? e.direction : ''}`))));
    for (const kind of ['frame:in', 'frame:out', 'http:in', 'http:out', 'stderr:in', 'lifecycle:spawn', 'lifecycle:exit', 'lifecycle:open', 'lifecycle:close', 'lifecycle:error', 'lifecycle:stream-open', 'lifecycle:stream-close']) {
      expect(kinds).toContain(kind);
    }
    expect(report.summary).toEqual(summarize(report.results));
    expect(exitCodeOf(report)).toBe(1);
  });
});

describe('renderJson', () => {
  it('matches its snapshot', async () => {
    await expect(renderJson(report)).toMatchFileSnapshot('./__snapshots__/sample-report.json');
  });

  it('writes the keys in the contract order whatever order the report was built in', () => {
    const reverseKeys = (value: unknown, key = ''): unknown => {
      if (Array.isArray(value)) return key === 'message' ? value : value.map((v) => reverseKeys(v, key));
      if (typeof value !== 'object' || value === null || key === 'message' || key === 'headers') return value;
      return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v, k)]));
    };
    const shuffled = reverseKeys(report) as RunReport;
    expect(Object.keys(shuffled)[0]).toBe('strict');
    expect(renderJson(shuffled)).toBe(renderJson(report));
    const parsed = JSON.parse(renderJson(report)) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'tool', 'target', 'startedAt', 'durationMs', 'server', 'summary', 'results', 'staleBaseline', 'strict']);
    expect(Object.keys((parsed.results as Record<string, unknown>[])[3]!)).toEqual([
      'id', 'title', 'suite', 'level', 'status', 'expected', 'protocolVersion', 'transport', 'requirements', 'spec', 'durationMs', 'message', 'evidence',
    ]);
  });

  it('keeps what the server sent as it was sent: the raw frame and the parsed message in their own key order', () => {
    const parsed = JSON.parse(renderJson(report)) as RunReport;
    const frame = parsed.results.find((r) => r.id === 'tools/output-schema-matches')!.evidence[1]!;
    expect(frame.kind === 'frame' && frame.raw).toContain('"big":12345678901234567890');
    expect(frame.kind === 'frame' && Object.keys(frame.message as object)).toEqual(['jsonrpc', 'id', 'result']);
  });

  it('keeps fields added to the contract later, after the known ones', () => {
    const extended = { ...report, zeta: 1, alpha: true } as RunReport;
    expect(Object.keys(JSON.parse(renderJson(extended)) as object).slice(-2)).toEqual(['alpha', 'zeta']);
  });

  it('ends with a newline and parses back to the same data', () => {
    const text = renderJson(report);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(redactReport(report))));
  });
});

describe('renderHtml', () => {
  const html = renderHtml(report);

  it('matches its snapshot', async () => {
    await expect(html).toMatchFileSnapshot('./__snapshots__/sample-report.html');
  });

  it('shows markup from the server as text and never as markup', () => {
    expect(html).not.toContain(HOSTILE_TOOL_NAME);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain(HOSTILE_STRINGS.scriptClose);
    expect(html).not.toContain('<b>bold</b>');
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
  });

  it('is balanced markup: every < and > belongs to a tag, every element is closed', () => {
    expect(htmlProblems(html)).toEqual([]);
    expect(htmlProblems('<p>a <b>b</p>')).not.toEqual([]);
    expect(htmlProblems('<p>1 < 2</p>')).not.toEqual([]);
  });

  it('shows control characters and lone surrogates as visible escapes', () => {
    expect(html).toContain('bell\\u0007 nul\\u0000 esc\\u001B[31mRED\\u001B[0m cr\\rback');
    expect(html).toContain('broken \\uD83D pair');
    expect(html).toContain('party 🎉 ok');
    expect(html).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/);
  });

  it('loads nothing: no external resource, and a CSP that allows only its own inline style and script', () => {
    expect(html).not.toMatch(/<(?:link|img|iframe|object|embed)\b[^>]*\s(?:src|href)="(?!data:)/i);
    expect(html).not.toMatch(/<[a-z][^>]*\ssrc=/i);
    expect(html).not.toMatch(/@import|url\(/i);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const hash = (text: string) => createHash('sha256').update(text).digest('base64');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`style-src 'sha256-${hash(style)}'`);
    expect(csp).toContain(`script-src 'sha256-${hash(script)}'`);
  });

  it('puts the verdict and counts before the results, and groups results by suite and version', () => {
    const verdictAt = html.indexOf('id="verdict-title"');
    const suitesAt = html.indexOf('id="suites-title"');
    const resultsAt = html.indexOf('id="results-title"');
    expect(verdictAt).toBeGreaterThan(0);
    expect(verdictAt).toBeLessThan(suitesAt);
    expect(suitesAt).toBeLessThan(resultsAt);
    expect(html).toContain('<h1 id="verdict-title">Failed</h1>');
    expect(html.match(/<section class="suite" /g)).toHaveLength(5);
    expect(html.match(/<details class="result /g)).toHaveLength(report.results.length);
    expect(html.match(/<svg class="donut"/g)).toHaveLength(5);
    const lifecycle = html.slice(html.indexOf('id="suite-lifecycle"'), html.indexOf('id="suite-jsonrpc"'));
    expect(lifecycle.indexOf('data-version="2025-06-18"')).toBeLessThan(lifecycle.indexOf('data-version="2025-11-25"'));
  });

  it('opens failures, errors and warnings, and leaves passes and expected failures closed', () => {
    const open = [...html.matchAll(/<details class="result st-(\w+)" id="([^"]+)" data-status="\w+"( open)?>/g)].map((m) => [m[2], m[3] === ' open']);
    expect(Object.fromEntries(open)).toMatchObject({
      'r-stdio-stdout-only-json-rpc-any-version-stdio': true,
      'r-stdio-process-starts-any-version-stdio': false,
      'r-lifecycle-initialize-result-valid-2025-11-25-stdio': false,
      'r-tools-names-valid-2025-11-25-stdio': true,
      'r-jsonrpc-batch-rejected-2025-11-25-streamable-http': true,
    });
  });

  it('says Passed for a run without failures', () => {
    expect(renderHtml(passing)).toContain('<h1 id="verdict-title">Passed</h1>');
  });

  it('renders a run without results', () => {
    const empty = renderHtml({ ...passing, results: [], summary: summarize([]) });
    expect(empty).toContain('The run produced no results.');
    expect(empty).not.toContain('id="suites-title"');
  });

  it('links only http(s) spec URLs', () => {
    const odd = renderHtml({ ...passing, results: [{ ...passing.results[0]!, spec: 'javascript:alert(1)' }] });
    expect(odd).not.toContain('href="javascript:');
    expect(odd).toContain('javascript:alert(1)');
  });
});

describe('renderJunit', () => {
  const xml = renderJunit(report);

  it('matches its snapshot', async () => {
    await expect(xml).toMatchFileSnapshot('./__snapshots__/sample-report.junit.xml');
  });

  it('is well-formed XML 1.0, whatever the server sent', () => {
    expect(xmlProblems(xml)).toEqual([]);
    expect(xml).not.toContain(']]>');
    expect(xml).toContain(']]&gt;');
  });

  it('has one test case per check and version, named with the version, classname the suite', () => {
    expect(xml.match(/<testcase /g)).toHaveLength(report.results.length + report.staleBaseline!.length);
    expect(xml).toContain('<testcase classname="lifecycle" name="lifecycle/initialize-result-valid [2025-06-18]"');
    expect(xml).toContain('<testcase classname="lifecycle" name="lifecycle/initialize-result-valid [2025-11-25]"');
    expect(xml).toContain('<testcase classname="stdio" name="stdio/process-starts [any version]"');
    expect(xml).toContain('name="jsonrpc/unknown-method [2025-11-25] (streamable-http)"');
  });

  it('maps failed to <failure>, errored to <error>, skipped to <skipped>, warned and expected failures to passes with a note', () => {
    const caseOf = (name: string) => {
      const start = xml.indexOf(`name="${name}"`);
      return xml.slice(start, xml.indexOf('</testcase>', start) === -1 ? undefined : xml.indexOf('</testcase>', start));
    };
    expect(caseOf('stdio/stdout-only-json-rpc [any version]')).toContain('<failure message="stdout line 1 is not JSON-RPC');
    expect(caseOf('jsonrpc/batch-rejected [2025-11-25] (streamable-http)')).toContain('<error message="[mcp-conform] Failed to send a batch');
    expect(caseOf('tools/call-safe-tools [2025-11-25]')).toContain('<skipped message="No profile names a safe tool call');
    const warned = caseOf('tools/names-valid [2025-11-25]');
    expect(warned).toContain('<system-out>Warning (a SHOULD is not met');
    expect(warned).not.toContain('<failure');
    const expected = caseOf('lifecycle/initialize-result-valid [2025-11-25]');
    expect(expected).toContain('<system-out>Expected failure (listed in the baseline)');
    expect(expected).not.toContain('<failure');
    expect(xml).toMatch(/<testcase classname="baseline" name="lifecycle\/initialized-gets-no-response@2025-11-25" time="0.000">\n\s+<failure /);
    expect(xml).toMatch(/<testsuites name="mcp-conform" tests="14" failures="3" errors="1" skipped="2"/);
  });

  it('fails warnings under --strict, as the exit code does', () => {
    const strict = renderJunit({ ...report, strict: true });
    expect(strict).toContain('type="SHOULD (strict)"');
    expect(strict).toMatch(/<testsuites name="mcp-conform" tests="14" failures="4"/);
  });

  it('keeps control characters out of the document and markup out of the markup', () => {
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(xml).toContain('bell\\u0007 nul\\u0000 esc\\u001B[31mRED');
    expect(xml).not.toContain('<img');
    expect(xml).toContain('party 🎉 ok');
  });
});

describe('renderMarkdown', () => {
  const markdown = renderMarkdown(report);

  it('matches its snapshot', async () => {
    await expect(markdown).toMatchFileSnapshot('./__snapshots__/sample-report.md');
  });

  it('starts with the verdict and the counts table, then lists failures before warnings', () => {
    expect(markdown.startsWith('## ❌ mcp-conform: failed\n')).toBe(true);
    expect(markdown).toContain('| **Total** | **3** | **1** | **1** | **6** | **2** | **13** |');
    const order = ['### Failures (2)', '### Errors (1)', '### Warnings (1)', '### Expected failures, baselined (1)', '### Stale baseline entries (1)', '### Results by suite'];
    const positions = order.map((heading) => markdown.indexOf(heading));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(markdown).toContain('[Specification](https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#stdio)');
    expect(markdown.match(/<details><summary><strong>/g)).toHaveLength(5);
  });

  it('escapes server text so that it renders as text', () => {
    const outsideCode = markdown.replace(/^(`{3,})text\n[\s\S]*?\n\1$/gm, '').replace(/(`+)[^`\n]*?\1/g, '');
    expect(outsideCode).not.toMatch(/<img|<script|<b>/);
    expect(markdown).toContain('"name": "<img src=x onerror=alert(1)>"');
    expect(markdown).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(markdown).toContain('\\[link\\]\\(javascript:alert\\(3\\)\\)');
    expect(markdown).not.toMatch(/[\u0000-\u0008\u000B-\u001F]/);
  });

  it('keeps every table row to its columns (no raw | from a message)', () => {
    for (const table of markdown.split('\n\n').filter((block) => block.includes('\n|:--'))) {
      const rows = table.split('\n').filter((line) => line.startsWith('|'));
      const cells = rows.map((row) => row.replace(/\\\|/g, '').split('|').length);
      expect(new Set(cells).size).toBe(1);
    }
  });

  it('lists the same problem in several versions once, with its versions and the first excerpt', () => {
    const warned = report.results.find((r) => r.id === 'tools/names-valid')!;
    const results = [warned, { ...warned, protocolVersion: '2026-07-28' as const }];
    const text = renderMarkdown({ ...report, results, summary: summarize(results), staleBaseline: [] });
    expect(text).toContain('### Warnings (2)\n\n#### ⚠️ `tools/names-valid` · 2025-11-25, 2026-07-28\n');
    expect(text.match(/#### /g)).toHaveLength(1);
    expect(text).toContain('<summary>Wire excerpt (2 events, 2025-11-25)</summary>');
  });

  it('stays under its size limit by leaving out wire excerpts, then the per-suite tables', () => {
    const full = renderMarkdown(report);
    const lean = renderMarkdown(report, { maxChars: full.length - 1 });
    expect(lean.length).toBeLessThan(full.length);
    expect(lean).not.toContain('<summary>Wire excerpt');
    expect(lean).toContain('### Results by suite');
    expect(lean).toContain('_Wire excerpts are left out to keep this summary under');
    const leanest = renderMarkdown(report, { maxChars: lean.length - 1 });
    expect(leanest).not.toContain('### Results by suite');
    expect(leanest).toContain('### Failures (2)');
    const cut = renderMarkdown(report, { maxChars: 500 });
    expect(cut.length).toBeLessThanOrEqual(500);
    expect(cut).toContain('_The summary was cut at 500 characters');
  });

  it('says passed for a run without failures', () => {
    expect(renderMarkdown(passing).startsWith('## ✅ mcp-conform: passed\n')).toBe(true);
  });
});

describe('renderConsoleSummary', () => {
  it('matches its snapshots, with and without colour', async () => {
    await expect(renderConsoleSummary(report)).toMatchFileSnapshot('./__snapshots__/sample-report.console.txt');
    await expect(renderConsoleSummary(report, { color: true })).toMatchFileSnapshot('./__snapshots__/sample-report.console-color.txt');
  });

  it('lists failures with message and id, and says how to rerun one check', () => {
    const text = renderConsoleSummary(report);
    expect(text).toContain(' Failures (2)\n  ✗ stdio/stdout-only-json-rpc [any version] MUST\n    stdout line 1 is not JSON-RPC');
    expect(text).toContain(" Rerun one check: npx mcp-conform --stdio 'node /home/dev/servers/hostile-server.js --stdio \"<b>bold</b>\"' --check stdio/stdout-only-json-rpc\n");
    expect(text).toContain(' Verdict  FAILED (2 failed, 1 errored, 1 warning, 1 stale baseline entry, 1 expected failure)');
  });

  it('never lets a server string drive the terminal', () => {
    const plain = renderConsoleSummary(report);
    expect(plain).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
    const colored = renderConsoleSummary(report, { color: true });
    expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });

  it('lists the same problem in several versions once, with its versions', () => {
    const warned = report.results.find((r) => r.id === 'tools/names-valid')!;
    const results = [warned, { ...warned, protocolVersion: '2026-07-28' as const }, { ...warned, protocolVersion: '2025-06-18' as const, message: 'another reason' }];
    const text = renderConsoleSummary({ ...report, results, summary: summarize(results), staleBaseline: [] });
    expect(text).toContain(' Warnings (3)\n  ⚠ tools/names-valid [2025-11-25, 2026-07-28] SHOULD\n');
    expect(text).toContain('  ⚠ tools/names-valid [2025-06-18] SHOULD\n    another reason\n');
  });

  it('prints no rerun hint when nothing needs one', () => {
    const text = renderConsoleSummary(passing);
    expect(text).toContain(' Verdict  PASSED');
    expect(text).not.toContain('Rerun');
  });
});

describe('a run without results', () => {
  const empty: RunReport = { ...passing, results: [], summary: summarize([]), staleBaseline: [] };

  it('renders in every format, saying nothing ran', () => {
    expect(renderJson(empty)).toContain('"results": []');
    expect(renderHtml(empty)).toContain('The run produced no results.');
    expect(xmlProblems(renderJunit(empty))).toEqual([]);
    expect(renderJunit(empty)).toContain('<testsuites name="mcp-conform" tests="0" failures="0" errors="0" skipped="0"');
    expect(renderMarkdown(empty)).toContain('| **Total** | **0** | **0** | **0** | **0** | **0** | **0** |');
    expect(renderConsoleSummary(empty)).toContain(' Checks   none ran (0)');
  });
});

describe('any string a server sends', () => {
  const hostile = fc
    .array(fc.oneof(fc.constantFrom('<', '>', '&', '"', "'", ']]>', '</script>', '`', '|', '*', '\u001b[2J', '\u0000', '\r', '\n', '\t', '\u2028', '\uD83D', '\uDE00', '🎉', HOSTILE_TOOL_NAME), fc.string({ unit: 'binary' })), { maxLength: 8 })
    .map((parts) => parts.join(''));

  it('leaves every format well-formed and inert', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, hostile, (message, toolName, stderr, name) => {
        const template = report.results.find((r) => r.id === 'tools/names-valid')!;
        const evidence = [
          { kind: 'frame' as const, seq: 0, timestamp: 0, transport: 'stdio' as const, direction: 'in' as const, raw: JSON.stringify({ jsonrpc: '2.0', id: 1, result: { tools: [{ name: toolName }] } }) },
          { kind: 'frame' as const, seq: 1, timestamp: 1, transport: 'stdio' as const, direction: 'in' as const, raw: toolName, parseError: message },
          { kind: 'stderr' as const, seq: 2, timestamp: 2, transport: 'stdio' as const, direction: 'in' as const, text: stderr },
        ];
        // A plug-in check could bring any id, suite, requirement or link too.
        const named = { ...template, id: `${name}/x`, suite: name, requirements: [name, toolName], spec: name };
        const results = [{ ...template, message, evidence }, { ...template, status: 'failed' as const, title: toolName, message: stderr, evidence }, { ...named, status: 'errored' as const }];
        const run: RunReport = {
          ...report,
          target: { transport: 'stdio', command: stderr },
          server: { ...report.server, name: toolName, version: name },
          results,
          summary: summarize(results),
          staleBaseline: [message],
        };
        const html = renderHtml(run);
        expect(htmlProblems(html)).toEqual([]);
        expect(html).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
        expect(xmlProblems(renderJunit(run))).toEqual([]);
        expect(renderConsoleSummary(run)).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
        // What GitHub would render as markup: outside fenced blocks, backslash escapes and code spans.
        const markdown = renderMarkdown(run)
          .replace(/^(`{3,})text\n[\s\S]*?\n\1$/gm, '')
          .replace(/\\[!-/:-@[-`{-~]/g, '')
          .replace(/(`+)(?:(?!\1)[^\n])*?\1/g, '');
        expect(markdown).not.toMatch(/<(?!\/?(details|summary|strong|sub)>)/);
        expect(JSON.parse(renderJson(run))).toMatchObject({ server: { name: toolName } });
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 150) },
    );
  });
});

describe('secrets', () => {
  it('never appear in any format, even when the report given is not redacted', () => {
    const leaky = unredacted();
    const outputs = {
      json: renderJson(leaky),
      html: renderHtml(leaky),
      junit: renderJunit(leaky),
      markdown: renderMarkdown(leaky),
      console: renderConsoleSummary(leaky),
    };
    for (const [format, text] of Object.entries(outputs)) {
      for (const secret of SECRET_VALUES) expect({ format, leaked: text.includes(secret) }).toEqual({ format, leaked: false });
    }
    expect(outputs.json).toContain('"authorization": "[redacted]"');
    expect(outputs.json).toContain('"X-Api-Key": "[redacted]"');
    expect(outputs.json).toContain('"url": "https://user:[redacted]@example.test/mcp"');
  });
});
