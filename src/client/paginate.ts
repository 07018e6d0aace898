/**
 * Follows a paginated list to its end: "the client continues by sending the nextCursor … until no nextCursor is
 * returned". Guards against a server whose cursors loop, and against an endless list.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/utilities/pagination
 */
import { formatMessage, ProtocolError } from '../protocol/index.js';

/** The most pages a list is followed for before giving up. @default 1000 */
export const DEFAULT_MAX_PAGES = 1000;

/** One page of a list. */
export interface Page<Item> {
  items: Item[];
  nextCursor?: string | undefined;
}

/** Options of {@link collectPages}. */
export interface CollectPagesOptions {
  /** What is being listed, for messages (`tools`, `resources`, …). */
  what: string;
  /** @default DEFAULT_MAX_PAGES */
  maxPages?: number;
}

/**
 * Fetches every page and concatenates their items. An empty-string cursor is followed like any other ("An empty
 * string cursor MUST NOT be treated as the end of the list", 2026-07-28); the end is an absent `nextCursor`.
 * @throws ProtocolError when a cursor repeats (the list would loop) or the page limit is reached.
 */
export async function collectPages<Item>(fetchPage: (cursor: string | undefined) => Promise<Page<Item>>, options: CollectPagesOptions): Promise<Item[]> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const seen = new Set<string>();
  const items: Item[] = [];
  let cursor: string | undefined;
  for (let pages = 1; ; pages++) {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    if (page.nextCursor === undefined || page.nextCursor === null) return items;
    if (seen.has(page.nextCursor)) {
      throw new ProtocolError(
        formatMessage(`list ${options.what}`, `the server returned cursor ${JSON.stringify(page.nextCursor)} twice, so the list would never end`, 'Each nextCursor must lead to a new page.'),
      );
    }
    if (pages >= maxPages) {
      throw new ProtocolError(
        formatMessage(`list ${options.what}`, `the list did not end after ${maxPages} pages`, 'Raise maxPages if the server really has that many.'),
      );
    }
    seen.add(page.nextCursor);
    cursor = page.nextCursor;
  }
}
