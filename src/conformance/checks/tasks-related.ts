/**
 * Tasks (2025-11-25, experimental): messages tied to a task. The related-task metadata on the server's messages for a
 * task, and ignored on the task operations; progress of a task-augmented call.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/tasks#associating-task-related-messages
 */
import { TimeoutError } from '../../protocol/errors.js';
import { versionsWith } from '../../protocol/versions.js';
import type { WireFrameEvent } from '../../protocol/wire.js';
import type { CheckContext } from '../check-context.js';
import { defineCheck } from '../define-check.js';
import { describeResponse, enterVersion, resultOf } from '../handshake.js';
import { isObject, messagesIn, nextSeq, notificationsIn } from './lib-features.js';
import {
  RELATED_TASK_KEY,
  TASKS_SPEC,
  TERMINAL_STATUSES,
  cancelTasks,
  createTask,
  getTask,
  listTaskTools,
  pollUntilEnd,
  profileTaskCalls,
  taskSupportOf,
  type CreatedTask,
  type TaskPoll,
} from './tasks-lib.js';
import { TASK_WAIT_MS } from './tasks.js';

/**
 * How long the harness waits for tasks/get with related-task metadata (at most the request time limit), which a server
 * answers as fast as any tasks/get unless the metadata sends the answer elsewhere. @default 5_000
 */
export const RELATED_META_ANSWER_MS = 5_000;

/**
 * "For the tasks/get, tasks/result, and tasks/cancel operations, the taskId parameter in the request MUST be used as
 * the source of truth for identifying the target task. Requestors SHOULD NOT include io.modelcontextprotocol/related-task
 * metadata in these requests, and receivers MUST ignore such metadata if present in favor of the RPC method parameter."
 * The harness creates tasks A and B from a profile call and sends tasks/get of A with the metadata naming B: the
 * answer must be task A, as promptly as without the metadata. On a session of its own: a server that withholds the
 * answer may deliver it later, and a stray answer must not reach other checks.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/tasks#associating-task-related-messages
 */
export const tasksRelatedTaskIgnoredOnOps = defineCheck({
  id: 'tasks/related-task-ignored-on-operations',
  title: 'tasks/get follows its taskId parameter, not related-task metadata',
  level: 'MUST',
  requirements: ['tasks.related-meta.ignore-on-ops'],
  versions: versionsWith('tasks'),
  needs: { capability: 'tasks', profile: 'calls' },
  timeoutMs: RELATED_META_ANSWER_MS + 15_000,
  spec: `${TASKS_SPEC}#associating-task-related-messages`,
  async run(ctx) {
    const [{ call }] = await profileTaskCalls(ctx);
    const a = await createTask(ctx, call);
    const b = await createTask(ctx, call);
    const [idA, idB] = [JSON.stringify(a.taskId), JSON.stringify(b.taskId)];
    try {
      const plain = await getTask(ctx, a.taskId);
      if (resultOf(plain.response)?.taskId !== a.taskId) return ctx.skip(`tasks/get of task ${idA} got ${describeResponse(plain.response)} even without metadata (tasks/augmented-call judges tasks/get)`);
      const label = `tasks/get of task ${idA} with _meta["${RELATED_TASK_KEY}"] naming task ${idB}`;
      const rule = 'receivers MUST ignore such metadata in favor of the taskId parameter';
      const waitMs = Math.min(RELATED_META_ANSWER_MS, ctx.requestTimeoutMs);
      let probe: TaskPoll;
      try {
        probe = await getTask(ctx, a.taskId, { _meta: { [RELATED_TASK_KEY]: { taskId: b.taskId } } }, waitMs);
      } catch (error) {
        if (!(error instanceof TimeoutError)) throw error;
        return void ctx.violation(`${label} got no response within ${waitMs} ms, though tasks/get without it was answered; ${rule}`);
      }
      const got = resultOf(probe.response)?.taskId;
      if (got === a.taskId) return ctx.observe(`${label} returned task ${idA}: the metadata was ignored`);
      ctx.violation(got === b.taskId ? `${label} returned task ${idB}; ${rule}` : `${label} got ${describeResponse(probe.response)} instead of task ${idA}; ${rule}`);
    } finally {
      await cancelTasks(ctx, [a.taskId, b.taskId]);
    }
  },
});

/** The progress token of the task-augmented call of tasks/progress-token. */
export const TASK_PROGRESS_TOKEN = 'mcp-conform-task-progress';
/** The progress token of the task-augmented call of tasks/related-task-on-messages (each check has its own). */
export const RELATED_TASK_PROGRESS_TOKEN = 'mcp-conform-task-related';
/** How long the harness keeps listening once the task has ended. @default 300 */
export const TASK_PROGRESS_TAIL_MS = 300;
/**
 * On Streamable HTTP, notifications may travel on another stream than an answer: a notification counts as later than
 * an answer only when it arrived this much later. @default 250
 */
export const CROSS_STREAM_GRACE_MS = 250;

/** Whether the server sent `frame` after `reference` (judged by arrival where one ordered stream carries both). */
function cameAfter(ctx: CheckContext, frame: WireFrameEvent, reference: WireFrameEvent): boolean {
  if (ctx.transport === 'streamable-http') return frame.timestamp > reference.timestamp + CROSS_STREAM_GRACE_MS;
  return frame.seq > reference.seq;
}

/** What following a task with a progress token showed. */
interface ProgressRun {
  tool: string;
  token: string;
  created: CreatedTask;
  end: TaskPoll;
  ended: boolean;
  /** Every progress notification since the call was sent. */
  progress: Array<{ message: Record<string, unknown>; frame: WireFrameEvent }>;
}

/**
 * Makes a task-capable profile call (the slow call first, when its tool supports tasks) as a task with a progress
 * token, polls it until it ends, and listens {@link TASK_PROGRESS_TAIL_MS} more.
 */
async function runTaskWithProgress(ctx: CheckContext, token: string): Promise<ProgressRun> {
  const [{ call }] = await profileTaskCalls(ctx, { slowFirst: true });
  const from = nextSeq(ctx.session);
  const created = await createTask(ctx, call, { _meta: { progressToken: token } });
  const end = await pollUntilEnd(ctx, created);
  const ended = end.status !== undefined && TERMINAL_STATUSES.includes(end.status);
  if (!ended) await cancelTasks(ctx, [created.taskId]);
  await ctx.session.collect(TASK_PROGRESS_TAIL_MS);
  return { tool: call.tool, token, created, end, ended, progress: notificationsIn(ctx.session, 'notifications/progress', from) };
}

const tokenOf = (message: Record<string, unknown>): unknown => (isObject(message.params) ? message.params.progressToken : undefined);

/**
 * "For task-augmented requests, the progressToken provided in the original request MUST continue to be used for
 * progress notifications throughout the task's lifetime, even after the CreateTaskResult has been returned"; "Progress
 * notifications for tasks MUST stop after the task reaches a terminal status". The harness follows a task-augmented
 * call with a progress token on a session of its own (so that every progress notification in it is the task's): each
 * must carry that token, and none may come after tasks/get showed the task terminal. No progress at all is allowed,
 * and skips.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/progress#behavior-requirements
 */
export const tasksProgressToken = defineCheck({
  id: 'tasks/progress-token',
  title: 'Progress of a task keeps the request token and stops when the task ends',
  level: 'MUST',
  requirements: ['progress.task-token'],
  versions: versionsWith('tasks'),
  needs: { capability: 'tasks', profile: ['calls', 'slow'] },
  timeoutMs: TASK_WAIT_MS + 10_000,
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/progress#behavior-requirements',
  async run(ctx) {
    const run = await runTaskWithProgress(ctx, TASK_PROGRESS_TOKEN);
    const id = JSON.stringify(run.created.taskId);
    if (run.progress.length === 0) return ctx.skip(`the server sent no progress notification for task ${id} ("${run.tool}"); it may choose not to`);
    const foreign = run.progress.filter(({ message }) => tokenOf(message) !== TASK_PROGRESS_TOKEN);
    if (foreign.length > 0) {
      ctx.violation(
        `${foreign.length} progress notification${foreign.length === 1 ? '' : 's'} during task ${id} ${foreign.length === 1 ? 'carries' : 'carry'} token ${JSON.stringify(tokenOf(foreign[0]!.message)) ?? '(missing)'}, not ${JSON.stringify(TASK_PROGRESS_TOKEN)}, the token of the task-augmented request, which MUST continue to be used`,
        { evidence: foreign.map((n) => n.frame) },
      );
    }
    const endFrame = run.ended ? run.end.frame : undefined;
    const late = endFrame ? run.progress.filter(({ message, frame }) => tokenOf(message) === TASK_PROGRESS_TOKEN && cameAfter(ctx, frame, endFrame)) : [];
    if (late.length > 0) {
      ctx.violation(`${late.length} progress notification${late.length === 1 ? '' : 's'} for task ${id} came after tasks/get showed it ${run.end.status}; they MUST stop once the task reaches a terminal status`, {
        evidence: [endFrame!, ...late.map((n) => n.frame)],
      });
    }
    const afterCreate = run.created.frame ? run.progress.filter(({ frame }) => frame.seq > run.created.frame!.seq).length : 0;
    const ending = run.ended ? `, none after tasks/get showed it ${run.end.status}` : ` (the task had not ended after ${TASK_WAIT_MS} ms)`;
    ctx.observe(`${run.progress.length} progress notification${run.progress.length === 1 ? '' : 's'} for task ${id} (${afterCreate} after its CreateTaskResult) ${run.progress.length === 1 ? 'carries' : 'carry'} the request's token${ending}`, run.progress.map((n) => n.frame));
  },
});

/**
 * "All requests, notifications, and responses related to a task MUST include the io.modelcontextprotocol/related-task
 * key in their _meta field, with the value set to an object with a taskId matching the associated task ID." The
 * harness follows a task-augmented call with a progress token: each progress notification for it after the
 * CreateTaskResult (the token "remains valid and associated with the task") must carry the key with the task's id.
 * A server that sends nothing for the task but answers gives nothing to judge, and skips. (The tasks/result answer is
 * tasks/augmented-call's; tasks/get, tasks/list, tasks/cancel and notifications/tasks/status are exempt.)
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/tasks#associating-task-related-messages
 */
export const tasksRelatedTaskOnMessages = defineCheck({
  id: 'tasks/related-task-on-messages',
  title: "The server's notifications for a task carry related-task metadata",
  level: 'MUST',
  requirements: ['tasks.related-meta.all-messages'],
  versions: versionsWith('tasks'),
  needs: { capability: 'tasks' },
  session: 'shared',
  concurrent: true,
  timeoutMs: TASK_WAIT_MS + 10_000,
  spec: `${TASKS_SPEC}#associating-task-related-messages`,
  async run(ctx) {
    const run = await runTaskWithProgress(ctx, RELATED_TASK_PROGRESS_TOKEN);
    const id = JSON.stringify(run.created.taskId);
    const createdFrame = run.created.frame;
    const related = createdFrame ? run.progress.filter(({ message, frame }) => tokenOf(message) === run.token && cameAfter(ctx, frame, createdFrame)) : [];
    if (related.length === 0) return ctx.skip(`the server sent no notification for task ${id} ("${run.tool}") after its CreateTaskResult (no progress), so there was nothing to judge`);
    const missing = related.filter(({ message }) => {
      const meta = isObject(message.params) && isObject(message.params._meta) ? message.params._meta[RELATED_TASK_KEY] : undefined;
      return !(isObject(meta) && meta.taskId === run.created.taskId);
    });
    if (missing.length > 0) {
      return void ctx.violation(
        `${missing.length} of the ${related.length} progress notification${related.length === 1 ? '' : 's'} for task ${id} after its CreateTaskResult ${missing.length === 1 ? 'lacks' : 'lack'} _meta["${RELATED_TASK_KEY}"] with its taskId; all notifications related to a task MUST include it`,
        { evidence: missing.map((n) => n.frame) },
      );
    }
    ctx.observe(`${related.length} progress notification${related.length === 1 ? '' : 's'} for task ${id} after its CreateTaskResult ${related.length === 1 ? 'carries' : 'carry'} _meta["${RELATED_TASK_KEY}"] with its taskId`, related.map((n) => n.frame));
  },
});

/** Whether a message carries `_meta["io.modelcontextprotocol/related-task"]` naming `taskId`. */
function namesTask(message: Record<string, unknown>, taskId: string): boolean {
  const meta = isObject(message.params) && isObject(message.params._meta) ? message.params._meta[RELATED_TASK_KEY] : undefined;
  return isObject(meta) && meta.taskId === taskId;
}

/**
 * "When the task receiver has messages for the requestor that are necessary to complete the task, the receiver SHOULD
 * move the task to the input_required status. The receiver MUST include the io.modelcontextprotocol/related-task
 * metadata in the request to associate it with the task." With a profile `serverRequests` entry whose tool supports
 * tasks (a call during which the server asks for input), the harness opens a session declaring the client capabilities
 * those entries name, makes the call as a task, polls it and, on input_required, calls tasks/result ("the requestor …
 * SHOULD preemptively call tasks/result"), answering each request harmlessly (a decline, a short text, no roots).
 * Every request the server sends while the task runs (pings aside) must carry the metadata naming the task. A task that
 * asks for nothing gives nothing to judge, and skips.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/tasks#input-required-status
 */
export const tasksInputRequestRelatedTask = defineCheck({
  id: 'tasks/input-request-related-task',
  title: "The server's requests for a task's input carry related-task metadata",
  level: 'MUST',
  requirements: ['tasks.input-required.meta', 'tasks.related-meta.all-messages'],
  versions: versionsWith('tasks'),
  needs: { capability: 'tasks', profile: 'serverRequests' },
  session: 'raw',
  timeoutMs: 2 * TASK_WAIT_MS + 10_000,
  spec: `${TASKS_SPEC}#input-required-status`,
  async run(ctx) {
    const entries = ctx.profile.serverRequests ?? [];
    ctx.session.declareClientCapabilities(Object.fromEntries(entries.map((entry) => [entry.capability, {}])));
    await enterVersion(ctx.session, ctx.version!, ctx.startupTimeoutMs);
    const tools = await listTaskTools(ctx);
    const entry = entries.find((e) => ['optional', 'required'].includes(taskSupportOf(tools.find((t) => t.name === e.tool)) as string));
    if (!entry) return ctx.skip('no serverRequests profile entry names a tool whose execution.taskSupport is "optional" or "required"');
    const from = nextSeq(ctx.session);
    const created = await createTask(ctx, { tool: entry.tool, ...(entry.arguments ? { arguments: entry.arguments } : {}) });
    const id = JSON.stringify(created.taskId);
    let end = await pollUntilEnd(ctx, created);
    if (end.status === 'input_required') {
      // The receiver may deliver its requests on the tasks/result stream: ask for the result, which waits for the end.
      await ctx.session.request('tasks/result', { taskId: created.taskId }, { timeoutMs: TASK_WAIT_MS }).catch((error: unknown) => {
        if (!(error instanceof TimeoutError)) throw error;
      });
      end = await getTask(ctx, created.taskId);
    }
    if (end.status === undefined || !TERMINAL_STATUSES.includes(end.status)) await cancelTasks(ctx, [created.taskId]);
    const requests = messagesIn(ctx.session, from).filter(({ message }) => typeof message.method === 'string' && 'id' in message && message.method !== 'ping');
    if (requests.length === 0) {
      return ctx.skip(`task ${id} ("${entry.tool}") ended ${end.status !== undefined ? JSON.stringify(end.status) : `(${describeResponse(end.response)})`} without sending any request for input, so there was nothing to judge`);
    }
    const missing = requests.filter(({ message }) => !namesTask(message, created.taskId));
    const methods = [...new Set(requests.map(({ message }) => String(message.method)))].join(', ');
    if (missing.length > 0) {
      return void ctx.violation(
        `${missing.length} of the ${requests.length} request${requests.length === 1 ? '' : 's'} the server sent during task ${id} (${methods}) ${missing.length === 1 ? 'lacks' : 'lack'} _meta["${RELATED_TASK_KEY}"] with its taskId; the receiver MUST include it in a request for the task's input`,
        { evidence: missing.map((r) => r.frame) },
      );
    }
    ctx.observe(`${requests.length} request${requests.length === 1 ? '' : 's'} the server sent during task ${id} (${methods}) ${requests.length === 1 ? 'carries' : 'carry'} _meta["${RELATED_TASK_KEY}"] with its taskId`, requests.map((r) => r.frame));
  },
});
