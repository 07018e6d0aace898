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
  const { timeoutMs, maxTotalMs } = options;
  // Only a maximum total needs the start time.
  const startedAt = maxTotalMs === undefined ? 0 : Date.now();
  let done = false;
  const fire = (total: boolean) => {
    done = true;
    options.onTimeout({ timeoutMs: total ? maxTotalMs! : timeoutMs, total });
  };
  const arm = (): ReturnType<typeof setTimeout> | undefined => {
    if (maxTotalMs === undefined) return schedule(fire, timeoutMs, false);
    const remainingTotal = maxTotalMs - (Date.now() - startedAt);
    return remainingTotal <= timeoutMs ? schedule(fire, Math.max(0, remainingTotal), true) : schedule(fire, timeoutMs, false);
  };
  let timer = arm();

  return {
    progress() {
      if (done || !options.resetOnProgress) return;
      clearTimeout(timer);
      timer = arm();
    },
    clear() {
      done = true;
      clearTimeout(timer);
    },
  };
}

/** The longest delay a Node timer takes (a longer one fires at once). */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** Schedules `fire(total)`; an infinite delay schedules nothing. */
function schedule(fire: (total: boolean) => void, ms: number, total: boolean): ReturnType<typeof setTimeout> | undefined {
  if (!Number.isFinite(ms)) return undefined;
  return setTimeout(fire, Math.min(ms, MAX_TIMER_DELAY_MS), total);
}
