/**
 * The task checks against the reference server-everything over stdio (2025-11-25, the version with tasks), with the
 * example profile, which names its task-only tool simulate-research-query (about 4 s of simulated work per task). Every
 * verdict that is not a pass is pinned with the sentence of the specification that supports it, so that a change in
 * either the server or a check is seen.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../../../src/conformance/checks/index.js';
import { TASK_CHECKS } from '../../../../src/conformance/checks/tasks-checks.js';
import { loadProfile } from '../../../../src/conformance/profile.js';
import { runConformance } from '../../../../src/conformance/run-conformance.js';
import { selectChecks } from '../../../../src/conformance/select-checks.js';
import { createStdioTarget } from '../../../../src/conformance/stdio-target.js';

const SERVER = createRequire(import.meta.url).resolve('@modelcontextprotocol/server-everything/dist/index.js');
const PROFILE = join(import.meta.dirname, '..', '..', '..', '..', 'examples', 'profiles', 'server-everything.json');

describe('server-everything and the task checks', () => {
  it('passes most, fails related-task metadata on tasks/get, warns on a task call of a tool without task support', async () => {
    const report = await runConformance({
      target: createStdioTarget({ command: `${JSON.stringify(process.execPath)} ${JSON.stringify(SERVER)} stdio` }),
      checks: selectChecks(ALL_CHECKS, { checks: TASK_CHECKS.map((c) => c.id) }),
      protocolVersion: '2025-11-25',
      profile: await loadProfile(PROFILE),
      // The withheld tasks/get is given up after 2 s instead of 5 s.
      requestTimeoutMs: 2_000,
      toolVersion: '0.0.0-test',
    });
    expect(report.summary.errored).toBe(0);
    const verdicts = Object.fromEntries(report.results.map((r) => [r.id, `${r.status}: ${(r.message ?? '').replace(/"[0-9a-f]{32}"/g, '<id>')}`]));
    expect(verdicts).toEqual({
      // "Servers SHOULD return a -32601 (Method not found) error if a client attempts to do so."
      'tasks/forbidden-tool-not-found': expect.stringMatching(/^warned: tools\/call of "echo" \(taskSupport "forbidden"\) with a task got error -32602 "MCP error -32602: Invalid task creation result: /),
      'tasks/result-blocks': 'passed: tasks/result of task <id>, sent while it was working, was answered once the task was completed',
      'tasks/result-exact':
        'passed: tasks/result of task <id> ("simulate-research-query") gave a CallToolResult, as tools/call would; "simulate-research-query" is task-only (taskSupport "required"), so there is no call without a task to compare with',
      // The SDK validates the arguments, then refuses its own isError answer as "Invalid task creation result".
      'tasks/failed-on-is-error': expect.stringMatching(/^skipped: tools\/call of "simulate-research-query" with "topic": 12345 \(the schema says "string"\) and a task got error -32602 .*, not a task, so there is no task status to observe$/s),
      'tasks/cancel-transition': 'passed: tasks/cancel of task <id> answered cancelled; once a task of the same call had completed, it was still cancelled',
      'tasks/list-invalid-cursor': 'passed: tasks/list with cursor "mcp-conform-invalid-cursor-%%" got -32602',
      'tasks/list-next-cursor': 'passed: tasks/list gave 2 pages, each but the last with a nextCursor, and listed all 11 tasks the harness created',
      // "receivers MUST ignore such metadata if present in favor of the RPC method parameter": the TypeScript SDK queues
      // the answer of any request carrying related-task metadata for the task it names, so tasks/get goes unanswered.
      'tasks/related-task-ignored-on-operations':
        'failed: tasks/get of task <id> with _meta["io.modelcontextprotocol/related-task"] naming task <id> got no response within 2000 ms, though tasks/get without it was answered; receivers MUST ignore such metadata in favor of the taskId parameter',
      // The profile's serverRequests entry asks for an ambiguous topic: the task goes input_required and elicits.
      'tasks/input-request-related-task': 'passed: 1 request the server sent during task <id> (elicitation/create) carries _meta["io.modelcontextprotocol/related-task"] with its taskId',
      'tasks/related-task-on-messages': 'skipped: the server sent no notification for task <id> ("simulate-research-query") after its CreateTaskResult (no progress), so there was nothing to judge',
      'tasks/progress-token': 'skipped: the server sent no progress notification for task <id> ("simulate-research-query"); it may choose not to',
      // 32 random hex digits: the first or last may happen to coincide.
      'tasks/ids-unguessable': expect.stringMatching(/^passed: two tasks created one after the other got ids <id> and <id>, which differ across (2[6-9]|3[0-2]) characters$/),
    });
  }, 60_000);
});
