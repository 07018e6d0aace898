/**
 * Request/response correlation: which requests await an answer, and what became of the ones that no longer do, so
 * that a late answer (after a timeout or a cancellation) is told apart from a duplicate and from an unknown id.
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
  /** Removes every pending request and returns them. */
  drain(): Entry[];
  /** How many requests are pending. */
  readonly size: number;
}

/** Creates an empty correlation table. */
export function createCorrelation<Entry>(remember = SETTLED_IDS_REMEMBERED): Correlation<Entry> {
  const pending = new Map<RequestId, Entry>();
  const settled = new Map<RequestId, SettledState>();
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
    drain() {
      const entries = [...pending.values()];
      pending.clear();
      return entries;
    },
    get size() {
      return pending.size;
    },
  };
}
