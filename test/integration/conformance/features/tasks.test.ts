/**
 * The 2025-11-25 task checks: each passes against a compliant task server and fails (or warns, for a SHOULD) against a
 * fixture that breaks exactly its requirement, with the message asserted; each skips, with its reason, where it cannot
 * observe anything.
 */
import { describe, expect, it } from 'vitest';
import { TASK_CHECKS } from '../../../../src/conformance/checks/tasks-checks.js';
import type { Profile } from '../../../../src/conformance/profile.js';
import { FIXTURE_PROFILE, resultOf, runFeature } from './helpers.js';

/** The fixture profile plus the task-only "research" and the task-optional "lookup" of tasks-server.mjs. */
const TASK_PROFILE: Profile = {
  ...FIXTURE_PROFILE,
  calls: [...FIXTURE_PROFILE.calls!, { tool: 'research', arguments: { topic: 'x' } }, { tool: 'lookup', arguments: { topic: 'x' } }],
  // The task-only "clarify" asks for input (elicitation/create) midway.
  serverRequests: [{ tool: 'clarify', arguments: { topic: 'x' }, capability: 'elicitation' }],
};

const IDS = TASK_CHECKS.map((check) => check.id);
/** Task ids are random UUIDs: messages are compared with each replaced by <id>. */
const withoutIds = (message: string | undefined): string => (message ?? '').replace(/"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"/g, '<id>');

describe('task checks against a compliant task server', () => {
  it('every task check passes, each saying what it saw', async () => {
    const report = await runFeature('tasks-compliant', IDS, { profile: TASK_PROFILE });
    const verdicts = Object.fromEntries(report.results.map((r) => [r.id, `${r.status}: ${withoutIds(r.message)}`]));
    expect(verdicts).toEqual({
      'tasks/forbidden-tool-not-found': 'passed: tools/call of "echo" (no taskSupport) with a task got error -32601',
      'tasks/result-blocks': 'passed: tasks/result of task <id>, sent while it was working, was answered once the task was completed',
      'tasks/result-exact': 'passed: tasks/result of task <id> ("lookup") gave exactly what the same call without a task gives (_meta aside)',
      'tasks/failed-on-is-error':
        'passed: tools/call of "research" with "topic": 12345 (the schema says "string") and a task became task <id>, whose result has isError: true, and the task ended failed',
      'tasks/cancel-transition': 'passed: tasks/cancel of task <id> answered cancelled; once a task of the same call had completed, it was still cancelled',
      'tasks/list-invalid-cursor': 'passed: tasks/list with cursor "mcp-conform-invalid-cursor-%%" got -32602',
      'tasks/list-next-cursor': 'passed: tasks/list gave 2 pages, each but the last with a nextCursor, and listed all 4 tasks the harness created',
      'tasks/related-task-ignored-on-operations':
        'passed: tasks/get of task <id> with _meta["io.modelcontextprotocol/related-task"] naming task <id> returned task <id>: the metadata was ignored',
      'tasks/input-request-related-task': 'passed: 1 request the server sent during task <id> (elicitation/create) carries _meta["io.modelcontextprotocol/related-task"] with its taskId',
      'tasks/related-task-on-messages': 'passed: 3 progress notifications for task <id> after its CreateTaskResult carry _meta["io.modelcontextprotocol/related-task"] with its taskId',
      'tasks/progress-token': 'passed: 3 progress notifications for task <id> (3 after its CreateTaskResult) carry the request\'s token, none after tasks/get showed it completed',
      'tasks/ids-unguessable': expect.stringMatching(/^passed: two tasks created one after the other got ids <id> and <id>, which differ across (2[6-9]|3[0-6]) characters$/),
    });
    for (const result of report.results) expect(result.evidence.length).toBeGreaterThan(0);
  });

  it('tasks/result-exact compares the shape only when the task-capable call is task-only', async () => {
    const profile = { ...TASK_PROFILE, calls: TASK_PROFILE.calls!.filter((c) => c.tool !== 'lookup') };
    const result = resultOf(await runFeature('tasks-compliant', ['tasks/result-exact'], { profile }), 'tasks/result-exact');
    expect(result.status).toBe('passed');
    expect(withoutIds(result.message)).toBe(
      'tasks/result of task <id> ("research") gave a CallToolResult, as tools/call would; "research" is task-only (taskSupport "required"), so there is no call without a task to compare with',
    );
  });
});

/** Each check against the fixture that breaks exactly its requirement. */
const CASES: Array<{ check: string; fixture: string; status: 'failed' | 'warned'; message: string | RegExp; requestTimeoutMs?: number }> = [
  {
    check: 'tasks/forbidden-tool-not-found',
    fixture: 'tasks-forbidden-tool-runs',
    status: 'warned',
    message: 'tools/call of "echo" (no taskSupport) with a task got result {"content":[{"type":"text","text":"héllo 世界"}]}; servers SHOULD answer -32601 (Method not found)',
  },
  {
    check: 'tasks/result-blocks',
    fixture: 'tasks-result-not-blocking',
    status: 'failed',
    message: /^tasks\/result of task <id>, sent while it was working, was answered \(error -32602 "Task [0-9a-f-]{36} is still working"\) while tasks\/get still shows it working; it MUST block until the task reaches a terminal status$/,
  },
  {
    check: 'tasks/result-exact',
    fixture: 'tasks-result-differs',
    status: 'failed',
    message: /^tasks\/result of task <id> \("lookup"\) gave result \{"content":\[\{"type":"text","text":"Task result: x: found"\}\],"_meta":\{"io\.modelcontextprotocol\/related-task":\{"taskId":<id>\}\}\}, but the same call without a task gives result \{"content":\[\{"type":"text","text":"x: found"\}\]\} every time; tasks\/result MUST return exactly what the underlying request would have returned$/,
  },
  {
    check: 'tasks/failed-on-is-error',
    fixture: 'tasks-is-error-completes',
    status: 'warned',
    message:
      'tools/call of "research" with "topic": 12345 (the schema says "string") and a task became task <id>, whose result has isError: true, but the task ended completed; for a tool result with isError the task should reach failed status',
  },
  {
    check: 'tasks/cancel-transition',
    fixture: 'tasks-cancel-then-completes',
    status: 'failed',
    message: 'task <id> was cancelled, but once a task of the same call had ended (completed), tasks/get shows it "completed"; a cancelled task MUST remain cancelled',
  },
  {
    check: 'tasks/list-invalid-cursor',
    fixture: 'tasks-list-invalid-cursor-accepted',
    status: 'failed',
    message: 'tasks/list with cursor "mcp-conform-invalid-cursor-%%" got a result instead of error -32602 (Invalid params)',
  },
  {
    check: 'tasks/list-next-cursor',
    fixture: 'tasks-list-without-next-cursor',
    status: 'failed',
    message:
      'tasks/list ended after 1 page without a nextCursor, though 8 of the 11 tasks the harness created (<id>, <id>, <id>, …) were not listed and tasks/get still returns them; receivers MUST include a nextCursor if more tasks are available',
  },
  {
    check: 'tasks/related-task-ignored-on-operations',
    fixture: 'tasks-get-follows-related-meta',
    status: 'failed',
    message: 'tasks/get of task <id> with _meta["io.modelcontextprotocol/related-task"] naming task <id> returned task <id>; receivers MUST ignore such metadata in favor of the taskId parameter',
  },
  {
    check: 'tasks/related-task-ignored-on-operations',
    fixture: 'tasks-get-withheld-by-related-meta',
    status: 'failed',
    requestTimeoutMs: 1_000,
    message:
      'tasks/get of task <id> with _meta["io.modelcontextprotocol/related-task"] naming task <id> got no response within 1000 ms, though tasks/get without it was answered; receivers MUST ignore such metadata in favor of the taskId parameter',
  },
  {
    check: 'tasks/related-task-on-messages',
    fixture: 'tasks-progress-without-related-task',
    status: 'failed',
    message: '3 of the 3 progress notifications for task <id> after its CreateTaskResult lack _meta["io.modelcontextprotocol/related-task"] with its taskId; all notifications related to a task MUST include it',
  },
  {
    check: 'tasks/input-request-related-task',
    fixture: 'tasks-input-request-without-related-task',
    status: 'failed',
    message:
      '1 of the 1 request the server sent during task <id> (elicitation/create) lacks _meta["io.modelcontextprotocol/related-task"] with its taskId; the receiver MUST include it in a request for the task\'s input',
  },
  {
    check: 'tasks/progress-token',
    fixture: 'tasks-progress-new-token',
    status: 'failed',
    message:
      '3 progress notifications during task <id> carry token "mcp-conform-task-progress-task", not "mcp-conform-task-progress", the token of the task-augmented request, which MUST continue to be used',
  },
  {
    check: 'tasks/progress-token',
    fixture: 'tasks-progress-after-end',
    status: 'failed',
    // Both late notifications come 150 and 200 ms after the task ends; a poll delayed on a loaded machine may see only the second.
    message: /^(2 progress notifications|1 progress notification) for task <id> came after tasks\/get showed it completed; they MUST stop once the task reaches a terminal status$/,
  },
  {
    check: 'tasks/ids-unguessable',
    fixture: 'tasks-sequential-ids',
    status: 'failed',
    message:
      'the ids of two tasks created one after the other, "task-0000000000000001" and "task-0000000000000002", differ in only 1 character, so one can be guessed from the other; without an authorization context task ids MUST be cryptographically secure',
  },
  {
    check: 'tasks/ids-unguessable',
    fixture: 'tasks-short-ids',
    status: 'failed',
    message: /^the task ids "[0-9a-f]{8}" and "[0-9a-f]{8}" have fewer than 16 characters, too few to prevent guessing; without an authorization context task ids MUST be cryptographically secure$/,
  },
];

describe.concurrent('task checks against fixtures that break one requirement each', () => {
  it.each(CASES)('$check $status against $fixture', async ({ check, fixture, status, message, requestTimeoutMs }) => {
    const result = resultOf(await runFeature(fixture, [check], { profile: TASK_PROFILE, ...(requestTimeoutMs ? { requestTimeoutMs } : {}) }), check);
    if (typeof message === 'string') expect(withoutIds(result.message)).toBe(message);
    else expect(withoutIds(result.message)).toMatch(message);
    expect(result.status).toBe(status);
    expect(result.evidence.length).toBeGreaterThan(0);
  });
});

describe('task checks that cannot observe their requirement skip, with the reason', () => {
  it('every task check skips against a server that declares no tasks, before starting a server', async () => {
    const report = await runFeature('compliant', IDS, { profile: TASK_PROFILE });
    expect(report.results.map((r) => `${r.id}: ${r.status} ${r.message}`)).toEqual(IDS.map((id) => `${id}: skipped the server did not declare the tasks capability in 2025-11-25`));
    expect(report.results.every((r) => r.evidence.length === 0)).toBe(true);
  });

  it('the checks that need a task skip when no profile call names a task-capable tool', async () => {
    const report = await runFeature('tasks-compliant', IDS, { profile: { ...FIXTURE_PROFILE, serverRequests: [{ tool: 'echo', arguments: { text: 'x' }, capability: 'elicitation' }] } });
    const skipped = report.results.filter((r) => r.status === 'skipped').map((r) => `${r.id}: ${r.message}`);
    const noCall = 'no profile call names a tool whose execution.taskSupport is "optional" or "required"';
    const noCallNorSlow = 'no profile call (nor the slow call) names a tool whose execution.taskSupport is "optional" or "required"';
    expect(skipped.sort()).toEqual(
      [
        `tasks/result-blocks: ${noCall}`,
        `tasks/result-exact: ${noCall}`,
        `tasks/failed-on-is-error: ${noCall}`,
        `tasks/cancel-transition: ${noCall}`,
        `tasks/list-next-cursor: ${noCall}`,
        `tasks/related-task-ignored-on-operations: ${noCall}`,
        `tasks/related-task-on-messages: ${noCallNorSlow}`,
        `tasks/progress-token: ${noCallNorSlow}`,
        `tasks/ids-unguessable: ${noCall}`,
        'tasks/input-request-related-task: no serverRequests profile entry names a tool whose execution.taskSupport is "optional" or "required"',
      ].sort(),
    );
    // The two that need no task still judge the server.
    expect(resultOf(report, 'tasks/forbidden-tool-not-found').status).toBe('passed');
    expect(resultOf(report, 'tasks/list-invalid-cursor').status).toBe('passed');
  });

  it('the progress checks skip when a task sends no progress (which a server may choose)', async () => {
    const report = await runFeature('tasks-without-progress', ['tasks/progress-token', 'tasks/related-task-on-messages'], { profile: TASK_PROFILE });
    expect(withoutIds(resultOf(report, 'tasks/progress-token').message)).toBe('the server sent no progress notification for task <id> ("research"); it may choose not to');
    expect(withoutIds(resultOf(report, 'tasks/related-task-on-messages').message)).toBe(
      'the server sent no notification for task <id> ("research") after its CreateTaskResult (no progress), so there was nothing to judge',
    );
    expect(report.results.map((r) => r.status)).toEqual(['skipped', 'skipped']);
  });
});
