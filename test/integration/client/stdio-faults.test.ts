import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { McpClient, StdioClientTransport, type McpClientOptions, type StdioClientTransportOptions } from '../../../src/client/index.js';
import { ProcessError, ProtocolError, TimeoutError, type WireEvent } from '../../../src/protocol/index.js';
import { invalidFrames } from './wire-sniffer.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/servers');

const open: McpClient[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});

function fixture(name: string, args: string[] = [], options: Partial<StdioClientTransportOptions> = {}): StdioClientTransport {
  return new StdioClientTransport({ command: process.execPath, args: [join(FIXTURES, `${name}.mjs`), ...args], ...options });
}

function client(options: McpClientOptions = {}): McpClient {
  const c = new McpClient(options);
  open.push(c);
  return c;
}

function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

const frames = (events: readonly WireEvent[], direction: 'in' | 'out') =>
  events.filter((e): e is Extract<WireEvent, { kind: 'frame' }> => e.kind === 'frame' && e.direction === direction);

describe('StdioClientTransport against misbehaving servers', () => {
  it('runs a quoted command line, talks, and records every frame and the exit', async () => {
    const transport = new StdioClientTransport({ command: `"${process.execPath}" "${join(FIXTURES, 'minimal.mjs')}"` });
    const c = client();
    const server = await c.connect(transport);
    expect(server).toMatchObject({ protocolVersion: '2025-11-25', serverInfo: { name: 'fixture', version: '1.0.0' } });
    expect(await c.callTool({ name: 'echo', arguments: { message: 'hi' } })).toEqual({ content: [{ type: 'text', text: 'hi' }] });
    const pid = transport.pid!;
    await c.close();
    expect(isGone(pid)).toBe(true);
    const events = transport.wire.events;
    expect(events[0]).toMatchObject({ kind: 'lifecycle', event: 'spawn', pid });
    expect(frames(events, 'out').map((f) => (f.message as { method?: string }).method)).toEqual(['initialize', 'notifications/initialized', 'tools/call']);
    expect(frames(events, 'in')).toHaveLength(2);
    // A well-behaved server exits on its own once stdin closes: no signal needed.
    expect(events.at(-1)).toMatchObject({ kind: 'lifecycle', event: 'exit', exitCode: 0, signal: null });
  });

  it('fails the request in flight at once when the server crashes, with the exit code and stderr tail', async () => {
    const transport = fixture('crash-after-initialize');
    const c = client({ requestTimeoutMs: 60_000 });
    await c.connect(transport);
    const started = Date.now();
    const error = await c.listTools().catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error).toBeInstanceOf(ProcessError);
    expect(error).toMatchObject({
      code: 'PROCESS_EXITED',
      exitCode: 3,
      message:
        '[mcp-conform] Failed to talk to the server: the server process exited with code 3 (last stderr line: "fatal: the tool registry is corrupt"). Run the command by hand to see why it stopped.',
    });
    expect((error as ProcessError).stderrTail).toContain('fatal: the tool registry is corrupt');
    expect(c.session.closed).toBe(true);
  });

  it('fails the handshake when the server exits before answering', async () => {
    const c = client();
    const error = await c.connect(fixture('exit-before-answering')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProcessError);
    expect(error).toMatchObject({ exitCode: 2, stderrTail: 'starting up\ncannot open database: permission denied\n' });
    expect((error as Error).message).toBe(
      '[mcp-conform] Failed to talk to the server: the server process exited with code 2 (last stderr line: "cannot open database: permission denied"). Run the command by hand to see why it stopped.',
    );
  });

  it('keeps answering while the server floods stderr with megabytes, and keeps only the tail', async () => {
    let seen = 0;
    const transport = fixture('stderr-flood', ['8'], { onStderr: (text) => void (seen += text.length) });
    const c = client();
    await c.connect(transport);
    const results = await Promise.all([1, 2, 3].map((n) => c.callTool({ name: 'echo', arguments: { message: `m${n}` } })));
    expect(results.map((r) => (r.content[0] as { text: string }).text)).toEqual(['m1', 'm2', 'm3']);
    expect(seen).toBeGreaterThan(4 * 8 * 1024 * 1024);
    expect(transport.stderrTail.length).toBe(8192);
    expect(transport.stderrTail.endsWith('flood done\n')).toBe(true);
  });

  it('records a non-JSON stdout line as evidence, reports it, and goes on', async () => {
    const transport = fixture('non-json-stdout');
    const c = client();
    await c.connect(transport);
    expect((await c.listTools()).map((t) => t.name)).toEqual(['echo']);
    const banners = frames(transport.wire.events, 'in').filter((f) => f.parseError !== undefined);
    expect(banners.map((f) => f.raw)).toEqual(['Server v1.0 ready (handling initialize)', 'Server v1.0 ready (handling tools/list)']);
    expect(banners[0]!.parseError).toMatch(/^not JSON: /);
    expect(c.session.violations.map((v) => v.kind)).toEqual(['unparseable-frame', 'unparseable-frame']);
    // The test sniffer sees exactly those two frames, and nothing else wrong.
    expect(invalidFrames(transport.wire, '2025-11-25').map((f) => [f.direction, f.raw])).toEqual(banners.map((b) => ['in', b.raw]));
    expect(c.session.violations[0]!.message).toMatch(
      /^\[mcp-conform\] Failed to read a message from the server: a stdout line is not JSON: .*: "Server v1\.0 ready \(handling initialize\)"\. Servers must write only JSON-RPC messages to stdout, one per line, and log to stderr\.$/,
    );
  });

  it('times out a call the server never answers, tells the server, and the session goes on', async () => {
    const transport = fixture('never-answers');
    const c = client();
    await c.connect(transport);
    const error = await c.callTool({ name: 'echo', arguments: {} }, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe(
      '[mcp-conform] Failed to get a response to "tools/call": no response within 200 ms. Raise the timeout, or check that the server answers this method.',
    );
    await c.ping();
    const sent = frames(transport.wire.events, 'out').map((f) => f.message as { method?: string; params?: unknown });
    expect(sent.at(-2)).toEqual({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 2, reason: 'timed out after 200 ms' } });
  });

  it('cannot read pretty-printed JSON: every fragment is reported and the handshake times out', async () => {
    const transport = fixture('pretty-printed-json');
    const c = client({ requestTimeoutMs: 500 });
    const error = await c.connect(transport).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe(
      '[mcp-conform] Failed to get a response to "initialize": no response within 500 ms. Raise the timeout, or check that the server answers this method.',
    );
    const fragments = frames(transport.wire.events, 'in');
    expect(fragments[0]).toMatchObject({ raw: '{', parseError: expect.stringMatching(/^not JSON: /) });
    expect(fragments.length).toBeGreaterThan(5);
  });

  it('fails to spawn a command that does not exist, with SPAWN_FAILED', async () => {
    const c = client();
    const error = await c.connect(new StdioClientTransport({ command: 'mcp-conform-no-such-server --stdio' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProcessError);
    expect(error).toMatchObject({ code: 'SPAWN_FAILED' });
    expect((error as Error).message).toBe(
      '[mcp-conform] Failed to start the server: could not run "mcp-conform-no-such-server" (spawn mcp-conform-no-such-server ENOENT). Check that the command exists, is executable, and is on PATH.',
    );
  });

  it('escalates to SIGTERM then SIGKILL for a server that ignores both stdin and SIGTERM, and leaves no process', async () => {
    const transport = fixture('ignores-sigterm', [], { closeStdinGraceMs: 150, sigtermGraceMs: 150 });
    let ready!: () => void;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    transport.wire.observe((e) => e.kind === 'stderr' && e.text.includes('ready') && ready());
    await transport.start();
    await isReady;
    const pid = transport.pid!;
    await transport.close();
    expect(isGone(pid)).toBe(true);
    const stderr = transport.wire.events.filter((e) => e.kind === 'stderr').map((e) => (e as { text: string }).text).join('');
    expect(stderr).toContain('stdin closed, staying up');
    expect(stderr).toContain('ignoring SIGTERM');
    expect(transport.wire.events.at(-1)).toMatchObject({ kind: 'lifecycle', event: 'exit', exitCode: null, signal: 'SIGKILL' });
  });

  it('refuses a server that answers an unsupported version, and disconnects', async () => {
    const transport = fixture('unsupported-version');
    const c = client();
    const error = await c.connect(transport).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_PROTOCOL_VERSION' });
    expect((error as Error).message).toBe(
      '[mcp-conform] Failed to initialize the session: the server answered protocol version "2099-01-01", which this client does not speak over initialize (it speaks 2024-11-05, 2025-03-26, 2025-06-18, 2025-11-25). Use a server that supports one of these versions.',
    );
    expect(transport.wire.events.at(-1)).toMatchObject({ kind: 'lifecycle', event: 'exit' });
  });

  it('proposes any version string and accepts the supported one the server answers; can skip notifications/initialized', async () => {
    const transport = fixture('minimal');
    const c = client({ protocolVersion: '1999-01-01', sendInitialized: false });
    const server = await c.connect(transport);
    expect(server.protocolVersion).toBe('2025-11-25');
    const sent = frames(transport.wire.events, 'out').map((f) => f.message as { method?: string; params?: { protocolVersion?: string } });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'initialize', params: { protocolVersion: '1999-01-01' } });
  });
});
