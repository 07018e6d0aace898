/**
 * Capped exponential backoff with jitter: attempt 0 waits about `initialDelayMs`, each next attempt `multiplier`
 * times longer, never more than `maxDelayMs`; jitter takes up to `jitter` (a fraction) off, so that many clients that
 * lost the same server do not come back in step.
 */

/** Backoff settings. */
export interface BackoffOptions {
  /** @default DEFAULT_BACKOFF.initialDelayMs */
  initialDelayMs?: number;
  /** @default DEFAULT_BACKOFF.maxDelayMs */
  maxDelayMs?: number;
  /** @default DEFAULT_BACKOFF.multiplier */
  multiplier?: number;
  /** The fraction of the delay jitter may remove, 0 to 1. @default DEFAULT_BACKOFF.jitter */
  jitter?: number;
}

/** The defaults of {@link computeBackoffDelay}. */
export const DEFAULT_BACKOFF: Required<BackoffOptions> = { initialDelayMs: 500, maxDelayMs: 30_000, multiplier: 2, jitter: 0.2 };

/**
 * The delay before reconnection attempt `attempt` (from 0).
 * @example computeBackoffDelay(3, { initialDelayMs: 100, jitter: 0 }) // 800
 */
export function computeBackoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const { initialDelayMs, maxDelayMs, multiplier, jitter } = { ...DEFAULT_BACKOFF, ...options };
  const base = Math.min(maxDelayMs, initialDelayMs * multiplier ** Math.max(0, attempt));
  const fraction = Math.min(1, Math.max(0, jitter));
  return Math.round(base * (1 - fraction * random()));
}
