#!/usr/bin/env node
/** The `mcp-conform` executable. */
import { processIo } from './io.js';
import { runCli } from './main.js';

// `mcp-conform mock` serves until SIGINT or SIGTERM, then stops cleanly; the other commands keep Node's default
// handling (Ctrl-C ends a run at once).
const argv = process.argv.slice(2);
// A reader that stops early (`mcp-conform list | head`) closes the pipe: that is how pipes end, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}
const stop = new AbortController();
if (argv[0] === 'mock') for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());

process.exitCode = await runCli(argv, processIo(), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: stop.signal,
});
