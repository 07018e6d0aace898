/**
 * `mcp-conform mock`: serves a mock server defined in a file (or the built-in `everything`) over stdio, Streamable
 * HTTP (with the legacy HTTP+SSE endpoints beside it) or WebSocket.
 */
import { parseArgs } from 'node:util';
import { loadMockServer, listen, serveStdio, type MockServer } from '../mocks/index.js';
import { listenWebSocket } from '../mocks/ws.js';
import type { CliIo } from './io.js';
import { EXIT_OK, EXIT_USAGE, usageError } from './usage-error.js';

/** The usage of `mcp-conform mock`. */
export const MOCK_USAGE = `Usage:
  mcp-conform mock --stdio <file|everything>         serve on this process's stdin/stdout
  mcp-conform mock --http <port> <file|everything>   serve Streamable HTTP on /mcp (legacy HTTP+SSE on /sse)
  mcp-conform mock --ws <port> <file|everything>     serve WebSocket (subprotocol "mcp")

Options:
  --host <host>     the address to listen on (default 127.0.0.1)
  --json            answer POSTs with JSON instead of SSE streams (HTTP)

A file is a JS/TS module whose default export is defineMockServer({...}), or a JSON file of tools, resources,
prompts and faults.
`;

/** What the mock command uses besides the CLI's io: raw streams for stdio, and a signal to stop. */
export interface MockCommandStreams {
  stdin?: NodeJS.ReadableStream;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Stops an HTTP or WebSocket mock (the CLI stops on SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** Called with the URL once an HTTP or WebSocket mock listens. */
  onListening?: (url: string) => void;
}

/**
 * Runs `mcp-conform mock …` and resolves with the exit code when the mock stops.
 * @example await runMockCommand(['--http', '0', 'everything'], io, { signal });
 */
export async function runMockCommand(argv: readonly string[], io: CliIo, streams: MockCommandStreams = {}): Promise<number> {
  let values: { stdio?: boolean; http?: string; ws?: string; host?: string; json?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      options: {
        stdio: { type: 'boolean' },
        http: { type: 'string' },
        ws: { type: 'string' },
        host: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    return usage(io, (error as Error).message);
  }
  if (values.help) {
    io.stdout(MOCK_USAGE);
    return EXIT_OK;
  }
  const modes = [values.stdio ? 'stdio' : undefined, values.http !== undefined ? 'http' : undefined, values.ws !== undefined ? 'ws' : undefined].filter(Boolean);
  if (modes.length !== 1) return usage(io, 'give exactly one of --stdio, --http <port> or --ws <port>');
  if (positionals.length !== 1) return usage(io, 'give one mock file, or "everything"');
  const portText = values.http ?? values.ws;
  const port = portText === undefined ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return usage(io, `"${portText}" is not a port number`);

  let server: MockServer;
  try {
    server = await loadMockServer(positionals[0]!);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n`);
    return EXIT_USAGE;
  }

  if (values.stdio) {
    const running = serveStdio(server, {
      ...(streams.stdin ? { stdin: streams.stdin } : {}),
      ...(streams.stdout ? { stdout: streams.stdout } : {}),
      ...(streams.stderr ? { stderr: streams.stderr } : {}),
    });
    await running.closed;
    await server.close();
    return EXIT_OK;
  }

  const host = values.host ?? '127.0.0.1';
  const listener =
    values.http !== undefined
      ? await listen(server, { port, host, ...(values.json ? { responseMode: 'json' as const } : {}) })
      : await listenWebSocket(server, { port, host });
  const described = 'sseUrl' in listener ? `${listener.url} (legacy HTTP+SSE: ${listener.sseUrl})` : listener.url;
  io.stdout(`mcp-conform mock serving ${positionals[0]} on ${described}\n`);
  streams.onListening?.(listener.url);
  await waitForStop(streams.signal);
  await server.close();
  return EXIT_OK;
}

function usage(io: CliIo, reason: string): number {
  io.stderr(`${usageError(reason, 'Run `mcp-conform mock --help` for the usage.').message}\n`);
  return EXIT_USAGE;
}

/** Resolves when the signal aborts, or on SIGINT / SIGTERM when no signal is given. */
function waitForStop(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal) {
      if (signal.aborted) return resolve();
      signal.addEventListener('abort', () => resolve(), { once: true });
      return;
    }
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
