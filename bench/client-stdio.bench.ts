/**
 * Our client against the SDK's client over stdio, in the same run: sequential and concurrent `tools/call` per second
 * against server-everything and against a minimal hand-written Node server (test/fixtures/servers/minimal.mjs).
 * Besides calls per second (wall time, sensitive to whatever else runs on the machine), it reports the client
 * process's CPU time per call. Each client gets its own server process; both run the same calls after the same warm-up, in alternating rounds
 * (the machine is shared, so each figure is the best round; the median rounds are printed beside it, with the median of
 * the paired rounds' ratios, because on this shared machine a round's rate also depends on where the scheduler puts the
 * two processes: one core or two, which changes a round trip's cost by up to 2×).
 */
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as SdkStdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { BenchRow } from './run.js';

// The built package, as users run it (`npm run bench` builds first): importing the sources through tsx would time
// tsx's transform helpers, not our code.
const DIST_CLIENT = '../dist/client/index.js';
const { McpClient, StdioClientTransport } = (await import(DIST_CLIENT)) as typeof import('../src/client/index.js');

const ROOT = join(import.meta.dirname, '..');
const SERVERS = {
  'server-everything': [join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
  'minimal Node server': [join(ROOT, 'test/fixtures/servers/minimal.mjs')],
} as const;

const WARMUP_CALLS = 1000;
const SEQUENTIAL_CALLS = 1000;
const CONCURRENT_CALLS = 5_000;
const CONCURRENCY = 100;
/**
 * Rounds per client; each figure is the best of them, and the median rows pair each round of ours with the SDK's
 * round next to it (short rounds, so that a pair sees the same machine). @default 20
 */
const ROUNDS = 20;

type Call = () => Promise<unknown>;

interface Subject {
  call: Call;
  close: () => Promise<void>;
}

async function ours(args: readonly string[]): Promise<Subject> {
  const client = new McpClient();
  await client.connect(new StdioClientTransport({ command: process.execPath, args }));
  return { call: () => client.callTool({ name: 'echo', arguments: { message: 'hi' } }), close: () => client.close() };
}

async function sdk(args: readonly string[]): Promise<Subject> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(new SdkStdioClientTransport({ command: process.execPath, args: [...args], stderr: 'ignore' }));
  return { call: () => client.callTool({ name: 'echo', arguments: { message: 'hi' } }), close: () => client.close() };
}

/**
 * The floor: no MCP client at all. It writes each request as one line on the server's stdin and reads the answer's
 * line from its stdout (one JSON.stringify and one JSON.parse per call, no validation, no records, no timers). What
 * separates any client from it is the client's own work; what it costs is the pipes, the wake-ups and the server.
 */
async function rawPipe(args: readonly string[]): Promise<Subject> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [...args], { stdio: ['pipe', 'pipe', 'ignore'] });
  const waiting = new Map<number, (message: unknown) => void>();
  let buffer = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
      const message = JSON.parse(buffer.slice(0, end)) as { id?: number };
      buffer = buffer.slice(end + 1);
      const resolve = message.id === undefined ? undefined : waiting.get(message.id);
      if (resolve) {
        waiting.delete(message.id!);
        resolve(message);
      }
    }
  });
  let id = 0;
  const request = (method: string, params: Record<string, unknown>): Promise<unknown> =>
    new Promise((resolve) => {
      id += 1;
      waiting.set(id, resolve);
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  await request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench-floor', version: '1.0.0' } });
  child.stdin.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
  return {
    call: () => request('tools/call', { name: 'echo', arguments: { message: 'hi' } }),
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end();
      child.kill();
      await exited;
    },
  };
}

/** Calls per second of wall time, and microseconds of this process's CPU per call (robust to a loaded machine). */
interface Rate {
  perSecond: number;
  cpuMicros: number;
}

async function timed(n: number, body: () => Promise<void>): Promise<Rate> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await body();
  const elapsedMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { perSecond: n / (elapsedMs / 1000), cpuMicros: (used.user + used.system) / n };
}

function sequential(call: Call, n: number): Promise<Rate> {
  return timed(n, async () => {
    for (let i = 0; i < n; i++) await call();
  });
}

function concurrent(call: Call, n: number): Promise<Rate> {
  return timed(n, async () => {
    let next = 0;
    const worker = async () => {
      while (next++ < n) await call();
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  });
}

interface Figures {
  seq: number;
  conc: number;
  seqCpu: number;
  concCpu: number;
  /** Every round's calls per second, for the medians. */
  seqRounds: number[];
  concRounds: number[];
}

/** Measures both clients against one server, alternating rounds so that both see the same machine load. */
async function compare(args: readonly string[]): Promise<{ ours: Figures; peer: Figures; floor: Figures }> {
  const subjects = { ours: await ours(args), peer: await sdk(args), floor: await rawPipe(args) };
  const fresh = (): Figures => ({ seq: 0, conc: 0, seqCpu: Number.POSITIVE_INFINITY, concCpu: Number.POSITIVE_INFINITY, seqRounds: [], concRounds: [] });
  const best = { ours: fresh(), peer: fresh(), floor: fresh() };
  try {
    for (const subject of Object.values(subjects)) await sequential(subject.call, WARMUP_CALLS);
    for (let round = 0; round < ROUNDS; round++) {
      // Who goes first rotates, so that none always runs right after another's garbage collection.
      const order = ['ours', 'peer', 'floor'] as const;
      for (const key of [...order.slice(round % 3), ...order.slice(0, round % 3)]) {
        const seq = await sequential(subjects[key].call, SEQUENTIAL_CALLS);
        const conc = await concurrent(subjects[key].call, CONCURRENT_CALLS);
        const figures = best[key];
        figures.seq = Math.max(figures.seq, seq.perSecond);
        figures.conc = Math.max(figures.conc, conc.perSecond);
        figures.seqCpu = Math.min(figures.seqCpu, seq.cpuMicros);
        figures.concCpu = Math.min(figures.concCpu, conc.cpuMicros);
        figures.seqRounds.push(seq.perSecond);
        figures.concRounds.push(conc.perSecond);
      }
    }
    return best;
  } finally {
    await Promise.all(Object.values(subjects).map((subject) => subject.close()));
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Runs the comparison. */
export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const [server, args] of Object.entries(SERVERS)) {
    const { ours: a, peer: b, floor: f } = await compare(args);
    const label = (what: string) => `stdio tools/call ${what} → ${server} (ours vs SDK client)`;
    rows.push({ name: label('sequential, best round'), unit: 'calls/s', ours: a.seq, peer: b.seq, ratio: a.seq / b.seq });
    rows.push({ name: label(`${CONCURRENCY} concurrent, best round`), unit: 'calls/s', ours: a.conc, peer: b.conc, ratio: a.conc / b.conc });
    rows.push({ name: label('sequential, client CPU'), unit: 'µs/call', ours: a.seqCpu, peer: b.seqCpu, ratio: b.seqCpu / a.seqCpu });
    rows.push({ name: label(`${CONCURRENCY} concurrent, client CPU`), unit: 'µs/call', ours: a.concCpu, peer: b.concCpu, ratio: b.concCpu / a.concCpu });
    const [seqA, seqB, concA, concB] = [a.seqRounds, b.seqRounds, a.concRounds, b.concRounds].map(median) as [number, number, number, number];
    // The ratio printed is the median of the paired rounds' ratios: a round that the scheduler made slow (or fast) for
    // both clients moves both sides of its own ratio, not one side of the comparison. A best round is whichever
    // client the scheduler happened to put on one core with its server (up to 2× faster), so the best-round ratio
    // swings from run to run; the paired median is the figure to compare.
    const paired = (x: readonly number[], y: readonly number[]): number => median(x.map((value, i) => value / y[i]!));
    rows.push({ name: label('sequential, median of paired rounds'), unit: 'calls/s', ours: seqA, peer: seqB, ratio: paired(a.seqRounds, b.seqRounds) });
    rows.push({ name: label(`${CONCURRENCY} concurrent, median of paired rounds`), unit: 'calls/s', ours: concA, peer: concB, ratio: paired(a.concRounds, b.concRounds) });
    // What no client can beat: a raw pipe exchange, measured in the same rounds (the SDK's client in the peer column).
    const floorLabel = `stdio tools/call sequential → ${server}: raw pipe, no MCP client (the floor) vs SDK client, median of paired rounds`;
    rows.push({ name: floorLabel, unit: 'calls/s', ours: median(f.seqRounds), peer: seqB, ratio: paired(f.seqRounds, b.seqRounds) });
    rows.push({ name: label('sequential, client CPU of the raw-pipe floor'), unit: 'µs/call', ours: f.seqCpu, peer: b.seqCpu, ratio: b.seqCpu / f.seqCpu });
  }
  return rows;
}
