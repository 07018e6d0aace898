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
});

describe('parseFrame', () => {
  it('parses JSON, and says why a frame is not JSON', () => {
    expect(parseFrame('{"jsonrpc":"2.0","method":"x"}')).toEqual({ message: { jsonrpc: '2.0', method: 'x' } });
    expect(parseFrame('{oops')).toMatchObject({ parseError: expect.stringMatching(/^not JSON: /) });
  });
});
