import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../../../src/conformance/checks/index.js';
import { runConformance } from '../../../../src/conformance/run-conformance.js';
import { selectChecks } from '../../../../src/conformance/select-checks.js';
import { createInMemoryTransport } from '../../../../src/mocks/index.js';
import { defineProfileServer, PROFILE_SERVER_PROFILE } from '../../../fixtures/conformance/features/profile-server.js';
import { FIXTURE_PROFILE, notPassed, resultOf, runFeature } from './helpers.js';

const CHECK = 'prompts/hostile-arguments';

/** Runs the check in 2025-11-25 against a mock-engine profile server, in memory. */
async function runAgainstMock(server: ReturnType<typeof defineProfileServer>, requestTimeoutMs?: number) {
  return runConformance({
    target: { kind: 'memory', description: { transport: 'memory' }, createTransport: () => createInMemoryTransport(server) },
    checks: selectChecks(ALL_CHECKS, { checks: [CHECK] }),
    protocolVersion: '2025-11-25',
    profile: PROFILE_SERVER_PROFILE,
    toolVersion: '0.0.0-test',
    ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
  });
}

describe('prompts/hostile-arguments', () => {
  it('passes in every version against the compliant fixture', async () => {
    const report = await runFeature('compliant', [CHECK], { protocolVersion: 'all' });
    expect(notPassed(report)).toEqual([]);
    expect(report.results).toHaveLength(5);
    // greet has one argument (who): ten hostile values, and one undeclared argument.
    expect(report.results[0]!.message).toMatch(/^11 prompts\/get requests with hostile arguments \(a 10000-character string, control characters, /);
  });

  it('passes against the mock engine, whose prompt arguments are validated as strings', async () => {
    await using server = defineProfileServer();
    const report = await runAgainstMock(server);
    expect(notPassed(report)).toEqual([]);
    // greet has two arguments (who, style): twenty hostile values, and one undeclared argument.
    expect(report.results[0]!.message).toMatch(/^21 prompts\/get requests/);
  });

  it('fails against a server that exits on a hostile argument', async () => {
    const result = resultOf(await runFeature('crashes-on-hostile-prompt-argument', [CHECK]), CHECK);
    expect(result.status).toBe('failed');
    expect(result.message).toBe('prompts/get of "greet" with who = a 10000-character string: the server process exited with code 3 before answering prompts/get');
  });

  it('fails against a server that never answers a hostile argument', async () => {
    await using server = defineProfileServer({ hostilePrompt: 'hang' });
    const report = await runAgainstMock(server, 500);
    const result = resultOf(report, CHECK);
    expect(result.status).toBe('failed');
    expect(result.message).toBe('prompts/get of "greet" with who = a 10000-character string got no answer within 500 ms');
  });

  it('is skipped, naming the profile field, without profile prompts', async () => {
    const result = resultOf(await runFeature('compliant', [CHECK], { profile: { ...FIXTURE_PROFILE, prompts: [] } }), CHECK);
    expect(result.status).toBe('skipped');
    expect(result.message).toBe('the profile names no "prompts" entry (see ARCHITECTURE.md "Profiles")');
  });
});
