/**
 * One timer for all the requests of a session instead of one per request. Each request carries its own deadline; the
 * timer is armed for the earliest one it knows of, and when it fires it expires every request that is due and arms
 * itself again for the earliest that is left. A request answered before its deadline costs two field writes and no
 * timer call: with the usual 60 s timeout and short requests, the timer fires about once a minute, whatever the rate.
 */

/** What the timer needs of a request. */
export interface TimedRequest {
  /** When the request times out, in `Date.now()` milliseconds; `Infinity` once it no longer waits. */
  deadline: number;
}

/** Options of {@link createDeadlineTimer}. */
export interface DeadlineTimerOptions<Item extends TimedRequest> {
  /** The requests that may be due (a session's pending requests), read only when the timer fires. */
  items: () => Iterable<Item>;
  /** Called once for each watched request whose deadline passed; it must {@link DeadlineTimer.unwatch} it. */
  onExpired: (item: Item) => void;
}

/** The shared timer of a session's requests. */
export interface DeadlineTimer<Item extends TimedRequest> {
  /** Starts watching a request whose `deadline` is set. A request without one (`Infinity`) is not watched. */
  watch(item: Item): void;
  /** Tells the timer that a watched request's `deadline` moved (progress restarted its wait). */
  rescheduled(item: Item): void;
  /** Stops watching a request (answered, cancelled, expired): sets its `deadline` to `Infinity`. Idempotent. */
  unwatch(item: Item): void;
  /** Cancels the timer (the session closed); watching again arms it again. */
  stop(): void;
  /** How many requests are watched. */
  readonly watching: number;
}

/** The longest delay a Node timer takes (a longer one fires at once); a farther deadline is reached in steps. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * Creates the shared timer. The timer keeps the process alive only while it watches a request, as a timer per request
 * did; it reads `Date.now()` and `setTimeout` when it needs them, so fake timers installed later are honoured.
 * @example
 * const timer = createDeadlineTimer({ items: () => pending.values(), onExpired: (request) => expire(request) });
 * request.deadline = Date.now() + 60_000;
 * timer.watch(request);
 */
export function createDeadlineTimer<Item extends TimedRequest>(options: DeadlineTimerOptions<Item>): DeadlineTimer<Item> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** The deadline the timer is armed for (`Infinity`: not armed). */
  let armedFor = Number.POSITIVE_INFINITY;
  let watching = 0;

  const arm = (deadline: number): void => {
    if (timer !== undefined) clearTimeout(timer);
    armedFor = deadline;
    timer = setTimeout(fire, Math.min(Math.max(0, deadline - Date.now()), MAX_TIMER_DELAY_MS));
  };

  const fire = (): void => {
    timer = undefined;
    armedFor = Number.POSITIVE_INFINITY;
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    // A snapshot: expiring a request removes it from the session's pending requests.
    for (const item of [...options.items()]) {
      const deadline = item.deadline;
      if (deadline <= now) options.onExpired(item);
      else if (deadline < next) next = deadline;
    }
    // The callbacks may have watched earlier deadlines meanwhile; arm for the earliest.
    if (watching > 0 && next < armedFor) arm(next);
  };

  return {
    watch(item) {
      if (Number.isNaN(item.deadline)) item.deadline = Number.POSITIVE_INFINITY;
      if (item.deadline === Number.POSITIVE_INFINITY) return;
      watching++;
      if (item.deadline < armedFor) arm(item.deadline);
      // An armed timer left unreferenced while nothing was watched keeps the process alive again.
      else if (watching === 1) timer?.ref?.();
    },
    rescheduled(item) {
      if (item.deadline < armedFor) arm(item.deadline);
    },
    unwatch(item) {
      if (item.deadline === Number.POSITIVE_INFINITY) return;
      item.deadline = Number.POSITIVE_INFINITY;
      watching--;
      // Left armed (re-arming costs more than a spurious firing), but no longer keeping the process alive.
      if (watching === 0) timer?.unref?.();
    },
    stop() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      armedFor = Number.POSITIVE_INFINITY;
    },
    get watching() {
      return watching;
    },
  };
}
