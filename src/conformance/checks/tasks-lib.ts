/**
 * Helpers shared by the task checks (2025-11-25, experimental): which profile calls may become tasks, creating a task
 * from one, and following it with tasks/get until it ends. The harness only ever reads, waits on or cancels tasks it
 * created itself.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/tasks
 */
import type { JsonRpcResponse } from '../../protocol/jsonrpc.js';
import type { WireFrameEvent } from '../../protocol/wire.js';
import type { CheckContext } from '../check-context.js';
import { describeResponse, errorOf, resultOf } from '../handshake.js';
import { isObject, isResponseMessage, listAll, messagesIn, nextSeq } from './lib-features.js';
import { MIN_TASK_POLL_MS, TASK_WAIT_MS } from './tasks.js';

/** The specification page of tasks. */
export const TASKS_SPEC = 'https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/tasks';
/** The `_meta` key that ties a message to a task. */
export const RELATED_TASK_KEY = 'io.modelcontextprotocol/related-task';
/** The statuses a task never leaves. */
export const TERMINAL_STATUSES: readonly string[] = ['completed', 'failed', 'cancelled'];
/** The ttl the harness asks for. @default 60_000 */
export const TASK_TTL_MS = 60_000;
/** The longest pause between two tasks/get polls, whatever pollInterval the server suggests. @default 2_000 */
export const MAX_TASK_POLL_MS = 2_000;

/** A profile call (or the slow call) the harness may make. */
export interface ProfileCall {
  tool: string;
  arguments?: Record<string, unknown>;
}

/** A profile call whose tool declares `execution.taskSupport` "optional" or "required". */
export interface TaskCall {
  call: ProfileCall;
  support: 'optional' | 'required';
  /** The tool as tools/list gave it. */
  tool: Record<string, unknown>;
}

/** What a server says about tasks in its capabilities. */
export interface TaskCapabilities {
  toolCalls: boolean;
  list: boolean;
  cancel: boolean;
}

/** The task capabilities the server declared. */
export function taskCapabilities(ctx: CheckContext): TaskCapabilities {
  const tasks = ctx.serverCapabilities.tasks;
  if (!isObject(tasks)) return { toolCalls: false, list: false, cancel: false };
  const requests = isObject(tasks.requests) ? tasks.requests : {};
  return { toolCalls: isObject(requests.tools) && requests.tools.call !== undefined, list: tasks.list !== undefined, cancel: tasks.cancel !== undefined };
}

/** `execution.taskSupport` of a listed tool ("forbidden" when absent, the specification's default). */
export function taskSupportOf(tool: Record<string, unknown> | undefined): unknown {
  const support = isObject(tool?.execution) ? tool.execution.taskSupport : undefined;
  return support ?? 'forbidden';
}

/**
 * The tools the server lists, after skipping the check unless the server declares `tools` and
 * `tasks.requests.tools.call`. A list that breaks skips too: the list checks judge it.
 */
export async function listTaskTools(ctx: CheckContext): Promise<Record<string, unknown>[]> {
  if (!taskCapabilities(ctx).toolCalls) ctx.skip('the server does not declare tasks.requests.tools.call');
  if (!('tools' in ctx.serverCapabilities)) ctx.skip('the server does not declare the tools capability');
  const outcome = await listAll(ctx.session, 'tools/list', 'tools');
  if (outcome.failure || outcome.loop) ctx.skip(`tools/list could not be read: ${outcome.failure ?? outcome.loop}`);
  return outcome.items;
}

/**
 * The profile calls (the slow call first when `slowFirst`) whose tools support tasks, in profile order; skips the check
 * when there is none.
 */
export async function profileTaskCalls(ctx: CheckContext, options: { slowFirst?: boolean } = {}): Promise<[TaskCall, ...TaskCall[]]> {
  const tools = await listTaskTools(ctx);
  const slow = ctx.profile.slow ? [{ tool: ctx.profile.slow.tool, ...(ctx.profile.slow.arguments ? { arguments: ctx.profile.slow.arguments } : {}) }] : [];
  const candidates: ProfileCall[] = options.slowFirst ? [...slow, ...(ctx.profile.calls ?? [])] : [...(ctx.profile.calls ?? [])];
  const found: TaskCall[] = [];
  for (const call of candidates) {
    const tool = tools.find((t) => t.name === call.tool);
    const support = taskSupportOf(tool);
    if (tool && (support === 'optional' || support === 'required')) found.push({ call, support, tool });
  }
  if (found.length === 0) ctx.skip(`no profile call${options.slowFirst ? ' (nor the slow call)' : ''} names a tool whose execution.taskSupport is "optional" or "required"`);
  return found as [TaskCall, ...TaskCall[]];
}

/** A task the harness created. */
export interface CreatedTask {
  taskId: string;
  /** The task object of the CreateTaskResult. */
  task: Record<string, unknown>;
  /** The frame of the CreateTaskResult. */
  frame: WireFrameEvent | undefined;
}

let requestCounter = 0;
/** A request id no other request of the harness uses, so that its response frame can be found on the wire. */
export function taskRequestId(label: string): string {
  requestCounter += 1;
  return `mcp-conform-${label}-${requestCounter}`;
}

/** The frame of the response with `id` the server sent since wire event `fromSeq`. */
export function responseFrame(ctx: CheckContext, id: string, fromSeq: number): WireFrameEvent | undefined {
  return messagesIn(ctx.session, fromSeq).find(({ message }) => isResponseMessage(message) && message.id === id)?.frame;
}

/** The `tools/call` params of a task-augmented call. */
export function taskCallParams(call: ProfileCall, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: call.tool, arguments: call.arguments ?? {}, task: { ttl: TASK_TTL_MS }, ...extra };
}

/**
 * Makes a task-augmented call and returns the task; skips the check when the server answers anything but a
 * CreateTaskResult with a string taskId (tasks/augmented-call judges that).
 */
export async function createTask(ctx: CheckContext, call: ProfileCall, extra: Record<string, unknown> = {}): Promise<CreatedTask> {
  const id = taskRequestId('task-call');
  const from = nextSeq(ctx.session);
  const response = await ctx.session.request('tools/call', taskCallParams(call, extra), { id });
  const task = resultOf(response)?.task;
  if (!isObject(task) || typeof task.taskId !== 'string') {
    ctx.skip(`tools/call of "${call.tool}" with a task got ${describeResponse(response)} instead of a CreateTaskResult (tasks/augmented-call judges that)`);
  }
  return { taskId: task.taskId as string, task, frame: responseFrame(ctx, id, from) };
}

/** The status of a task as tasks/get gives it, with the response and its frame. */
export interface TaskPoll {
  status: string | undefined;
  response: JsonRpcResponse;
  frame: WireFrameEvent | undefined;
}

/** One tasks/get of a task. */
export async function getTask(ctx: CheckContext, taskId: string, params: Record<string, unknown> = {}, timeoutMs?: number): Promise<TaskPoll> {
  const id = taskRequestId('task-get');
  const from = nextSeq(ctx.session);
  const response = await ctx.session.request('tasks/get', { taskId, ...params }, { id, ...(timeoutMs ? { timeoutMs } : {}) });
  const status = resultOf(response)?.status;
  return { status: typeof status === 'string' ? status : undefined, response, frame: responseFrame(ctx, id, from) };
}

/** How long to wait before polling a task again. */
function pauseFor(task: Record<string, unknown> | undefined): number {
  const suggested = typeof task?.pollInterval === 'number' ? task.pollInterval : 0;
  return Math.min(MAX_TASK_POLL_MS, Math.max(MIN_TASK_POLL_MS, suggested));
}

/**
 * Polls tasks/get until the task is terminal, needs input (which the harness cannot give), tasks/get fails, or
 * {@link TASK_WAIT_MS} pass. Returns the last poll.
 */
export async function pollUntilEnd(ctx: CheckContext, created: CreatedTask, waitMs = TASK_WAIT_MS): Promise<TaskPoll> {
  const deadline = Date.now() + waitMs;
  let poll = await getTask(ctx, created.taskId);
  while (poll.status !== undefined && !TERMINAL_STATUSES.includes(poll.status) && poll.status !== 'input_required' && Date.now() < deadline) {
    await ctx.session.collect(Math.min(pauseFor(resultOf(poll.response) ?? created.task), Math.max(1, deadline - Date.now())));
    poll = await getTask(ctx, created.taskId);
  }
  return poll;
}

/** Cancels the harness's tasks that may still be running (when the server declares tasks/cancel), answers ignored. */
export async function cancelTasks(ctx: CheckContext, taskIds: readonly string[]): Promise<void> {
  if (!taskCapabilities(ctx).cancel || ctx.session.closed) return;
  for (const taskId of taskIds) await ctx.session.request('tasks/cancel', { taskId }).catch(() => undefined);
}

/** Whether a response is the error `code`. */
export function isErrorCode(response: JsonRpcResponse, code: number): boolean {
  return errorOf(response)?.code === code;
}

/** JSON with object keys sorted, for comparing results whatever order their keys came in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'undefined';
}
