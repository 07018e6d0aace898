import { describe, expect, it } from 'vitest';
import { FIXTURE_PROFILE, notPassed, resultOf, runFeature } from './helpers.js';

const PROFILE = { ...FIXTURE_PROFILE, echo: { tool: 'echo', argument: 'text' } };
const CHECK = 'utf8/echo-round-trip';

describe('utf8/echo-round-trip', () => {
  it('passes against the compliant fixture in every version from 2025-03-26', async () => {
    const report = await runFeature('compliant', [CHECK], { protocolVersion: 'all', profile: PROFILE });
    expect(notPassed(report)).toEqual([]);
    expect(report.results.map((r) => r.protocolVersion)).toEqual(['2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28']);
    expect(resultOf({ ...report, results: report.results.filter((r) => r.protocolVersion === '2025-11-25') }, CHECK).message).toBe(
      '"echo" echoed non-ASCII text, astral-plane text, \\u-escaped text unchanged',
    );
  });

  it('fails against a server that decodes its input as Latin-1, but not for the \\u-escaped text', async () => {
    const result = resultOf(await runFeature('decodes-input-as-latin1', [CHECK], { profile: PROFILE }), CHECK);
    expect(result.status).toBe('failed');
    expect(result.message).toBe(
      'non-ASCII text "héllo wörld — 世界" sent through "echo" came back as "hÃ©llo wÃ¶rld â\u0080\u0094 ä¸\u0096ç\u0095\u008c"; astral-plane text "rocket 🚀 clef 𝄞 grin 😀" sent through "echo" came back as "rocket ð\u009f\u009a\u0080 clef ð\u009d\u0084\u009e grin ð\u009f\u0098\u0080"',
    );
  });

  it('fails against a server that writes astral-plane characters as CESU-8', async () => {
    const result = resultOf(await runFeature('writes-cesu8', [CHECK], { profile: PROFILE }), CHECK);
    expect(result.status).toBe('failed');
    const bad = '\uFFFD'.repeat(6);
    expect(result.message).toBe(
      `2 frames from the server are not valid UTF-8; astral-plane text "rocket 🚀 clef 𝄞 grin 😀" sent through "echo" came back as "rocket ${bad} clef ${bad} grin ${bad}"; ` +
        `\\u-escaped text "héllo 世界 🚀 \\"quoted\\" back\\\\slash\\ttab" sent through "echo" came back as "héllo 世界 ${bad} \\"quoted\\" back\\\\slash\\ttab"`,
    );
    expect(result.evidence.length).toBe(2);
  });

  it('skips, naming the profile field to add, when the profile has no echo entry', async () => {
    const result = resultOf(await runFeature('compliant', [CHECK], { profile: FIXTURE_PROFILE }), CHECK);
    expect(result.status).toBe('skipped');
    expect(result.message).toBe('the profile names no tool known to echo its input; add "echo": { "tool": "<tool>", "argument": "<string parameter it echoes>" } to the profile');
  });
});
