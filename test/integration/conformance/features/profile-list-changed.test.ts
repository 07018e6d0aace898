import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../../../src/conformance/checks/index.js';
import { runConformance } from '../../../../src/conformance/run-conformance.js';
import type { RunReport } from '../../../../src/conformance/run-report.js';
import { selectChecks } from '../../../../src/conformance/select-checks.js';
import type { ConformanceTarget } from '../../../../src/conformance/target.js';
import type { Profile } from '../../../../src/conformance/profile.js';
import { createInMemoryTransport, listen, type MockServer } from '../../../../src/mocks/index.js';
import { defineProfileServer, PROFILE_SERVER_PROFILE } from '../../../fixtures/conformance/features/profile-server.js';
import { shttpModern } from '../transports/helpers.js';
import { notPassed, resultOf } from './helpers.js';

const CHECKS = ['tools/list-changed', 'resources/list-changed', 'prompts/list-changed'];

/** One in-memory connection to the mock per session. */
function memory(server: MockServer): ConformanceTarget {
  return { kind: 'memory', description: { transport: 'memory' }, createTransport: () => createInMemoryTransport(server) };
}

function run(target: ConformanceTarget, options: { protocolVersion?: 'all' | '2025-11-25' | '2026-07-28'; profile?: Profile; checks?: string[] } = {}): Promise<RunReport> {
  return runConformance({
    target,
    checks: selectChecks(ALL_CHECKS, { checks: options.checks ?? CHECKS }),
    protocolVersion: options.protocolVersion ?? '2025-11-25',
    profile: options.profile ?? PROFILE_SERVER_PROFILE,
    toolVersion: '0.0.0-test',
    requestTimeoutMs: 3_000,
  });
}

describe('list-changed checks', () => {
  it('pass in every version against a server that announces each change', async () => {
    await using server = defineProfileServer();
    const report = await run(memory(server), { protocolVersion: 'all' });
    expect(notPassed(report)).toEqual([]);
    expect(report.results).toHaveLength(15);
    const inVersion = (v: string) => ({ ...report, results: report.results.filter((r) => r.protocolVersion === v) });
    // The versions run at once against one server, so a version may also see the tools the others added.
    expect(resultOf(inVersion('2025-11-25'), 'tools/list-changed').message).toMatch(/^"add-tool" changed the tools list \(added "added-tool-\d+"(, "added-tool-\d+")*\) and the server sent notifications\/tools\/list_changed$/);
    expect(resultOf(inVersion('2026-07-28'), 'resources/list-changed').message).toMatch(/^"add-resource" changed the resources list \(added "test:\/\/added\/\d+"\) and the server sent notifications\/resources\/list_changed$/);
  });

  it('pass in 2026-07-28 over Streamable HTTP, where the notification comes on the subscriptions/listen stream', async () => {
    await using server = defineProfileServer({ protocolVersions: ['2026-07-28'] });
    await using listener = await listen(server);
    const report = await run(shttpModern(listener.url), { protocolVersion: '2026-07-28' });
    expect(notPassed(report)).toEqual([]);
    expect(resultOf(report, 'prompts/list-changed').message).toMatch(/^"add-prompt" changed the prompts list \(added "added-prompt-\d"\) and the server sent notifications\/prompts\/list_changed$/);
  });

  it.concurrent.for(['2025-11-25', '2026-07-28'] as const)('warn in %s against a server that changes its lists silently', async (version, { expect }) => {
    await using server = defineProfileServer({ silentListChanges: true });
    const report = await run(memory(server), { protocolVersion: version });
    const where = version === '2026-07-28' ? ' on the subscriptions/listen stream that asked for toolsListChanged' : '';
    const tools = resultOf(report, 'tools/list-changed');
    expect(tools.message).toBe(`after "add-tool" the tools list changed (added "added-tool-1") but no notifications/tools/list_changed came${where} within 1000 ms; servers that declared listChanged SHOULD send it`);
    expect(tools.status).toBe('warned');
    expect(report.results.map((r) => r.status)).toEqual(['warned', 'warned', 'warned']);
  });

  it('skip, naming the profile field to add, when the profile names no changing call', async () => {
    await using server = defineProfileServer();
    const report = await run(memory(server), { profile: { listChanged: { tools: { tool: 'add-tool' } } } });
    expect(resultOf(report, 'tools/list-changed').status).toBe('passed');
    const prompts = resultOf(report, 'prompts/list-changed');
    expect(prompts.status).toBe('skipped');
    expect(prompts.message).toBe('the profile names no call that changes the prompts list; add "listChanged": { "prompts": { "tool": "<tool>", "arguments": { … } } } to the profile');
  });

  it('skip when the profile call leaves the list as it was, since nothing was owed', async () => {
    await using server = defineProfileServer({ silentListChanges: true });
    const report = await run(memory(server), { profile: { listChanged: { tools: { tool: 'echo', arguments: { text: 'x' } } } }, checks: ['tools/list-changed'] });
    const tools = resultOf(report, 'tools/list-changed');
    expect(tools.status).toBe('skipped');
    expect(tools.message).toBe('the profile\'s listChanged.tools call of "echo" left the tools list as it was (it may change it only once per server), so no notification was owed');
  });
});
