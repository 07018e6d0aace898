/**
 * Tasks (2025-11-25, experimental): what a server that does not declare task support does with task metadata.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/tasks
 */
import { versionsWith } from '../../protocol/versions.js';
import { defineCheck } from '../define-check.js';
import { describeResponse, resultOf } from '../handshake.js';
import { isObject } from './lib-features.js';

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
    if (toolCalls !== undefined) ctx.skip('the server declares task support for tools/call (task-augmented calls are not covered yet)');
    const call = ctx.profile.calls![0]!;
    const response = await ctx.session.request('tools/call', { name: call.tool, arguments: call.arguments ?? {}, task: { ttl: 60_000 } });
    const result = resultOf(response);
    if (!result) ctx.violation(`tools/call of "${call.tool}" with task metadata got ${describeResponse(response)}; without declared task support it MUST be processed normally`);
    else if ('task' in result || !Array.isArray(result.content)) ctx.violation(`tools/call of "${call.tool}" with task metadata got a task instead of a CallToolResult, though the server declares no task support for tools/call`);
    else ctx.observe(`tools/call of "${call.tool}" with task metadata was processed normally`);
  },
});
