import { describe, expect, it } from 'vitest';
import { createCorrelation } from './correlation.js';

describe('createCorrelation', () => {
  it('tells numeric and string ids apart', () => {
    const table = createCorrelation<string>();
    table.add(1, 'number');
    table.add('1', 'string');
    expect(table.settle('1', 'answered')).toBe('string');
    expect(table.get(1)).toBe('number');
    expect(table.size).toBe(1);
  });

  it('remembers how a request ended', () => {
    const table = createCorrelation<string>();
    table.add(1, 'a');
    table.add(2, 'b');
    table.settle(1, 'answered');
    table.settle(2, 'abandoned');
    expect(table.settle(1, 'answered')).toBeUndefined();
    expect(table.settledAs(1)).toBe('answered');
    expect(table.settledAs(2)).toBe('abandoned');
    expect(table.settledAs(3)).toBeUndefined();
  });

  it('forgets the oldest settled ids beyond its memory', () => {
    const table = createCorrelation<number>(2);
    for (const id of [1, 2, 3]) {
      table.add(id, id);
      table.settle(id, 'answered');
    }
    expect(table.settledAs(1)).toBeUndefined();
    expect(table.settledAs(3)).toBe('answered');
  });

  it('drains every pending entry', () => {
    const table = createCorrelation<number>();
    table.add(1, 10);
    table.add(2, 20);
    expect(table.drain()).toEqual([10, 20]);
    expect(table.size).toBe(0);
  });
});
