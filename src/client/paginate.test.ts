import { describe, expect, it, vi } from 'vitest';
import { collectPages } from './paginate.js';

describe('collectPages', () => {
  it('follows cursors to the end, including an empty-string cursor', async () => {
    const pages: Record<string, { items: number[]; nextCursor?: string }> = {
      start: { items: [1, 2], nextCursor: '' },
      '': { items: [3], nextCursor: 'c2' },
      c2: { items: [4] },
    };
    const fetchPage = vi.fn(async (cursor: string | undefined) => pages[cursor ?? 'start']!);
    await expect(collectPages(fetchPage, { what: 'tools' })).resolves.toEqual([1, 2, 3, 4]);
    expect(fetchPage.mock.calls.map(([c]) => c)).toEqual([undefined, '', 'c2']);
  });

  it('stops a cursor that loops', async () => {
    const fetchPage = async (cursor: string | undefined) => ({ items: [cursor], nextCursor: cursor === 'a' ? 'b' : 'a' });
    await expect(collectPages(fetchPage, { what: 'tools' })).rejects.toThrow(
      '[mcp-conform] Failed to list tools: the server returned cursor "a" twice, so the list would never end. Each nextCursor must lead to a new page.',
    );
  });

  it('stops after the page limit', async () => {
    let n = 0;
    const fetchPage = async () => ({ items: [n], nextCursor: `c${n++}` });
    await expect(collectPages(fetchPage, { what: 'prompts', maxPages: 3 })).rejects.toThrow(
      '[mcp-conform] Failed to list prompts: the list did not end after 3 pages. Raise maxPages if the server really has that many.',
    );
    expect(n).toBe(3);
  });
});
