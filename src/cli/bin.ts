#!/usr/bin/env node
/** The `mcp-conform` executable. */
import module from 'node:module';

// Node's on-disk compile cache (Node ≥ 22.1) for the modules loaded below: a run then starts about 0.1–0.2 s sooner
// from its second time on. It is keyed by each file's content, so an upgrade never runs stale code; set
// NODE_DISABLE_COMPILE_CACHE=1 to turn it off. Enabled before the first import of ours, which is why those are dynamic.
try {
  module.enableCompileCache?.();
} catch {
  // A read-only or full temporary directory: start without the cache.
}
// First, so that the CPU the machine spends while the rest loads tells the runner how busy it is (see machine-load.ts).
await import('../conformance/machine-load.js');
const { processIo } = await import('./io.js');
const { runCli } = await import('./main.js');

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
