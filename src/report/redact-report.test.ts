import { describe, expect, it } from 'vitest';
import { REDACTED, SECRET_HEADER_NAMES } from '../protocol/wire.js';
import type { RunReport } from '../conformance/run-report.js';
import { redactReport, redactUrl, REPORT_REDACTED, REPORT_SECRET_HEADER_NAMES } from './redact-report.js';

const base: RunReport = {
  schemaVersion: 1,
  tool: { name: 'mcp-conform', version: '0.1.0' },
  target: { transport: 'streamable-http', url: 'http://127.0.0.1:1/mcp' },
  startedAt: '2026-11-22T02:00:00.000Z',
  durationMs: 1,
  server: { protocolVersions: [] },
  summary: { total: 1, passed: 1, failed: 0, warned: 0, skipped: 0, errored: 0 },
  results: [
    {
      id: 'x/y', title: 'y', suite: 'x', level: 'MUST', status: 'passed', transport: 'streamable-http', requirements: [], spec: 'https://example.test', durationMs: 1,
      evidence: [{ kind: 'http', seq: 0, timestamp: 0, transport: 'streamable-http', direction: 'out', exchange: 0, method: 'POST', url: 'http://127.0.0.1:1/mcp', headers: { accept: 'application/json' } }],
    },
  ],
};

describe('redactReport', () => {
  it('redacts the same header names as the protocol layer', () => {
    expect(REPORT_SECRET_HEADER_NAMES).toEqual(SECRET_HEADER_NAMES);
    expect(REPORT_REDACTED).toBe(REDACTED);
  });

  it('returns the report itself when nothing is secret', () => {
    expect(redactReport(base)).toBe(base);
  });

  it('replaces secret header values, in any case, and URL passwords, without touching the input', () => {
    const leaky: RunReport = {
      ...base,
      target: { transport: 'streamable-http', url: 'https://me:pa55@example.test/mcp' },
      results: [{ ...base.results[0]!, evidence: [{ ...(base.results[0]!.evidence[0] as Extract<RunReport['results'][0]['evidence'][0], { kind: 'http' }>), url: 'http://me:pa55@127.0.0.1:1/mcp', headers: { Authorization: 'Bearer t', 'x-api-key': 'k', accept: 'a' } }] }],
    };
    const safe = redactReport(leaky);
    expect(safe.target.url).toBe('https://me:[redacted]@example.test/mcp');
    expect(safe.results[0]!.evidence[0]).toMatchObject({ url: 'http://me:[redacted]@127.0.0.1:1/mcp', headers: { Authorization: '[redacted]', 'x-api-key': '[redacted]', accept: 'a' } });
    expect(JSON.stringify(leaky)).toContain('Bearer t');
  });
});

describe('redactUrl', () => {
  it('keeps URLs without a password as they are', () => {
    expect(redactUrl('http://127.0.0.1:3000/mcp?x=1')).toBe('http://127.0.0.1:3000/mcp?x=1');
    expect(redactUrl('ws://user@host/mcp')).toBe('ws://user@host/mcp');
    expect(redactUrl('https://u:p@host/a@b')).toBe('https://u:[redacted]@host/a@b');
  });
});
