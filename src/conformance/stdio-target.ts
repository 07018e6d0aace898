/**
 * The stdio target: each session spawns the server anew (`--stdio "<command line>"`).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#stdio
 */
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { StdioClientTransport } from '../client/transports/stdio.js';
import { splitShellWords } from '../client/shell-words.js';
import { ConfigError, formatMessage } from '../protocol/errors.js';
import { PrestartedTransport } from './prestarted-transport.js';
import type { ConformanceTarget, TransportOverrides } from './target.js';

/** How long the harness waits after closing a server's stdin before SIGTERM. @default 500 */
export const HARNESS_CLOSE_STDIN_GRACE_MS = 500;
/** How long the harness waits after SIGTERM before SIGKILL. @default 1_000 */
export const HARNESS_SIGTERM_GRACE_MS = 1_000;

/**
 * Where the servers the harness starts keep Node's compile cache, unless told otherwise (see
 * StdioTargetOptions.nodeCompileCache): the operating system's temporary directory.
 */
export const DEFAULT_NODE_COMPILE_CACHE_DIR = join(tmpdir(), 'mcp-conform-node-compile-cache');

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
  /**
   * A run starts the same server several times (a process per session). A server that runs on Node ≥ 22.1 then
   * compiles the same modules each time; with `NODE_COMPILE_CACHE` set in its environment it compiles them once and
   * reads V8's code cache afterwards (about a fifth of server-everything's start-up CPU), on later runs too. The cache
   * changes no behaviour (Node checks each entry against the source and its own version) and other programs ignore
   * the variable. `false` leaves the environment alone, and so does a `NODE_COMPILE_CACHE` or
   * `NODE_DISABLE_COMPILE_CACHE` already set (in `env` or in this process's environment).
   * @default DEFAULT_NODE_COMPILE_CACHE_DIR
   */
  nodeCompileCache?: string | false;
}

/** A stdio target, which can start servers before a run asks for them. */
export interface StdioTarget extends ConformanceTarget {
  readonly kind: 'stdio';
  /**
   * Starts one server per entry of `priorities` now (each at that scheduling priority; undefined: the harness's own),
   * for the sessions a run is about to open: `createTransport` hands them out, in the order they were started, to the
   * first requests with the default closing grace and the same priority (or a lower one: a server started at the
   * inherited priority is lowered when handed out). A process the server loads while the
   * harness is still loading uses a CPU that would otherwise wait; one nobody takes is stopped by {@link close}.
   * Start only as many as the run will open at once (see initialServerStarts): each costs a whole server start.
   */
  prestart(priorities: ReadonlyArray<number | undefined>): void;
  /** Stops the started servers nobody took (the others belong to the sessions that took them). Idempotent. */
  close(): Promise<void>;
}

/**
 * Creates a stdio target.
 * @example
 * const target = createStdioTarget({ command: 'node server.js stdio' });
 */
export function createStdioTarget(options: StdioTargetOptions): StdioTarget {
  if (splitShellWords(options.command).length === 0) {
    throw new ConfigError(formatMessage('read --stdio', 'the command line is empty', 'Pass the command that starts the server, e.g. --stdio "node server.js".'));
  }
  const secrets = Object.values(options.env ?? {});
  const env = withCompileCache(options.env, options.nodeCompileCache ?? DEFAULT_NODE_COMPILE_CACHE_DIR);
  const create = (overrides: TransportOverrides = {}): StdioClientTransport =>
    new StdioClientTransport({
      command: options.command,
      ...(env ? { env } : {}),
      ...(options.cwd ? { cwd: options.cwd } : {}),
      closeStdinGraceMs: overrides.closeStdinGraceMs ?? options.closeStdinGraceMs ?? HARNESS_CLOSE_STDIN_GRACE_MS,
      sigtermGraceMs: options.sigtermGraceMs ?? HARNESS_SIGTERM_GRACE_MS,
      ...(overrides.priority === undefined ? {} : { priority: overrides.priority }),
    });
  /** Started servers not yet taken, with the priority each was started at. */
  const spare: Array<{ priority: number | undefined; transport: PrestartedTransport }> = [];
  return {
    kind: 'stdio',
    description: { transport: 'stdio', command: options.command },
    secrets,
    ...(options.maxConcurrency === undefined ? {} : { maxConcurrency: options.maxConcurrency }),
    createTransport: (overrides: TransportOverrides = {}) => {
      // A started server fits a session that asks for nothing but a priority (another closing grace is set at spawn):
      // one started at that priority, or else one started at the inherited priority, lowered now (always allowed).
      if (overrides.closeStdinGraceMs === undefined) {
        let index = spare.findIndex((s) => s.priority === overrides.priority);
        if (index < 0 && overrides.priority !== undefined && overrides.priority >= getPriority()) index = spare.findIndex((s) => s.priority === undefined);
        if (index >= 0) {
          const [{ priority, transport }] = spare.splice(index, 1) as [(typeof spare)[number]];
          if (priority !== overrides.priority) transport.setPriority(overrides.priority!);
          return transport;
        }
      }
      return create(overrides);
    },
    prestart(priorities) {
      for (const priority of priorities) spare.push({ priority, transport: new PrestartedTransport(create(priority === undefined ? {} : { priority })) });
    },
    async close() {
      await Promise.all(spare.splice(0).map(({ transport }) => transport.close().catch(() => undefined)));
    },
  };
}

function withCompileCache(env: Record<string, string> | undefined, dir: string | false): Record<string, string> | undefined {
  const set = (name: string): boolean => env?.[name] !== undefined || process.env[name] !== undefined;
  if (dir === false || set('NODE_COMPILE_CACHE') || set('NODE_DISABLE_COMPILE_CACHE')) return env;
  return { ...env, NODE_COMPILE_CACHE: dir };
}
