import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { getPriority } from 'node:os';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ProtocolError, TransportError, type WireEvent } from '../../protocol/index.js';
import { StdioClientTransport } from './stdio.js';

/** A transport running a tiny inline Node script. */
const inline = (code: string) => new StdioClientTransport({ command: process.execPath, args: ['-e', code] });

const exited = (transport: StdioClientTransport) =>
  new Promise<void>((resolve) => {
    transport.onclose = resolve;
  });

const frames = (events: readonly WireEvent[]) => events.filter((e): e is Extract<WireEvent, { kind: 'frame' }> => e.kind === 'frame');

describe('StdioClientTransport', () => {
  it('records an empty line and an unterminated last line, delivers neither, and reports the exit', async () => {
    const transport = inline(`process.stdout.write('{"jsonrpc":"2.0","method":"a"}\\n\\n{"jsonrpc":"2.0","meth'); process.stderr.write('bye\\n')`);
    const messages: unknown[] = [];
    const errors: Error[] = [];
    transport.onmessage = (m) => void messages.push(m);
    transport.onerror = (e) => void errors.push(e);
    const done = exited(transport);
    await transport.start();
    await done;
    expect(messages).toEqual([{ jsonrpc: '2.0', method: 'a' }]);
    expect(frames(transport.wire.events).map((f) => [f.raw, f.parseError])).toEqual([
      ['{"jsonrpc":"2.0","method":"a"}', undefined],
      ['', 'an empty line'],
      ['{"jsonrpc":"2.0","meth', 'the stream ended before the line was terminated by a newline'],
    ]);
    expect(transport.wire.events.filter((e) => e.kind === 'stderr').map((e) => (e as { text: string }).text).join('')).toBe('bye\n');
    // The process exited on its own: that is an error for whoever waits on it.
    expect(errors.map((e) => e.message)).toEqual([
      '[mcp-conform] Failed to talk to the server: the server process exited with code 0 (last stderr line: "bye"). Run the command by hand to see why it stopped.',
    ]);
  });

  it('delivers each message of a batch line', async () => {
    const transport = inline(`process.stdout.write('[{"jsonrpc":"2.0","method":"a"},{"jsonrpc":"2.0","method":"b"}]\\n')`);
    const messages: unknown[] = [];
    transport.onmessage = (m) => void messages.push(m);
    const done = exited(transport);
    await transport.start();
    await done;
    expect(messages).toEqual([
      { jsonrpc: '2.0', method: 'a' },
      { jsonrpc: '2.0', method: 'b' },
    ]);
  });

  it('reports a line that is not UTF-8 and goes on', async () => {
    const transport = inline(`process.stdout.write(Buffer.from([0xff, 0x0a])); process.stdout.write('{"jsonrpc":"2.0","method":"ok"}\\n')`);
    const messages: unknown[] = [];
    const errors: Error[] = [];
    transport.onmessage = (m) => void messages.push(m);
    transport.onerror = (e) => void errors.push(e);
    const done = exited(transport);
    await transport.start();
    await done;
    expect(messages).toEqual([{ jsonrpc: '2.0', method: 'ok' }]);
    expect(errors[0]).toBeInstanceOf(ProtocolError);
    expect(errors[0]!.message).toBe(
      '[mcp-conform] Failed to read a message from the server: a line is not valid UTF-8 ("JSON-RPC messages MUST be UTF-8 encoded"). Each stdout line must be one JSON-RPC message.',
    );
  });

  it('sends raw frames as they are and records what they are', async () => {
    const transport = inline(`process.stdin.pipe(process.stdout)`);
    const received: unknown[] = [];
    transport.onmessage = (m) => void received.push(m);
    await transport.start();
    await transport.sendRaw('not json');
    await transport.sendRaw('{"jsonrpc":"2.0","method":"x"}\n');
    await expect.poll(() => received.length).toBe(1);
    const out = frames(transport.wire.events).filter((f) => f.direction === 'out');
    expect(out.map((f) => [f.raw, f.parseError ?? f.message])).toEqual([
      ['not json', expect.stringMatching(/^not JSON: /)],
      ['{"jsonrpc":"2.0","method":"x"}', { jsonrpc: '2.0', method: 'x' }],
    ]);
    await transport.close();
  });

  it('refuses to send before start and after the process is gone', async () => {
    const transport = inline('');
    await expect(transport.send({ jsonrpc: '2.0', method: 'x' })).rejects.toThrow(
      '[mcp-conform] Failed to send a message to the server: the transport is not started. Start (or restart) the connection first.',
    );
    const done = exited(transport);
    await transport.start();
    await done;
    const error = await transport.send({ jsonrpc: '2.0', method: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'TRANSPORT_CLOSED' });
    await expect(transport.start()).rejects.toThrow('it was already started');
    await transport.close();
  });

  it('rejects an empty command line', () => {
    expect(() => new StdioClientTransport({ command: '   ' })).toThrow(
      '[mcp-conform] Failed to start the server: the command line is empty. Pass the command that starts the server.',
    );
  });

  it('runs the server at the priority asked for, and refuses one that is no priority', async () => {
    // Lower than this process's own priority, which needs no privileges, from wherever the tests run.
    const lower = Math.min(19, getPriority() + 1);
    const lowest = Math.min(19, getPriority() + 2);
    const transport = new StdioClientTransport({ command: process.execPath, args: ['-e', 'process.stdin.resume()'], priority: lower });
    await transport.start();
    try {
      expect(getPriority(transport.pid!)).toBe(lower);
      // Lowering it further is always allowed.
      expect(transport.setPriority(lowest)).toBe(true);
      expect(getPriority(transport.pid!)).toBe(lowest);
    } finally {
      await transport.close();
    }
    expect(transport.setPriority(0)).toBe(false);
    expect(() => new StdioClientTransport({ command: 'node', priority: 42 })).toThrow(
      '[mcp-conform] Failed to start the server: the priority 42 is not an integer from -20 to 19. Use an os.constants.priority value, or leave it out.',
    );
  });

  it('passes env and cwd, over the inherited environment', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['-e', `process.stdout.write(JSON.stringify({ jsonrpc: '2.0', method: 'env', params: { v: process.env.MCP_CONFORM_TEST, cwd: process.cwd(), path: Boolean(process.env.PATH) } }) + '\\n')`],
      env: { MCP_CONFORM_TEST: 'yes' },
      cwd: '/tmp',
    });
    const messages: unknown[] = [];
    transport.onmessage = (m) => void messages.push(m);
    const done = exited(transport);
    await transport.start();
    await done;
    expect(messages).toEqual([{ jsonrpc: '2.0', method: 'env', params: { v: 'yes', cwd: '/tmp', path: true } }]);
  });

  it('writes a lone line at once and the rest of a burst in one write per tick, in order, records each, and flushes on close', async () => {
    const writes: string[] = [];
    const child = Object.assign(new EventEmitter(), {
      pid: 4242,
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      stdin: new Writable({
        write(chunk: Buffer, _encoding, callback) {
          writes.push(chunk.toString('utf8'));
          callback();
        },
      }),
      kill: () => true,
    });
    // The fake server exits once its stdin ends.
    child.stdin.on('finish', () => {
      child.emit('exit', 0, null);
      child.emit('close', 0, null);
    });
    const transport = new StdioClientTransport({
      command: 'fake-server',
      spawn: () => {
        setImmediate(() => child.emit('spawn'));
        return child as unknown as ChildProcess;
      },
    });
    await transport.start();
    const line = (id: number) => `{"jsonrpc":"2.0","id":${id},"method":"ping"}\n`;
    const send = (...ids: number[]) => Promise.all(ids.map((id) => transport.send({ jsonrpc: '2.0', id, method: 'ping' })));
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    // One request at a time: each line leaves at once.
    await send(1);
    expect(writes).toEqual([line(1)]);
    await tick();
    // A burst after a lone line: its first line at once, the rest of the tick in one write.
    await send(2, 3, 4);
    expect(writes).toEqual([line(1), line(2)]);
    await tick();
    expect(writes).toEqual([line(1), line(2), line(3) + line(4)]);
    // A burst after a burst: the whole tick in one write, after the tick.
    await send(5, 6, 7);
    expect(writes).toHaveLength(3);
    await tick();
    expect(writes.at(-1)).toBe(line(5) + line(6) + line(7));
    // Back to one at a time: the first lone line waits for its tick, the next leaves at once.
    await send(8);
    await tick();
    await send(9);
    expect(writes.slice(3)).toEqual([line(5) + line(6) + line(7), line(8), line(9)]);
    // What is sent before close() is written before stdin ends (11 waited for the end of its tick).
    await tick();
    void send(10, 11);
    await transport.close();
    expect(writes.slice(6)).toEqual([line(10), line(11)]);
    expect(frames(transport.wire.events).map((f) => f.raw)).toEqual(Array.from({ length: 11 }, (_, i) => line(i + 1).trimEnd()));
  });
});
