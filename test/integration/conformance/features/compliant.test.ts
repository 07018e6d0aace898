import { describe, expect, it } from 'vitest';
import { FEATURE_CHECKS } from '../../../../src/conformance/checks/catalogue-features.js';
import { PROTOCOL_VERSIONS } from '../../../../src/protocol/versions.js';
import { notPassed, runFeature } from './helpers.js';

/** Checks that do not apply to the compliant fixture, and why. */
const EXPECTED_SKIPS: Record<string, string> = {
  'completion/undeclared-not-supported': 'the fixture declares completions',
};

describe('feature checks against the compliant fixture', () => {
  it.each(PROTOCOL_VERSIONS)('every feature check passes in %s (or says why it does not apply)', { timeout: 60_000 }, async (version) => {
    const report = await runFeature('compliant', FEATURE_CHECKS.map((c) => c.id), { protocolVersion: version });
    expect(report.server.protocolVersions).toEqual([version]);
    const unexpected = notPassed(report).filter((line) => !(line.split('@')[0]! in EXPECTED_SKIPS && line.includes(': skipped ')));
    expect(unexpected).toEqual([]);
    expect(report.results.length).toBe(FEATURE_CHECKS.filter((c) => c.versions.includes(version) && c.transports.includes('stdio')).length);
    for (const result of report.results.filter((r) => r.status === 'passed')) expect(result.evidence.length).toBeGreaterThan(0);
  });
});
