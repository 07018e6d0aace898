/**
 * Values keyed by JSON-RPC request id, tuned for a session's own ids: consecutive numbers, most of them settled soon.
 *
 * A numeric id lives in the slot `id mod size` of a small ring (two arrays), so adding, finding and removing it is an
 * array access, and nothing is allocated per id. A number whose slot is held by another pending id goes to an overflow
 * table (a null-prototype object), and a string id to a Map: both are rare. The ring doubles, up to
 * {@link ID_RING_MAX_SLOTS}, when an id collides while it is at least half full.
 *
 * Why not a Map for everything: a Map that sees one insert and one delete per request rebuilds its hash table every few
 * hundred requests, and V8 links each outgrown table to its successor (for live iterators). Once one of those tables
 * sits in the old generation, the chain keeps every later table, and every request they still hold, alive through each
 * young-generation collection: with many requests in flight, most of a request's objects were copied and promoted
 * before dying (~1.5 KB promoted per call, measured).
 */
import type { RequestId } from '../../protocol/index.js';

/** The ring's first size. */
const ID_RING_MIN_SLOTS = 64;
/** The ring's largest size: beyond it, colliding ids go to the overflow table. */
export const ID_RING_MAX_SLOTS = 4096;

/** A table of values by request id (`1` and `"1"` are different ids; `0` and `-0` the same, as in a Map). */
export interface IdTable<Value> {
  has(id: RequestId): boolean;
  get(id: RequestId): Value | undefined;
  /** Adds or replaces. */
  set(id: RequestId, value: Value): void;
  delete(id: RequestId): void;
  /** Every value: numeric ids in ascending order, then string ids in the order they were added (a copy). */
  values(): Value[];
  /** Removes every value and returns them, in the order of `values()`. */
  drain(): Value[];
  readonly size: number;
}

/** Creates an empty table. */
export function createIdTable<Value>(): IdTable<Value> {
  let mask = ID_RING_MIN_SLOTS - 1;
  let ringIds: (number | undefined)[] = new Array<number | undefined>(ID_RING_MIN_SLOTS).fill(undefined);
  let ringValues: (Value | undefined)[] = new Array<Value | undefined>(ID_RING_MIN_SLOTS).fill(undefined);
  let inRing = 0;
  /** Numeric ids whose ring slot was taken (and NaN, which no slot can hold): key → value. */
  let overflow = Object.create(null) as Record<number, Value>;
  let inOverflow = 0;
  const strings = new Map<string, Value>();

  /** Doubles the ring; ids keep their slot modulo the old size, so two of them never meet in the new one. */
  const grow = (): void => {
    const size = (mask + 1) * 2;
    const ids = new Array<number | undefined>(size).fill(undefined);
    const values = new Array<Value | undefined>(size).fill(undefined);
    for (let slot = 0; slot <= mask; slot++) {
      const id = ringIds[slot];
      if (id === undefined) continue;
      ids[id & (size - 1)] = id;
      values[id & (size - 1)] = ringValues[slot];
    }
    mask = size - 1;
    ringIds = ids;
    ringValues = values;
  };

  const entries = (): Array<[RequestId, Value]> => {
    const numeric: Array<[number, Value]> = [];
    for (let slot = 0; slot <= mask; slot++) {
      const id = ringIds[slot];
      if (id !== undefined) numeric.push([id, ringValues[slot] as Value]);
    }
    for (const key in overflow) numeric.push([Number(key), overflow[key as unknown as number] as Value]);
    numeric.sort((a, b) => a[0] - b[0]);
    return [...numeric, ...strings];
  };

  return {
    has(id) {
      if (typeof id !== 'number') return strings.has(id);
      return ringIds[id & mask] === id || (inOverflow > 0 && id in overflow);
    },
    get(id) {
      if (typeof id !== 'number') return strings.get(id);
      const slot = id & mask;
      if (ringIds[slot] === id) return ringValues[slot];
      return inOverflow > 0 ? overflow[id] : undefined;
    },
    set(id, value) {
      if (typeof id !== 'number') {
        strings.set(id, value);
        return;
      }
      let slot = id & mask;
      if (ringIds[slot] === id) {
        ringValues[slot] = value;
        return;
      }
      if (inOverflow > 0 && id in overflow) {
        overflow[id] = value;
        return;
      }
      if (ringIds[slot] !== undefined && inRing * 2 >= mask + 1 && mask + 1 < ID_RING_MAX_SLOTS) {
        grow();
        slot = id & mask;
      }
      // NaN equals no slot's id: only the overflow table finds it again.
      if (ringIds[slot] === undefined && id === id) {
        ringIds[slot] = id;
        ringValues[slot] = value;
        inRing++;
        return;
      }
      overflow[id] = value;
      inOverflow++;
    },
    delete(id) {
      if (typeof id !== 'number') {
        strings.delete(id);
        return;
      }
      const slot = id & mask;
      if (ringIds[slot] === id) {
        ringIds[slot] = undefined;
        ringValues[slot] = undefined;
        inRing--;
      } else if (inOverflow > 0 && id in overflow) {
        delete overflow[id];
        inOverflow--;
      }
    },
    values: () => entries().map(([, value]) => value),
    drain() {
      const values = entries().map(([, value]) => value);
      ringIds.fill(undefined);
      ringValues.fill(undefined);
      inRing = 0;
      overflow = Object.create(null) as Record<number, Value>;
      inOverflow = 0;
      strings.clear();
      return values;
    },
    get size() {
      return inRing + inOverflow + strings.size;
    },
  };
}
