import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RequestId } from '../../protocol/index.js';
import { createCorrelation } from './correlation.js';

describe('createCorrelation', () => {
  it('tells numeric and string ids apart', () => {
    const table = createCorrelation<string>();
    table.add(1, 'number');
    table.add('1', 'string');
    expect(table.settle('1', 'answered')).toBe('string');
    expect(table.get(1)).toBe('number');
    expect(table.size).toBe(1);
  });

  it('remembers how a request ended', () => {
    const table = createCorrelation<string>();
    table.add(1, 'a');
    table.add(2, 'b');
    table.settle(1, 'answered');
    table.settle(2, 'abandoned');
    expect(table.settle(1, 'answered')).toBeUndefined();
    expect(table.settledAs(1)).toBe('answered');
    expect(table.settledAs(2)).toBe('abandoned');
    expect(table.settledAs(3)).toBeUndefined();
  });

  it('forgets the oldest settled ids beyond its memory', () => {
    const table = createCorrelation<number>(2);
    for (const id of [1, 2, 3]) {
      table.add(id, id);
      table.settle(id, 'answered');
    }
    expect(table.settledAs(1)).toBeUndefined();
    expect(table.settledAs(3)).toBe('answered');
  });

  it('drains every pending entry', () => {
    const table = createCorrelation<number>();
    table.add(1, 10);
    table.add(2, 20);
    expect(table.drain()).toEqual([10, 20]);
    expect(table.size).toBe(0);
  });

  it('keeps ids that are not array indices (negative, fractional, beyond 2^32) apart and countable', () => {
    const table = createCorrelation<string>();
    const ids = [-1, 0.5, 2 ** 40, Number.MAX_SAFE_INTEGER, 0];
    for (const id of ids) table.add(id, String(id));
    expect(table.size).toBe(ids.length);
    for (const id of ids) expect(table.get(id)).toBe(String(id));
    expect(table.settle(2 ** 40, 'answered')).toBe(String(2 ** 40));
    expect(table.has(2 ** 40)).toBe(false);
    expect(table.settledAs(2 ** 40)).toBe('answered');
    expect(table.size).toBe(ids.length - 1);
  });

  it('treats 0 and -0 as one id, as a Map does', () => {
    const table = createCorrelation<string>();
    table.add(-0, 'a');
    expect(table.get(0)).toBe('a');
    expect(table.settle(0, 'answered')).toBe('a');
    expect(table.settledAs(-0)).toBe('answered');
  });

  it('counts an id added twice once, and forgets how it settled once it is pending again', () => {
    const table = createCorrelation<string>();
    table.add(7, 'first');
    table.add(7, 'second');
    expect(table.size).toBe(1);
    expect(table.settle(7, 'abandoned')).toBe('second');
    expect(table.size).toBe(0);
    table.add(7, 'again');
    expect(table.settledAs(7)).toBeUndefined();
    expect(table.has(7)).toBe(true);
  });

  it('drains numeric ids in order, then string ids in the order they were added, and starts empty again', () => {
    const table = createCorrelation<string>();
    table.add('b', 'B');
    table.add(2, 'two');
    table.add('a', 'A');
    table.add(1, 'one');
    expect(table.drain()).toEqual(['one', 'two', 'B', 'A']);
    expect(table.size).toBe(0);
    expect(table.get(1)).toBeUndefined();
    table.add(1, 'new');
    expect(table.drain()).toEqual(['new']);
  });

  it('stays correct over many requests in flight, settled out of order', () => {
    const table = createCorrelation<number>(64);
    const inFlight: number[] = [];
    for (let id = 1; id <= 5000; id++) {
      table.add(id, id);
      inFlight.push(id);
      if (inFlight.length > 100) {
        // Settle one from the middle: answers do not come back in order.
        const [settled] = inFlight.splice(id % inFlight.length, 1);
        expect(table.settle(settled!, 'answered')).toBe(settled);
      }
    }
    expect(table.size).toBe(inFlight.length);
    for (const id of inFlight) expect(table.get(id)).toBe(id);
    expect(table.drain()).toEqual([...inFlight].sort((a, b) => a - b));
  });

  it('lists the pending entries without settling them', () => {
    const table = createCorrelation<string>();
    table.add('s', 'S');
    table.add(2, 'two');
    table.add(1, 'one');
    table.settle(2, 'answered');
    expect(table.values()).toEqual(['one', 'S']);
    expect(table.size).toBe(2);
  });

  it('remembers string and NaN ids too, and forgets how they settled once they are added again', () => {
    const table = createCorrelation<string>();
    for (const id of ['marker', Number.NaN]) {
      table.add(id, 'x');
      table.settle(id, 'abandoned');
      expect(table.settledAs(id)).toBe('abandoned');
      table.add(id, 'y');
      expect(table.settledAs(id)).toBeUndefined();
      table.settle(id, 'answered');
      expect(table.settledAs(id)).toBe('answered');
    }
  });

  it('remembers how each of the last settled requests ended, as a log of settlements would', () => {
    const id = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom('a', 'b', -1));
    const operation = fc.tuple(fc.constantFrom('add', 'answer', 'abandon', 'ask'), id);
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 300 }), (operations) => {
        const remember = 8;
        const table = createCorrelation<number>(remember);
        const pending = new Map<RequestId, number>();
        // Every settlement in order; one is forgotten when its id is added again, or once `remember` came after it.
        const log: Array<{ id: RequestId; how: string; live: boolean }> = [];
        const recalled = (key: RequestId) => log.slice(-remember).find((e) => e.live && e.id === key)?.how;
        operations.forEach(([op, key], i) => {
          if (op === 'add') {
            table.add(key, i);
            pending.set(key, i);
            for (const e of log) if (e.id === key) e.live = false;
          } else if (op === 'answer' || op === 'abandon') {
            const how = op === 'answer' ? 'answered' : 'abandoned';
            expect(table.settle(key, how)).toBe(pending.get(key));
            if (pending.delete(key)) log.push({ id: key, how, live: true });
          }
          expect(table.settledAs(key)).toBe(recalled(key));
          expect(table.has(key)).toBe(pending.has(key));
          expect(table.size).toBe(pending.size);
        });
      }),
    );
  });
});
