import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CliIo } from './io.js';
import { runMockCommand } from './mock-command.js';

function captureIo(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', cwd: process.cwd(), isTty: false, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

const INIT = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'cli-test', version: '1' } } };

describe('mcp-conform mock', () => {
  it('serves everything over HTTP until stopped', async () => {
    const io = captureIo();
    const controller = new AbortController();
    let url = '';
    const done = runMockCommand(['--http', '0', '--json', 'everything'], io, { signal: controller.signal, onListening: (u) => (url = u) });
    await expect.poll(() => url).not.toBe('');
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify(INIT) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: 1, result: { protocolVersion: '2025-11-25', serverInfo: { name: 'mcp-conform-everything' } } });
    expect(io.out).toMatch(/^mcp-conform mock serving everything on http:\/\/127\.0\.0\.1:\d+\/mcp \(legacy HTTP\+SSE: http:\/\/127\.0\.0\.1:\d+\/sse\)\n$/);
    controller.abort();
    expect(await done).toBe(0);
  });

  it('serves everything over WebSocket with the mcp subprotocol', async () => {
    const controller = new AbortController();
    let url = '';
    const done = runMockCommand(['--ws', '0', 'everything'], captureIo(), { signal: controller.signal, onListening: (u) => (url = u) });
    await expect.poll(() => url).not.toBe('');
    const socket = new WebSocket(url, 'mcp');
    const answer = new Promise<unknown>((resolve) => socket.once('message', (data) => resolve(JSON.parse(data.toString()))));
    await new Promise((resolve) => socket.once('open', resolve));
    expect(socket.protocol).toBe('mcp');
    socket.send(JSON.stringify(INIT));
    expect(await answer).toMatchObject({ id: 1, result: { serverInfo: { name: 'mcp-conform-everything' } } });
    socket.close();
    controller.abort();
    expect(await done).toBe(0);
  });

  it('serves over stdio until stdin ends', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let written = '';
    stdout.on('data', (c: Buffer) => (written += c.toString()));
    const done = runMockCommand(['--stdio', 'everything'], captureIo(), { stdin, stdout });
    stdin.write(`${JSON.stringify(INIT)}\n`);
    await expect.poll(() => written).toContain('"protocolVersion":"2025-11-25"');
    stdin.end();
    expect(await done).toBe(0);
    expect(written.endsWith('\n')).toBe(true);
  });

  it('refuses a command line without exactly one transport, with exit code 2', async () => {
    const io = captureIo();
    expect(await runMockCommand(['everything'], io)).toBe(2);
    expect(io.err).toBe(
      '[mcp-conform] Failed to read the command line: give exactly one of --stdio, --http <port> or --ws <port>. Run `mcp-conform mock --help` for the usage.\n',
    );
  });

  it('refuses a port that is not a number, and a missing file', async () => {
    const io = captureIo();
    expect(await runMockCommand(['--http', 'eighty', 'everything'], io)).toBe(2);
    expect(io.err).toContain('"eighty" is not a port number');
    const io2 = captureIo();
    expect(await runMockCommand(['--stdio', 'no/such/file.json'], io2)).toBe(2);
    expect(io2.err).toMatch(/^\[mcp-conform\] Failed to load the mock server no\/such\/file\.json: .*Check that the file exists and is JSON\.\n$/);
  });
});
