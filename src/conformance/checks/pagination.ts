/**
 * Pagination: cursors that end, and invalid cursors refused.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/utilities/pagination
 */
import { defineCheck } from '../define-check.js';
import { errorOf, resultOf } from '../handshake.js';
import { LIST_METHODS, listAll } from './lib-features.js';

const PAGINATION_SPEC = 'https://modelcontextprotocol.io/specification/2025-11-25/server/utilities/pagination';

/**
 * "An optional nextCursor field if more results exist": following `nextCursor` through every list the server
 * declared must end. A cursor that comes back a second time means the list never ends, and fails.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/utilities/pagination#response-format
 */
export const paginationCursorsFollowed = defineCheck({
  id: 'pagination/cursors-followed',
  title: 'Following nextCursor through every declared list ends, with no cursor repeated',
  level: 'MUST',
  requirements: ['pagination.follow', 'pagination.ops'],
  session: 'shared',
  concurrent: true,
  spec: `${PAGINATION_SPEC}#response-format`,
  async run(ctx) {
    const lists = LIST_METHODS.filter((l) => l.capability in ctx.serverCapabilities);
    if (lists.length === 0) ctx.skip('the server declared none of tools, resources and prompts');
    for (const { method, key } of lists) {
      const outcome = await listAll(ctx.session, method, key);
      if (outcome.loop) ctx.violation(outcome.loop);
      else if (outcome.failure) ctx.violation(outcome.failure);
      else ctx.observe(`${method}: ${outcome.items.length} items in ${outcome.pages.length} page${outcome.pages.length === 1 ? '' : 's'}`);
    }
  },
});

/** A cursor no server issued. */
export const INVALID_CURSOR = 'mcp-conform-invalid-cursor-%%';

/**
 * "Invalid cursors SHOULD result in an error with code -32602 (Invalid params)." The check sends a cursor the server
 * never issued to the first list it declared.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/utilities/pagination#error-handling
 */
export const paginationInvalidCursor = defineCheck({
  id: 'pagination/invalid-cursor',
  title: 'A cursor the server never issued gets error -32602',
  level: 'SHOULD',
  requirements: ['pagination.invalid-cursor'],
  session: 'shared',
  concurrent: true,
  spec: `${PAGINATION_SPEC}#error-handling`,
  async run(ctx) {
    const list = LIST_METHODS.find((l) => l.capability in ctx.serverCapabilities);
    if (!list) return ctx.skip('the server declared none of tools, resources and prompts');
    const response = await ctx.session.request(list.method, { cursor: INVALID_CURSOR });
    const error = errorOf(response);
    if (error?.code === -32602) ctx.observe(`${list.method} with cursor ${JSON.stringify(INVALID_CURSOR)} got -32602`);
    else if (error) ctx.violation(`${list.method} with cursor ${JSON.stringify(INVALID_CURSOR)} got error code ${String(error.code)} instead of -32602 (Invalid params)`);
    else ctx.violation(`${list.method} with cursor ${JSON.stringify(INVALID_CURSOR)} got a result instead of error -32602`);
  },
});

/**
 * "Provide stable cursors" (Implementation Guidelines, a SHOULD): the same cursor asked twice gives the same page. The
 * check asks for the second page of the first declared list that has one.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/utilities/pagination#implementation-guidelines
 */
export const paginationStableCursors = defineCheck({
  id: 'pagination/stable-cursors',
  title: 'The same cursor gives the same page twice',
  level: 'SHOULD',
  requirements: ['pagination.stable-cursors'],
  session: 'shared',
  concurrent: true,
  spec: `${PAGINATION_SPEC}#implementation-guidelines`,
  async run(ctx) {
    for (const list of LIST_METHODS.filter((l) => l.capability in ctx.serverCapabilities)) {
      const first = resultOf(await ctx.session.request(list.method, {}));
      const cursor = first?.nextCursor;
      if (cursor === undefined || cursor === null) continue;
      const pages = await Promise.all([0, 1].map(async () => resultOf(await ctx.session.request(list.method, { cursor }))?.[list.key]));
      if (JSON.stringify(pages[0]) !== JSON.stringify(pages[1])) ctx.violation(`${list.method} with cursor ${JSON.stringify(cursor)} gave two different pages`);
      else ctx.observe(`${list.method} with cursor ${JSON.stringify(cursor)} gave the same page twice`);
      return;
    }
    ctx.skip('no declared list has a second page');
  },
});
