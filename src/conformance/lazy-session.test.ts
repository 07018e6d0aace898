import { describe, expect, it } from 'vitest';
import { compliantAnswer, createAnsweringTarget } from './__fixtures__/answering-target.js';
import { createLazySession } from './lazy-session.js';
import { createProbeSession } from './probe-session.js';

describe('createLazySession', () => {
  it('starts nothing until a method is called, then is the real session (with the version set before)', async () => {
    let starts = 0;
    const target = createAnsweringTarget(compliantAnswer);
    const session = createLazySession(async () => {
      starts += 1;
      return createProbeSession(target.createTransport());
    });
    session.setVersion('2025-06-18');
    session.declareClientCapabilities({ roots: {} });
    expect(session.clientCapabilities).toEqual({ roots: {} });
    expect([session.closed, session.received, session.pending, session.version]).toEqual([false, [], [], '2025-06-18']);
    expect(starts).toBe(0);
    const [a, b] = await Promise.all([session.request('ping'), session.request('ping')]);
    expect([a, b].map((r) => 'result' in r)).toEqual([true, true]);
    expect(starts).toBe(1);
    expect(session.version).toBe('2025-06-18');
    expect(session.clientCapabilities).toEqual({ roots: {} });
    expect(session.received).toHaveLength(2);
    await session.close();
    expect(session.closed).toBe(true);
  });

  it('closes without starting when it was never used', async () => {
    let starts = 0;
    const session = createLazySession(async () => {
      starts += 1;
      throw new Error('must not start');
    });
    await session.close();
    expect(starts).toBe(0);
  });
});
