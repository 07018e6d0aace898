import { describe, expect, it } from 'vitest';
import { applyBaseline, parseBaseline } from './baseline.js';
import type { CheckResult } from './run-report.js';

const result = (id: string, status: CheckResult['status'], protocolVersion?: CheckResult['protocolVersion']): CheckResult => ({
  id, title: id, suite: id.split('/')[0]!, level: 'MUST', status, transport: 'stdio', requirements: [], spec: '', durationMs: 0, evidence: [],
  ...(protocolVersion ? { protocolVersion } : {}),
});

describe('baselines of expected failures', () => {
  it('reads the official suite\'s format and a plain list', () => {
    expect(parseBaseline('server:\n  - a/b\n  - c/d@2025-11-25\nclient:\n  - x\n').entries).toEqual(['a/b', 'c/d@2025-11-25']);
    expect(parseBaseline('- a/b\n').entries).toEqual(['a/b']);
    expect(parseBaseline('').entries).toEqual([]);
    expect(() => parseBaseline('server: 3')).toThrow(
      '[mcp-conform] Failed to read the expected-failures file: it must be a list of check ids, or a mapping with a "server" list. Example: "server:\\n  - jsonrpc/unknown-method".',
    );
  });

  it('marks listed failures as expected, and listed checks that pass as stale', () => {
    const results = [result('a/b', 'failed', '2025-11-25'), result('a/b', 'passed', '2024-11-05'), result('c/d', 'passed'), result('e/f', 'skipped')];
    const { results: marked, stale } = applyBaseline(results, { entries: ['a/b', 'c/d', 'e/f', 'g/h'] });
    expect(marked.map((r) => r.expected)).toEqual(['failure', 'stale', 'stale', undefined]);
    // a/b still fails somewhere: not stale. A skipped or absent check says nothing.
    expect(stale).toEqual(['c/d']);
  });

  it('matches one version with id@version', () => {
    const results = [result('a/b', 'failed', '2025-11-25'), result('a/b', 'failed', '2024-11-05')];
    const { results: marked } = applyBaseline(results, { entries: ['a/b@2024-11-05'] });
    expect(marked.map((r) => r.expected)).toEqual([undefined, 'failure']);
  });
});
