import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDeadlineTimer, type TimedRequest } from './deadline-timer.js';

interface Item extends TimedRequest {
  name: string;
}

/** A timer over a list of items that unwatches and records what expires, as the session does. */
function setup() {
  const items: Item[] = [];
  const expired: string[] = [];
  const timer = createDeadlineTimer<Item>({
    items: () => items,
    onExpired: (item) => {
      expired.push(item.name);
      timer.unwatch(item);
      items.splice(items.indexOf(item), 1);
    },
  });
  const watch = (name: string, inMs: number): Item => {
    const item = { name, deadline: Date.now() + inMs };
    items.push(item);
    timer.watch(item);
    return item;
  };
  return { timer, items, expired, watch };
}

describe('createDeadlineTimer', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('expires a request exactly once, at its deadline', () => {
    vi.useFakeTimers();
    const { expired, watch, timer } = setup();
    watch('a', 100);
    vi.advanceTimersByTime(99);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['a']);
    vi.advanceTimersByTime(10_000);
    expect(expired).toEqual(['a']);
    expect(timer.watching).toBe(0);
  });

  it('arms one timer for many requests, and fires for each later one at its own deadline', () => {
    vi.useFakeTimers();
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const { expired, watch } = setup();
    for (let i = 0; i < 50; i++) {
      watch(`r${i}`, 100);
      vi.advanceTimersByTime(1);
    }
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(50); // t = 100: the first is due
    expect(expired).toEqual(['r0']);
    vi.advanceTimersByTime(9); // t = 109: the ones sent at 0..9 ms
    expect(expired).toEqual(Array.from({ length: 10 }, (_, i) => `r${i}`));
    vi.advanceTimersByTime(100);
    expect(expired).toHaveLength(50);
  });

  it('re-arms for an earlier deadline', () => {
    vi.useFakeTimers();
    const { expired, watch } = setup();
    watch('late', 1000);
    watch('early', 10);
    vi.advanceTimersByTime(10);
    expect(expired).toEqual(['early']);
    vi.advanceTimersByTime(989);
    expect(expired).toEqual(['early']);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['early', 'late']);
  });

  it('never expires a request once unwatched, and fires for the next one that is still watched', () => {
    vi.useFakeTimers();
    const { expired, watch, timer, items } = setup();
    const answered = watch('answered', 100);
    watch('slow', 300);
    timer.unwatch(answered);
    items.splice(items.indexOf(answered), 1);
    timer.unwatch(answered);
    expect(timer.watching).toBe(1);
    vi.advanceTimersByTime(299);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['slow']);
  });

  it('follows a deadline that progress moved later', () => {
    vi.useFakeTimers();
    const { expired, watch, timer } = setup();
    const item = watch('a', 100);
    vi.advanceTimersByTime(90);
    item.deadline = Date.now() + 100;
    timer.rescheduled(item);
    vi.advanceTimersByTime(99);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['a']);
  });

  it('reaches a deadline beyond the longest Node timer in steps, neither early nor never', () => {
    vi.useFakeTimers();
    const { expired, watch } = setup();
    watch('far', 2 ** 32);
    vi.advanceTimersByTime(2 ** 31);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(2 ** 31 - 1);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['far']);
  });

  it('does not watch a request without a deadline (Infinity or NaN)', () => {
    vi.useFakeTimers();
    const { expired, timer, items } = setup();
    const none = { name: 'none', deadline: Number.POSITIVE_INFINITY };
    const nan = { name: 'nan', deadline: Number.NaN };
    items.push(none, nan);
    timer.watch(none);
    timer.watch(nan);
    expect(timer.watching).toBe(0);
    expect(nan.deadline).toBe(Number.POSITIVE_INFINITY);
    vi.advanceTimersByTime(10_000_000);
    expect(expired).toEqual([]);
  });

  it('fires nothing once stopped, and arms again for the next request', () => {
    vi.useFakeTimers();
    const { expired, watch, timer, items } = setup();
    const a = watch('a', 100);
    timer.stop();
    vi.advanceTimersByTime(1000);
    expect(expired).toEqual([]);
    timer.unwatch(a);
    items.length = 0;
    watch('b', 100);
    vi.advanceTimersByTime(100);
    expect(expired).toEqual(['b']);
  });

  it('keeps the process alive only while it watches a request', () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const { watch, timer } = setup();
    const first = watch('first', 60_000);
    const armed = setTimeoutSpy.mock.results[0]!.value as NodeJS.Timeout;
    expect(armed.hasRef()).toBe(true);
    timer.unwatch(first);
    expect(armed.hasRef()).toBe(false);
    const second = watch('second', 60_000);
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1);
    expect(armed.hasRef()).toBe(true);
    timer.unwatch(second);
    timer.stop();
  });
});
