/**
 * The conformance run, ours beside the official suite's, in the same run: our CLI's default suites against
 * server-everything over stdio in every version it speaks (every version a server start of its own), the same over
 * Streamable HTTP against a server started before the timing (the official suite's conditions), and
 * `@modelcontextprotocol/conformance server` against server-everything over Streamable HTTP. Wall-clock seconds (lower is better) and peak RSS of each process tree's
 * harness process (the CLI itself; the official suite's runner), in MiB.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BenchRow } from './run.js';

const ROOT = resolve(import.meta.dirname, '..');
const EVERYTHING = join(ROOT, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
const OFFICIAL = join(ROOT, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
const CLI = join(ROOT, 'dist', 'cli', 'bin.js');
const q = (s: string): string => JSON.stringify(s);

interface Timed {
  seconds: number;
  /** Peak resident set size of the harness process, in MiB (from /proc, sampled), or NaN where unavailable. */
  peakRssMiB: number;
  code: number | null;
  output: string;
}

/** Runs a command to its end (at most `limitMs`), measuring wall-clock time and sampling the peak RSS. */
function timed(args: readonly string[], env: NodeJS.ProcessEnv, limitMs = 180_000): Promise<Timed> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    let peak = Number.NaN;
    const sample = (): void => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kib = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
        if (Number.isFinite(kib)) peak = Number.isNaN(peak) ? kib / 1024 : Math.max(peak, kib / 1024);
      } catch {
        // The process has ended, or /proc is not there: keep what was sampled.
      }
    };
    const sampler = setInterval(sample, 50);
    const limit = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('error', (error) => {
      clearInterval(sampler);
      clearTimeout(limit);
      fail(error);
    });
    child.on('exit', (code) => {
      clearInterval(sampler);
      clearTimeout(limit);
      done({ seconds: (performance.now() - started) / 1000, peakRssMiB: peak, code, output });
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** Waits until something accepts connections on the port (bounded). */
async function waitForPort(port: number, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/mcp`, { method: 'GET', signal: AbortSignal.timeout(1_000) });
      await response.body?.cancel();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`[mcp-conform] Failed to start server-everything: nothing listened on port ${port} within ${limitMs} ms. Is the port taken?`);
}

/** Our CLI: default suites, every version server-everything speaks, over stdio. */
async function runOurs(): Promise<Timed> {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-conform-bench-'));
  try {
    const run = await timed([CLI, 'run', '--stdio', `${q(process.execPath)} ${q(EVERYTHING)} stdio`, '--protocol-version', 'all', '--quiet', '--format', 'json', '--report-dir', dir], {});
    const report = JSON.parse(readFileSync(join(dir, 'mcp-conform.json'), 'utf8')) as { summary: Record<string, number>; server: { protocolVersions: string[] } };
    run.output = `${JSON.stringify(report.summary)} versions ${report.server.protocolVersions.join(',')}`;
    return run;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `body` against server-everything over Streamable HTTP, started (and listening) before `body` is timed. */
async function withHttpServer<T>(body: (url: string) => Promise<T>): Promise<T> {
  const port = await freePort();
  const server = spawn(process.execPath, [EVERYTHING, 'streamableHttp'], { cwd: ROOT, env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
  try {
    await waitForPort(port);
    return await body(`http://127.0.0.1:${port}/mcp`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null || server.signalCode !== null ? r(undefined) : server.once('exit', r)));
  }
}

/** The official suite's server mode against server-everything over Streamable HTTP (the server started before timing). */
function runPeer(): Promise<Timed> {
  return withHttpServer((url) => timed([OFFICIAL, 'server', '--url', url], {}));
}

/**
 * Our CLI under the official suite's conditions: the same running server over Streamable HTTP (no server start in the
 * timing), our default suites in every version it speaks.
 */
function runOursOverHttp(): Promise<Timed> {
  return withHttpServer(async (url) => {
    const dir = mkdtempSync(join(tmpdir(), 'mcp-conform-bench-'));
    try {
      return await timed([CLI, 'run', '--url', url, '--protocol-version', 'all', '--quiet', '--format', 'json', '--report-dir', dir], {});
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** Runs both harnesses (`MCP_CONFORM_BENCH_ROUNDS` rounds, default 1, the median kept). */
export async function run(): Promise<BenchRow[]> {
  const rounds = Math.max(1, Number(process.env.MCP_CONFORM_BENCH_ROUNDS ?? 1));
  const ours: Timed[] = [];
  const oursHttp: Timed[] = [];
  const peer: Timed[] = [];
  for (let i = 0; i < rounds; i += 1) {
    ours.push(await runOurs());
    oursHttp.push(await runOursOverHttp());
    peer.push(await runPeer());
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const o = median(ours.map((r) => r.seconds));
  const p = median(peer.map((r) => r.seconds));
  console.log(`ours: ${ours.map((r) => `${r.seconds.toFixed(2)} s exit ${r.code} ${r.output}`).join(' | ')}`);
  console.log(`peer: ${peer.map((r) => `${r.seconds.toFixed(2)} s exit ${r.code}`).join(' | ')}`);
  const h = median(oursHttp.map((r) => r.seconds));
  console.log(`ours over HTTP: ${oursHttp.map((r) => `${r.seconds.toFixed(2)} s exit ${r.code}`).join(' | ')}`);
  const rows: BenchRow[] = [
    { name: 'conformance run vs server-everything (ours: default suites, all versions, stdio)', unit: 's', ours: o, peer: p, ratio: p / o },
    { name: 'conformance run vs server-everything, both over Streamable HTTP against the running server', unit: 's', ours: h, peer: p, ratio: p / h },
  ];
  const oRss = median(ours.map((r) => r.peakRssMiB));
  const pRss = median(peer.map((r) => r.peakRssMiB));
  if (Number.isFinite(oRss) && Number.isFinite(pRss)) rows.push({ name: 'conformance run peak RSS of the harness process', unit: 'MiB', ours: oRss, peer: pRss, ratio: pRss / oRss });
  return rows;
}
