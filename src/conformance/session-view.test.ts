import { describe, expect, it } from 'vitest';
import { createInMemoryTransportPair } from '../client/transports/in-memory.js';
import { createProbeSession } from './probe-session.js';
import { createGathering, gatheredSession } from './session-view.js';

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

  it('lets the session do everything else as itself', async () => {
    const { session } = await memorySession();
    const gathered = gatheredSession(session, createGathering().join());
    expect(gathered.wire).toBe(session.wire);
    expect(gathered.closed).toBe(false);
    await gathered.close();
    expect(session.closed).toBe(true);
  });
});
