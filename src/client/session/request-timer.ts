/**
 * The timeout of one request: fires after `timeoutMs` without an answer; progress may restart the wait, but never
 * beyond `maxTotalMs` since the request was sent. (Inspector users ask for exactly this: #142, #880.)
 */

/** How long a request waits for its response by default. @default 60000 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/** Options of {@link createRequestTimer}. */
export interface RequestTimerOptions {
  /** Milliseconds to wait for a response (or, with `resetOnProgress`, between progress notifications). */
  timeoutMs: number;
  /** Whether a progress notification restarts the wait. @default false */
  resetOnProgress?: boolean;
  /** The hard limit since the start, whatever progress comes. @default no limit */
  maxTotalMs?: number;
  /** Called once when the time is up, with the limit that was hit. */
  onTimeout: (expired: { timeoutMs: number; total: boolean }) => void;
}

/** A running request timeout. */
export interface RequestTimer {
  /** Tells the timer that progress arrived (restarts the wait when `resetOnProgress`). */
  progress(): void;
  /** Stops the timer for good. */
  clear(): void;
}

/** Starts the timeout of one request. */
export function createRequestTimer(options: RequestTimerOptions): RequestTimer {
  const startedAt = Date.now();
  const { timeoutMs, maxTotalMs } = options;
  let done = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const arm = () => {
    const remainingTotal = maxTotalMs === undefined ? Number.POSITIVE_INFINITY : maxTotalMs - (Date.now() - startedAt);
    const total = remainingTotal <= timeoutMs;
    const wait = Math.max(0, Math.min(timeoutMs, remainingTotal));
    timer = setTimeout(() => {
      done = true;
      options.onTimeout({ timeoutMs: total ? maxTotalMs! : timeoutMs, total });
    }, wait);
  };
  arm();

  return {
    progress() {
      if (done || !options.resetOnProgress) return;
      clearTimeout(timer);
      arm();
    },
    clear() {
      done = true;
      clearTimeout(timer);
    },
  };
}
