import { describe, expect, it } from 'vitest';
import { REDACTED, createWireLog, parseFrame, redactHeaders } from './wire.js';

describe('redactHeaders', () => {
  it('lower-cases names and redacts every secret header, from Headers or a plain record', () => {
    const headers = new Headers({ Authorization: 'Bearer s3cret', Cookie: 'a=b', 'X-Api-Key': 'k', 'Content-Type': 'application/json' });
    expect(redactHeaders(headers)).toEqual({
      authorization: REDACTED,
      cookie: REDACTED,
      'x-api-key': REDACTED,
      'content-type': 'application/json',
    });
    expect(redactHeaders({ 'Set-Cookie': ['a=1', 'b=2'], 'Proxy-Authorization': 'Basic x', Accept: ['a', 'b'], Gone: undefined })).toEqual({
      'set-cookie': REDACTED,
      'proxy-authorization': REDACTED,
      accept: 'a, b',
    });
  });

  it('redacts extra secret names, whatever their case', () => {
    expect(redactHeaders({ 'X-Session-Token': 't', 'Mcp-Session-Id': 's' }, ['x-SESSION-token'])).toEqual({
      'x-session-token': REDACTED,
      'mcp-session-id': 's',
    });
  });
});

describe('createWireLog', () => {
  const frame = (raw: string) => ({ kind: 'frame', direction: 'in', transport: 'stdio', raw }) as const;

  it('numbers and time-stamps events in order, and tells every observer until it stops observing', () => {
    let clock = 1000;
    const log = createWireLog({ now: () => clock++ });
    const seen: number[] = [];
    const stop = log.observe((event) => seen.push(event.seq));
    const first = log.record(frame('a'));
    log.record({ ...frame('b'), timestamp: 5 });
    stop();
    log.record(frame('c'));
    expect(first).toMatchObject({ seq: 0, timestamp: 1000, raw: 'a' });
    expect(log.events.map((e) => [e.seq, e.timestamp])).toEqual([
      [0, 1000],
      [1, 5],
      [2, 1001],
    ]);
    expect(seen).toEqual([0, 1]);
    expect(log.since(1).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('keeps at most maxEvents, dropping the oldest, and keeps numbering after clear()', () => {
    const log = createWireLog({ maxEvents: 2 });
    for (const raw of ['a', 'b', 'c']) log.record(frame(raw));
    expect(log.events.map((e) => e.seq)).toEqual([1, 2]);
    log.clear();
    expect(log.events).toEqual([]);
    expect(log.record(frame('d')).seq).toBe(3);
  });

  it('drops the oldest in chunks, yet events and since() always show exactly the newest maxEvents', () => {
    const log = createWireLog({ maxEvents: 8 });
    const held = log.events;
    for (let i = 0; i < 10; i++) log.record(frame(String(i)));
    // 8 + 2 of slack: nothing dropped yet in the array a caller holds.
    expect(held.length).toBe(10);
    expect(log.events.map((e) => e.seq)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(held).toBe(log.events);
    for (let i = 10; i < 1000; i++) {
      log.record(frame(String(i)));
      expect(held.length).toBeLessThanOrEqual(8 + 2);
    }
    expect(log.since(0).map((e) => e.seq)).toEqual([992, 993, 994, 995, 996, 997, 998, 999]);
    expect(log.since(997).map((e) => e.seq)).toEqual([997, 998, 999]);
    expect(log.since(996.5).map((e) => e.seq)).toEqual([997, 998, 999]);
    expect(log.since(1000)).toEqual([]);
    expect(log.events.map((e) => (e.kind === 'frame' ? e.raw : ''))).toEqual(['992', '993', '994', '995', '996', '997', '998', '999']);
  });

  it('answers since() by position in an unbounded log, and after clear()', () => {
    const log = createWireLog();
    for (let i = 0; i < 5; i++) log.record(frame(String(i)));
    expect(log.since(-3).map((e) => e.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(log.since(3).map((e) => e.seq)).toEqual([3, 4]);
    log.clear();
    expect(log.since(0)).toEqual([]);
    log.record(frame('x'));
    expect(log.since(0).map((e) => e.seq)).toEqual([5]);
    expect(log.since(6)).toEqual([]);
  });

  it('keeps nothing with maxEvents 0, but numbers and reports every event', () => {
    const seen: number[] = [];
    const log = createWireLog({ maxEvents: 0 });
    log.observe((e) => void seen.push(e.seq));
    for (let i = 0; i < 3; i++) log.record(frame(String(i)));
    expect(log.events).toEqual([]);
    expect(seen).toEqual([0, 1, 2]);
  });
});

describe('parseFrame', () => {
  it('parses JSON, and says why a frame is not JSON', () => {
    expect(parseFrame('{"jsonrpc":"2.0","method":"x"}')).toEqual({ message: { jsonrpc: '2.0', method: 'x' } });
    expect(parseFrame('{oops')).toMatchObject({ parseError: expect.stringMatching(/^not JSON: /) });
  });
});
