import { describe, expect, it } from 'vitest';
import { FEATURE_CHECKS } from '../../../../src/conformance/checks/catalogue-features.js';
import { PROTOCOL_VERSIONS } from '../../../../src/protocol/versions.js';
import { notPassed, runFeature } from './helpers.js';

/** Checks that do not apply to the compliant fixture (in the versions listed, or all), and why. */
const EXPECTED_SKIPS: Record<string, { why: string; versions?: string[] }> = {
  'completion/undeclared-not-supported': { why: 'the fixture declares completions' },
  'modern/initialize-error-names-versions': { why: 'the fixture speaks every version, so initialize succeeds (and runs in one version here)' },
  'tasks/augmented-call': { why: 'the compliant fixture declares no tasks (the tasks fixture is tested apart)' },
  'lifecycle/ping-before-initialize': { why: 'a run in 2026-07-28 alone probes no initialize version', versions: ['2026-07-28'] },
  'logging/messages-safe': { why: '2026-07-28 logs only for requests that ask (the harness never does)', versions: ['2026-07-28'] },
};

describe('feature checks against the compliant fixture', () => {
  it.each(PROTOCOL_VERSIONS)('every feature check passes in %s (or says why it does not apply)', { timeout: 60_000 }, async (version) => {
    const report = await runFeature('compliant', FEATURE_CHECKS.map((c) => c.id), { protocolVersion: version });
    expect(report.server.protocolVersions).toEqual([version]);
    const expectedSkip = (line: string): boolean => {
      const skip = EXPECTED_SKIPS[line.split('@')[0]!];
      return skip !== undefined && line.includes(': skipped ') && (skip.versions === undefined || skip.versions.includes(version));
    };
    const unexpected = notPassed(report).filter((line) => !expectedSkip(line));
    expect(unexpected).toEqual([]);
    expect(report.results.length).toBe(FEATURE_CHECKS.filter((c) => c.versions.includes(version) && c.transports.includes('stdio')).length);
    for (const result of report.results.filter((r) => r.status === 'passed')) expect(result.evidence.length).toBeGreaterThan(0);
  });
});
