import { describe, expect, it } from 'vitest';
import { canonicalJson, taskSupportOf } from './tasks-lib.js';

describe('canonicalJson', () => {
  it('ignores the order of object keys but not of array items', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    expect(canonicalJson({ text: 'x: found' })).toBe('{"text":"x: found"}');
  });
});

describe('taskSupportOf', () => {
  it('defaults to "forbidden" when a tool declares no execution.taskSupport', () => {
    expect(taskSupportOf({ name: 'echo' })).toBe('forbidden');
    expect(taskSupportOf({ name: 'echo', execution: {} })).toBe('forbidden');
    expect(taskSupportOf({ name: 'research', execution: { taskSupport: 'required' } })).toBe('required');
    expect(taskSupportOf(undefined)).toBe('forbidden');
  });
});
