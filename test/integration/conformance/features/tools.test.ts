import { describe, expect, it } from 'vitest';
import { notPassed, resultOf, runFeature } from './helpers.js';

const CHECKS = ['tools/list-valid', 'tools/schemas-compile', 'tools/names', 'tools/unknown-tool-error', 'tools/call-results-valid'];

const CASES: Array<{ check: string; fixture: string; status: 'failed' | 'warned'; message: string }> = [
  { check: 'tools/list-valid', fixture: 'tool-input-schema-not-object', status: 'failed', message: 'tools/list: tool "echo" has inputSchema.type "array", not "object"' },
  {
    check: 'tools/schemas-compile',
    fixture: 'tool-schema-invalid',
    status: 'failed',
    message: 'tool "echo" inputSchema is not a valid JSON Schema (2020-12): schema is invalid: data/properties/text/type must be equal to one of the allowed values, data/properties/text/type must be array, data/properties/text/type must match a schema in anyOf',
  },
  { check: 'tools/names', fixture: 'tool-name-with-spaces', status: 'warned', message: 'tool name "echo text" uses characters other than A-Z, a-z, 0-9, _, - and .' },
  { check: 'tools/unknown-tool-error', fixture: 'unknown-tool-is-error-result', status: 'warned', message: 'tools/call of mcp_conform_no_such_tool got a result with isError: true instead of a JSON-RPC error (-32602)' },
  {
    check: 'tools/call-results-valid',
    fixture: 'structured-content-mismatch',
    status: 'failed',
    message: 'tools/call of "add": structuredContent does not match the outputSchema: /sum must be number',
  },
];

describe('tools checks', () => {
  it('pass against the compliant fixture in every version', async () => {
    const report = await runFeature('compliant', CHECKS, { protocolVersion: 'all' });
    expect(notPassed(report)).toEqual([]);
    expect(report.server.protocolVersions).toEqual(['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28']);
  });

  it.concurrent.for(CASES)('$check is $status against the fixture $fixture', async ({ check, fixture, status, message }, { expect }) => {
    const result = resultOf(await runFeature(fixture, [check]), check);
    expect(result.message).toBe(message);
    expect(result.status).toBe(status);
  });
});

describe('content types from a later version', () => {
  it('only warn before 2025-06-18, where respecting the negotiated version is a SHOULD', async () => {
    const result = resultOf(await runFeature('resource-link-in-old-versions', ['tools/call-results-valid'], { protocolVersion: '2025-03-26' }), 'tools/call-results-valid');
    expect(result.message).toBe('tools/call of "echo": content[1] has type "resource_link", which 2025-03-26 does not define (a SHOULD before 2025-06-18: "Respect the negotiated protocol version")');
    expect(result.status).toBe('warned');
  });
});
