/**
 * What a client reading a stdio mock's bytes sees for each fault: a raw child process (the mock file served by
 * `mockServerCommand`), lines on stdout, text on stderr, an exit code.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mockServerCommand } from '../../../src/mocks/index.js';

const FIXTURE = new URL('./fixtures/faulty-server.ts', import.meta.url).pathname;

interface RawServer {
  child: ChildProcessWithoutNullStreams;
  /** Every stdout line so far. */
  lines: string[];
  stderr: { text: string };
  /** Stdout chunks, to see a slow drip arrive in pieces. */
  chunks: string[];
  send(message: unknown): void;
  /** Resolves with the lines that arrive after now, once `done` accepts them. */
  until(done: (lines: string[]) => boolean, timeoutMs?: number): Promise<string[]>;
}

function start(): RawServer {
  const { command, args } = mockServerCommand(FIXTURE);
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const server: RawServer = {
    child,
    lines: [],
    chunks: [],
    stderr: { text: '' },
    send: (message) => child.stdin.write(`${JSON.stringify(message)}\n`),
    until(done, timeoutMs = 5000) {
      const from = server.lines.length;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out; got ${JSON.stringify(server.lines.slice(from))}`)), timeoutMs);
        const check = () => {
          const fresh = server.lines.slice(from);
          if (done(fresh)) {
            clearTimeout(timer);
            child.stdout.off('data', check);
            resolve(fresh);
          }
        };
        child.stdout.on('data', check);
        check();
      });
    },
  };
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    server.chunks.push(text);
    pending += text;
    const parts = pending.split('\n');
    pending = parts.pop()!;
    server.lines.push(...parts);
  });
  child.stderr.on('data', (chunk: Buffer) => (server.stderr.text += chunk.toString('utf8')));
  return server;
}

const call = (id: number, name: string) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: {} } });
const answers = (id: number) => (lines: string[]) => lines.some((l) => l.includes(`"id":${id}`) && !l.includes('"method"'));

describe('stdio faults, seen by a raw client', () => {
  let server: RawServer;
  let nextId = 10;
  beforeAll(async () => {
    server = start();
    server.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    await server.until(answers(1), 15_000);
    server.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  }, 20_000);
  afterAll(() => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  });

  it('delay: the answer comes after the delay', async () => {
    const id = nextId++;
    const started = Date.now();
    server.send(call(id, 'delay'));
    await server.until(answers(id));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('hang and drop: no answer ever comes for that id, later requests are still answered', async () => {
    const hang = nextId++;
    const drop = nextId++;
    const ping = nextId++;
    server.send(call(hang, 'hang'));
    server.send(call(drop, 'drop'));
    server.send({ jsonrpc: '2.0', id: ping, method: 'ping' });
    const lines = await server.until(answers(ping));
    await new Promise((r) => setTimeout(r, 50));
    expect(lines.concat(server.lines).filter((l) => l.includes(`"id":${hang}`) || l.includes(`"id":${drop}`))).toEqual([]);
  });

  it('duplicate: the same response line twice', async () => {
    const id = nextId++;
    server.send(call(id, 'duplicate'));
    const lines = await server.until((l) => l.filter((x) => x.includes(`"id":${id}`)).length === 2);
    const both = lines.filter((x) => x.includes(`"id":${id}`));
    expect(both[0]).toBe(both[1]);
  });

  it('wrong-id: a response whose id matches no request', async () => {
    const id = nextId++;
    server.send(call(id, 'wrong-id'));
    const [line] = await server.until((l) => l.some((x) => x.includes('wrong-id answered')));
    expect(JSON.parse(line!)).toMatchObject({ id: id + 1_000_000, result: { content: [{ text: 'wrong-id answered' }] } });
  });

  it('error: an error response with the injected code, message and data', async () => {
    const id = nextId++;
    server.send(call(id, 'error'));
    const [line] = await server.until(answers(id));
    expect(JSON.parse(line!)).toEqual({ jsonrpc: '2.0', id, error: { code: -32050, message: 'Injected failure', data: { retry: false } } });
  });

  it('malformed: a line that is not valid JSON', async () => {
    const id = nextId++;
    server.send(call(id, 'malformed'));
    const [line] = await server.until((l) => l.some((x) => x.includes(`"id":${id}`)));
    // The response, cut short: it starts like the real one and is not JSON.
    expect(line).toMatch(new RegExp(`^\\{"jsonrpc":"2\\.0","id":${id},"result":`));
    expect(() => JSON.parse(line!)).toThrow();
  });

  it('pretty: the response spans several lines (stdio forbids embedded newlines)', async () => {
    const id = nextId++;
    server.send(call(id, 'pretty'));
    const lines = await server.until((l) => l.includes('}'));
    expect(lines[0]).toBe('{');
    expect(lines).toContain(`  "id": ${id},`);
    expect(JSON.parse(lines.join('\n'))).toMatchObject({ id, result: { content: [{ text: 'pretty answered' }] } });
  });

  it('noise: a non-JSON line before the response', async () => {
    const id = nextId++;
    server.send(call(id, 'noise'));
    const lines = await server.until(answers(id));
    expect(lines).toEqual(['Debugger listening on ws://127.0.0.1:9229', expect.stringContaining(`"id":${id}`)]);
  });

  it('stderr-flood: 256 KiB on stderr, then the answer on stdout', async () => {
    const id = nextId++;
    const before = server.stderr.text.length;
    server.send(call(id, 'stderr-flood'));
    await server.until(answers(id));
    await expect.poll(() => server.stderr.text.length - before).toBe(256 * 1024);
  });

  it('huge: a 2 MiB response on one line that is still valid JSON', async () => {
    const id = nextId++;
    server.send(call(id, 'huge'));
    const lines = await server.until(answers(id));
    const line = lines.find((l) => l.includes(`"id":${id}`))!;
    expect(line.length).toBeGreaterThan(2 * 1024 * 1024);
    expect(JSON.parse(line)).toMatchObject({ result: { content: [{ text: 'huge answered' }] } });
  });

  it('drip: the response arrives in many small chunks', async () => {
    const id = nextId++;
    const before = server.chunks.length;
    server.send(call(id, 'drip'));
    await server.until(answers(id));
    // About ten 8-byte pieces 10 ms apart; a loaded machine may join a few of them in one read.
    expect(server.chunks.length - before).toBeGreaterThanOrEqual(3);
  });

  it('crash: the process exits with the code, and no answer comes', async () => {
    const id = nextId++;
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    server.send(call(id, 'crash'));
    expect(await exited).toBe(7);
    expect(server.lines.some((l) => l.includes(`"id":${id}`))).toBe(false);
  });
});
