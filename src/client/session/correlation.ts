/**
 * Request/response correlation: which requests await an answer, and what became of the ones that no longer do, so
 * that a late answer (after a timeout or a cancellation) is told apart from a duplicate and from an unknown id.
 * Pending requests live in an {@link IdTable}; how the last settled ones ended is a ring in the order they settled,
 * searched only for a response or progress that matches no pending request (rare).
 */
import type { RequestId } from '../../protocol/index.js';
import { createIdTable } from './id-table.js';

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
  /** Removes every pending request and returns them: numeric ids in ascending order, then string ids in the order they were added. */
  drain(): Entry[];
  /** How many requests are pending. */
  readonly size: number;
}

/** Creates an empty correlation table. */
export function createCorrelation<Entry>(remember = SETTLED_IDS_REMEMBERED): Correlation<Entry> {
  const pending = createIdTable<Entry>();
  // The last `remember` settled ids and how each ended, in the order they settled: the slot about to be reused holds
  // the oldest. An id appears at most once: adding it again forgets how it settled before.
  const settledIds: (RequestId | undefined)[] = new Array<RequestId | undefined>(remember).fill(undefined);
  const settledHow: (SettledState | undefined)[] = new Array<SettledState | undefined>(remember).fill(undefined);
  let next = 0;
  /** Every numeric id settled so far is at most this: a larger one (the session's next id) cannot be in the ring. */
  let highestSettled = Number.NEGATIVE_INFINITY;

  const slotOf = (id: RequestId): number => {
    for (let i = 1; i <= remember; i++) {
      const slot = (next - i + remember) % remember;
      const held = settledIds[slot];
      if (held === id || (held !== held && id !== id)) return slot;
    }
    return -1;
  };

  return {
    add(id, entry) {
      pending.set(id, entry);
      if (typeof id === 'number' && id > highestSettled) return;
      const slot = slotOf(id);
      if (slot !== -1) settledIds[slot] = settledHow[slot] = undefined;
    },
    has: (id) => pending.has(id),
    get: (id) => pending.get(id),
    settle(id, how) {
      const entry = pending.get(id);
      if (entry === undefined) return undefined;
      pending.delete(id);
      settledIds[next] = id;
      settledHow[next] = how;
      next = (next + 1) % remember;
      if (typeof id === 'number' && id > highestSettled) highestSettled = id;
      return entry;
    },
    settledAs(id) {
      const slot = slotOf(id);
      return slot === -1 ? undefined : settledHow[slot];
    },
    values: () => pending.values(),
    drain: () => pending.drain(),
    get size() {
      return pending.size;
    },
  };
}
