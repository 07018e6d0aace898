/**
 * How many `tools/call` per second the mocks serve, beside a raw floor measured in the same run: a minimal
 * hand-written Node server (no SDK, no mock engine) on the same transport. Each server runs in its own process (the
 * built package, as users run it: `npm run bench` builds first); the client is a minimal hand-written one here, so
 * the server is what is measured.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchRow } from './run.js';

const ROOT = join(import.meta.dirname, '..');
const DIST_MOCKS = pathToFileURL(join(ROOT, 'dist', 'mocks', 'index.js')).href;
const STDIO_MAIN = join(ROOT, 'dist', 'mocks', 'stdio-main.js');

/** The mock under test: one tool with a fixed answer, as JSON (no resolver code of ours in the way). */
const FIXTURE = { serverInfo: { name: 'bench-mock', version: '1.0.0' }, tools: [{ name: 'echo', result: 'hi' }] };

const RESULT = '{"content":[{"type":"text","text":"hi"}]}';

/** The floor on stdio: read lines, answer each request with a fixed result. */
const FLOOR_STDIO = `
let buf = '';
process.stdin.on('data', (c) => {
  buf += c;
  let i;
  while ((i = buf.indexOf('\\n')) >= 0) {
    const line = buf.slice(0, i); buf = buf.slice(i + 1);
    if (!line) continue;
    const m = JSON.parse(line);
    if (m.id === undefined) continue;
    const result = m.method === 'initialize' ? '{"protocolVersion":"2025-06-18","capabilities":{"tools":{}},"serverInfo":{"name":"floor","version":"1"}}' : '${RESULT}';
    process.stdout.write('{"jsonrpc":"2.0","id":' + JSON.stringify(m.id) + ',"result":' + result + '}\\n');
  }
});`;

/** The floor on HTTP: node:http, stateless, JSON answers. */
const FLOOR_HTTP = `
import http from 'node:http';
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const m = JSON.parse(Buffer.concat(chunks).toString());
    if (m.id === undefined) { res.writeHead(202).end(); return; }
    const result = m.method === 'initialize' ? '{"protocolVersion":"2025-06-18","capabilities":{"tools":{}},"serverInfo":{"name":"floor","version":"1"}}' : '${RESULT}';
    const body = '{"jsonrpc":"2.0","id":' + JSON.stringify(m.id) + ',"result":' + result + '}';
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
});
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => process.stdout.write('listening http://127.0.0.1:' + server.address().port + '/mcp\\n'));`;

/** Our HTTP mock in its own process. */
const MOCK_HTTP = (fixture: string, mode: 'json' | 'sse') => `
import { listen, loadMockServer } from ${JSON.stringify(DIST_MOCKS)};
const server = await loadMockServer(${JSON.stringify(fixture)});
const listener = await listen(server, { responseMode: '${mode}' });
process.stdout.write('listening ' + listener.url + '\\n');`;

interface Child {
  child: ChildProcessWithoutNullStreams;
  /** The tail of its stderr. */
  readonly stderr: string;
  stop(): Promise<void>;
}

function startProcess(args: string[]): Child {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  return {
    child,
    get stderr() {
      return stderr;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin.end();
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A stdio client that writes lines and matches responses by id. */
function stdioClient(proc: Child): (method: string, params: object) => Promise<void> {
  const pending = new Map<number, () => void>();
  let buf = '';
  let nextId = 1;
  proc.child.stdout.on('data', (chunk: Buffer) => {
    buf += chunk.toString('utf8');
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      const id = (JSON.parse(line) as { id?: number }).id;
      if (id !== undefined) pending.get(id)?.();
      if (id !== undefined) pending.delete(id);
    }
  });
  return (method, params) =>
    new Promise<void>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      proc.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
}

/** An HTTP client on a keep-alive agent; it reads each body whole (JSON or SSE). */
function httpClient(url: string, sessionId: () => string | undefined): (method: string, params: object) => Promise<string> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let nextId = 1;
  return (method, params) =>
    new Promise<string>((resolve, reject) => {
      const body = JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params });
      const session = sessionId();
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            'content-length': Buffer.byteLength(body),
            ...(session ? { 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const id = res.headers['mcp-session-id'];
            if (typeof id === 'string' && method === 'initialize') currentSession.set(url, id);
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
}
const currentSession = new Map<string, string>();

function firstLine(proc: Child): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (c: Buffer) => {
      buf += c.toString();
      const i = buf.indexOf('\n');
      if (i >= 0) {
        proc.child.stdout.off('data', onData);
        resolve(buf.slice(0, i));
      }
    };
    proc.child.stdout.on('data', onData);
    proc.child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening: ${proc.stderr}`)));
  });
}

async function rate(call: () => Promise<unknown>, count: number, width: number): Promise<number> {
  for (let i = 0; i < 200; i++) await call();
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

const INIT_PARAMS = { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } };
const CALL_PARAMS = { name: 'echo', arguments: {} };

async function measureStdio(args: string[], width: number, count: number): Promise<number> {
  const proc = startProcess(args);
  try {
    const call = stdioClient(proc);
    await call('initialize', INIT_PARAMS);
    return await rate(() => call('tools/call', CALL_PARAMS), count, width);
  } finally {
    await proc.stop();
  }
}

async function measureHttp(args: string[], width: number, count: number): Promise<number> {
  const proc = startProcess(args);
  try {
    const url = (await firstLine(proc)).replace(/^listening /, '');
    const call = httpClient(url, () => currentSession.get(url));
    await call('initialize', INIT_PARAMS);
    return await rate(() => call('tools/call', CALL_PARAMS), count, width);
  } finally {
    await proc.stop();
  }
}

function row(name: string, ours: number, peer: number): BenchRow {
  return { name, unit: 'calls/s', ours, peer, ratio: ours / peer };
}

/** Runs the measurements (about 15 s on two cores). */
export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-conform-bench-'));
  const fixture = join(dir, 'echo.json');
  writeFileSync(fixture, JSON.stringify(FIXTURE));
  const floorStdio = ['-e', FLOOR_STDIO];
  const mockStdio = [STDIO_MAIN, fixture];
  const floorHttp = ['--input-type=module', '-e', FLOOR_HTTP];
  const mockHttp = (mode: 'json' | 'sse') => ['--input-type=module', '-e', MOCK_HTTP(fixture, mode)];
  try {
    const rows: BenchRow[] = [];
    rows.push(row('mock stdio: sequential tools/call vs minimal Node stdio server', await measureStdio(mockStdio, 1, 5000), await measureStdio(floorStdio, 1, 5000)));
    rows.push(row('mock stdio: 64 concurrent tools/call vs minimal Node stdio server', await measureStdio(mockStdio, 64, 20000), await measureStdio(floorStdio, 64, 20000)));
    const floorSeq = await measureHttp(floorHttp, 1, 2000);
    const floorConc = await measureHttp(floorHttp, 32, 6000);
    rows.push(row('mock HTTP (JSON): sequential tools/call vs minimal node:http server', await measureHttp(mockHttp('json'), 1, 2000), floorSeq));
    rows.push(row('mock HTTP (JSON): 32 concurrent tools/call vs minimal node:http server', await measureHttp(mockHttp('json'), 32, 6000), floorConc));
    rows.push(row('mock HTTP (SSE): 32 concurrent tools/call vs minimal node:http server (JSON)', await measureHttp(mockHttp('sse'), 32, 6000), floorConc));
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
