import { afterEach, describe, expect, it, vi } from 'vitest';
import { CancelledError, JsonRpcError, TimeoutError, TransportError, type JsonRpcMessage } from '../../protocol/index.js';
import { ResponseStreamError } from '../transports/http-errors.js';
import { createInMemoryTransportPair, type InMemoryTransport } from '../transports/in-memory.js';
import { Session, type SessionOptions } from './session.js';

/** A session wired to a scripted peer: `received` holds what the peer got, `peer.send` answers. */
async function setup(options: SessionOptions = {}) {
  const [clientSide, peer] = createInMemoryTransportPair();
  const received: Record<string, unknown>[] = [];
  peer.onmessage = (message) => void received.push(message);
  await peer.start();
  const session = new Session(clientSide, options);
  await session.start();
  return { session, peer, received, clientSide };
}

const reply = (peer: InMemoryTransport, message: Record<string, unknown>) => peer.send({ jsonrpc: '2.0', ...message } as JsonRpcMessage);

describe('Session', () => {
  afterEach(() => void vi.useRealTimers());

  it('correlates responses that arrive out of order', async () => {
    const { session, peer, received } = await setup();
    const a = session.request('a', { x: 1 });
    const b = session.request('b');
    expect(received).toEqual([
      { jsonrpc: '2.0', id: 1, method: 'a', params: { x: 1 } },
      { jsonrpc: '2.0', id: 2, method: 'b' },
    ]);
    await reply(peer, { id: 2, result: { which: 'b' } });
    await reply(peer, { id: 1, result: { which: 'a' } });
    await expect(a).resolves.toEqual({ which: 'a' });
    await expect(b).resolves.toEqual({ which: 'b' });
    expect(session.violations).toEqual([]);
  });

  it('rejects with the JsonRpcError of an error response', async () => {
    const { session, peer } = await setup();
    const pending = session.request('nope');
    await reply(peer, { id: 1, error: { code: -32601, message: 'Method not found', data: { m: 'nope' } } });
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JsonRpcError);
    expect(error).toMatchObject({ code: -32601, message: 'Method not found', data: { m: 'nope' } });
  });

  it('times out, tells the server, and ignores the late response', async () => {
    vi.useFakeTimers();
    const { session, peer, received } = await setup({ requestTimeoutMs: 1000 });
    const pending = session.request('slow').catch((e: unknown) => e);
    vi.advanceTimersByTime(1000);
    const error = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe(
      '[mcp-conform] Failed to get a response to "slow": no response within 1000 ms. Raise the timeout, or check that the server answers this method.',
    );
    await vi.waitFor(() => expect(received).toHaveLength(2));
    expect(received[1]).toEqual({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1, reason: 'timed out after 1000 ms' } });
    await reply(peer, { id: 1, result: {} });
    expect(session.violations).toEqual([]);
  });

  it('uses the per-call timeout over the default', async () => {
    vi.useFakeTimers();
    const { session } = await setup({ requestTimeoutMs: 1000 });
    const pending = session.request('slow', undefined, { timeoutMs: 50 }).catch((e: unknown) => e);
    vi.advanceTimersByTime(50);
    expect(await pending).toMatchObject({ code: 'REQUEST_TIMEOUT', timeoutMs: 50, method: 'slow' });
  });

  it('reports progress, restarts the timeout on it, and stops at the maximum total', async () => {
    vi.useFakeTimers();
    const { session, peer, received } = await setup();
    const updates: unknown[] = [];
    const pending = session
      .request('tools/call', { name: 'long' }, { timeoutMs: 100, resetTimeoutOnProgress: true, maxTotalTimeoutMs: 250, onProgress: (u) => updates.push(u) })
      .catch((e: unknown) => e);
    expect(received[0]).toEqual({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'long', _meta: { progressToken: 1 } } });
    for (const step of [1, 2]) {
      vi.advanceTimersByTime(90);
      await reply(peer, { method: 'notifications/progress', params: { progressToken: 1, progress: step, total: 5, message: `step ${step}` } });
    }
    expect(updates).toEqual([
      { progress: 1, total: 5, message: 'step 1' },
      { progress: 2, total: 5, message: 'step 2' },
    ]);
    vi.advanceTimersByTime(70);
    const error = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toContain('no response within the maximum total of 250 ms');
  });

  it('cancels through an AbortSignal and sends notifications/cancelled with the reason', async () => {
    const { session, received } = await setup();
    const controller = new AbortController();
    const pending = session.request('tools/call', { name: 'x' }, { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort('user pressed stop');
    const error = await pending;
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).message).toBe('[mcp-conform] Failed to complete "tools/call": it was cancelled (user pressed stop).');
    await vi.waitFor(() => expect(received).toHaveLength(2));
    expect(received[1]).toEqual({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1, reason: 'user pressed stop' } });
  });

  it('never sends notifications/cancelled for initialize', async () => {
    const { session, received } = await setup();
    const controller = new AbortController();
    const pending = session.request('initialize', {}, { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    expect(await pending).toBeInstanceOf(CancelledError);
    await new Promise((r) => setTimeout(r, 5));
    expect(received.map((m) => m.method)).toEqual(['initialize']);
  });

  it('rejects at once, without sending, when the signal is already aborted', async () => {
    const { session, received } = await setup();
    await expect(session.request('x', {}, { signal: AbortSignal.abort('no') })).rejects.toBeInstanceOf(CancelledError);
    expect(received).toEqual([]);
  });

  it('answers ping, runs handlers, and answers -32601 for a method with no handler', async () => {
    const { session, peer, received } = await setup();
    session.setRequestHandler('roots/list', () => ({ roots: [{ uri: 'file:///tmp' }] }));
    session.setRequestHandler('sampling/createMessage', () => {
      throw new JsonRpcError(-32600, 'refused by the user');
    });
    session.setRequestHandler('elicitation/create', () => {
      throw new Error('boom');
    });
    await reply(peer, { id: 's1', method: 'ping' });
    await reply(peer, { id: 's2', method: 'roots/list' });
    await reply(peer, { id: 's3', method: 'sampling/createMessage', params: {} });
    await reply(peer, { id: 's4', method: 'elicitation/create', params: {} });
    await reply(peer, { id: 's5', method: 'tasks/list' });
    await vi.waitFor(() => expect(received).toHaveLength(5));
    const byId = Object.fromEntries(received.map((m) => [m.id as string, m]));
    expect(byId.s1).toEqual({ jsonrpc: '2.0', id: 's1', result: {} });
    expect(byId.s2).toEqual({ jsonrpc: '2.0', id: 's2', result: { roots: [{ uri: 'file:///tmp' }] } });
    expect(byId.s3).toEqual({ jsonrpc: '2.0', id: 's3', error: { code: -32600, message: 'refused by the user' } });
    expect(byId.s4).toEqual({ jsonrpc: '2.0', id: 's4', error: { code: -32603, message: 'boom' } });
    expect(byId.s5).toEqual({ jsonrpc: '2.0', id: 's5', error: { code: -32601, message: 'Method not found: tasks/list' } });
  });

  it('aborts a handler the server cancels and sends no response for it', async () => {
    const { session, peer, received } = await setup();
    let seen: AbortSignal | undefined;
    session.setRequestHandler('sampling/createMessage', (_params, { signal }) => {
      seen = signal;
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve({ late: true })));
    });
    await reply(peer, { id: 7, method: 'sampling/createMessage', params: {} });
    await reply(peer, { method: 'notifications/cancelled', params: { requestId: 7, reason: 'no longer needed' } });
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBe('no longer needed');
    await new Promise((r) => setTimeout(r, 5));
    expect(received).toEqual([]);
  });

  it('records unknown ids, duplicates, malformed messages and id-less errors as violations, never crashing', async () => {
    const onProtocolViolation = vi.fn();
    const { session, peer } = await setup({ onProtocolViolation });
    const pending = session.request('a');
    await reply(peer, { id: 1, result: {} });
    await pending;
    await reply(peer, { id: 1, result: {} });
    await reply(peer, { id: 99, result: {} });
    await peer.sendRaw('{"jsonrpc":"1.0","id":5}');
    await reply(peer, { id: null, error: { code: -32700, message: 'Parse error' } });
    await peer.sendRaw('not json');
    await reply(peer, { method: 'notifications/progress', params: { progressToken: 'ghost', progress: 1 } });
    expect(session.violations.map((v) => [v.kind, v.message])).toEqual([
      ['duplicate-response', 'a second response to request 1'],
      ['unknown-response-id', 'a response to request 99, which was never sent'],
      ['malformed-message', 'a message that is not valid JSON-RPC 2.0: {"jsonrpc":"1.0","id":5}'],
      ['uncorrelated-error', 'an error response without an id: -32700 "Parse error"'],
      ['unparseable-frame', '[mcp-conform] Failed to read a message: a frame is not JSON: Unexpected token \'o\', "not json" is not valid JSON. Send one JSON-RPC message per frame.'],
      ['unknown-progress-token', 'progress for token "ghost", which no request in flight carries'],
    ]);
    expect(onProtocolViolation).toHaveBeenCalledTimes(6);
    await expect(Promise.all([session.request('b'), reply(peer, { id: 2, result: { ok: 1 } })])).resolves.toEqual([{ ok: 1 }, undefined]);
  });

  it('fails a request at once when its response is malformed', async () => {
    const { session, peer } = await setup();
    const pending = session.request('tools/list');
    await reply(peer, { id: 1, result: 'not an object' });
    await expect(pending).rejects.toThrow(
      '[mcp-conform] Failed to read the response to "tools/list": a message that is not valid JSON-RPC 2.0: {"jsonrpc":"2.0","id":1,"result":"not an object"}. The server must answer with a JSON-RPC 2.0 result or error.',
    );
  });

  it('routes notifications to every handler of their method until removed', async () => {
    const all = vi.fn();
    const { session, peer } = await setup({ onNotification: all });
    const one = vi.fn();
    const off = session.onNotification('notifications/tools/list_changed', one);
    await reply(peer, { method: 'notifications/tools/list_changed' });
    off();
    await reply(peer, { method: 'notifications/tools/list_changed' });
    expect(one).toHaveBeenCalledOnce();
    expect(all).toHaveBeenCalledTimes(2);
  });

  it('fails pending requests when the transport closes', async () => {
    const { session, peer } = await setup();
    const pending = session.request('a');
    await peer.close();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({
      code: 'TRANSPORT_CLOSED',
      message: '[mcp-conform] Failed to get a response to "a": the connection closed before the response arrived.',
    });
    expect(session.closed).toBe(true);
    await expect(session.request('b')).rejects.toThrow('[mcp-conform] Failed to send "b": the session is closed. Connect first.');
  });

  it('sends a raw frame and waits for the response with the given id', async () => {
    const { session, peer, clientSide } = await setup();
    peer.onmessage = () => void reply(peer, { id: 'raw-1', error: { code: -32602, message: 'Invalid params' } });
    const response = await session.sendRaw('{"jsonrpc":"2.0","id":"raw-1","method":"tools/call","params":"x"}', { responseId: 'raw-1' });
    expect(response).toEqual({ jsonrpc: '2.0', id: 'raw-1', error: { code: -32602, message: 'Invalid params' } });
    expect(clientSide.wire.events.filter((e) => e.kind === 'frame').map((e) => (e as { direction: string }).direction)).toEqual(['out', 'in']);
  });

  it('refuses a custom id that is already in flight', async () => {
    const { session } = await setup();
    void session.request('a', undefined, { id: 'x' }).catch(() => undefined);
    await expect(session.request('b', undefined, { id: 'x' })).rejects.toThrow('request id "x" is already in flight');
  });

  it('leaves server requests unanswered and records them when told not to answer', async () => {
    const { session, peer, received } = await setup({ answerServerRequests: false });
    await reply(peer, { id: 'r1', method: 'ping' });
    await new Promise((r) => setTimeout(r, 5));
    expect(received).toEqual([]);
    expect(session.violations).toEqual([
      { kind: 'unexpected-request', message: 'a request from the server ("ping", id "r1"), which this protocol version does not allow', received: { jsonrpc: '2.0', id: 'r1', method: 'ping' } },
    ]);
  });

  it('reports a callback that throws to onError and goes on', async () => {
    const errors: Error[] = [];
    const { session, peer } = await setup({ onError: (e) => void errors.push(e) });
    session.onNotification('notifications/message', () => {
      throw new Error('handler bug');
    });
    await reply(peer, { method: 'notifications/message', params: { level: 'info', data: 'x' } });
    expect(errors.map((e) => e.message)).toEqual([
      '[mcp-conform] Failed to run a notifications/message handler: it threw: handler bug. Fix the callback; the session goes on.',
    ]);
    await expect(Promise.all([session.request('a'), reply(peer, { id: 1, result: {} })])).resolves.toEqual([{}, undefined]);
  });

  it('ignores progress for the timeout unless told to restart on it', async () => {
    vi.useFakeTimers();
    const { session, peer } = await setup();
    const pending = session.request('long', {}, { timeoutMs: 100, onProgress: () => undefined }).catch((e: unknown) => e);
    vi.advanceTimersByTime(90);
    await reply(peer, { method: 'notifications/progress', params: { progressToken: 1, progress: 1 } });
    vi.advanceTimersByTime(10);
    expect(await pending).toMatchObject({ code: 'REQUEST_TIMEOUT', timeoutMs: 100 });
  });

  it('waits without end for an infinite timeout, but still stops at the maximum total', async () => {
    vi.useFakeTimers();
    const { session } = await setup();
    let settled: unknown;
    const pending = session.request('long', {}, { timeoutMs: Number.POSITIVE_INFINITY, maxTotalTimeoutMs: 500 }).catch((e: unknown) => e);
    void pending.then((value) => (settled = value));
    vi.advanceTimersByTime(499);
    await Promise.resolve();
    expect(settled).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(await pending).toMatchObject({ code: 'REQUEST_TIMEOUT', timeoutMs: 500 });
  });

  it('takes the progress-reset and maximum-total defaults from the session', async () => {
    vi.useFakeTimers();
    const { session, peer } = await setup({ requestTimeoutMs: 100, resetTimeoutOnProgress: true, maxTotalTimeoutMs: 150 });
    const pending = session.request('long', {}, { onProgress: () => undefined }).catch((e: unknown) => e);
    vi.advanceTimersByTime(90);
    await reply(peer, { method: 'notifications/progress', params: { progressToken: 1, progress: 1 } });
    vi.advanceTimersByTime(59);
    await reply(peer, { method: 'notifications/progress', params: { progressToken: 1, progress: 2 } });
    vi.advanceTimersByTime(1);
    expect(await pending).toMatchObject({ code: 'REQUEST_TIMEOUT', timeoutMs: 150 });
  });

  it('fails only the requests a ResponseStreamError names, at once, and ignores their late answers', async () => {
    const { session, peer, clientSide } = await setup();
    const lost = session.request('lost').catch((e: unknown) => e);
    const kept = session.request('kept');
    const error = new ResponseStreamError('stream cut', [1, 99]);
    clientSide.onerror!(error);
    expect(await lost).toBe(error);
    expect(session.pendingCount).toBe(1);
    await reply(peer, { id: 1, result: {} });
    await reply(peer, { id: 2, result: { ok: true } });
    await expect(kept).resolves.toEqual({ ok: true });
    expect(session.violations).toEqual([]);
  });

  it('gives pending requests the reason a transport reports before it closes, and onClose too', async () => {
    const closes: (Error | undefined)[] = [];
    const { session, clientSide } = await setup({ onClose: (reason) => void closes.push(reason) });
    const pending = session.request('a').catch((e: unknown) => e);
    const reason = new TransportError('socket dropped', { code: 'TRANSPORT_CLOSED' });
    clientSide.onerror!(reason);
    clientSide.onclose!();
    expect(await pending).toBe(reason);
    expect(closes).toEqual([reason]);
  });

  it('times each request out exactly once at its own deadline, and never one that was cancelled or answered', async () => {
    vi.useFakeTimers();
    const { session, peer, received } = await setup({ requestTimeoutMs: 100 });
    const controller = new AbortController();
    const cancelled = session.request('cancelled', undefined, { signal: controller.signal }).catch((e: unknown) => e);
    const answered = session.request('answered');
    vi.advanceTimersByTime(30);
    const later = session.request('later').catch((e: unknown) => e);
    controller.abort('stop');
    expect(await cancelled).toBeInstanceOf(CancelledError);
    await reply(peer, { id: 2, result: { ok: true } });
    await expect(answered).resolves.toEqual({ ok: true });
    vi.advanceTimersByTime(99);
    expect(session.pendingCount).toBe(1);
    vi.advanceTimersByTime(1);
    expect(await later).toMatchObject({ code: 'REQUEST_TIMEOUT', method: 'later', timeoutMs: 100 });
    vi.advanceTimersByTime(10_000);
    await vi.waitFor(() => expect(received.filter((m) => m.method === 'notifications/cancelled')).toHaveLength(2));
    expect(received.filter((m) => m.method === 'notifications/cancelled').map((m) => m.params)).toEqual([
      { requestId: 1, reason: 'stop' },
      { requestId: 3, reason: 'timed out after 100 ms' },
    ]);
  });

  it('arms one timer for all the requests in flight instead of one each', async () => {
    vi.useFakeTimers();
    const { session, peer } = await setup({ requestTimeoutMs: 1000 });
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const pending = Array.from({ length: 20 }, (_, i) => session.request(`m${i}`));
    for (let id = 1; id <= 20; id++) await reply(peer, { id, result: {} });
    await Promise.all(pending);
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1);
    setTimeoutSpy.mockRestore();
  });

  it('keeps the process alive while a request waits, and no longer once it is answered', async () => {
    const { session, peer } = await setup({ requestTimeoutMs: 60_000 });
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const pending = session.request('a');
    const timer = setTimeoutSpy.mock.results[0]!.value as NodeJS.Timeout;
    setTimeoutSpy.mockRestore();
    expect(timer.hasRef()).toBe(true);
    await reply(peer, { id: 1, result: {} });
    await pending;
    expect(timer.hasRef()).toBe(false);
    await session.close();
  });

  it('reads a result as it arrives with requestAs: what read returns resolves, what it throws rejects, an error response never reaches it', async () => {
    const { session, peer } = await setup();
    const read = vi.fn((result: Record<string, unknown>) => {
      if (result.bad) throw new Error('bad result');
      return { doubled: (result.n as number) * 2 };
    });
    const good = session.requestAs('a', {}, {}, read);
    const bad = session.requestAs('b', {}, {}, read);
    const failed = session.requestAs('c', {}, {}, read);
    await reply(peer, { id: 1, result: { n: 21 } });
    await reply(peer, { id: 2, result: { bad: true } });
    await reply(peer, { id: 3, error: { code: -32602, message: 'Invalid params' } });
    await expect(good).resolves.toEqual({ doubled: 42 });
    await expect(bad).rejects.toThrow('bad result');
    await expect(failed).rejects.toBeInstanceOf(JsonRpcError);
    expect(read).toHaveBeenCalledTimes(2);
  });
});
