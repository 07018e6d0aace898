import { describe, expect, it } from 'vitest';
import { computeBackoffDelay } from './backoff.js';
import { createHealthTracker } from './health.js';

describe('computeBackoffDelay', () => {
  it('doubles from the initial delay and stops at the cap', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6].map((a) => computeBackoffDelay(a, { initialDelayMs: 100, maxDelayMs: 2000, multiplier: 2, jitter: 0 }));
    expect(delays).toEqual([100, 200, 400, 800, 1600, 2000, 2000]);
  });

  it('takes at most the jitter fraction off, as the random source says', () => {
    const options = { initialDelayMs: 1000, jitter: 0.5 };
    expect(computeBackoffDelay(0, options, () => 0)).toBe(1000);
    expect(computeBackoffDelay(0, options, () => 0.5)).toBe(750);
    expect(computeBackoffDelay(0, options, () => 0.999_999)).toBe(500);
  });
});

describe('createHealthTracker', () => {
  it('scores the share of recent checks that passed, slow ones counting half', () => {
    const health = createHealthTracker({ window: 4, slowMs: 100 });
    expect(health.score).toBe(1);
    health.record({ ok: true, latencyMs: 5 });
    health.record({ ok: false, latencyMs: 0 });
    health.record({ ok: true, latencyMs: 500 });
    health.record({ ok: false, latencyMs: 0 });
    expect(health.score).toBe(1.5 / 4);
    expect(health.consecutiveFailures).toBe(1);
    health.record({ ok: true, latencyMs: 1 });
    expect(health.score).toBe(1.5 / 4);
    expect(health.consecutiveFailures).toBe(0);
  });
});
