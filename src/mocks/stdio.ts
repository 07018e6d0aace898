/**
 * Serves a mock over stdio: newline-delimited JSON on stdin and stdout, logs (and floods) on stderr, and a crash
 * that really exits the process.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#stdio
 */
import { createLineDecoder } from '../protocol/framing.js';
import type { MockServer, MockServerInternals } from './define-mock-server.js';
import type { ChannelEvent, MockChannel } from './types.js';

/** Streams and exit of {@link serveStdio}; defaults are the process's own. */
export interface StdioMockOptions {
  stdin?: NodeJS.ReadableStream;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Called by the `crash` fault. @default process.exit */
  exit?: (code: number) => void;
}

/** A running stdio mock. */
export interface StdioMock {
  /** Resolves when stdin ends (the client closed it) or `close` is called. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

/**
 * Serves `server` over stdio until stdin ends ("Servers SHOULD exit promptly when stdin is closed").
 * @example serveStdio(defineMockServer({ tools: [...] }));
 */
export function serveStdio(server: MockServer, options: StdioMockOptions = {}): StdioMock {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const session = (server as MockServerInternals).createSession({ transport: 'stdio' });
  // Writes are queued so that a slow drip keeps later frames behind it, as one byte stream must.
  let queue: Promise<void> = Promise.resolve();
  let queued = 0;
  const write = (text: string) => new Promise<void>((resolve) => stdout.write(text, () => resolve()));
  // Frames emitted in the same tick go out in one write (one syscall for a burst of concurrent answers).
  let pending = '';
  const flush = () => {
    if (pending === '') return;
    const text = pending;
    pending = '';
    stdout.write(text);
  };

  const channel: MockChannel = {
    emit(event: ChannelEvent) {
      switch (event.type) {
        case 'frame': {
          const line = `${event.text}\n`;
          const drip = event.drip;
          // The common case writes at once; a drip (and anything after it) waits its turn, as one byte stream must.
          if (!drip && queued === 0) {
            if (pending === '') process.nextTick(flush);
            pending += line;
            return;
          }
          flush();
          queued++;
          queue = queue.then(async () => {
            if (!drip) await write(line);
            else {
              for (let i = 0; i < line.length; i += drip.chunkBytes) {
                await write(line.slice(i, i + drip.chunkBytes));
                await new Promise((r) => setTimeout(r, drip.intervalMs));
              }
            }
            queued--;
          });
          return;
        }
        case 'stderr':
          stderr.write(event.text);
          return;
        case 'crash':
          // Flush what was already written, then die with the code.
          flush();
          queue = queue.then(() => exit(event.exitCode));
          return;
        default:
          // HTTP-only faults (status, cut stream) have no stdio meaning; `end` needs nothing.
          return;
      }
    },
  };
  session.setStandaloneChannel(channel);

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  const decoder = createLineDecoder({
    onLine: (line) => {
      if (line.trim() === '') return;
      void session.receiveText(line, channel).catch((error: unknown) => stderr.write(`${String(error)}\n`));
    },
    onIssue: (issue) => stderr.write(`[mcp-conform mock] ${issue.message}\n`),
  });
  const onData = (chunk: Buffer | string) => decoder.push(typeof chunk === 'string' ? chunk : new Uint8Array(chunk));
  const finish = () => {
    stdin.off('data', onData);
    stdin.off('end', finish);
    session.close();
    unregister();
    resolveClosed();
  };
  stdin.on('data', onData);
  stdin.on('end', finish);
  const unregister = server.onClose(() => finish());
  return {
    closed,
    async close() {
      flush();
      finish();
      await queue;
    },
  };
}
