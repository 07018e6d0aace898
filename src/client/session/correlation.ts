/**
 * Request/response correlation: which requests await an answer, and what became of the ones that no longer do, so
 * that a late answer (after a timeout or a cancellation) is told apart from a duplicate and from an unknown id.
 *
 * Numeric ids (the session's own, and the commonest) live in null-prototype objects rather than in a Map. A Map that
 * sees one insertion and one deletion per request rebuilds its hash table every few hundred requests, and V8 links
 * each outgrown table to its successor (for live iterators). Once one of them has reached the old generation, that
 * chain keeps every later table, and every request entry they still hold, alive through each young-generation
 * collection: with many requests in flight, most of a request's objects were copied and promoted before dying,
 * measured as ~1.5 KB promoted per call. An object's dictionary grows and shrinks without such links.
 */
import type { RequestId } from '../../protocol/index.js';

/** How many settled request ids are remembered to classify late and duplicate responses. @default 4096 */
export const SETTLED_IDS_REMEMBERED = 4096;

/** What became of a request that is no longer pending. */
export type SettledState = 'answered' | 'abandoned';

/** The pending requests of one session, keyed by id (`1` and `"1"` are different ids). */
export interface Correlation<Entry> {
  /** Registers a pending request. */
  add(id: RequestId, entry: Entry): void;
  /** Whether a request with this id awaits an answer. */
  has(id: RequestId): boolean;
  /** The pending entry, if any. */
  get(id: RequestId): Entry | undefined;
  /** Removes a pending request and remembers how it ended. Returns the entry, or `undefined` if it was not pending. */
  settle(id: RequestId, how: SettledState): Entry | undefined;
  /** How a request that is no longer pending ended, if it is still remembered. */
  settledAs(id: RequestId): SettledState | undefined;
  /** Every pending entry, in the order of {@link Correlation.drain} (a copy: settling entries does not change it). */
  values(): Entry[];
  /**
   * Removes every pending request and returns them: numeric ids first (non-negative integers in ascending order, which
   * for the session's own ids is the order they were sent), then string ids in the order they were added.
   */
  drain(): Entry[];
  /** How many requests are pending. */
  readonly size: number;
}

/** Creates an empty correlation table. */
export function createCorrelation<Entry>(remember = SETTLED_IDS_REMEMBERED): Correlation<Entry> {
  const pending = createIdTable<Entry>();
  const settled = createIdTable<SettledState>();
  // The settled ids in the order they settled, as a ring: the slot about to be reused holds the oldest.
  const order: (RequestId | undefined)[] = new Array<RequestId | undefined>(remember);
  let next = 0;
  return {
    add(id, entry) {
      pending.set(id, entry);
      settled.delete(id);
    },
    has: (id) => pending.has(id),
    get: (id) => pending.get(id),
    settle(id, how) {
      const entry = pending.get(id);
      if (entry === undefined) return undefined;
      pending.delete(id);
      const oldest = order[next];
      if (oldest !== undefined) settled.delete(oldest);
      order[next] = id;
      next = (next + 1) % remember;
      settled.set(id, how);
      return entry;
    },
    settledAs: (id) => settled.get(id),
    values: () => pending.values(),
    drain: () => pending.drain(),
    get size() {
      return pending.size;
    },
  };
}

/** Values keyed by request id: numbers in a null-prototype object, strings in a Map (they are rare). */
interface IdTable<Value> {
  has(id: RequestId): boolean;
  get(id: RequestId): Value | undefined;
  set(id: RequestId, value: Value): void;
  delete(id: RequestId): void;
  /** Every value (a copy). */
  values(): Value[];
  /** Removes every value and returns them. */
  drain(): Value[];
  readonly size: number;
}

function createIdTable<Value>(): IdTable<Value> {
  // Number keys are property keys: a number and its canonical string name the same key, as they name the same Map
  // key (0 and -0 alike). Strings never go here, so 1 and "1" stay apart.
  let numbers = Object.create(null) as Record<number, Value>;
  const strings = new Map<string, Value>();
  let count = 0;
  return {
    has: (id) => (typeof id === 'number' ? id in numbers : strings.has(id)),
    get: (id) => (typeof id === 'number' ? numbers[id] : strings.get(id)),
    set(id, value) {
      if (typeof id === 'number') {
        if (!(id in numbers)) count++;
        numbers[id] = value;
      } else strings.set(id, value);
    },
    delete(id) {
      if (typeof id !== 'number') strings.delete(id);
      else if (id in numbers) {
        delete numbers[id];
        count--;
      }
    },
    values: () => [...Object.values(numbers), ...strings.values()],
    drain() {
      const values = [...Object.values(numbers), ...strings.values()];
      numbers = Object.create(null) as Record<number, Value>;
      strings.clear();
      count = 0;
      return values;
    },
    get size() {
      return count + strings.size;
    },
  };
}
