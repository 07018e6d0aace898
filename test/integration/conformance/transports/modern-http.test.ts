import { describe, expect, it } from 'vitest';
import { json, methodOf, startFaultyHttpServer, type HttpFault } from '../../../fixtures/conformance/transports/faulty-http-server.js';
import { notPassed, resultOf, runChecks, shttpModern } from './helpers.js';

const MODERN = { protocolVersion: '2026-07-28' as const };

/** The compliant mock, as it is. */
const asIs: HttpFault = (r, next) => next(r);

describe('2026-07-28 HTTP checks against the compliant mock', () => {
  it('pass against a modern-only mock', async () => {
    await using server = await startFaultyHttpServer(asIs, { protocolVersions: ['2026-07-28'] });
    const report = await runChecks(shttpModern(server.url), ['modern-http/*', 'http/*'], MODERN);
    expect(notPassed(report)).toEqual([]);
    expect(resultOf(report, 'modern-http/base64-header-values').message).toContain('was decoded to test://');
    expect(report.results.map((r) => r.id)).toContain('modern-http/earlier-revision-traffic');
  });

  it('skip the earlier-revision rules against a dual-era mock, whose GET and sessions are legitimate', async () => {
    await using server = await startFaultyHttpServer(asIs);
    const report = await runChecks(shttpModern(server.url), ['modern-http/*'], MODERN);
    expect(notPassed(report, true)).toEqual([]);
    expect(resultOf(report, 'modern-http/earlier-revision-traffic').message).toBe(
      'the server also speaks an initialize-era version, so GET, DELETE and sessions are its to serve',
    );
  });
});

/** Serves the request as if its headers said nothing (the mock sees headers rebuilt from the body). */
const ignoresHeaders =
  (names: readonly string[]): HttpFault =>
  async (r, next) => {
    if (r.method !== 'POST') return next(r);
    const body = (await r.clone().json()) as { method?: string; params?: { name?: string; uri?: string; _meta?: Record<string, unknown> } };
    const headers = new Headers(r.headers);
    if (names.includes('mcp-method') && body.method) headers.set('mcp-method', body.method);
    if (names.includes('mcp-name')) {
      const name = body.params?.name ?? body.params?.uri;
      if (name) headers.set('mcp-name', name);
    }
    if (names.includes('mcp-protocol-version')) {
      const v = body.params?._meta?.['io.modelcontextprotocol/protocolVersion'];
      if (typeof v === 'string' && v !== '1900-01-01') headers.set('mcp-protocol-version', v);
    }
    return next(new Request(r, { headers }));
  };

const CASES: Array<{ check: string; fixture: string; fault: HttpFault; status: 'failed' | 'warned'; message: string; modernOnly?: boolean; decodeBase64HeaderValues?: boolean }> = [
  {
    check: 'modern-http/header-validation',
    fixture: 'ignores-the-mcp-method-header',
    fault: ignoresHeaders(['mcp-method']),
    status: 'failed',
    message: 'server/discover with Mcp-Method: tools/list got HTTP 200 (text/event-stream) instead of HTTP 400 with error -32020; server/discover without Mcp-Method got HTTP 200 (text/event-stream) instead of HTTP 400 with error -32020',
  },
  {
    check: 'modern-http/header-validation',
    fixture: 'ignores-the-mcp-name-header',
    fault: ignoresHeaders(['mcp-name']),
    status: 'failed',
    message: 'tools/call without Mcp-Name got HTTP 200 (text/event-stream) error -32602 "Invalid params: Unknown tool: mcp-conform-no-such-tool" instead of HTTP 400 with error -32020',
  },
  {
    check: 'modern-http/base64-header-values',
    fixture: 'compares-mcp-name-without-decoding-it',
    fault: asIs,
    decodeBase64HeaderValues: false,
    status: 'failed',
    message: 'resources/read of test://static-text with Mcp-Name =?base64?dGVzdDovL3N0YXRpYy10ZXh0?= got HTTP 400 (application/json) error -32020 "Header mismatch: Mcp-Name header \\"=?base64?dGVzdDovL3N0YXRpYy10ZXh0?=\\" does not match the body\'s \\"test://static-text\\"": the encoded value was not decoded',
  },
  {
    check: 'modern-http/unknown-method-404',
    fixture: 'answers-unknown-methods-with-200',
    fault: async (r, next) => {
      if ((await methodOf(r)) !== 'mcp-conform/does-not-exist') return next(r);
      const { id } = (await r.clone().json()) as { id: string };
      return json(200, { jsonrpc: '2.0', id, error: { code: -32601, message: 'Method not found' } });
    },
    status: 'failed',
    message: 'mcp-conform/does-not-exist got HTTP 200 (application/json) error -32601 "Method not found" instead of HTTP 404 with error -32601',
  },
  {
    check: 'modern-http/version-header',
    fixture: 'trusts-the-body-version-over-the-header',
    fault: ignoresHeaders(['mcp-protocol-version']),
    status: 'failed',
    message: 'server/discover with MCP-Protocol-Version: 2025-11-25 and _meta version 2026-07-28 got HTTP 200 (text/event-stream) instead of HTTP 400 with error -32020 or -32022',
  },
  {
    check: 'modern-http/version-header',
    fixture: 'refuses-unknown-versions-without-the-supported-list',
    fault: async (r, next) => {
      if (r.headers.get('mcp-protocol-version') !== '1900-01-01') return next(r);
      const { id } = (await r.clone().json()) as { id: string };
      return json(400, { jsonrpc: '2.0', id, error: { code: -32022, message: 'Unsupported protocol version' } });
    },
    status: 'failed',
    message: 'the -32022 error for 1900-01-01 lists no supported versions (data.supported is undefined)',
  },
  {
    check: 'modern-http/earlier-revision-traffic',
    fixture: 'answers-get-with-a-stream-though-it-speaks-only-2026-07-28',
    fault: async (r, next) =>
      r.method === 'GET' ? new Response(': hello\n\n', { status: 200, headers: { 'content-type': 'text/event-stream' } }) : next(r),
    status: 'warned',
    message: 'GET got HTTP 200 (text/event-stream) instead of 405 Method Not Allowed',
    modernOnly: true,
  },
  {
    check: 'modern-http/earlier-revision-traffic',
    fixture: 'echoes-session-ids',
    fault: async (r, next) => {
      const response = await next(r);
      const id = r.headers.get('mcp-session-id');
      if (id === null) return response;
      const headers = new Headers(response.headers);
      headers.set('mcp-session-id', id);
      return new Response(response.body, { status: response.status, headers });
    },
    status: 'warned',
    message: 'the server answered with Mcp-Session-Id: mcp-conform-stale-session; 2026-07-28 servers mint and echo no session ids',
    modernOnly: true,
  },
  {
    check: 'modern-http/sse-x-accel-buffering',
    fixture: 'lets-proxies-buffer-sse',
    fault: async (r, next) => {
      const response = await next(r);
      const headers = new Headers(response.headers);
      headers.delete('x-accel-buffering');
      return new Response(response.body, { status: response.status, headers });
    },
    status: 'warned',
    message: 'the SSE answer to server/discover carried no X-Accel-Buffering header',
  },
  {
    check: 'http/stream-notifications-related',
    fixture: 'sends-progress-of-another-request-on-a-discover-stream (a MUST in 2026-07-28)',
    fault: async (r, next) => {
      if ((await methodOf(r)) !== 'server/discover' || !(await r.clone().text()).includes('mcp-conform-related')) return next(r);
      const { id } = (await r.clone().json()) as { id: string };
      const progress = { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 'elsewhere', progress: 1 } };
      const events = [progress, { jsonrpc: '2.0', id, result: { resultType: 'complete' } }].map((m) => `event: message\ndata: ${JSON.stringify(m)}\n\n`).join('');
      return new Response(events, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    },
    status: 'failed',
    message: 'a response stream of a request without a progressToken carried {"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"elsewhere","progress":1}}',
  },
  {
    check: 'modern-http/no-server-requests',
    fixture: 'asks-for-roots-on-the-response-stream',
    fault: async (r, next) => {
      if ((await methodOf(r)) !== 'tools/list') return next(r);
      const { id } = (await r.clone().json()) as { id: string };
      const events = [{ jsonrpc: '2.0', id: 'server-1', method: 'roots/list' }, { jsonrpc: '2.0', id, result: { tools: [], resultType: 'complete' } }];
      return new Response(events.map((e) => `event: message\ndata: ${JSON.stringify(e)}\n\n`).join(''), { status: 200, headers: { 'content-type': 'text/event-stream' } });
    },
    status: 'failed',
    message: 'the answer to tools/list carried the server request {"jsonrpc":"2.0","id":"server-1","method":"roots/list"}',
  },
];

describe('2026-07-28 HTTP checks against servers that break one rule', () => {
  it.each(CASES)('$check is $status against the server that $fixture', async ({ check, fault, status, message, modernOnly, decodeBase64HeaderValues }) => {
    await using server = await startFaultyHttpServer(fault, {
      ...(modernOnly ? { protocolVersions: ['2026-07-28'] as const } : {}),
      ...(decodeBase64HeaderValues === undefined ? {} : { decodeBase64HeaderValues }),
    });
    const report = await runChecks(shttpModern(server.url), [check], MODERN);
    const result = resultOf(report, check);
    expect(result.message).toBe(message);
    expect(result.status).toBe(status);
    expect(result.evidence.length).toBeGreaterThan(0);
  });
});
