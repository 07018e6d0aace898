/**
 * Tasks (2025-11-25, experimental): which tools may become tasks, what cancelling a task does, and how guessable
 * task ids are.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/tasks
 */
import { versionsWith } from '../../protocol/versions.js';
import { defineCheck } from '../define-check.js';
import { describeResponse, resultOf } from '../handshake.js';
import { isObject } from './lib-features.js';
import {
  TASKS_SPEC,
  TERMINAL_STATUSES,
  cancelTasks,
  createTask,
  getTask,
  isErrorCode,
  listTaskTools,
  pollUntilEnd,
  profileTaskCalls,
  taskCallParams,
  taskCapabilities,
  taskSupportOf,
} from './tasks-lib.js';
import { TASK_WAIT_MS } from './tasks.js';

/**
 * "If execution.taskSupport is not present or "forbidden", clients MUST NOT attempt to invoke the tool as a task.
 * Servers SHOULD return a -32601 (Method not found) error if a client attempts to do so." On a server that declares
 * `tasks.requests.tools.call`, the first profile call whose tool has no task support is made with `task`; anything but
 * error -32601 warns. A task created anyway is cancelled.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/tasks#tool-level-negotiation
 */
export const tasksToolForbidden = defineCheck({
  id: 'tasks/forbidden-tool-not-found',
  title: 'A task-augmented call of a tool without task support gets -32601',
  level: 'SHOULD',
  requirements: ['tasks.tool.forbidden-32601'],
  versions: versionsWith('tasks'),
  needs: { capability: 'tasks', profile: 'calls' },
  session: 'shared',
  concurrent: true,
  spec: `${TASKS_SPEC}#tool-level-negotiation`,
  async run(ctx) {
    const tools = await listTaskTools(ctx);
    const found = (ctx.profile.calls ?? [])
      .map((call) => ({ call, tool: tools.find((t) => t.name === call.tool) }))
      .find(({ tool }) => tool !== undefined && taskSupportOf(tool) === 'forbidden');
    if (!found) return ctx.skip('no profile call names a listed tool without task support (execution.taskSupport absent or "forbidden")');
    const { call, tool } = found;
    const declared = isObject(tool!.execution) && tool!.execution.taskSupport !== undefined ? 'taskSupport "forbidden"' : 'no taskSupport';
    const response = await ctx.session.request('tools/call', taskCallParams(call));
    const label = `tools/call of "${call.tool}" (${declared}) with a task`;
    if (isErrorCode(response, -32601)) return ctx.observe(`${label} got error -32601`);
    ctx.violation(`${label} got ${describeResponse(response)}; servers SHOULD answer -32601 (Method not found)`);
    const task = resultOf(response)?.task;
    if (isObject(task) && typeof task.taskId === 'string') await cancelTasks(ctx, [task.taskId]);
  },
});

/**
 * "Upon receiving a valid cancellation request, receivers SHOULD attempt to stop the task execution and MUST transition
 * the task to cancelled status before sending the response"; "Once a task is cancelled, it MUST remain in cancelled
 * status even if execution continues to completion or fails." Two tasks of the same profile call start together: one
 * is cancelled at once (its tasks/cancel result must say cancelled, and so must tasks/get), the other runs to its end,
 * after which the cancelled one must still be cancelled (or deleted: "receivers MAY delete cancelled tasks").
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/tasks#task-cancellation
 */
export const tasksCancelTransition = defineCheck({
  id: 'tasks/cancel-transition',
  title: 'tasks/cancel moves a working task to cancelled for good',
  level: 'MUST',
  requirements: ['tasks.cancel.transition'],
  versions: versionsWith('tasks'),
  needs: { capability: 'tasks', profile: 'calls' },
  session: 'shared',
  concurrent: true,
  timeoutMs: TASK_WAIT_MS + 10_000,
  spec: `${TASKS_SPEC}#task-cancellation`,
  async run(ctx) {
    if (!taskCapabilities(ctx).cancel) return ctx.skip('the server does not declare tasks.cancel');
    const [{ call }] = await profileTaskCalls(ctx);
    const cancelled = await createTask(ctx, call);
    const reference = await createTask(ctx, call);
    const id = JSON.stringify(cancelled.taskId);
    const response = await ctx.session.request('tasks/cancel', { taskId: cancelled.taskId });
    const result = resultOf(response);
    if (!result) {
      const now = await getTask(ctx, cancelled.taskId);
      await cancelTasks(ctx, [reference.taskId]);
      if (now.status !== undefined && TERMINAL_STATUSES.includes(now.status)) return ctx.skip(`task ${id} had already ended (${now.status}) when tasks/cancel arrived`);
      return void ctx.violation(`tasks/cancel of the ${now.status ?? 'working'} task ${id} got ${describeResponse(response)}; a valid cancellation MUST move the task to cancelled`);
    }
    if (result.status !== 'cancelled') ctx.violation(`tasks/cancel of task ${id} answered status ${JSON.stringify(result.status)}; the task MUST be cancelled before the response is sent`);
    const after = await getTask(ctx, cancelled.taskId);
    const deleted = isErrorCode(after.response, -32602);
    if (!deleted && after.status !== 'cancelled') ctx.violation(`tasks/get right after tasks/cancel shows task ${id} ${describeStatus(after)}, not cancelled`);
    const end = await pollUntilEnd(ctx, reference);
    const ended = end.status !== undefined && TERMINAL_STATUSES.includes(end.status);
    const later = await getTask(ctx, cancelled.taskId);
    if (!ended) await cancelTasks(ctx, [reference.taskId]);
    if (!isErrorCode(later.response, -32602) && later.status !== 'cancelled') {
      return void ctx.violation(`task ${id} was cancelled, but once a task of the same call had ${ended ? `ended (${end.status})` : 'run'}, tasks/get shows it ${describeStatus(later)}; a cancelled task MUST remain cancelled`);
    }
    const outcome = isErrorCode(later.response, -32602) ? 'deleted (tasks/get: -32602)' : 'still cancelled';
    ctx.observe(`tasks/cancel of task ${id} answered cancelled; ${ended ? `once a task of the same call had ${end.status}` : `${TASK_WAIT_MS} ms later`}, it was ${outcome}`);
  },
});

/** How a tasks/get answer reads in a message. */
function describeStatus(poll: { status: string | undefined; response: Parameters<typeof describeResponse>[0] }): string {
  return poll.status !== undefined ? JSON.stringify(poll.status) : `(${describeResponse(poll.response)})`;
}

/** The shortest task id the harness accepts from a server that cannot bind tasks to an authorization context. @default 16 */
export const MIN_TASK_ID_CHARS = 16;
/**
 * The fewest characters in which the ids of two tasks created one after the other must differ (from the first
 * character that differs to the last): counters and timestamps differ in a few trailing or leading characters,
 * random ids throughout. @default 10
 */
export const MIN_TASK_ID_SPREAD_CHARS = 10;

/** From the first to the last character in which two strings differ, or 0. */
export function differingSpan(a: string, b: string): number {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  if (start === a.length && start === b.length) return 0;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  return Math.max(endA, endB) - start;
}

/**
 * "If context-binding is unavailable, receivers MUST generate cryptographically secure task IDs with enough entropy to
 * prevent guessing." Without an Authorization header there is no authorization context to bind tasks to, so the ids
 * of two tasks the harness creates one after the other must be at least {@link MIN_TASK_ID_CHARS} characters long and
 * differ in at least {@link MIN_TASK_ID_SPREAD_CHARS} characters (counters and timestamps fail; no black-box test can
 * prove the randomness cryptographic).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/tasks#task-isolation-and-access-control
 */
export const tasksIdsUnguessable = defineCheck({
  id: 'tasks/ids-unguessable',
  title: 'Without an authorization context, task ids cannot be guessed',
  level: 'MUST',
  requirements: ['tasks.unbound-entropy'],
  versions: versionsWith('tasks'),
  needs: { capability: 'tasks', profile: 'calls' },
  session: 'shared',
  concurrent: true,
  spec: `${TASKS_SPEC}#task-isolation-and-access-control`,
  async run(ctx) {
    if (Object.keys(ctx.http?.headers ?? {}).some((name) => name.toLowerCase() === 'authorization')) {
      return ctx.skip('the harness sends an Authorization header, so the server may bind tasks to it (then any id is allowed)');
    }
    const [{ call }] = await profileTaskCalls(ctx);
    const first = await createTask(ctx, call);
    const second = await createTask(ctx, call);
    await cancelTasks(ctx, [first.taskId, second.taskId]);
    const [a, b] = [first.taskId, second.taskId];
    const rule = 'without an authorization context task ids MUST be cryptographically secure';
    const short = [a, b].filter((id) => id.length < MIN_TASK_ID_CHARS);
    if (short.length > 0) {
      return void ctx.violation(`the task id${short.length === 1 ? '' : 's'} ${short.map((id) => JSON.stringify(id)).join(' and ')} ${short.length === 1 ? 'has' : 'have'} fewer than ${MIN_TASK_ID_CHARS} characters, too few to prevent guessing; ${rule}`);
    }
    const span = differingSpan(a, b);
    if (span === 0) return void ctx.violation(`two tasks got the same id ${JSON.stringify(a)}; task ids MUST be unique`);
    if (span < MIN_TASK_ID_SPREAD_CHARS) {
      return void ctx.violation(`the ids of two tasks created one after the other, ${JSON.stringify(a)} and ${JSON.stringify(b)}, differ in only ${span} character${span === 1 ? '' : 's'}, so one can be guessed from the other; ${rule}`);
    }
    ctx.observe(`two tasks created one after the other got ids ${JSON.stringify(a)} and ${JSON.stringify(b)}, which differ across ${span} characters`);
  },
});

