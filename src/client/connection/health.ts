/**
 * A health score from the last health checks: the share that succeeded, 1 when none ran yet. A check slower than
 * `slowMs` counts half.
 */

/** One health check's outcome. */
export interface HealthSample {
  ok: boolean;
  latencyMs: number;
}

/** Rolling health of one connection. */
export interface HealthTracker {
  record(sample: HealthSample): void;
  /** 0 (every recent check failed) to 1 (every recent check passed quickly). */
  readonly score: number;
  /** Failed checks in a row. */
  readonly consecutiveFailures: number;
  /** The latest sample, if any. */
  readonly last: HealthSample | undefined;
  reset(): void;
}

/** Creates a tracker over the last `window` samples. */
export function createHealthTracker(options: { window?: number; slowMs?: number } = {}): HealthTracker {
  const window = Math.max(1, options.window ?? 10);
  const slowMs = options.slowMs ?? Number.POSITIVE_INFINITY;
  let samples: HealthSample[] = [];
  let consecutiveFailures = 0;
  return {
    record(sample) {
      samples.push(sample);
      if (samples.length > window) samples = samples.slice(-window);
      consecutiveFailures = sample.ok ? 0 : consecutiveFailures + 1;
    },
    get score() {
      if (samples.length === 0) return 1;
      const points = samples.reduce((sum, s) => sum + (s.ok ? (s.latencyMs > slowMs ? 0.5 : 1) : 0), 0);
      return points / samples.length;
    },
    get consecutiveFailures() {
      return consecutiveFailures;
    },
    get last() {
      return samples.at(-1);
    },
    reset() {
      samples = [];
      consecutiveFailures = 0;
    },
  };
}
