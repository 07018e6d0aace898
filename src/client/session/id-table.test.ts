import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RequestId } from '../../protocol/index.js';
import { createIdTable, ID_RING_MAX_SLOTS } from './id-table.js';

describe('createIdTable', () => {
  it('keeps ids that share a ring slot apart, whichever is removed first', () => {
    const table = createIdTable<string>();
    // 1, 65 and 129 share slot 1 of the first ring (64 slots); the ring is nearly empty, so they overflow.
    for (const id of [1, 65, 129]) table.set(id, `v${id}`);
    expect([table.get(1), table.get(65), table.get(129)]).toEqual(['v1', 'v65', 'v129']);
    table.delete(1);
    expect(table.has(1)).toBe(false);
    expect(table.get(65)).toBe('v65');
    table.set(65, 'again');
    table.set(193, 'v193');
    expect([table.get(65), table.get(129), table.get(193)]).toEqual(['again', 'v129', 'v193']);
    expect(table.size).toBe(3);
    table.delete(65);
    table.delete(129);
    expect(table.values()).toEqual(['v193']);
  });

  it('grows the ring as more requests are in flight, and still overflows beyond its largest size', () => {
    const table = createIdTable<number>();
    const count = ID_RING_MAX_SLOTS * 2 + 10;
    for (let id = 1; id <= count; id++) table.set(id, id);
    expect(table.size).toBe(count);
    for (let id = 1; id <= count; id++) expect(table.get(id)).toBe(id);
    for (let id = 1; id <= count; id += 2) table.delete(id);
    expect(table.size).toBe(count / 2);
    expect(table.values()).toEqual(Array.from({ length: count / 2 }, (_, i) => 2 * (i + 1)));
  });

  it('treats 1 and "1" as two ids, 0 and -0 as one, and finds NaN, Infinity, fractions and huge numbers', () => {
    const table = createIdTable<string>();
    const ids: RequestId[] = [1, '1', Number.NaN, Number.POSITIVE_INFINITY, 0.5, 2 ** 53 - 1, -3];
    for (const id of ids) table.set(id, String(id));
    table.set(-0, 'zero');
    expect(table.get(0)).toBe('zero');
    for (const id of ids) expect(table.get(id)).toBe(String(id));
    expect(table.size).toBe(ids.length + 1);
    for (const id of ids) table.delete(id);
    table.delete(0);
    expect(table.size).toBe(0);
    expect(table.values()).toEqual([]);
  });

  it('tells a value that is undefined from an id that is absent', () => {
    const table = createIdTable<undefined>();
    table.set(3, undefined);
    expect(table.has(3)).toBe(true);
    expect(table.has(4)).toBe(false);
  });

  it('drains numeric ids in ascending order, then string ids in insertion order, and starts empty again', () => {
    const table = createIdTable<string>();
    table.set('b', 'B');
    table.set(66, 'sixty-six');
    table.set(2, 'two');
    table.set('a', 'A');
    table.set(-1, 'minus one');
    expect(table.drain()).toEqual(['minus one', 'two', 'sixty-six', 'B', 'A']);
    expect(table.size).toBe(0);
    expect(table.get(2)).toBeUndefined();
    table.set(2, 'new');
    expect(table.values()).toEqual(['new']);
  });

  it('behaves as a Map would, for any sequence of operations', () => {
    const id = fc.oneof(fc.integer({ min: -5, max: 300 }), fc.constantFrom(0.5, Number.NaN, 'x', '1', 2 ** 40));
    const operation = fc.tuple(fc.constantFrom('set', 'delete', 'get'), id);
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 400 }), (operations) => {
        const table = createIdTable<number>();
        const model = new Map<RequestId, number>();
        operations.forEach(([op, key], i) => {
          if (op === 'set') {
            table.set(key, i);
            model.set(key, i);
          } else if (op === 'delete') {
            table.delete(key);
            model.delete(key);
          }
          expect(table.get(key)).toBe(model.get(key));
          expect(table.has(key)).toBe(model.has(key));
          expect(table.size).toBe(model.size);
        });
        expect(new Set(table.values())).toEqual(new Set(model.values()));
      }),
    );
  });
});
