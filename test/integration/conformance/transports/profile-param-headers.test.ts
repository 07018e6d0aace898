import { describe, expect, it } from 'vitest';
import { listen } from '../../../../src/mocks/index.js';
import { defineProfileServer, PROFILE_SERVER_PROFILE } from '../../../fixtures/conformance/features/profile-server.js';
import { notPassed, resultOf, runChecks, shttpModern } from './helpers.js';

const CHECK = 'param-headers/validated';
const MODERN = { protocolVersion: '2026-07-28' as const, profile: PROFILE_SERVER_PROFILE };

describe('param-headers/validated', () => {
  it('passes against the mock engine, which validates Mcp-Param headers', async () => {
    await using listener = await listen(defineProfileServer({ protocolVersions: ['2026-07-28'] }));
    const report = await runChecks(shttpModern(listener.url), [CHECK], MODERN);
    expect(notPassed(report)).toEqual([]);
    expect(resultOf(report, CHECK).message).toBe(
      'tools/call of "query" (from the profile) with matching Mcp-Param-Region was served; ' +
        'tools/call of "query" (from the profile) without Mcp-Param-Region (the body has region) got HTTP 400 with error -32020; ' +
        'tools/call of "query" (from the profile) with Mcp-Param-Region: us-west1-mcp-conform-mismatch (the body has "us-west1") got HTTP 400 with error -32020',
    );
  });

  it('fails against a server that lists x-mcp-header but checks no Mcp-Param header', async () => {
    await using listener = await listen(defineProfileServer({ protocolVersions: ['2026-07-28'], unvalidatedParamHeaders: true }));
    const result = resultOf(await runChecks(shttpModern(listener.url), [CHECK], MODERN), CHECK);
    expect(result.status).toBe('failed');
    expect(result.message).toBe(
      'tools/call of "query" (from the profile) without Mcp-Param-Region (the body has region) got HTTP 200 (text/event-stream) instead of HTTP 400 with error -32020; ' +
        'tools/call of "query" (from the profile) with Mcp-Param-Region: us-west1-mcp-conform-mismatch (the body has "us-west1") got HTTP 200 (text/event-stream) instead of HTTP 400 with error -32020',
    );
  });

  it('is skipped, naming the profile field, when no profile call mirrors a parameter', async () => {
    await using listener = await listen(defineProfileServer({ protocolVersions: ['2026-07-28'] }));
    const result = resultOf(await runChecks(shttpModern(listener.url), [CHECK], { ...MODERN, profile: { calls: [{ tool: 'echo', arguments: { text: 'x' } }] } }), CHECK);
    expect(result.status).toBe('skipped');
    expect(result.message).toBe(
      'no call of the profile names a tool whose inputSchema mirrors a parameter into a header (x-mcp-header) with a value in the call\'s arguments; add such a call to the profile\'s "calls"',
    );
  });
});
