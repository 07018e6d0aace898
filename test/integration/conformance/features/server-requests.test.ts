/**
 * The checks that declare client capabilities: each passes against a compliant server and fails (or warns) against a
 * fixture that breaks exactly its requirement. Initialize-era fixtures are hand-written stdio servers; 2026-07-28 ones
 * are built on mcp-conform's mock engine and served in memory (and one over stdio).
 */
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { ALL_CHECKS } from '../../../../src/conformance/checks/index.js';
import type { Profile } from '../../../../src/conformance/profile.js';
import { runConformance } from '../../../../src/conformance/run-conformance.js';
import type { RunReport } from '../../../../src/conformance/run-report.js';
import { selectChecks } from '../../../../src/conformance/select-checks.js';
import { createStdioTarget } from '../../../../src/conformance/stdio-target.js';
import type { ConformanceTarget } from '../../../../src/conformance/target.js';
import { createInMemoryTransport, mockServerCommand, type MockServer } from '../../../../src/mocks/index.js';
import { FEATURE_FIXTURES, resultOf, runFeature } from './helpers.js';
import mockEngine from '../../../fixtures/conformance/features/server-requests-mock-engine.js';
import mrtrCompliant from '../../../fixtures/conformance/features/server-requests-mrtr-compliant.js';
import reaskError from '../../../fixtures/conformance/features/server-requests-reask-error.js';
import trustsState from '../../../fixtures/conformance/features/server-requests-trusts-request-state.js';

const LEGACY_CHECKS = ['lifecycle/nothing-before-initialize', 'lifecycle/server-waits-for-initialized', 'cancellation/server-cancels-own-requests'];
const MODERN_CHECKS = ['modern/input-required-reask', 'modern/request-state-verified'];
const SAMPLING: Profile = { serverRequests: [{ tool: 'summarize', arguments: { text: 'hello' }, capability: 'sampling' }] };
const TRANSFER: Profile = { serverRequests: [{ tool: 'transfer', arguments: { amount: 10 }, capability: 'elicitation' }] };

const legacy = (fixture: string, checks = LEGACY_CHECKS, profile: Profile = SAMPLING) => runFeature(fixture, checks, { profile });

function inMemory(server: MockServer): ConformanceTarget {
  return { kind: 'memory', description: { transport: 'memory' }, createTransport: () => createInMemoryTransport(server) };
}

function run(target: ConformanceTarget, checks: readonly string[], profile: Profile, protocolVersion: '2025-11-25' | '2026-07-28'): Promise<RunReport> {
  return runConformance({ target, checks: selectChecks(ALL_CHECKS, { checks }), protocolVersion, profile, toolVersion: '0.0.0-test' });
}

describe.concurrent('checks that declare client capabilities, initialize era (stdio fixtures)', () => {
  it('pass against a server that calls back only when and as the lifecycle and cancellation rules allow', async ({ expect }) => {
    const report = await legacy('server-requests-compliant');
    expect(resultOf(report, 'lifecycle/nothing-before-initialize')).toMatchObject({
      status: 'passed',
      message: 'the server sent nothing before answering initialize(1999-01-01) (the harness declared roots, sampling, elicitation)',
    });
    expect(resultOf(report, 'lifecycle/server-waits-for-initialized')).toMatchObject({
      status: 'passed',
      message: 'the server sent no request while the harness withheld notifications/initialized (until 500 ms after the server answered a ping), and sent roots/list (id "srv-1") after it',
    });
    const cancel = resultOf(report, 'cancellation/server-cancels-own-requests');
    expect(cancel).toMatchObject({ status: 'passed', message: 'the server cancelled its own sampling/createMessage (id "srv-2") while it was unanswered' });
    // The evidence is the server's cancellation.
    expect(cancel.evidence.map((e) => (e.kind === 'frame' ? e.message : e.kind))).toEqual([
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'srv-2', reason: 'the tool call that needed it was cancelled' } },
    ]);
  }, 20_000);

  it('nothing-before-initialize fails when the server sends a notification as it starts', async ({ expect }) => {
    const report = await legacy('server-requests-notifies-on-start', ['lifecycle/nothing-before-initialize']);
    expect(resultOf(report, 'lifecycle/nothing-before-initialize')).toMatchObject({
      status: 'failed',
      message: 'before answering initialize(1999-01-01) the server sent notifications/tools/list_changed, a notification other than a log message; the initialization phase MUST be the first interaction between client and server',
    });
  });

  it('server-waits-for-initialized warns when the server asks for roots before notifications/initialized', async ({ expect }) => {
    const report = await legacy('server-requests-asks-before-initialized', ['lifecycle/server-waits-for-initialized']);
    expect(resultOf(report, 'lifecycle/server-waits-for-initialized')).toMatchObject({
      status: 'warned',
      message: 'the server sent roots/list (id "srv-1") after answering initialize, before the harness sent notifications/initialized; a server SHOULD NOT send requests other than pings and logging before receiving the initialized notification',
    });
  });

  it('server-cancels-own-requests fails when the server cancels the id of the client\'s request', async ({ expect }) => {
    const report = await legacy('server-requests-cancels-client-request', ['cancellation/server-cancels-own-requests']);
    expect(resultOf(report, 'cancellation/server-cancels-own-requests')).toMatchObject({
      status: 'failed',
      message: 'the server sent notifications/cancelled for "mcp-conform-call-held", the id of the harness\'s tools/call; cancellation notifications MUST only reference requests previously issued in the same direction',
    });
  });

  it('server-cancels-own-requests fails when the server cancels a request the client had already answered', async ({ expect }) => {
    const report = await legacy('server-requests-cancels-answered-requests', ['cancellation/server-cancels-own-requests']);
    expect(resultOf(report, 'cancellation/server-cancels-own-requests')).toMatchObject({
      status: 'failed',
      message:
        'the server cancelled its sampling/createMessage (id "srv-1") after the harness had answered it and the server had since answered the harness\'s ping, so it was no longer in progress; cancellation notifications MUST only reference requests that are believed to still be in-progress',
    });
  });

  it('server-cancels-own-requests is skipped without a serverRequests profile entry, and in a version without the entry\'s capability', async ({ expect }) => {
    const none = await legacy('server-requests-compliant', ['cancellation/server-cancels-own-requests'], {});
    expect(resultOf(none, 'cancellation/server-cancels-own-requests')).toMatchObject({ status: 'skipped', message: 'the profile names no "serverRequests" entry (see ARCHITECTURE.md "Profiles")' });
    const old = await runFeature('server-requests-compliant', ['cancellation/server-cancels-own-requests'], {
      profile: { serverRequests: [{ tool: 'summarize', capability: 'elicitation' }] },
      protocolVersion: '2025-03-26',
    });
    expect(resultOf(old, 'cancellation/server-cancels-own-requests')).toMatchObject({ status: 'skipped', message: "the profile's serverRequests need elicitation, which 2025-03-26 does not define" });
  });
});

describe.concurrent('checks that declare client capabilities, against the mock engine (in memory)', () => {
  it('initialize era: the engine waits for initialize and initialized, and cancelling nothing leaves nothing to judge', async ({ expect }) => {
    const report = await run(inMemory(mockEngine), LEGACY_CHECKS, SAMPLING, '2025-11-25');
    expect(resultOf(report, 'lifecycle/nothing-before-initialize')).toMatchObject({ status: 'passed' });
    expect(resultOf(report, 'lifecycle/server-waits-for-initialized')).toMatchObject({
      status: 'passed',
      message: 'the server sent no request but ping while the harness withheld notifications/initialized (until 500 ms after the server answered a ping; declaring roots, sampling, elicitation)',
    });
    expect(resultOf(report, 'cancellation/server-cancels-own-requests')).toMatchObject({
      status: 'skipped',
      message:
        'the server cancelled none of its requests (when the harness cancelled the tools/call of "summarize" while its sampling/createMessage (id "mock-2") was unanswered, no notifications/cancelled came within 1000 ms), so there was no cancellation to judge',
    });
  });

  it('2026-07-28: the engine asks again for missing input, and its requestState (the client\'s own answers) changes nothing when altered', async ({ expect }) => {
    const report = await run(inMemory(mockEngine), MODERN_CHECKS, SAMPLING, '2026-07-28');
    expect(resultOf(report, 'modern/input-required-reask')).toMatchObject({ status: 'passed', message: 'the retry of "summarize" without the requested input (sampling-1) was asked again for sampling-1' });
    expect(resultOf(report, 'modern/request-state-verified')).toMatchObject({ status: 'passed' });
    expect(resultOf(report, 'modern/request-state-verified').message).toMatch(/^a retry of "summarize" with its requestState ".+" altered to ".+" completed exactly as with the unaltered state \(result .*Summary: mcp-conform: a fixed sampling answer.*\): the state does not change the outcome$/);
  });

  it('2026-07-28: a signed requestState is rejected when altered, and a retry without the confirmation is asked again', async ({ expect }) => {
    const report = await run(inMemory(mrtrCompliant), MODERN_CHECKS, TRANSFER, '2026-07-28');
    expect(resultOf(report, 'modern/input-required-reask')).toMatchObject({ status: 'passed', message: 'the retry of "transfer" without the requested input (confirm) was asked again for confirm' });
    const state = resultOf(report, 'modern/request-state-verified');
    expect(state.status).toBe('passed');
    expect(state.message).toMatch(/^a retry of "transfer" with its requestState ".+" altered to ".+" was rejected with error -32602 "Invalid params: requestState failed verification"$/);
  });

  it('input-required-reask warns when a retry without the requested input gets an error', async ({ expect }) => {
    const report = await run(inMemory(reaskError), ['modern/input-required-reask'], TRANSFER, '2026-07-28');
    expect(resultOf(report, 'modern/input-required-reask')).toMatchObject({
      status: 'warned',
      message:
        'the retry of "transfer" without the requested input (confirm) got error -32602 "Invalid params: inputResponses.confirm is required"; a server SHOULD respond with a new InputRequiredResult requesting the missing information again, rather than returning an error',
    });
  });

  it('request-state-verified fails when an altered requestState changes what the server does', async ({ expect }) => {
    const report = await run(inMemory(trustsState), ['modern/request-state-verified'], TRANSFER, '2026-07-28');
    expect(resultOf(report, 'modern/request-state-verified')).toMatchObject({
      status: 'failed',
      message:
        'a retry of "transfer" with its requestState "amount=10" altered to "amouot=10" completed with result {"resultType":"complete","content":[{"type":"text","text":"Transfer of amouot=10 not made: the user chose decline."}]}, where the unaltered state gives result {"resultType":"complete","content":[{"type":"text","text":"Transfer of 10 not made: the user chose decline."}]}: the state decides the outcome, yet the altered one was not rejected; servers MUST treat requestState as an attacker-controlled input and MUST reject state that fails verification',
    });
  });

  it('the 2026-07-28 checks skip a tool that completes without asking for input', async ({ expect }) => {
    const report = await run(inMemory(mrtrCompliant), MODERN_CHECKS, { serverRequests: [{ tool: 'transfer', capability: 'sampling' }] }, '2026-07-28');
    expect(resultOf(report, 'modern/input-required-reask')).toMatchObject({
      status: 'skipped',
      message: 'the profile\'s tool "transfer" got error -32021 "Missing required client capability: elicitation" (declaring sampling), so there was no input_required result to retry',
    });
  });
});

describe.concurrent('over stdio, a mock-engine fixture served by mcp-conform mock', () => {
  it('request-state-verified fails the server that trusts its requestState', async ({ expect }) => {
    const command = mockServerCommand(join(FEATURE_FIXTURES, 'server-requests-trusts-request-state.ts'));
    const target = createStdioTarget({ command: [command.command, ...command.args].map((w) => JSON.stringify(w)).join(' '), closeStdinGraceMs: 200, sigtermGraceMs: 500 });
    const report = await run(target, ['modern/request-state-verified'], TRANSFER, '2026-07-28');
    expect(resultOf(report, 'modern/request-state-verified')).toMatchObject({ status: 'failed', transport: 'stdio' });
  }, 30_000);
});
