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
    const gathering = createGathering(3);
    const released: string[] = [];
    const a = gatheredSession(session, gathering).collect(10).then((messages) => released.push(`a:${messages.length}`));
    const b = gatheredSession(session, gathering).collect(40).then((messages) => released.push(`b:${messages.length}`));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(released).toEqual([]); // the third member is neither collecting nor gone
    const started = performance.now();
    gathering.leave(); // it is done without listening
    // Sent during the common window: both members get it.
    await server.send({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'x' } });
    await Promise.all([a, b]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    expect(released.sort()).toEqual(['a:1', 'b:1']);
    await session.close();
  });

  it('lets the session do everything else as itself', async () => {
    const { session } = await memorySession();
    const gathered = gatheredSession(session, createGathering(1));
    expect(gathered.wire).toBe(session.wire);
    expect(gathered.closed).toBe(false);
    await gathered.close();
    expect(session.closed).toBe(true);
  });
});
