/**
 * Tasks (2025-11-25, experimental): what tasks/result gives, and when.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/tasks#result-retrieval
 */
import { TimeoutError } from '../../protocol/errors.js';
import type { JsonRpcResponse } from '../../protocol/jsonrpc.js';
import { versionsWith } from '../../protocol/versions.js';
import type { CheckContext } from '../check-context.js';
import { defineCheck } from '../define-check.js';
import { describeResponse, errorOf, resultOf } from '../handshake.js';
import { isObject } from './lib-features.js';
import {
  TASKS_SPEC,
  TERMINAL_STATUSES,
  cancelTasks,
  canonicalJson,
  createTask,
  getTask,
  pollUntilEnd,
  profileTaskCalls,
  taskCallParams,
  type CreatedTask,
  type TaskCall,
} from './tasks-lib.js';
import { TASK_WAIT_MS } from './tasks.js';

/** tasks/result of a task, or undefined when it got no answer within {@link TASK_WAIT_MS}. */
async function taskResult(ctx: CheckContext, created: CreatedTask): Promise<JsonRpcResponse | undefined> {
  return ctx.session.request('tasks/result', { taskId: created.taskId }, { timeoutMs: TASK_WAIT_MS }).catch((error: unknown) => {
    if (error instanceof TimeoutError) return undefined;
    throw error;
  });
}

const isTerminal = (status: string | undefined): boolean => status !== undefined && TERMINAL_STATUSES.includes(status);

/**
 * tasks/result of a task once tasks/get shows it terminal (so that what a check sees does not depend on tasks/result
 * blocking, which tasks/result-blocks judges), with that status; skips the check when the task has not ended within
 * {@link TASK_WAIT_MS} (and cancels it).
 */
async function endedResult(ctx: CheckContext, created: CreatedTask): Promise<{ response: JsonRpcResponse; status: string }> {
  const end = await pollUntilEnd(ctx, created);
  if (end.status === undefined || !isTerminal(end.status)) {
    await cancelTasks(ctx, [created.taskId]);
    return ctx.skip(`task ${JSON.stringify(created.taskId)} had not ended after ${TASK_WAIT_MS} ms (tasks/get: ${end.status !== undefined ? JSON.stringify(end.status) : describeResponse(end.response)}), so its result could not be read`);
  }
  return { response: await ctx.session.request('tasks/result', { taskId: created.taskId }), status: end.status };
}

/**
 * "When a receiver receives a tasks/result request for a task in any other non-terminal status (working or
 * input_required), it MUST block the response until the task reaches a terminal status." The harness creates a task
 * from a profile call and sends tasks/get and tasks/result right after; once tasks/result is answered, tasks/get must
 * show a terminal status (a task never leaves one, so a working task then means the answer came too early). A task
 * already terminal at the first tasks/get gives nothing to block on, and skips.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/tasks#result-retrieval
 */
export const tasksResultBlocks = defineCheck({
  id: 'tasks/result-blocks',
  title: 'tasks/result of a working task waits until the task ends',
  level: 'MUST',
  requirements: ['tasks.result.blocks'],
  versions: versionsWith('tasks'),
  needs: { capability: 'tasks', profile: 'calls' },
  session: 'shared',
  concurrent: true,
  timeoutMs: TASK_WAIT_MS + 10_000,
  spec: `${TASKS_SPEC}#result-retrieval`,
  async run(ctx) {
    const [{ call }] = await profileTaskCalls(ctx);
    const created = await createTask(ctx, call);
    const id = JSON.stringify(created.taskId);
    const before = getTask(ctx, created.taskId);
    const answer = taskResult(ctx, created);
    const was = await before;
    if (was.status === undefined || isTerminal(was.status)) {
      // Leave no request of ours pending on the session (a terminal task's result comes at once).
      await answer;
      if (was.status === undefined) return ctx.skip(`tasks/get of the new task ${id} got ${describeResponse(was.response)}, so its status could not be seen`);
      return ctx.skip(`task ${id} had already ended (${was.status}) when tasks/result was sent, so there was nothing to block on`);
    }
    const response = await answer;
    const now = await getTask(ctx, created.taskId);
    if (response === undefined) {
      if (isTerminal(now.status)) return void ctx.violation(`tasks/result of task ${id} got no answer within ${TASK_WAIT_MS} ms though tasks/get shows it ${now.status}; once the task is terminal, tasks/result MUST return its result`);
      await cancelTasks(ctx, [created.taskId]);
      return ctx.observe(`tasks/result of task ${id}, sent while it was ${was.status}, was still waiting after ${TASK_WAIT_MS} ms, while tasks/get shows it ${now.status ?? describeResponse(now.response)}`);
    }
    if (now.status === undefined) return ctx.skip(`tasks/get after tasks/result of task ${id} got ${describeResponse(now.response)}, so when the task ended could not be seen`);
    if (!isTerminal(now.status)) {
      await cancelTasks(ctx, [created.taskId]);
      return void ctx.violation(`tasks/result of task ${id}, sent while it was ${was.status}, was answered (${describeResponse(response)}) while tasks/get still shows it ${now.status}; it MUST block until the task reaches a terminal status`);
    }
    ctx.observe(`tasks/result of task ${id}, sent while it was ${was.status}, was answered once the task was ${now.status}`);
  },
});

/** A response with the result's top-level `_meta` left out (the related-task key belongs there), as canonical JSON. */
function comparable(response: JsonRpcResponse): string {
  const error = errorOf(response);
  if (error) return canonicalJson({ error: { code: error.code, message: error.message, data: error.data } });
  const { _meta: _ignored, ...rest } = resultOf(response) ?? {};
  return canonicalJson({ result: rest });
}

/**
 * "For tasks in a terminal status, receivers MUST return from tasks/result exactly what the underlying request would
 * have returned, whether that is a successful result or a JSON-RPC error." With a profile call whose tool is
 * task-optional, the call is made twice without a task: if both answers agree (the tool is deterministic), tasks/result
 * of the same call as a task (read once tasks/get shows the task ended) must give the same answer, `_meta` aside. Otherwise (a task-only tool, or answers that
 * differ) tasks/result must at least be what tools/call returns: a CallToolResult or a JSON-RPC error, not a task.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/tasks#result-retrieval
 */
export const tasksResultExact = defineCheck({
  id: 'tasks/result-exact',
  title: 'tasks/result returns exactly what the call without a task returns',
  level: 'MUST',
  requirements: ['tasks.result.exact'],
  versions: versionsWith('tasks'),
  needs: { capability: 'tasks', profile: 'calls' },
  session: 'shared',
  concurrent: true,
  timeoutMs: TASK_WAIT_MS + 10_000,
  spec: `${TASKS_SPEC}#result-retrieval`,
  async run(ctx) {
    const calls = await profileTaskCalls(ctx);
    const { call, support } = calls.find((c) => c.support === 'optional') ?? calls[0];
    let plain: JsonRpcResponse | undefined;
    let deterministic = false;
    if (support === 'optional') {
      const params = { name: call.tool, arguments: call.arguments ?? {} };
      plain = await ctx.session.request('tools/call', params);
      deterministic = comparable(plain) === comparable(await ctx.session.request('tools/call', params));
    }
    const created = await createTask(ctx, call);
    const id = JSON.stringify(created.taskId);
    const { response: final } = await endedResult(ctx, created);
    const label = `tasks/result of task ${id} ("${call.tool}")`;
    if (plain && deterministic) {
      if (comparable(final) !== comparable(plain)) {
        return void ctx.violation(`${label} gave ${describeResponse(final)}, but the same call without a task gives ${describeResponse(plain)} every time; tasks/result MUST return exactly what the underlying request would have returned`);
      }
      return ctx.observe(`${label} gave exactly what the same call without a task gives (_meta aside)`);
    }
    const result = resultOf(final);
    if (result && (!Array.isArray(result.content) || 'task' in result)) {
      return void ctx.violation(`${label} gave ${describeResponse(final)}, which is not a CallToolResult; tasks/result MUST return what tools/call would have returned`);
    }
    const why = plain ? `"${call.tool}" answered differently twice without a task, so the answers could not be compared` : `"${call.tool}" is task-only (taskSupport "required"), so there is no call without a task to compare with`;
    ctx.observe(`${label} gave ${result ? 'a CallToolResult' : `error ${String(errorOf(final)?.code)}`}, as tools/call would; ${why}`);
  },
});

/** A value of another type than a JSON Schema property asks for, or undefined for untyped properties. */
function wrongValueFor(schema: unknown): unknown {
  const type = isObject(schema) ? schema.type : undefined;
  const wrong: Record<string, unknown> = { string: 12345, number: 'not a number', integer: 'not a number', boolean: 'not a boolean', array: 'not an array', object: 'not an object' };
  return typeof type === 'string' ? wrong[type] : undefined;
}

/** A profile task call with one typed argument replaced by a value of another type, or undefined. */
function withBrokenArgument({ call, tool }: TaskCall): { arguments: Record<string, unknown>; name: string; type: unknown } | undefined {
  const properties = isObject(tool.inputSchema) && isObject(tool.inputSchema.properties) ? tool.inputSchema.properties : {};
  const target = Object.entries(properties).find(([, schema]) => wrongValueFor(schema) !== undefined);
  if (!target) return undefined;
  const [name, schema] = target;
  return { arguments: { ...(call.arguments ?? {}), [name]: wrongValueFor(schema) }, name, type: (schema as { type?: unknown }).type };
}

/**
 * "For tasks that wrap tool call requests, when the tool result has isError set to true, the task should reach failed
 * status" (and "When the underlying request does not complete successfully, the task moves to the failed status").
 * To get a failing task without side effects, the harness makes a task-capable profile call as a task with one typed
 * argument of the wrong type, as tools/input-validation does without a task: when the server accepts it as a task and
 * its result is `isError: true` (or a JSON-RPC error), tasks/get must show the task failed. A server that refuses the
 * call before creating a task gives no task to observe, and skips. Lower-case "should": a warning.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/tasks#task-execution-errors
 */
export const tasksFailedOnIsError = defineCheck({
  id: 'tasks/failed-on-is-error',
  title: 'A task whose tool result has isError ends failed',
  level: 'SHOULD',
  requirements: ['tasks.failed-on-is-error'],
  versions: versionsWith('tasks'),
  needs: { capability: 'tasks', profile: 'calls' },
  session: 'shared',
  concurrent: true,
  timeoutMs: TASK_WAIT_MS + 10_000,
  spec: `${TASKS_SPEC}#task-execution-errors`,
  async run(ctx) {
    const calls = await profileTaskCalls(ctx);
    const target = calls.map((taskCall) => ({ taskCall, broken: withBrokenArgument(taskCall) })).find(({ broken }) => broken !== undefined);
    if (!target) return ctx.skip('none of the task-capable profile tools has a typed property to break');
    const { taskCall, broken } = target;
    const tool = taskCall.call.tool;
    const label = `tools/call of "${tool}" with ${JSON.stringify(broken!.name)}: ${JSON.stringify(broken!.arguments[broken!.name])} (the schema says ${JSON.stringify(broken!.type)}) and a task`;
    const response = await ctx.session.request('tools/call', taskCallParams({ tool, arguments: broken!.arguments }));
    const task = resultOf(response)?.task;
    if (!isObject(task) || typeof task.taskId !== 'string') return ctx.skip(`${label} got ${describeResponse(response)}, not a task, so there is no task status to observe`);
    const created: CreatedTask = { taskId: task.taskId, task, frame: undefined };
    const id = JSON.stringify(task.taskId);
    const { response: final, status } = await endedResult(ctx, created);
    const isError = resultOf(final)?.isError === true;
    if (!isError && !errorOf(final)) return ctx.skip(`${label} became task ${id}, whose result has no isError (tools/input-validation judges the arguments), so there is no failure to observe`);
    const what = isError ? 'has isError: true' : `is error ${String(errorOf(final)?.code)}`;
    if (status === 'failed') return ctx.observe(`${label} became task ${id}, whose result ${what}, and the task ended failed`);
    ctx.violation(`${label} became task ${id}, whose result ${what}, but the task ended ${status}; for a tool result with isError the task should reach failed status`);
  },
});
