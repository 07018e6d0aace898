import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StdioClientTransport } from '../client/transports/stdio.js';
import type { JsonRpcMessage } from '../protocol/jsonrpc.js';
import type { Transport } from '../protocol/transport.js';
import { PrestartedTransport } from './prestarted-transport.js';
import { createStdioTarget } from './stdio-target.js';

const node = JSON.stringify(process.execPath);
/** Writes two notifications at once, then echoes every line it reads as a notification; exits at the end of stdin. */
const CHATTY = `${node} -e ${JSON.stringify(
  "const w=(m)=>process.stdout.write(JSON.stringify({jsonrpc:'2.0',method:m})+'\\n');w('early/one');w('early/two');" +
    "let b='';process.stdin.on('data',(d)=>{b+=d;let i;while((i=b.indexOf('\\n'))>=0){const l=b.slice(0,i);b=b.slice(i+1);w('echo/'+JSON.parse(l).method)}})",
)}`;
/** Writes one notification and exits with code 3. */
const QUITTER = `${node} -e ${JSON.stringify("process.stdout.write(JSON.stringify({jsonrpc:'2.0',method:'bye'})+'\\n');process.exitCode=3")}`;
/** Waits on its stdin. */
const IDLE = `${node} -e "process.stdin.resume()"`;

const open: Transport[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

/** Polls until `predicate` holds (bounded). */
async function until(predicate: () => boolean, ms = 10_000): Promise<void> {
  for (const deadline = Date.now() + ms; !predicate(); ) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const framesIn = (t: PrestartedTransport) => t.wire.events.filter((e) => e.kind === 'frame' && e.direction === 'in').length;

describe('PrestartedTransport', () => {
  it('holds what the server sent before the session started it, then hands it over in order, and carries on as a transport', async () => {
    const transport = new PrestartedTransport(new StdioClientTransport({ command: CHATTY }));
    open.push(transport);
    await until(() => framesIn(transport) === 2);
    const got: string[] = [];
    transport.onmessage = (message) => got.push((message as { method: string }).method);
    expect(got).toEqual([]);
    await transport.start();
    expect(got).toEqual(['early/one', 'early/two']);
    await transport.send({ jsonrpc: '2.0', method: 'later' } as JsonRpcMessage);
    await until(() => got.length === 3);
    expect(got[2]).toBe('echo/later');
    // The wire has everything from the spawn on.
    expect(transport.wire.events[0]).toMatchObject({ kind: 'lifecycle', event: 'spawn' });
    expect(transport.pid).toBeGreaterThan(0);
  });

  it('hands over an exit that came before the session started it: messages first, then the error, then the close', async () => {
    const transport = new PrestartedTransport(new StdioClientTransport({ command: QUITTER }));
    open.push(transport);
    await until(() => transport.wire.events.some((e) => e.kind === 'lifecycle' && e.event === 'exit'));
    const seen: string[] = [];
    transport.onmessage = (message) => seen.push(`message ${(message as { method: string }).method}`);
    transport.onerror = (error) => seen.push(`error ${error.message}`);
    transport.onclose = () => seen.push('close');
    await transport.start();
    expect(seen).toHaveLength(3);
    expect(seen[0]).toBe('message bye');
    expect(seen[1]).toMatch(/^error .*exit(ed)? .*3/);
    expect(seen[2]).toBe('close');
    await expect(transport.send({ jsonrpc: '2.0', method: 'x' } as JsonRpcMessage)).rejects.toThrow(/exited or is being stopped/);
  });

  it('rejects start() as a fresh transport would when the command cannot start, and only then', async () => {
    const fresh = new StdioClientTransport({ command: 'mcp-conform-no-such-command-anywhere' });
    const expected = await fresh.start().then(() => undefined, (error: unknown) => error as Error);
    const transport = new PrestartedTransport(new StdioClientTransport({ command: 'mcp-conform-no-such-command-anywhere' }));
    // No unhandled rejection meanwhile (vitest fails the run on one).
    await new Promise((resolve) => setTimeout(resolve, 50));
    const error = await transport.start().then(() => undefined, (e: unknown) => e as Error);
    expect(error?.constructor).toBe(expected?.constructor);
    expect(error?.message).toBe(expected?.message);
  });

  it('starts once, like every transport', async () => {
    const transport = new PrestartedTransport(new StdioClientTransport({ command: IDLE }));
    open.push(transport);
    await transport.start();
    await expect(transport.start()).rejects.toThrow(/already started/);
  });
});

describe('StdioTarget.prestart', () => {
  const own = getPriority();
  // Priorities below the test process's own: lowering is always allowed.
  const lower = Math.min(19, own + 2);

  it('hands the started servers out by priority, in the order they started, and starts the rest itself', async () => {
    const target = createStdioTarget({ command: IDLE, closeStdinGraceMs: 200 });
    target.prestart([undefined, lower, lower]);
    const taken = [target.createTransport({ priority: lower }), target.createTransport(), target.createTransport({ priority: lower }), target.createTransport()];
    open.push(...taken);
    expect(taken.map((t) => t instanceof PrestartedTransport)).toEqual([true, true, true, false]);
    for (const t of taken) await t.start();
    const pids = taken.map((t) => (t as { pid?: number }).pid!);
    expect(new Set(pids).size).toBe(4);
    expect(pids.map((pid) => getPriority(pid))).toEqual([lower, own, lower, own]);
    // The two lowered ones in the order they were started.
    expect(pids[0]).toBeLessThan(pids[2]!);
    await target.close();
  });

  it('lowers a server started at the inherited priority for a session that asks for a lower one, never raises one', async () => {
    const target = createStdioTarget({ command: IDLE, closeStdinGraceMs: 200 });
    target.prestart([undefined]);
    if (own > -20) {
      const higher = target.createTransport({ priority: own - 1 });
      open.push(higher);
      expect(higher).not.toBeInstanceOf(PrestartedTransport);
    }
    const lowered = target.createTransport({ priority: lower });
    open.push(lowered);
    expect(lowered).toBeInstanceOf(PrestartedTransport);
    await lowered.start();
    expect(getPriority((lowered as PrestartedTransport).pid!)).toBe(lower);
  });

  it('gives no started server to a session that asks for another closing grace (set at spawn)', () => {
    const target = createStdioTarget({ command: IDLE, closeStdinGraceMs: 200 });
    target.prestart([undefined]);
    const other = target.createTransport({ closeStdinGraceMs: 50 });
    expect(other).not.toBeInstanceOf(PrestartedTransport);
    return target.close();
  });

  it('stops, on close, the servers nobody took, and only those', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mcp-conform-prestart-')), 'pids');
    const script = `require('fs').appendFileSync(${JSON.stringify(file)}, process.pid + '\\n'); process.stdin.resume()`;
    const target = createStdioTarget({ command: `${node} -e ${JSON.stringify(script)}`, closeStdinGraceMs: 200 });
    target.prestart([undefined, undefined, undefined]);
    const taken = target.createTransport() as PrestartedTransport;
    open.push(taken);
    await taken.start();
    const pids = (): number[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number) : []);
    await until(() => pids().length === 3);
    const alive = (pid: number): boolean => {
      try {
        return process.kill(pid, 0);
      } catch {
        return false;
      }
    };
    await target.close();
    expect(pids().filter(alive)).toEqual([taken.pid]);
    // Nothing left to hand out: new sessions start servers of their own.
    const rest = [target.createTransport(), target.createTransport()];
    expect(rest.some((t) => t instanceof PrestartedTransport)).toBe(false);
    await target.close(); // idempotent
  });
});
