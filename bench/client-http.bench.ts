/**
 * Our client against the SDK's client over Streamable HTTP, in the same run: sequential and concurrent `tools/call`
 * against a hand-written minimal server (the transport is the bottleneck) and against server-everything (the server
 * is). Each server runs in its own process; each client runs here, one after the other.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpClient } from '../src/client/mcp-client.js';
import { StreamableHttpClientTransport } from '../src/client/transports/streamable-http.js';
import { MINIMAL_HTTP_SERVER_SCRIPT, SERVER_EVERYTHING_SCRIPT, spawnHttpServer } from '../test/fixtures/http/spawn-server.js';
import type { BenchRow } from './run.js';

type Call = () => Promise<unknown>;

interface Contender {
  call: Call;
  close: () => Promise<void>;
}

async function ours(url: string): Promise<Contender> {
  const client = new McpClient({ protocolVersion: '2025-06-18', requestTimeoutMs: 30_000 });
  await client.connect(new StreamableHttpClientTransport(url, { openGetStream: false }));
  return { call: () => client.callTool({ name: 'echo', arguments: { message: 'hi' } }), close: () => client.close() };
}

async function sdk(url: string): Promise<Contender> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return { call: () => client.callTool({ name: 'echo', arguments: { message: 'hi' } }), close: () => client.close() };
}

/** Calls per second for `count` calls made one after the other. */
async function sequential(call: Call, count: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) await call();
  return count / ((performance.now() - start) / 1000);
}

/** Calls per second for `count` calls made `width` at a time. */
async function concurrent(call: Call, count: number, width: number): Promise<number> {
  const start = performance.now();
  let started = 0;
  const lane = async () => {
    while (started < count) {
      started++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  return count / ((performance.now() - start) / 1000);
}

/**
 * Measures one client kind: a fresh client for each phase, each with its own warm-up. Each client makes fewer than
 * 1,500 calls: past that, the SDK client emits a MaxListenersExceededWarning on every call (its transport hangs every
 * fetch on one AbortSignal), which would measure that warning rather than the client.
 */
async function measure(url: string, make: (url: string) => Promise<Contender>, counts: { warmup: number; seq: number; conc: number; width: number }) {
  const phase = async (run: (call: Call) => Promise<number>) => {
    const contender = await make(url);
    try {
      for (let i = 0; i < counts.warmup; i++) await contender.call();
      return await run(contender.call);
    } finally {
      await contender.close();
    }
  };
  const seq = await phase((call) => sequential(call, counts.seq));
  const conc = await phase((call) => concurrent(call, counts.conc, counts.width));
  return { seq, conc };
}

function row(name: string, oursValue: number, peer: number): BenchRow {
  return { name, unit: 'calls/s', ours: oursValue, peer, ratio: oursValue / peer };
}

export async function run(): Promise<BenchRow[]> {
  // The SDK's client hangs every fetch on one AbortSignal: thousands of calls trip Node's leak warning once per call,
  // which would drown the output. Count those warnings instead of printing them; print every other warning.
  let sdkListenerWarnings = 0;
  const printers = process.listeners('warning');
  process.removeAllListeners('warning');
  const onWarning = (warning: Error) => {
    if (warning.name === 'MaxListenersExceededWarning') sdkListenerWarnings++;
    else for (const print of printers) print(warning);
  };
  process.on('warning', onWarning);
  const rows: BenchRow[] = [];
  const targets = [
    { label: 'minimal server', script: MINIMAL_HTTP_SERVER_SCRIPT, args: [], counts: { warmup: 200, seq: 1200, conc: 1200, width: 32 } },
    { label: 'server-everything', script: SERVER_EVERYTHING_SCRIPT, args: ['streamableHttp'], counts: { warmup: 50, seq: 300, conc: 600, width: 16 } },
  ];
  for (const target of targets) {
    // Alternate the order so that neither client always gets the warmer server.
    const server = await spawnHttpServer(target.script, target.args);
    try {
      const url = `${server.origin}/mcp`;
      // Five rounds, alternating who goes first; each side keeps its best round (the machine is shared and noisy).
      const o = { seq: 0, conc: 0 };
      const p = { seq: 0, conc: 0 };
      for (let round = 0; round < 5; round++) {
        const order = round % 2 === 0 ? ([ours, sdk] as const) : ([sdk, ours] as const);
        for (const make of order) {
          const m = await measure(url, make, target.counts);
          const best = make === ours ? o : p;
          best.seq = Math.max(best.seq, m.seq);
          best.conc = Math.max(best.conc, m.conc);
        }
      }
      rows.push(row(`streamable-http ${target.label}: sequential tools/call (SDK client)`, o.seq, p.seq));
      rows.push(row(`streamable-http ${target.label}: ${target.counts.width} concurrent tools/call (SDK client)`, o.conc, p.conc));
    } finally {
      await server.close();
    }
  }
  process.off('warning', onWarning);
  for (const print of printers) process.on('warning', print);
  if (sdkListenerWarnings > 0) console.log(`(the SDK client triggered ${sdkListenerWarnings} MaxListenersExceededWarning warnings; not printed)`);
  return rows;
}
