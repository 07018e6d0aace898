/**
 * The stdio target: each session spawns the server anew (`--stdio "<command line>"`).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#stdio
 */
import { StdioClientTransport } from '../client/transports/stdio.js';
import { splitShellWords } from '../client/shell-words.js';
import { ConfigError, formatMessage } from '../protocol/errors.js';
import type { ConformanceTarget, TransportOverrides } from './target.js';

/** How long the harness waits after closing a server's stdin before SIGTERM. @default 500 */
export const HARNESS_CLOSE_STDIN_GRACE_MS = 500;
/** How long the harness waits after SIGTERM before SIGKILL. @default 1_000 */
export const HARNESS_SIGTERM_GRACE_MS = 1_000;

/** Options of {@link createStdioTarget}. */
export interface StdioTargetOptions {
  /** The command line that starts the server (split like a shell would, without expansion). */
  command: string;
  /** Variables added to the server's environment; their values never appear in a report. */
  env?: Record<string, string>;
  cwd?: string;
  /** @default HARNESS_CLOSE_STDIN_GRACE_MS */
  closeStdinGraceMs?: number;
  /** @default HARNESS_SIGTERM_GRACE_MS */
  sigtermGraceMs?: number;
  /**
   * Servers running at once. Most checks wait on the server (silence windows, timeouts) rather than use the CPU, so
   * this is not tied to the CPU count; slow start-ups under load are covered by the start-up time limit.
   * @default DEFAULT_TARGET_CONCURRENCY
   */
  maxConcurrency?: number;
}

/**
 * Creates a stdio target.
 * @example
 * const target = createStdioTarget({ command: 'node server.js stdio' });
 */
export function createStdioTarget(options: StdioTargetOptions): ConformanceTarget {
  if (splitShellWords(options.command).length === 0) {
    throw new ConfigError(formatMessage('read --stdio', 'the command line is empty', 'Pass the command that starts the server, e.g. --stdio "node server.js".'));
  }
  const secrets = Object.values(options.env ?? {});
  return {
    kind: 'stdio',
    description: { transport: 'stdio', command: options.command },
    secrets,
    ...(options.maxConcurrency === undefined ? {} : { maxConcurrency: options.maxConcurrency }),
    createTransport: (overrides: TransportOverrides = {}) =>
      new StdioClientTransport({
        command: options.command,
        ...(options.env ? { env: options.env } : {}),
        ...(options.cwd ? { cwd: options.cwd } : {}),
        closeStdinGraceMs: overrides.closeStdinGraceMs ?? options.closeStdinGraceMs ?? HARNESS_CLOSE_STDIN_GRACE_MS,
        sigtermGraceMs: options.sigtermGraceMs ?? HARNESS_SIGTERM_GRACE_MS,
      }),
  };
}
