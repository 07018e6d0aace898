/**
 * The progress reporter of a run: `on*` hooks over read-only progress (the runner's ConformanceHooks). On a terminal it
 * keeps a live block at the bottom (the checks running now, a bar, the counts so far, the elapsed time) and prints
 * each failure, error and warning above it as it happens; elsewhere (CI logs, pipes) it prints one plain line per
 * finished check. `quiet` prints nothing: the CLI prints the end-of-run summary either way. Server text is shown with
 * its control characters escaped, so no message can move the cursor or recolour the terminal.
 */
import type { ConformanceHooks } from '../conformance/run-conformance.js';
import type { CheckResult, CheckStatus, RunReport, RunTarget } from '../conformance/run-report.js';
import { formatDuration } from '../report/format-duration.js';
import { createPaint } from '../report/render-console-summary.js';
import { visibleLine } from '../report/visible-text.js';
import type { CliIo } from './io.js';

/** How often the live display redraws (spinner, elapsed times). @default 100 */
export const PROGRESS_REDRAW_INTERVAL_MS = 100;

/** Running checks listed by name in the live display; the rest are counted. @default 4 */
export const PROGRESS_MAX_RUNNING_LINES = 4;

/** Longest message on a plain progress line, in characters. @default 200 */
export const PROGRESS_MAX_MESSAGE_CHARS = 200;

/** Options of {@link createProgressReporter}. */
export interface ProgressReporterOptions {
  /** Writes progress (the CLI passes standard error, so `--json` keeps standard output clean). */
  write: (text: string) => void;
  /** A terminal: a live display. Otherwise, plain lines. */
  tty: boolean;
  /** Print nothing (`--quiet`). @default false */
  quiet?: boolean;
  /** ANSI colours (the caller honours NO_COLOR). @default false */
  color?: boolean;
  /** The terminal's width, read at every redraw. @default () => 80 */
  columns?: () => number;
  /** Milliseconds, for elapsed times. @default performance.now */
  now?: () => number;
  /** Schedules the redraw timer (tests pass fake timers). @default setInterval, unref'd */
  setInterval?: (callback: () => void, ms: number) => unknown;
  /** @default clearInterval */
  clearInterval?: (handle: unknown) => void;
}

/** The hooks the runner calls, and `close()` to stop the live display early (on an error or a signal). */
export interface ProgressReporter extends Required<ConformanceHooks> {
  /** Erases the live display and stops its timer; safe to call twice. */
  close(): void;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const MARK: Record<CheckStatus, string> = { passed: '✓', failed: '✗', warned: '⚠', skipped: '↓', errored: '!' };
const WORD: Record<CheckStatus, string> = { passed: 'pass', failed: 'FAIL', warned: 'warn', skipped: 'skip', errored: 'ERR ' };
const STYLE = { passed: 'green', failed: 'red', warned: 'yellow', skipped: 'gray', errored: 'magenta' } as const;

/** Terminal columns a code point takes: 2 for wide East Asian characters and emoji, 0 for combining marks. */
function codePointWidth(code: number): number {
  if ((code >= 0x300 && code <= 0x36f) || (code >= 0xfe00 && code <= 0xfe0f) || code === 0x200d) return 0;
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** The terminal columns a line takes (ANSI colour codes take none). */
export function lineWidth(line: string): number {
  let used = 0;
  for (const char of line.replace(/\u001b\[[0-9;]*m/g, '')) used += codePointWidth(char.codePointAt(0)!);
  return used;
}

/**
 * Cuts a line (which may hold ANSI colour codes) to fewer than `width` terminal columns, ending it with `…` when cut,
 * so the live block never wraps (a line that fills the last column wraps on some terminals).
 */
export function fitLine(line: string, width: number): string {
  if (lineWidth(line) <= width - 1) return line;
  let out = '';
  let used = 0;
  for (const part of line.split(/(\u001b\[[0-9;]*m)/)) {
    if (part.startsWith('\u001b[')) {
      out += part;
      continue;
    }
    for (const char of part) {
      const w = codePointWidth(char.codePointAt(0)!);
      if (used + w > width - 2) return `${out}…${line.includes('\u001b[') ? '\u001b[0m' : ''}`;
      out += char;
      used += w;
    }
  }
  return out;
}

function firstLine(text: string | undefined, max: number): string {
  const line = visibleLine((text ?? '').split(/\r\n|\r|\n/)[0] ?? '');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function describeTarget(target: RunTarget): string {
  return visibleLine(`${target.transport} ${target.command ?? target.url ?? ''}`.trim());
}

function key(id: string, version: string | undefined): string {
  return `${id}@${version ?? ''}`;
}

/**
 * Creates the progress reporter of a run.
 * @example
 * const progress = createProgressReporter({ write: (t) => process.stderr.write(t), tty: process.stderr.isTTY === true });
 * const report = await runConformance(options, progress);
 */
export function createProgressReporter(options: ProgressReporterOptions): ProgressReporter {
  const noop: ProgressReporter = { onRunStart() {}, onCheckStart() {}, onCheckResult() {}, onRunEnd() {}, close() {} };
  if (options.quiet === true) return noop;
  const write = options.write;
  const paint = createPaint(options.color ?? false);
  const now = options.now ?? (() => performance.now());
  const columns = options.columns ?? (() => 80);
  const counts: Record<CheckStatus, number> = { passed: 0, failed: 0, warned: 0, skipped: 0, errored: 0 };
  let total = 0;
  let done = 0;
  let runStartedAt = now();

  const statusCounts = (): string =>
    (['failed', 'errored', 'warned', 'skipped'] as const)
      .filter((s) => counts[s] > 0)
      .map((s) => paint(STYLE[s], `${counts[s]} ${s}`))
      .join(paint('dim', ' · '));

  if (!options.tty) {
    const width = (n: number) => String(n).padStart(String(total).length, ' ');
    return {
      onRunStart({ target, versions, total: planned }) {
        total = planned;
        runStartedAt = now();
        const list = versions.length > 0 ? versions.join(', ') : 'no accepted version';
        write(`mcp-conform: ${planned} check${planned === 1 ? '' : 's'} in ${list} against ${describeTarget(target)}\n`);
      },
      onCheckStart() {},
      onCheckResult(result: Readonly<CheckResult>, progress) {
        done = progress.done;
        total = progress.total;
        counts[result.status] += 1;
        const version = result.protocolVersion === undefined ? '' : ` [${result.protocolVersion}]`;
        const expected = result.expected === 'failure' ? ' (expected)' : '';
        const why = result.status === 'passed' ? '' : `: ${firstLine(result.message, PROGRESS_MAX_MESSAGE_CHARS)}`;
        write(`[${width(done)}/${total}] ${WORD[result.status]} ${visibleLine(result.id)}${version} ${formatDuration(result.durationMs)}${expected}${why}\n`);
      },
      onRunEnd(report: Readonly<RunReport>) {
        write(`mcp-conform: ${report.summary.total} results in ${formatDuration(report.durationMs)}\n`);
      },
      close() {},
    };
  }

  const running = new Map<string, { id: string; version: string | undefined; startedAt: number }>();
  let frame = 0;
  let drawnLines = 0;
  let timer: unknown;
  let closed = false;
  const setTimer = options.setInterval ?? ((callback: () => void, ms: number) => setInterval(callback, ms).unref());
  const clearTimer = options.clearInterval ?? ((handle: unknown) => clearInterval(handle as ReturnType<typeof setInterval>));

  const erase = (): string => {
    if (drawnLines === 0) return '';
    const up = drawnLines > 1 ? `\u001b[${drawnLines - 1}F` : '';
    drawnLines = 0;
    return `\r${up}\u001b[J`;
  };

  const block = (): string[] => {
    const width = Math.max(20, columns());
    const t = now();
    const lines: string[] = [];
    const spinner = paint('yellow', SPINNER[frame % SPINNER.length]!);
    const list = [...running.values()];
    for (const check of list.slice(0, PROGRESS_MAX_RUNNING_LINES)) {
      const version = check.version === undefined ? '' : paint('dim', ` [${check.version}]`);
      lines.push(fitLine(` ${spinner} ${visibleLine(check.id)}${version} ${paint('dim', formatDuration(t - check.startedAt))}`, width));
    }
    if (list.length > PROGRESS_MAX_RUNNING_LINES) lines.push(paint('dim', `   … and ${list.length - PROGRESS_MAX_RUNNING_LINES} more running`));
    const barWidth = Math.max(10, Math.min(30, width - 50));
    const filled = total === 0 ? 0 : Math.round((done / total) * barWidth);
    const bar = `${paint(counts.failed + counts.errored > 0 ? 'red' : 'green', '█'.repeat(filled))}${paint('dim', '░'.repeat(barWidth - filled))}`;
    const extra = statusCounts();
    lines.push(fitLine(` ${bar} ${done}/${total}${extra === '' ? '' : ` ${paint('dim', '·')} ${extra}`} ${paint('dim', `· ${formatDuration(t - runStartedAt)}`)}`, width));
    return lines;
  };

  const draw = (above = ''): void => {
    if (closed) return;
    const lines = block();
    write(`${erase()}${above}${lines.join('\n')}`);
    drawnLines = lines.length;
  };

  const stop = (): void => {
    if (closed) return;
    if (timer !== undefined) clearTimer(timer);
    timer = undefined;
    write(erase());
    closed = true;
  };

  return {
    onRunStart({ target, versions, total: planned }) {
      total = planned;
      runStartedAt = now();
      const list = versions.length > 0 ? versions.join(', ') : 'no accepted version';
      const header = `${paint('bold', 'mcp-conform')} ${planned} check${planned === 1 ? '' : 's'} ${paint('dim', `in ${list} against ${describeTarget(target)}`)}`;
      write(`${fitLine(header, Math.max(20, columns()))}\n`);
      timer = setTimer(() => {
        frame += 1;
        draw();
      }, PROGRESS_REDRAW_INTERVAL_MS);
      draw();
    },
    onCheckStart({ id, protocolVersion }) {
      running.set(key(id, protocolVersion), { id, version: protocolVersion, startedAt: now() });
    },
    onCheckResult(result: Readonly<CheckResult>, progress) {
      running.delete(key(result.id, result.protocolVersion));
      done = progress.done;
      total = progress.total;
      counts[result.status] += 1;
      const notable = result.status === 'failed' || result.status === 'errored' || result.status === 'warned';
      if (!notable) return;
      const width = Math.max(20, columns());
      const version = result.protocolVersion === undefined ? '' : paint('dim', ` [${result.protocolVersion}]`);
      const expected = result.expected === 'failure' ? paint('dim', ' (expected)') : '';
      const head = fitLine(` ${paint(STYLE[result.status], MARK[result.status])} ${visibleLine(result.id)}${version}${expected}`, width);
      const message = result.message === undefined ? '' : `${fitLine(paint('dim', `   ${firstLine(result.message, width)}`), width)}\n`;
      draw(`${head}\n${message}`);
    },
    onRunEnd() {
      stop();
    },
    close: stop,
  };
}

/** The CLI's reporter: standard error, live on a terminal, colour unless NO_COLOR is set. */
export function createCliProgressReporter(io: CliIo, options: { quiet?: boolean; env?: Record<string, string | undefined> } = {}): ProgressReporter {
  const env = options.env ?? process.env;
  return createProgressReporter({
    write: (text) => io.stderr(text),
    tty: io.isTty,
    quiet: options.quiet ?? false,
    color: io.isTty && (env.NO_COLOR === undefined || env.NO_COLOR === ''),
    columns: () => process.stderr.columns ?? 80,
  });
}
