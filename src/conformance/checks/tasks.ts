/**
 * Tasks (2025-11-25, experimental): task metadata ignored without task support, and the lifecycle of a task-augmented
 * call of a profile tool.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/tasks
 */
import { versionsWith } from '../../protocol/versions.js';
import { defineCheck } from '../define-check.js';
import { describeResponse, errorOf, resultOf } from '../handshake.js';
import { isObject, listAll } from './lib-features.js';

/**
 * "Receivers that do not declare the task capability for a request type MUST process requests of that type normally,
 * ignoring any task-augmentation metadata if present." Without `tasks.requests.tools.call`, the
 * profile's first call with `task: { ttl }` must give an ordinary CallToolResult (no `task`, no error). Declared task
 * capabilities must have the documented shape ("MUST declare a tasks capability").
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/tasks#task-support-and-handling
 */
export const tasksIgnoredWhenUndeclared = defineCheck({
  id: 'tasks/ignored-when-undeclared',
  title: 'Without task support for tools/call, a task-augmented call is processed normally',
  level: 'MUST',
  requirements: ['tasks.receiver.ignore-if-undeclared', 'tasks.capability.declare'],
  versions: versionsWith('tasks'),
  needs: { capability: 'tools', profile: 'calls' },
  session: 'shared',
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/tasks#task-support-and-handling',
  async run(ctx) {
    const tasks = ctx.serverCapabilities.tasks;
    if (tasks !== undefined && !isObject(tasks)) return void ctx.violation(`capabilities.tasks is ${JSON.stringify(tasks)}, not an object`);
    const requests = isObject(tasks) ? tasks.requests : undefined;
    if (requests !== undefined && !isObject(requests)) return void ctx.violation('capabilities.tasks.requests is not an object');
    const toolCalls = isObject(requests) && isObject(requests.tools) ? requests.tools.call : undefined;
    if (toolCalls !== undefined) ctx.skip('the server declares task support for tools/call (tasks/augmented-call covers it)');
    const call = ctx.profile.calls![0]!;
    const response = await ctx.session.request('tools/call', { name: call.tool, arguments: call.arguments ?? {}, task: { ttl: 60_000 } });
    const result = resultOf(response);
    if (!result) ctx.violation(`tools/call of "${call.tool}" with task metadata got ${describeResponse(response)}; without declared task support it MUST be processed normally`);
    else if ('task' in result || !Array.isArray(result.content)) ctx.violation(`tools/call of "${call.tool}" with task metadata got a task instead of a CallToolResult, though the server declares no task support for tools/call`);
    else ctx.observe(`tools/call of "${call.tool}" with task metadata was processed normally`);
  },
});

/** How long the harness polls a task before it gives up. @default 15_000 */
export const TASK_WAIT_MS = 15_000;
/** The shortest pause between two tasks/get polls. @default 100 */
export const MIN_TASK_POLL_MS = 100;
/** A task id no server issued. */
export const UNKNOWN_TASK_ID = 'mcp-conform-no-such-task';

const TERMINAL = ['completed', 'failed', 'cancelled'];
/** "MUST only transition tasks through the following valid paths". */
const NEXT: Record<string, readonly string[]> = {
  working: ['working', 'input_required', 'completed', 'failed', 'cancelled'],
  input_required: ['input_required', 'working', 'completed', 'failed', 'cancelled'],
  completed: ['completed'],
  failed: ['failed'],
  cancelled: ['cancelled'],
};

const isIsoDate = (value: unknown): boolean => typeof value === 'string' && !Number.isNaN(Date.parse(value));

/** What is wrong with a Task object. */
function taskProblems(task: unknown, where: string, needTtl: boolean): string[] {
  if (!isObject(task)) return [`${where} is not a task object`];
  const problems: string[] = [];
  if (typeof task.taskId !== 'string') problems.push(`${where}.taskId is ${JSON.stringify(task.taskId) ?? '(missing)'}, not a string`);
  if (!isIsoDate(task.createdAt)) problems.push(`${where}.createdAt is ${JSON.stringify(task.createdAt) ?? '(missing)'}, not an ISO 8601 date`);
  if (!isIsoDate(task.lastUpdatedAt)) problems.push(`${where}.lastUpdatedAt is ${JSON.stringify(task.lastUpdatedAt) ?? '(missing)'}, not an ISO 8601 date`);
  if (needTtl && !(typeof task.ttl === 'number' || task.ttl === null)) problems.push(`${where}.ttl is ${JSON.stringify(task.ttl) ?? '(missing)'}, not a number or null`);
  return problems;
}

/**
 * A task-augmented call of a profile tool whose `execution.taskSupport` is "optional" or "required", on a server that
 * declares `tasks.requests.tools.call`: a required tool called without a task gets -32601 ("Servers MUST return a
 * -32601 (Method not found) error if a client does not attempt to do so"; -32600 only warns, CATALOGUE §31 #10); with
 * a task it returns a CreateTaskResult whose task has a string `taskId` and "MUST begin in the working status", with
 * `createdAt` and `lastUpdatedAt` ("MUST include … in all task responses") and, in tasks/get, the `ttl`; polling moves
 * only along the valid paths to a terminal status; tasks/result carries `io.modelcontextprotocol/related-task`; an
 * unknown taskId gets -32602 from tasks/get, tasks/result and tasks/cancel; cancelling a terminal task gets -32602; a
 * declared tasks/list lists the task.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/tasks
 */
export const tasksAugmentedCall = defineCheck({
  id: 'tasks/augmented-call',
  title: "A task-augmented call of a profile tool follows the task lifecycle",
  level: 'MUST',
  requirements: [
    'tasks.tool.required-32601',
    'tasks.create.result',
    'tasks.create.initial-working',
    'tasks.id.string-unique',
    'tasks.timestamps',
    'tasks.ttl.in-get',
    'tasks.status.transitions',
    'tasks.result.related-meta',
    'tasks.unknown-id-32602',
    'tasks.cancel.terminal-32602',
    'tasks.list.consistency',
  ],
  versions: versionsWith('tasks'),
  needs: { capability: 'tools', profile: 'calls' },
  session: 'shared',
  timeoutMs: TASK_WAIT_MS + 10_000,
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/tasks',
  async run(ctx) {
    const tasks = ctx.serverCapabilities.tasks;
    const requests = isObject(tasks) && isObject(tasks.requests) ? tasks.requests : undefined;
    if (!(isObject(requests) && isObject(requests.tools) && requests.tools.call !== undefined)) ctx.skip('the server does not declare tasks.requests.tools.call');
    const listed = (await listAll(ctx.session, 'tools/list', 'tools')).items;
    const supportOf = (name: string): unknown => {
      const tool = listed.find((t) => t.name === name);
      return isObject(tool?.execution) ? tool.execution.taskSupport : undefined;
    };
    const call = (ctx.profile.calls ?? []).find((c) => supportOf(c.tool) === 'optional' || supportOf(c.tool) === 'required');
    if (!call) return ctx.skip('no profile call names a tool whose execution.taskSupport is "optional" or "required"');
    const params = { name: call.tool, arguments: call.arguments ?? {} };
    if (supportOf(call.tool) === 'required') {
      const plain = await ctx.session.request('tools/call', params);
      const code = errorOf(plain)?.code;
      if (code === -32600) ctx.violation(`tools/call of "${call.tool}" (taskSupport "required") without a task got -32600 instead of -32601`, { level: 'SHOULD' });
      else if (resultOf(plain)?.isError === true) ctx.violation(`tools/call of "${call.tool}" (taskSupport "required") without a task got a result with isError: true instead of a JSON-RPC error -32601`);
      else if (code !== -32601) ctx.violation(`tools/call of "${call.tool}" (taskSupport "required") without a task got ${describeResponse(plain)} instead of error -32601`);
    }
    const created = resultOf(await ctx.session.request('tools/call', { ...params, task: { ttl: 60_000 } }));
    const task = created?.task;
    if (!isObject(task)) return void ctx.violation(`tools/call of "${call.tool}" with a task got ${created ? 'a result without a task' : 'an error'} instead of a CreateTaskResult`);
    for (const problem of taskProblems(task, 'the created task', false)) ctx.violation(problem);
    if (task.status !== 'working') ctx.violation(`the created task has status ${JSON.stringify(task.status)}; tasks MUST begin in the working status`);
    const taskId = task.taskId as string;
    let status = String(task.status);
    const deadline = Date.now() + TASK_WAIT_MS;
    while (!TERMINAL.includes(status) && status !== 'input_required' && Date.now() < deadline) {
      const pause = Math.max(MIN_TASK_POLL_MS, typeof task.pollInterval === 'number' ? task.pollInterval : 0);
      await ctx.session.collect(Math.min(pause, 2_000));
      const got = await ctx.session.request('tasks/get', { taskId });
      const current = resultOf(got);
      if (!current) return void ctx.violation(`tasks/get of ${JSON.stringify(taskId)} got ${describeResponse(got)}`);
      for (const problem of taskProblems(current, 'tasks/get', true)) ctx.violation(problem);
      const next = String(current.status);
      if (!(NEXT[status] ?? []).includes(next)) ctx.violation(`the task moved from ${status} to ${next}, which is not a valid transition`);
      status = next;
    }
    if (status === 'completed' || status === 'failed') {
      const final = resultOf(await ctx.session.request('tasks/result', { taskId }));
      const related = isObject(final?._meta) ? final._meta['io.modelcontextprotocol/related-task'] : undefined;
      if (!isObject(related) || related.taskId !== taskId) ctx.violation(`tasks/result of ${JSON.stringify(taskId)} lacks _meta["io.modelcontextprotocol/related-task"] with its taskId`);
      if (isObject(tasks) && tasks.cancel !== undefined) {
        const cancel = await ctx.session.request('tasks/cancel', { taskId });
        if (errorOf(cancel)?.code !== -32602) ctx.violation(`tasks/cancel of the ${status} task got ${describeResponse(cancel)} instead of error -32602`);
      }
    } else if (!TERMINAL.includes(status)) {
      ctx.observe(`the task was still ${status} after ${TASK_WAIT_MS} ms`);
      if (isObject(tasks) && tasks.cancel !== undefined) await ctx.session.request('tasks/cancel', { taskId });
    }
    for (const method of ['tasks/get', 'tasks/result', ...(isObject(tasks) && tasks.cancel !== undefined ? ['tasks/cancel'] : [])]) {
      const response = await ctx.session.request(method, { taskId: UNKNOWN_TASK_ID });
      if (errorOf(response)?.code !== -32602) ctx.violation(`${method} of an unknown taskId got ${describeResponse(response)} instead of error -32602`);
    }
    if (isObject(tasks) && tasks.list !== undefined) {
      const all = await listAll(ctx.session, 'tasks/list', 'tasks');
      if (!all.failure && !all.loop && !all.items.some((t) => t.taskId === taskId)) ctx.violation(`tasks/list does not list the task ${JSON.stringify(taskId)}, which tasks/get returns`);
    }
    ctx.observe(`tools/call of "${call.tool}" created task ${JSON.stringify(taskId)}, which reached ${status}`);
  },
});
