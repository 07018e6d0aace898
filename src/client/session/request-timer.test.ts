import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRequestTimer } from './request-timer.js';

describe('createRequestTimer', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('fires once after the timeout', () => {
    const onTimeout = vi.fn();
    createRequestTimer({ timeoutMs: 100, onTimeout });
    vi.advanceTimersByTime(99);
    expect(onTimeout).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onTimeout).toHaveBeenCalledExactlyOnceWith({ timeoutMs: 100, total: false });
    vi.advanceTimersByTime(1000);
    expect(onTimeout).toHaveBeenCalledOnce();
  });

  it('ignores progress unless told to reset on it', () => {
    const onTimeout = vi.fn();
    const timer = createRequestTimer({ timeoutMs: 100, onTimeout });
    vi.advanceTimersByTime(90);
    timer.progress();
    vi.advanceTimersByTime(10);
    expect(onTimeout).toHaveBeenCalledOnce();
  });

  it('restarts the wait on progress when resetOnProgress is set', () => {
    const onTimeout = vi.fn();
    const timer = createRequestTimer({ timeoutMs: 100, resetOnProgress: true, onTimeout });
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(90);
      timer.progress();
    }
    expect(onTimeout).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100);
    expect(onTimeout).toHaveBeenCalledExactlyOnceWith({ timeoutMs: 100, total: false });
  });

  it('never waits beyond the maximum total, whatever progress comes', () => {
    const onTimeout = vi.fn();
    const timer = createRequestTimer({ timeoutMs: 100, resetOnProgress: true, maxTotalMs: 250, onTimeout });
    vi.advanceTimersByTime(90);
    timer.progress();
    vi.advanceTimersByTime(90);
    timer.progress(); // t=180: only 70 ms remain in total
    vi.advanceTimersByTime(69);
    expect(onTimeout).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onTimeout).toHaveBeenCalledExactlyOnceWith({ timeoutMs: 250, total: true });
  });

  it('does nothing once cleared', () => {
    const onTimeout = vi.fn();
    const timer = createRequestTimer({ timeoutMs: 100, onTimeout });
    timer.clear();
    timer.progress();
    vi.advanceTimersByTime(1000);
    expect(onTimeout).not.toHaveBeenCalled();
  });

  it('waits forever for an infinite timeout, but still stops at the maximum total', () => {
    const onTimeout = vi.fn();
    createRequestTimer({ timeoutMs: Number.POSITIVE_INFINITY, onTimeout });
    const bounded = vi.fn();
    createRequestTimer({ timeoutMs: Number.POSITIVE_INFINITY, maxTotalMs: 500, onTimeout: bounded });
    vi.advanceTimersByTime(10_000_000);
    expect(onTimeout).not.toHaveBeenCalled();
    expect(bounded).toHaveBeenCalledExactlyOnceWith({ timeoutMs: 500, total: true });
  });

  it('clamps a delay beyond what Node timers take instead of firing at once', () => {
    const onTimeout = vi.fn();
    createRequestTimer({ timeoutMs: 2 ** 40, onTimeout });
    vi.advanceTimersByTime(1000);
    expect(onTimeout).not.toHaveBeenCalled();
  });
});
