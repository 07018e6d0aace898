import { describe, expect, it } from 'vitest';
import type { CheckResult, RunReport } from '../conformance/run-report.js';
import { summarize } from '../conformance/run-report.js';
import { createCliProgressReporter, createProgressReporter, fitLine, lineWidth, type ProgressReporter } from './progress.js';

function result(id: string, status: CheckResult['status'], extra: Partial<CheckResult> = {}): CheckResult {
  return { id, title: id, suite: id.split('/')[0]!, level: 'MUST', status, protocolVersion: '2025-11-25', transport: 'stdio', requirements: [], spec: 'https://modelcontextprotocol.io/specification', durationMs: 12, evidence: [], ...extra };
}

const TARGET = { transport: 'stdio' as const, command: 'node server.js' };
const RESULTS = [
  result('lifecycle/ping', 'passed'),
  result('jsonrpc/unknown-method', 'failed', { message: 'answered -32600 instead of -32601\nsecond line' }),
  result('tools/names-valid', 'warned', { level: 'SHOULD', message: 'name "\u001b[31mred\u001b[0m" has bad characters' }),
  result('tools/call-safe-tools', 'skipped', { message: 'no profile' }),
  result('lifecycle/initialize-result-valid', 'errored', { protocolVersion: undefined, message: 'the harness broke' }),
];
const REPORT: RunReport = {
  schemaVersion: 1,
  tool: { name: 'mcp-conform', version: '0.1.0' },
  target: TARGET,
  startedAt: '2026-11-22T02:00:00.000Z',
  durationMs: 1500,
  server: { protocolVersions: ['2025-11-25'] },
  summary: summarize(RESULTS),
  results: RESULTS,
};

/** Replays what a terminal would show for the bytes written (CR, LF, cursor-previous-line, erase-below; SGR ignored). */
function screen(output: string): string[] {
  const lines: string[] = [''];
  let row = 0;
  let col = 0;
  const pattern = /\u001b\[(\d*)([A-Za-z])|\r|\n|[^\u001b\r\n]/gu;
  for (const match of output.matchAll(pattern)) {
    const token = match[0];
    if (token === '\r') col = 0;
    else if (token === '\n') {
      row += 1;
      col = 0;
      lines[row] ??= '';
    } else if (match[2] === 'F') {
      row = Math.max(0, row - Number(match[1] || 1));
      col = 0;
    } else if (match[2] === 'J') {
      lines[row] = lines[row]!.slice(0, col);
      lines.length = row + 1;
    } else if (match[2] === 'm') {
      // colour: no effect on the text
    } else if (match[2] !== undefined) {
      throw new Error(`unexpected escape sequence ${JSON.stringify(token)}`);
    } else {
      const line = lines[row]!;
      lines[row] = line.slice(0, col) + token + line.slice(col + token.length);
      col += token.length;
    }
  }
  return lines;
}

function drive(reporter: ProgressReporter, upTo = RESULTS.length): void {
  reporter.onRunStart({ target: TARGET, versions: ['2025-11-25'], total: RESULTS.length });
  RESULTS.slice(0, upTo).forEach((r, i) => {
    reporter.onCheckStart({ id: r.id, title: r.title, ...(r.protocolVersion ? { protocolVersion: r.protocolVersion } : {}), index: i, total: RESULTS.length });
    reporter.onCheckResult(r, { done: i + 1, total: RESULTS.length });
  });
}

describe('createProgressReporter', () => {
  it('prints one plain line per finished check when not on a terminal', () => {
    let out = '';
    const reporter = createProgressReporter({ write: (t) => (out += t), tty: false });
    drive(reporter);
    reporter.onRunEnd(REPORT);
    expect(out).toBe(
      [
        'mcp-conform: 5 checks in 2025-11-25 against stdio node server.js',
        '[1/5] pass lifecycle/ping [2025-11-25] 12 ms',
        '[2/5] FAIL jsonrpc/unknown-method [2025-11-25] 12 ms: answered -32600 instead of -32601',
        '[3/5] warn tools/names-valid [2025-11-25] 12 ms: name "\\u001B[31mred\\u001B[0m" has bad characters',
        '[4/5] skip tools/call-safe-tools [2025-11-25] 12 ms: no profile',
        '[5/5] ERR  lifecycle/initialize-result-valid 12 ms: the harness broke',
        'mcp-conform: 5 results in 1.50 s',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing when quiet', () => {
    let out = '';
    const reporter = createProgressReporter({ write: (t) => (out += t), tty: true, quiet: true });
    drive(reporter);
    reporter.onRunEnd(REPORT);
    expect(out).toBe('');
  });

  describe('on a terminal', () => {
    function live(columns = 100) {
      let out = '';
      let clock = 0;
      let tick: (() => void) | undefined;
      let cleared = false;
      const reporter = createProgressReporter({
        write: (t) => (out += t),
        tty: true,
        columns: () => columns,
        now: () => clock,
        setInterval: (callback) => ((tick = callback), 'timer'),
        clearInterval: (handle) => (cleared = handle === 'timer'),
      });
      return { reporter, output: () => out, advance: (ms: number) => ((clock += ms), tick?.()), cleared: () => cleared };
    }

    it('shows what is running and how far the run is, and lists problems above the live block', () => {
      const term = live();
      term.reporter.onRunStart({ target: TARGET, versions: ['2025-11-25'], total: 5 });
      term.reporter.onCheckStart({ id: 'lifecycle/ping', title: 'ping', protocolVersion: '2025-11-25', index: 0, total: 5 });
      term.reporter.onCheckStart({ id: 'jsonrpc/unknown-method', title: 'x', protocolVersion: '2025-11-25', index: 1, total: 5 });
      term.advance(1500);
      expect(screen(term.output())).toEqual([
        'mcp-conform 5 checks in 2025-11-25 against stdio node server.js',
        ' ⠙ lifecycle/ping [2025-11-25] 1.50 s',
        ' ⠙ jsonrpc/unknown-method [2025-11-25] 1.50 s',
        ' ░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░ 0/5 · 1.50 s',
      ]);
      term.reporter.onCheckResult(RESULTS[0]!, { done: 1, total: 5 });
      term.reporter.onCheckResult(RESULTS[1]!, { done: 2, total: 5 });
      expect(screen(term.output())).toEqual([
        'mcp-conform 5 checks in 2025-11-25 against stdio node server.js',
        ' ✗ jsonrpc/unknown-method [2025-11-25]',
        '   answered -32600 instead of -32601',
        ' ████████████░░░░░░░░░░░░░░░░░░ 2/5 · 1 failed · 1.50 s',
      ]);
    });

    it('erases the live block at the end, keeping the problems, and stops its timer', () => {
      const term = live();
      drive(term.reporter);
      term.reporter.onRunEnd(REPORT);
      expect(screen(term.output())).toEqual([
        'mcp-conform 5 checks in 2025-11-25 against stdio node server.js',
        ' ✗ jsonrpc/unknown-method [2025-11-25]',
        '   answered -32600 instead of -32601',
        ' ⚠ tools/names-valid [2025-11-25]',
        '   name "\\u001B[31mred\\u001B[0m" has bad characters',
        ' ! lifecycle/initialize-result-valid',
        '   the harness broke',
        '',
      ]);
      expect(term.cleared()).toBe(true);
      const before = term.output();
      term.advance(100);
      term.reporter.close();
      expect(term.output()).toBe(before);
    });

    it('never lets a line wrap, so the block can be redrawn in place', () => {
      const term = live(30);
      drive(term.reporter, 3);
      for (const line of screen(term.output())) expect(lineWidth(line)).toBeLessThanOrEqual(29);
    });

    it('writes no escape sequence but its own (cursor, erase, colour)', () => {
      const term = live();
      drive(term.reporter);
      term.reporter.onRunEnd(REPORT);
      const escapes = term.output().match(/\u001b[^a-zA-Z]*[a-zA-Z]/g) ?? [];
      expect(escapes.filter((e) => !/^\u001b\[(\d*F|J|\d+m)$/.test(e))).toEqual([]);
      expect(term.output()).not.toContain('\u001b[31mred');
    });
  });
});

describe('fitLine', () => {
  it('cuts to the width, counting wide characters twice and colour codes not at all', () => {
    expect(fitLine('abcdef', 5)).toBe('abc…');
    expect(fitLine('abcd', 5)).toBe('abcd');
    expect(fitLine('🎉🎉🎉', 6)).toBe('🎉🎉…');
    expect(fitLine('🎉🎉', 6)).toBe('🎉🎉');
    expect(fitLine('\u001b[31mabcdef\u001b[0m', 5)).toBe('\u001b[31mabc…\u001b[0m');
  });
});

describe('createCliProgressReporter', () => {
  const io = (isTty: boolean) => {
    const out = { text: '' };
    return { out, io: { stdout: () => {}, stderr: (t: string) => void (out.text += t), cwd: '/', isTty } };
  };

  it('writes to standard error, in colour on a terminal unless NO_COLOR is set', () => {
    const coloured = io(true);
    const reporter = createCliProgressReporter(coloured.io, { env: {} });
    drive(reporter);
    reporter.onRunEnd(REPORT);
    expect(coloured.out.text).toMatch(/\u001b\[\d+m/);
    const plain = io(true);
    const noColor = createCliProgressReporter(plain.io, { env: { NO_COLOR: '1' } });
    drive(noColor);
    noColor.onRunEnd(REPORT);
    expect(plain.out.text).not.toMatch(/\u001b\[\d+m/);
    expect(plain.out.text).toContain('✗ jsonrpc/unknown-method');
  });

  it('prints plain lines off a terminal and nothing when quiet', () => {
    const piped = io(false);
    drive(createCliProgressReporter(piped.io, { env: {} }));
    expect(piped.out.text.split('\n')[1]).toBe('[1/5] pass lifecycle/ping [2025-11-25] 12 ms');
    const quiet = io(true);
    drive(createCliProgressReporter(quiet.io, { quiet: true, env: {} }));
    expect(quiet.out.text).toBe('');
  });
});
