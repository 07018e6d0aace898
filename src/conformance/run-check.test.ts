import { describe, expect, it } from 'vitest';
import { defineCheck } from './define-check.js';
import { runCheck, UNANSWERED_IS_A_MUST, type RunCheckEnvironment } from './run-check.js';
import { compliantAnswer, createAnsweringTarget } from './__fixtures__/answering-target.js';

const env = (overrides: Partial<RunCheckEnvironment> = {}): RunCheckEnvironment => ({
  target: createAnsweringTarget(compliantAnswer),
  version: '2025-11-25',
  probedCapabilities: {},
  acceptedVersions: ['2025-11-25'],
  probes: [],
  profile: {},
  requestTimeoutMs: 500,
  startupTimeoutMs: 500,
  ...overrides,
});

const check = (run: Parameters<typeof defineCheck>[0]['run'], extra: Partial<Parameters<typeof defineCheck>[0]> = {}) =>
  defineCheck({ id: 'test/behaviour', title: 't', level: 'MUST', requirements: ['ping.respond-empty'], spec: 'https://example.test', run, ...extra });

describe('runCheck: the runner builds the result', () => {
  it('passes a check that observed something and found no violation', async () => {
    const result = await runCheck(check(async (ctx) => ctx.observe(`ping → ${JSON.stringify(await ctx.session.request('ping'))}`)), env());
    expect(result).toMatchObject({ status: 'passed', message: 'ping → {"jsonrpc":"2.0","id":2,"result":{}}', protocolVersion: '2025-11-25' });
    expect(result.evidence.length).toBeGreaterThan(0);
  });

  it('reports a check that observed nothing as errored, never passed', async () => {
    const result = await runCheck(check(async () => undefined), env());
    expect(result).toMatchObject({ status: 'errored', message: 'the check recorded no observation, so it cannot pass (a harness bug)' });
  });

  it('fails on a MUST violation and warns on a SHOULD one', async () => {
    const failed = await runCheck(check(async (ctx) => ctx.violation('broken')), env());
    expect(failed).toMatchObject({ status: 'failed', message: 'broken' });
    const warned = await runCheck(check(async (ctx) => ctx.violation('meh', { level: 'SHOULD' })), env());
    expect(warned).toMatchObject({ status: 'warned', message: 'meh' });
    const should = await runCheck(check(async (ctx) => ctx.violation('meh'), { level: 'SHOULD' }), env());
    expect(should.status).toBe('warned');
  });

  it('skips with the reason the check gives, and when a needed capability or profile entry is missing', async () => {
    expect(await runCheck(check(async (ctx) => ctx.skip('nothing to see')), env())).toMatchObject({ status: 'skipped', message: 'nothing to see' });
    expect(await runCheck(check(async (ctx) => ctx.observe('x'), { needs: { capability: 'tools' } }), env())).toMatchObject({
      status: 'skipped',
      message: 'the server did not declare the tools capability in 2025-11-25',
    });
    expect(await runCheck(check(async (ctx) => ctx.observe('x'), { needs: { profile: 'slow' } }), env())).toMatchObject({
      status: 'skipped',
      message: 'the profile names no "slow" entry (see ARCHITECTURE.md "Profiles")',
    });
  });

  it('reports a harness fault (a TypeError in the check) as errored', async () => {
    const result = await runCheck(check(async () => { throw new TypeError('oops'); }), env());
    expect(result.status).toBe('errored');
    expect(result.message).toMatch(/^the harness failed while running the check: TypeError: oops/);
  });

  it('fails a check whose server never answers, naming the request, within the time limit', async () => {
    const silent = createAnsweringTarget((m) => (m.method === 'initialize' ? compliantAnswer(m) : undefined));
    const result = await runCheck(check(async (ctx) => void (await ctx.session.request('ping'))), env({ target: silent, requestTimeoutMs: 100 }));
    expect(result).toMatchObject({ status: 'failed', message: 'ping (id 2) got no response within 100 ms (while running the check)' });
  });

  it('says why a SHOULD check fails when the server does not answer (the unanswered request breaks a MUST)', async () => {
    const silent = createAnsweringTarget((m) => (m.method === 'initialize' ? compliantAnswer(m) : undefined));
    const result = await runCheck(check(async (ctx) => void (await ctx.session.request('ping')), { level: 'SHOULD' }), env({ target: silent, requestTimeoutMs: 100 }));
    expect(result).toMatchObject({ status: 'failed', level: 'SHOULD', message: `ping (id 2) got no response within 100 ms (while running the check); ${UNANSWERED_IS_A_MUST}` });
  });

  it('accepts any of several profile entries when a check names a list', async () => {
    const needsEither = check(async (ctx) => ctx.observe('ran'), { needs: { profile: ['calls', 'slow'] } });
    expect(await runCheck(needsEither, env())).toMatchObject({ status: 'skipped', message: 'the profile names no "calls" or "slow" entry (see ARCHITECTURE.md "Profiles")' });
    expect(await runCheck(needsEither, env({ profile: { slow: { tool: 'wait' } } }))).toMatchObject({ status: 'passed', message: 'ran' });
  });

  it('cuts a check off at its own time limit and says what was pending', async () => {
    const silent = createAnsweringTarget((m) => (m.method === 'initialize' ? compliantAnswer(m) : undefined));
    const result = await runCheck(check(async (ctx) => void (await ctx.session.request('ping', undefined, { timeoutMs: 10_000 })), { timeoutMs: 150 }), env({ target: silent }));
    expect(result).toMatchObject({ status: 'failed', message: 'the check did not finish within 150 ms while running the check: no response to ping (id 2)' });
  });

  it('redacts the target\'s secrets from messages and evidence', async () => {
    const target = { ...createAnsweringTarget(compliantAnswer), secrets: ['hunter2-secret'] };
    const result = await runCheck(check(async (ctx) => {
      await ctx.session.request('ping', { token: 'hunter2-secret' });
      ctx.violation('saw hunter2-secret');
    }), env({ target }));
    expect(JSON.stringify(result)).not.toContain('hunter2-secret');
    expect(result.message).toBe('saw [redacted]');
  });
});
