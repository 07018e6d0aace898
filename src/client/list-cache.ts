/**
 * A cached list (tools, resources, prompts): loaded once, shared by concurrent callers, dropped when the server says
 * the list changed, and expired after the server's `ttlMs` hint where it gives one (2026-07-28 caching).
 */

/** One cached value. */
export interface ListCache<T> {
  /** The cached value, or the value `load` resolves to (concurrent callers share one load). */
  get(load: () => Promise<{ value: T; ttlMs?: number }>): Promise<T>;
  /** Forgets the value; a load in flight is not stored. */
  invalidate(): void;
}

/** Creates an empty cache. */
export function createListCache<T>(now: () => number = Date.now): ListCache<T> {
  let entry: { value: T; expiresAt: number } | undefined;
  let inflight: Promise<T> | undefined;
  let generation = 0;
  return {
    get(load) {
      if (entry && now() < entry.expiresAt) return Promise.resolve(entry.value);
      if (inflight) return inflight;
      const started = generation;
      const promise = load().then(
        ({ value, ttlMs }) => {
          if (generation === started) {
            entry = { value, expiresAt: ttlMs === undefined ? Number.POSITIVE_INFINITY : now() + ttlMs };
            inflight = undefined;
          }
          return value;
        },
        (error: unknown) => {
          if (generation === started) inflight = undefined;
          throw error;
        },
      );
      inflight = promise;
      return promise;
    },
    invalidate() {
      generation++;
      entry = undefined;
      inflight = undefined;
    },
  };
}
