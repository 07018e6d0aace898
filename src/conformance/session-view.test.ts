import { describe, expect, it } from 'vitest';
import { createInMemoryTransportPair } from '../client/transports/in-memory.js';
import { createProbeSession } from './probe-session.js';
import type { WireEvent } from '../protocol/wire.js';
import { createGathering, createSessionView, gatheredSession } from './session-view.js';

async function memorySession() {
  const [client, server] = createInMemoryTransportPair();
  await server.start();
  const session = await createProbeSession(client, { requestTimeoutMs: 1_000 });
  return { session, server };
}

describe('a gathering', () => {
  it('holds each member in collect until every member still running is there, then listens once for the longest time asked', async () => {
    const { session, server } = await memorySession();
    const gathering = createGathering();
    const [a, b, c] = [gathering.join(), gathering.join(), gathering.join()];
    const released: string[] = [];
    const first = gatheredSession(session, a).collect(10).then((messages) => released.push(`a:${messages.length}`));
    const second = gatheredSession(session, b).collect(40).then((messages) => released.push(`b:${messages.length}`));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(released).toEqual([]); // the third member is neither collecting nor gone
    const started = performance.now();
    c.leave(); // it is done without listening
    // Sent during the common window: both members get it.
    await server.send({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'x' } });
    await Promise.all([first, second]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    expect(released.sort()).toEqual(['a:1', 'b:1']);
    await session.close();
  });

  it('does not count a member that left and then collects (a check cut off by its time limit whose run goes on)', async () => {
    const { session } = await memorySession();
    const gathering = createGathering();
    const [a, b, c] = [gathering.join(), gathering.join(), gathering.join()];
    let bReleased = false;
    const waiting = b.collect(session, 10).then(() => {
      bReleased = true;
    });
    a.leave();
    expect(await a.collect(session, 10)).toEqual([]); // at once, and not counted as present
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(bReleased).toBe(false); // c is still running and not collecting
    c.leave();
    await waiting;
    expect(bReleased).toBe(true);
    await session.close();
  });

  it('starts a late member once every other member listens or has left, and releases nobody before the late one listens too', async () => {
    const { session, server } = await memorySession();
    const gathering = createGathering();
    // The late member joins first: it still waits for the two that join after it.
    const late = gathering.join({ late: true });
    const [a, b] = [gathering.join(), gathering.join()];
    const order: string[] = [];
    const started = late.othersListening().then(() => order.push('late starts'));
    // What a member reads once released: whether the session carries the late member's traffic by then.
    const sawLate = (): boolean => session.received.some((m) => (m as { params?: { data?: unknown } }).params?.data === 'late');
    const aDone = a.collect(session, 10).then(() => order.push(`a read late: ${sawLate()}`));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual([]); // b neither listens nor has left
    b.leave();
    await started;
    expect(order).toEqual(['late starts']); // a is held until the late member listens
    // What the late member provokes before it listens is in what everyone reads.
    await server.send({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'error', data: 'late' } });
    const lateDone = late.collect(session, 10).then(() => order.push(`late read late: ${sawLate()}`));
    await Promise.all([aDone, lateDone]);
    expect(order.slice(1).sort()).toEqual(['a read late: true', 'late read late: true']);
    // A member that is not late, or a late one alone, starts at once.
    await a.othersListening();
    const alone = createGathering().join({ late: true });
    await alone.othersListening();
    await session.close();
  });

  it('with `until`, listens for the common window at once but lets members read only once `until` is done too', async () => {
    const { session, server } = await memorySession();
    let done!: () => void;
    const until = new Promise<void>((resolve) => (done = resolve));
    const gathering = createGathering({ until });
    const [a, b] = [gathering.join(), gathering.join()];
    let read = 0;
    const started = performance.now();
    const both = Promise.all([a.collect(session, 20), b.collect(session, 10)]).then((got) => {
      read = performance.now() - started;
      return got;
    });
    await server.send({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'in the window' } });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(read).toBe(0); // the window (20 ms) is over, but `until` is not
    done();
    const [fromA, fromB] = await both;
    expect(read).toBeGreaterThanOrEqual(55);
    // What came during the window is theirs; they did not listen again after it.
    expect(fromA).toHaveLength(1);
    expect(fromB).toHaveLength(1);
    await session.close();
  });

  it('lets the session do everything else as itself', async () => {
    const { session } = await memorySession();
    const gathered = gatheredSession(session, createGathering().join());
    expect(gathered.wire).toBe(session.wire);
    expect(gathered.closed).toBe(false);
    await gathered.close();
    expect(session.closed).toBe(true);
  });
});

describe("a check's view of a shared session", () => {
  it('owns its requests, their answers and, over HTTP, the heads of their exchanges; not its neighbours\'', async () => {
    const { session, server } = await memorySession();
    server.onmessage = (m) => {
      const id = (m as { id?: number | string }).id;
      if (id !== undefined) void server.send({ jsonrpc: '2.0', id, result: {} });
    };
    const from = session.wire.events.length;
    const view = createSessionView(session);
    await view.session.request('ping');
    await session.request('ping');
    const own = view.ownEvents(session.wire.events.slice(from));
    expect(own.map((e) => (e.kind === 'frame' ? `${e.direction} ${String((e.message as { id?: unknown }).id)}` : e.kind))).toEqual(['out 1000000', 'in 1000000']);
    // The heads of an HTTP exchange that carried an owned frame come along; another exchange's do not.
    const http = (seq: number, exchange: number): WireEvent => ({ seq, timestamp: 0, transport: 'streamable-http', kind: 'http', direction: 'out', exchange, headers: {} });
    const frame = (seq: number, exchange: number, id: number): WireEvent => ({
      seq, timestamp: 0, transport: 'streamable-http', kind: 'frame', direction: 'in', raw: '', message: { jsonrpc: '2.0', id, result: {} }, meta: { exchange },
    });
    const events = [http(1, 7), frame(2, 7, 1_000_000), http(3, 8), frame(4, 8, 5)];
    expect(view.ownEvents(events).map((e) => e.seq)).toEqual([1, 2]);
    await session.close();
  });

  it('with ownsUnattributed, also owns the frames it sends raw, the answers to their ids, and null-id answers', async () => {
    const { session, server } = await memorySession();
    const plain = createSessionView(session);
    const view = createSessionView(session, { ownsUnattributed: true });
    const from = session.wire.events.length;
    await view.session.sendRaw('{"jsonrpc":"2.0","id":"mine","method":42}');
    await view.session.sendRaw('not json');
    await server.send({ jsonrpc: '2.0', id: 'mine', error: { code: -32600, message: 'Invalid Request' } });
    await server.send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
    await server.send({ jsonrpc: '2.0', id: 'theirs', result: {} });
    await session.collect(5);
    const events = session.wire.events.slice(from);
    const label = (e: WireEvent): string => (e.kind === 'frame' ? `${e.direction} ${e.raw.slice(0, 30)}` : e.kind);
    expect(view.ownEvents(events).map(label)).toEqual([
      'out {"jsonrpc":"2.0","id":"mine","',
      'out not json',
      'in {"jsonrpc":"2.0","id":"mine","',
      'in {"jsonrpc":"2.0","id":null,"er',
    ]);
    // A view without it owns none of them (a concurrent check sends no raw frames).
    expect(plain.ownEvents(events)).toEqual([]);
    await session.close();
  });
});
