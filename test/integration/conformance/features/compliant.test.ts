import { describe, expect, it } from 'vitest';
import { FEATURE_CHECKS } from '../../../../src/conformance/checks/catalogue-features.js';
import { notPassed, runFeature } from './helpers.js';

/** Checks that do not apply to the compliant fixture, and why. */
const EXPECTED_SKIPS: Record<string, string> = {
  'completion/undeclared-not-supported': 'the fixture declares completions',
};

describe('feature checks against the compliant fixture', () => {
  it('every feature check passes in every version the fixture speaks (or says why it does not apply)', async () => {
    const report = await runFeature('compliant', FEATURE_CHECKS.map((c) => c.id), { protocolVersion: 'all' });
    expect(report.server.protocolVersions).toEqual(['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28']);
    const unexpected = notPassed(report).filter((line) => !(line.split('@')[0]! in EXPECTED_SKIPS && line.includes(': skipped ')));
    expect(unexpected).toEqual([]);
    for (const result of report.results.filter((r) => r.status === 'passed')) expect(result.evidence.length).toBeGreaterThan(0);
  });
});
