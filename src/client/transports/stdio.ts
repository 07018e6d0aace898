/**
 * The stdio transport, client side: spawns the server and speaks newline-delimited JSON over its stdin and stdout.
 * "The server reads JSON-RPC messages from its standard input (stdin) and sends messages to its standard output
 * (stdout)." stderr is always drained (a server that floods it never blocks) and its tail is kept for errors.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#stdio
 */
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { setPriority } from 'node:os';
// The modules themselves, not the protocol index: that one loads every message schema (zod), which starting a server
// does not need (the command line starts servers before it loads its checks).
import { ConfigError, formatMessage, ProcessError, ProtocolError, TransportError } from '../../protocol/errors.js';
import { createLineDecoder, STDIO_MAX_LINE_BYTES, type LineDecoder } from '../../protocol/framing.js';
import type { JsonRpcMessage } from '../../protocol/jsonrpc.js';
import type { MessageExtraInfo, ObservableTransport } from '../../protocol/transport.js';
import { createWireLog, parseFrame, type WireLog } from '../../protocol/wire.js';
import { splitShellWords } from '../shell-words.js';

/** How long `close()` waits for the server to exit after its stdin is closed, before sending SIGTERM. @default 2000 */
export const STDIO_CLOSE_STDIN_GRACE_MS = 2000;
/** How long `close()` waits after SIGTERM before sending SIGKILL. @default 2000 */
export const STDIO_SIGTERM_GRACE_MS = 2000;
/** How many characters of the server's stderr are kept for errors (the newest ones). @default 8192 */
export const STDIO_STDERR_TAIL_CHARS = 8192;

/** Options of {@link StdioClientTransport}. */
export interface StdioClientTransportOptions {
  /**
   * The command line (split like a shell would, without expansion) or the program to run. With `args`, `command`
   * is the program as it is.
   * @example 'node "my server.js" --verbose'
   */
  command: string;
  /** Arguments; when given, `command` is not split. */
  args?: readonly string[];
  /** Variables added to the environment. */
  env?: Record<string, string>;
  /** Whether the server inherits this process's environment (under `env`). @default true */
  inheritEnv?: boolean;
  /** Working directory of the server. @default process.cwd() */
  cwd?: string;
  /** Receives the server's stderr as it comes (it is recorded on the wire and kept as a tail either way). */
  onStderr?: (text: string) => void;
  /**
   * The wire log to record into. The default keeps every event, which a conformance run wants; a client that lives
   * for hours should pass a bounded log (`createWireLog({ maxEvents })`).
   * @default a new, unbounded log
   */
  wire?: WireLog;
  /** Longest accepted stdout line. @default STDIO_MAX_LINE_BYTES */
  maxLineBytes?: number;
  /** @default STDIO_STDERR_TAIL_CHARS */
  stderrTailChars?: number;
  /** @default STDIO_CLOSE_STDIN_GRACE_MS */
  closeStdinGraceMs?: number;
  /** @default STDIO_SIGTERM_GRACE_MS */
  sigtermGraceMs?: number;
  /**
   * The server's scheduling priority, set as soon as it is spawned (`os.setPriority`: from -20, the highest, to 19, the
   * lowest; `os.constants.priority` names the levels, which Windows maps to its priority classes). Lowering it is
   * always allowed; raising it above the priority it inherited usually needs privileges (on Linux and macOS), and a
   * refused change is ignored (the server then runs at the priority it inherited). @default unchanged
   */
  priority?: number;
  /** The spawn function (inject a fake in tests). @default node:child_process spawn */
  spawn?: (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;
}

/**
 * Runs an MCP server as a child process and exchanges messages with it over stdio.
 * @example
 * const transport = new StdioClientTransport({ command: 'node server.js' });
 * await transport.start();
 */
export class StdioClientTransport implements ObservableTransport {
  readonly kind = 'stdio' as const;
  readonly wire: WireLog;
  onmessage?: (message: JsonRpcMessage, extra?: MessageExtraInfo) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;

  readonly #options: StdioClientTransportOptions;
  readonly #program: string;
  readonly #args: readonly string[];
  #child: ChildProcess | undefined;
  #exited: Promise<void> | undefined;
  #stderrTail = '';
  /** Lines sent in this tick, not yet written (see #write). */
  #outbox = '';
  /** Whether a line was sent in this tick (its flush is scheduled). */
  #tickOpen = false;
  /** How many lines were sent in this tick, and in the last tick that sent any. */
  #sentThisTick = 0;
  #sentLastTick = 0;
  #state: 'new' | 'starting' | 'open' | 'closing' | 'closed' = 'new';

  constructor(options: StdioClientTransportOptions) {
    this.#options = options;
    this.wire = options.wire ?? createWireLog();
    if (options.args) {
      this.#program = options.command;
      this.#args = options.args;
    } else {
      const [program, ...args] = splitShellWords(options.command);
      if (program === undefined) {
        throw new ConfigError(formatMessage('start the server', 'the command line is empty', 'Pass the command that starts the server.'));
      }
      this.#program = program;
      this.#args = args;
    }
    const { priority } = options;
    if (priority !== undefined && !(Number.isInteger(priority) && priority >= -20 && priority <= 19)) {
      throw new ConfigError(formatMessage('start the server', `the priority ${String(priority)} is not an integer from -20 to 19`, 'Use an os.constants.priority value, or leave it out.'));
    }
  }

  /** The server's process id, once started. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /**
   * Changes the running server's scheduling priority (see StdioClientTransportOptions.priority). Returns whether it
   * took: raising a priority is refused without privileges on most systems, and a server that is not running has none.
   */
  setPriority(priority: number): boolean {
    const pid = this.#child?.pid;
    if (pid === undefined || this.#state === 'closed') return false;
    try {
      setPriority(pid, priority);
      return true;
    } catch {
      return false;
    }
  }

  /** The newest part of what the server wrote to stderr. */
  get stderrTail(): string {
    return this.#stderrTail;
  }

  /** The command line that was run, for reports. */
  get commandLine(): string {
    return [this.#program, ...this.#args].map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : JSON.stringify(w))).join(' ');
  }

  async start(): Promise<void> {
    if (this.#state !== 'new') throw new TransportError(formatMessage('start the stdio transport', 'it was already started', 'Create a new transport for each connection.'));
    this.#state = 'starting';
    const spawn = this.#options.spawn ?? nodeSpawn;
    const env = { ...(this.#options.inheritEnv === false ? {} : process.env), ...this.#options.env };
    let child: ChildProcess;
    try {
      child = spawn(this.#program, this.#args, { cwd: this.#options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    } catch (error) {
      this.#state = 'closed';
      throw this.#spawnFailed(error);
    }
    this.#child = child;
    trackUntilExit(child);
    if (this.#options.priority !== undefined && child.pid !== undefined) {
      try {
        setPriority(child.pid, this.#options.priority);
      } catch {
        // Not allowed (a raise without privileges) or the process is already gone: it keeps its priority.
      }
    }
    const decoder = createLineDecoder({
      maxLineBytes: this.#options.maxLineBytes ?? STDIO_MAX_LINE_BYTES,
      onLine: (line) => this.#receive(line),
      onIssue: (issue) => {
        this.wire.record({ kind: 'frame', transport: 'stdio', direction: 'in', raw: issue.excerpt, parseError: issue.message });
        this.onerror?.(new ProtocolError(formatMessage('read a message from the server', issue.message, 'Each stdout line must be one JSON-RPC message.')));
      },
    });
    child.stdout!.on('data', (chunk: Buffer) => decoder.push(chunk));
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => this.#receiveStderr(text));
    // A write to a server that already exited fails with EPIPE: that is reported by the exit, not a crash.
    child.stdin!.on('error', (error) => this.#lifecycleError('stdin', error));
    child.stdout!.on('error', (error) => this.#lifecycleError('stdout', error));

    this.#exited = new Promise<void>((resolve) => {
      child.once('close', (code, signal) => {
        if (this.#state === 'closed') return resolve(); // it never started: start() already rejected
        this.#flush(decoder);
        this.wire.record({ kind: 'lifecycle', transport: 'stdio', event: 'exit', pid: child.pid, exitCode: code, signal });
        const expected = this.#state === 'closing';
        this.#state = 'closed';
        if (!expected) this.onerror?.(this.#exitError(code, signal));
        this.onclose?.();
        resolve();
      });
    });

    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => {
        this.#state = 'open';
        this.wire.record({ kind: 'lifecycle', transport: 'stdio', event: 'spawn', pid: child.pid, detail: this.commandLine });
        resolve();
      });
      child.on('error', (error) => {
        if (child.pid === undefined) {
          this.#state = 'closed';
          this.wire.record({ kind: 'lifecycle', transport: 'stdio', event: 'error', detail: error.message });
          reject(this.#spawnFailed(error));
        } else this.#lifecycleError('process', error);
      });
    });
  }

  send(message: JsonRpcMessage | JsonRpcMessage[]): Promise<void> {
    // The line is the frame and its newline (as encodeLine makes it): the frame alone is what the wire log keeps.
    const raw = JSON.stringify(message);
    return this.#write(undefined, raw, message);
  }

  sendRaw(frame: string): Promise<void> {
    return this.#write(frame.endsWith('\n') ? frame : `${frame}\n`, frame.replace(/\r?\n$/, ''));
  }

  /**
   * Stops the server: closes its stdin, then sends SIGTERM, then SIGKILL, each after its grace delay, and waits for
   * the process to be gone (no zombie is left). Idempotent.
   */
  async close(): Promise<void> {
    const child = this.#child;
    const exited = this.#exited;
    if (!child || !exited || this.#state === 'closed') return;
    if (this.#state === 'closing') return exited;
    this.#state = 'closing';
    const waitExit = (ms: number) => race(exited, ms);
    // What was sent before close() still reaches the server, then its stdin ends.
    this.#flushOutbox();
    child.stdin!.end();
    if (await waitExit(this.#options.closeStdinGraceMs ?? STDIO_CLOSE_STDIN_GRACE_MS)) return;
    child.kill('SIGTERM');
    if (await waitExit(this.#options.sigtermGraceMs ?? STDIO_SIGTERM_GRACE_MS)) return;
    child.kill('SIGKILL');
    await exited;
  }

  /**
   * Writes one line (`text`, or the frame and a newline when `text` is undefined); resolves at once unless the pipe is
   * full (then when it drains).
   */
  #write(text: string | undefined, raw: string, message?: unknown): Promise<void> {
    const stdin = this.#child?.stdin;
    if (!stdin || this.#state !== 'open' || !stdin.writable) {
      const reason = this.#state === 'new' || this.#state === 'starting' ? 'the transport is not started' : 'the server process has exited or is being stopped';
      return Promise.reject(
        new TransportError(formatMessage('send a message to the server', reason, 'Start (or restart) the connection first.'), { code: 'TRANSPORT_CLOSED' }),
      );
    }
    this.wire.record(
      message === undefined
        ? { kind: 'frame', transport: 'stdio', direction: 'out', raw, ...parseFrame(raw) }
        : { kind: 'frame', transport: 'stdio', direction: 'out', raw, message },
    );
    // Messages sent in the same tick (many requests in flight are common) leave as one string in one system call,
    // written once the current task and its microtasks are done: one write per batch, not one per message. When the
    // last tick sent a single line (one request at a time), the first line of this one leaves at once instead: the
    // server starts on it while this tick finishes, and a burst is still batched from its second line on.
    const line = text ?? `${raw}\n`;
    if (!this.#tickOpen) {
      this.#tickOpen = true;
      if (this.#sentLastTick <= 1) stdin.write(line);
      else this.#outbox = line;
      process.nextTick(this.#flushOutbox);
    } else this.#outbox += line;
    this.#sentThisTick++;
    // Backpressure: once the pipe's buffer is full, senders wait for it to drain.
    if (!stdin.writableNeedDrain) return RESOLVED;
    return new Promise<void>((resolve) => stdin.once('drain', resolve));
  }

  /** Writes the lines sent since the last flush (they were recorded on the wire when sent). */
  readonly #flushOutbox = (): void => {
    if (this.#tickOpen) {
      this.#tickOpen = false;
      this.#sentLastTick = this.#sentThisTick;
      this.#sentThisTick = 0;
    }
    const text = this.#outbox;
    if (text === '') return;
    this.#outbox = '';
    const stdin = this.#child?.stdin;
    if (stdin?.writable) stdin.write(text);
  };

  #receive(line: string): void {
    // A line that starts with "{" (nearly all) is not blank: no need to trim it.
    if (line.charCodeAt(0) !== OPEN_BRACE && line.trim() === '') {
      // Evidence of a non-conforming stream, but nothing to deliver.
      this.wire.record({ kind: 'frame', transport: 'stdio', direction: 'in', raw: line, parseError: 'an empty line' });
      return;
    }
    const parsed = parseFrame(line);
    if (parsed.parseError !== undefined) {
      this.wire.record({ kind: 'frame', transport: 'stdio', direction: 'in', raw: line, parseError: parsed.parseError });
      this.onerror?.(
        new ProtocolError(
          formatMessage('read a message from the server', `a stdout line is ${parsed.parseError}: ${excerpt(line)}`, 'Servers must write only JSON-RPC messages to stdout, one per line, and log to stderr.'),
        ),
      );
      return;
    }
    this.wire.record({ kind: 'frame', transport: 'stdio', direction: 'in', raw: line, message: parsed.message });
    // The session classifies each message (and reports a malformed one); the transport only frames and parses.
    if (!Array.isArray(parsed.message)) this.onmessage?.(parsed.message as JsonRpcMessage);
    else for (const message of parsed.message) this.onmessage?.(message as JsonRpcMessage);
  }

  #receiveStderr(text: string): void {
    const limit = this.#options.stderrTailChars ?? STDIO_STDERR_TAIL_CHARS;
    this.#stderrTail = (this.#stderrTail + text).slice(-limit);
    this.wire.record({ kind: 'stderr', transport: 'stdio', direction: 'in', text });
    this.#options.onStderr?.(text);
  }

  #flush(decoder: LineDecoder): void {
    const rest = decoder.end();
    if (rest === undefined) return;
    // A last line without its newline was never framed: record it, but do not deliver it.
    this.wire.record({ kind: 'frame', transport: 'stdio', direction: 'in', raw: rest, parseError: 'the stream ended before the line was terminated by a newline' });
  }

  #lifecycleError(stream: string, error: Error): void {
    this.wire.record({ kind: 'lifecycle', transport: 'stdio', event: 'error', detail: `${stream}: ${error.message}` });
    if (this.#state !== 'open') return;
    this.onerror?.(new TransportError(formatMessage('talk to the server process', `its ${stream} failed: ${error.message}`), { cause: error }));
  }

  #spawnFailed(error: unknown): ProcessError {
    const reason = error instanceof Error ? error.message : String(error);
    return new ProcessError(
      formatMessage('start the server', `could not run ${JSON.stringify(this.#program)} (${reason})`, 'Check that the command exists, is executable, and is on PATH.'),
      { code: 'SPAWN_FAILED' },
      { cause: error },
    );
  }

  #exitError(code: number | null, signal: NodeJS.Signals | null): ProcessError {
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    const lastLine = this.#stderrTail.trimEnd().split('\n').at(-1)?.trim();
    const reason = `the server process ${how}${lastLine ? ` (last stderr line: ${excerpt(lastLine)})` : ''}`;
    return new ProcessError(formatMessage('talk to the server', reason, 'Run the command by hand to see why it stopped.'), {
      exitCode: code,
      signal,
      stderrTail: this.#stderrTail,
    });
  }
}

/** Servers still running: if this process exits without closing them, they are killed rather than left behind. */
const liveChildren = new Set<ChildProcess>();

function trackUntilExit(child: ChildProcess): void {
  if (liveChildren.size === 0) process.once('exit', killLiveChildren);
  liveChildren.add(child);
  child.once('exit', () => {
    liveChildren.delete(child);
    if (liveChildren.size === 0) process.removeListener('exit', killLiveChildren);
  });
}

function killLiveChildren(): void {
  for (const child of liveChildren) child.kill('SIGKILL');
}

const EXCERPT_CHARS = 200;
const OPEN_BRACE = 0x7b;
const RESOLVED = Promise.resolve();

function excerpt(text: string): string {
  return JSON.stringify(text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text);
}

/** Resolves `true` when `promise` settles within `ms`, `false` otherwise (the timer never keeps the process alive). */
function race(promise: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    timer.unref?.();
    void promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
