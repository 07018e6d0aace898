/**
 * Tasks (2025-11-25, experimental): tasks/list pages and cursors.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/tasks#task-listing
 */
import { versionsWith } from '../../protocol/versions.js';
import { defineCheck } from '../define-check.js';
import { errorOf, resultOf } from '../handshake.js';
import { listAll } from './lib-features.js';
import { INVALID_CURSOR } from './pagination.js';
import { TASKS_SPEC, cancelTasks, createTask, getTask, profileTaskCalls, taskCapabilities } from './tasks-lib.js';

/**
 * "Receivers MUST return standard JSON-RPC errors for the following protocol error cases: … Invalid or nonexistent
 * cursor in tasks/list: -32602 (Invalid params)". On a server that declares `tasks.list`, tasks/list with a cursor it
 * never issued must get -32602. No task is needed.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/tasks#protocol-errors
 */
export const tasksListInvalidCursor = defineCheck({
  id: 'tasks/list-invalid-cursor',
  title: 'tasks/list with a cursor the server never issued gets -32602',
  level: 'MUST',
  requirements: ['tasks.list.invalid-cursor-32602'],
  versions: versionsWith('tasks'),
  needs: { capability: 'tasks' },
  session: 'shared',
  concurrent: true,
  spec: `${TASKS_SPEC}#protocol-errors`,
  async run(ctx) {
    if (!taskCapabilities(ctx).list) return ctx.skip('the server does not declare tasks.list');
    const response = await ctx.session.request('tasks/list', { cursor: INVALID_CURSOR });
    const error = errorOf(response);
    const label = `tasks/list with cursor ${JSON.stringify(INVALID_CURSOR)}`;
    if (error?.code === -32602) ctx.observe(`${label} got -32602`);
    else if (error) ctx.violation(`${label} got error code ${String(error.code)} instead of -32602 (Invalid params)`);
    else ctx.violation(`${label} got a result instead of error -32602 (Invalid params)`);
  },
});

/**
 * How many tasks the harness creates at most to see tasks/list reach a second page: one more than the page of 10 of
 * the TypeScript SDK's in-memory task store. @default 11
 */
export const MAX_TASKS_FOR_PAGING = 11;

/**
 * "Receivers MUST include a nextCursor in the response if more tasks are available." The harness creates tasks from a
 * profile call, one at a time, until the first tasks/list page has a nextCursor (at most {@link MAX_TASKS_FOR_PAGING}),
 * then follows the cursors: a task that tasks/get still returns but no page listed, after a last page without a
 * nextCursor, fails. A server that lists them all on one page gives no page boundary to observe, and skips. On a
 * session of its own, so that how many tasks there are does not depend on other checks.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/tasks#task-listing
 */
export const tasksListNextCursor = defineCheck({
  id: 'tasks/list-next-cursor',
  title: 'tasks/list pages carry a nextCursor while more tasks follow',
  level: 'MUST',
  requirements: ['tasks.list.next-cursor'],
  versions: versionsWith('tasks'),
  needs: { capability: 'tasks', profile: 'calls' },
  spec: `${TASKS_SPEC}#task-listing`,
  async run(ctx) {
    if (!taskCapabilities(ctx).list) return ctx.skip('the server does not declare tasks.list');
    const [{ call }] = await profileTaskCalls(ctx);
    const created: string[] = [];
    try {
      while (created.length < MAX_TASKS_FOR_PAGING) {
        created.push((await createTask(ctx, call)).taskId);
        const first = resultOf(await ctx.session.request('tasks/list', {}));
        if (first?.nextCursor !== undefined && first.nextCursor !== null) break;
      }
      const outcome = await listAll(ctx.session, 'tasks/list', 'tasks');
      if (outcome.failure || outcome.loop) return void ctx.violation(outcome.failure ?? outcome.loop!);
      const listed = new Set(outcome.items.map((task) => task.taskId));
      const unlisted: string[] = [];
      for (const taskId of created.filter((id) => !listed.has(id))) {
        if (resultOf((await getTask(ctx, taskId)).response)) unlisted.push(taskId);
      }
      const pages = `${outcome.pages.length} page${outcome.pages.length === 1 ? '' : 's'}`;
      if (unlisted.length > 0) {
        return void ctx.violation(
          `tasks/list ended after ${pages} without a nextCursor, though ${unlisted.length} of the ${created.length} tasks the harness created (${unlisted.map((id) => JSON.stringify(id)).slice(0, 3).join(', ')}${unlisted.length > 3 ? ', …' : ''}) were not listed and tasks/get still returns them; receivers MUST include a nextCursor if more tasks are available`,
        );
      }
      if (outcome.pages.length === 1) return ctx.skip(`tasks/list listed all ${outcome.items.length} tasks on one page (the harness created ${created.length}), so there was no page boundary to observe`);
      ctx.observe(`tasks/list gave ${pages}, each but the last with a nextCursor, and listed all ${created.length} tasks the harness created`);
    } finally {
      await cancelTasks(ctx, created);
    }
  },
});
