import { describe, expect, it, vi } from 'vitest';
import { createListCache } from './list-cache.js';

describe('createListCache', () => {
  it('loads once for concurrent callers and serves the cached value after', async () => {
    const cache = createListCache<string[]>();
    const load = vi.fn(async () => ({ value: ['a'] }));
    const [x, y] = await Promise.all([cache.get(load), cache.get(load)]);
    expect(x).toEqual(['a']);
    expect(y).toBe(x);
    await cache.get(load);
    expect(load).toHaveBeenCalledOnce();
  });

  it('reloads after invalidation, and does not store a load that was in flight', async () => {
    const cache = createListCache<number>();
    let n = 0;
    const load = async () => ({ value: ++n });
    const first = cache.get(load);
    cache.invalidate();
    expect(await first).toBe(1);
    expect(await cache.get(load)).toBe(2);
    expect(await cache.get(load)).toBe(2);
  });

  it('expires after the ttl the server gave', async () => {
    let clock = 0;
    const cache = createListCache<number>(() => clock);
    let n = 0;
    const load = async () => ({ value: ++n, ttlMs: 100 });
    expect(await cache.get(load)).toBe(1);
    clock = 99;
    expect(await cache.get(load)).toBe(1);
    clock = 100;
    expect(await cache.get(load)).toBe(2);
  });

  it('does not cache a failed load', async () => {
    const cache = createListCache<number>();
    await expect(cache.get(async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get(async () => ({ value: 3 }))).toBe(3);
  });
});
