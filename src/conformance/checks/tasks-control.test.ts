import { describe, expect, it } from 'vitest';
import { MIN_TASK_ID_SPREAD_CHARS, differingSpan } from './tasks-control.js';

describe('differingSpan', () => {
  it('is 0 for equal ids and counts from the first to the last differing character', () => {
    expect(differingSpan('task-1', 'task-1')).toBe(0);
    expect(differingSpan('task-0000000000000001', 'task-0000000000000002')).toBe(1);
    expect(differingSpan('task-9', 'task-10')).toBe(2);
    expect(differingSpan('abc', 'abcdef')).toBe(3);
  });

  it('tells counters and timestamps from random ids', () => {
    // Two millisecond timestamps a few ms apart, and two v1 UUIDs (time-based) from one run, differ in a few characters.
    expect(differingSpan('job-1732000000123', 'job-1732000000456')).toBeLessThan(MIN_TASK_ID_SPREAD_CHARS);
    expect(differingSpan('6ba7b810-9dad-11d1-80b4-00c04fd430c8', '6ba7b8a2-9dad-11d1-80b4-00c04fd430c8')).toBeLessThan(MIN_TASK_ID_SPREAD_CHARS);
    // Random ids differ all along.
    expect(differingSpan('6dc71b026e030f93affd06f76aebdbfd', '51c5af14e468aeb377776ee0f556ce4a')).toBe(32);
    expect(differingSpan('3104b8c1-196a-416c-8efc-6bffd840cee3', '9500104a-ca06-41f0-92a6-382bbe74ee7e')).toBe(36);
  });
});
