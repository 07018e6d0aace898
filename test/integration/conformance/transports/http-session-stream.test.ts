import { describe, expect, it } from 'vitest';
import { json, methodOf, startFaultyHttpServer, type HttpFault } from '../../../fixtures/conformance/transports/faulty-http-server.js';
import { notPassed, resultOf, runChecks, shttp, useCompliantSdkServers } from './helpers.js';

const CHECKS = ['http-session/*', 'http-stream/*', 'http-version-header/*'];

describe('session, stream and version-header checks against compliant servers', () => {
  const servers = useCompliantSdkServers();

  it('pass against the SDK server, stateful with an event store, in every version', async () => {
    const report = await runChecks(await shttp(servers.stateful.url), CHECKS, { protocolVersion: 'all' });
    expect(notPassed(report)).toEqual([]);
  });

  it('pass or skip (no session, no stream) against the SDK server, stateless with JSON answers', async () => {
    const report = await runChecks(await shttp(servers.stateless.url), CHECKS);
    expect(notPassed(report, true)).toEqual([]);
    expect(resultOf(report, 'http-session/missing-id-400', '2025-11-25').message).toBe(
      'the server issued no Mcp-Session-Id on initialize (it is stateless), so it has no session to check',
    );
  });

  it('pass against the mcp-conform mock', async () => {
    await using server = await startFaultyHttpServer((r, next) => next(r));
    const report = await runChecks(await shttp(server.url), CHECKS);
    // The mock forgets a stream it delivered whole (replay is a MAY), so the resumption check may skip against it.
    expect(notPassed(report, true)).toEqual([]);
  });
});

const sessionOf = (r: Request): string | null => r.headers.get('mcp-session-id');
const sse = (events: string): Response => new Response(events, { status: 200, headers: { 'content-type': 'text/event-stream' } });

const CASES: Array<{ check: string; fixture: string; fault: HttpFault; status: 'failed' | 'warned'; message: string; timeoutMs?: number; options?: Parameters<typeof startFaultyHttpServer>[1] }> = [
  {
    check: 'http-session/id-well-formed',
    fixture: 'issues-session-ids-with-spaces',
    fault: async (r, next) => {
      const sent = sessionOf(r);
      const headers = new Headers(r.headers);
      if (sent !== null) headers.set('mcp-session-id', sent.replace(' ', ''));
      const response = await next(sent === null ? r : new Request(r, { headers }));
      const id = response.headers.get('mcp-session-id');
      if (id === null) return response;
      // The id as issued has a space in it; the space is dropped again on the way in, so the session still works.
      const answer = new Headers(response.headers);
      answer.set('mcp-session-id', `${id.slice(0, 8)} ${id.slice(8)}`);
      return new Response(response.body, { status: response.status, headers: answer });
    },
    status: 'failed',
    message: 'has characters outside visible ASCII (0x21 to 0x7E)',
  },
  {
    check: 'http-session/missing-id-400',
    fixture: 'answers-requests-without-a-session-with-403',
    fault: async (r, next) => (r.method === 'POST' && sessionOf(r) === null && (await methodOf(r)) !== 'initialize' ? json(403, { jsonrpc: '2.0', error: { code: -32000, message: 'no' } }) : next(r)),
    status: 'warned',
    message: 'a request without Mcp-Session-Id got HTTP 403 (application/json) error -32000 "no" instead of HTTP 400 Bad Request',
  },
  {
    check: 'http-session/unknown-id-404',
    fixture: 'answers-unknown-sessions-with-400',
    fault: async (r, next) => (sessionOf(r)?.startsWith('mcp-conform-unknown-') ? json(400, { jsonrpc: '2.0', error: { code: -32000, message: 'Bad session' } }) : next(r)),
    status: 'warned',
    message: 'instead of HTTP 404 Not Found',
  },
  {
    check: 'http-session/delete-then-404',
    fixture: 'forgets-nothing-on-delete',
    fault: async (r, next) => (r.method === 'DELETE' ? new Response(null, { status: 200 }) : next(r)),
    status: 'failed',
    message: 'after DELETE got HTTP 200, a request with the terminated session id got HTTP 200 (text/event-stream) instead of HTTP 404 Not Found',
  },
  {
    check: 'http-stream/get-sse-or-405',
    fixture: 'answers-get-with-400',
    fault: async (r, next) => (r.method === 'GET' ? new Response('no', { status: 400, headers: { 'content-type': 'text/plain' } }) : next(r)),
    status: 'failed',
    message: 'GET got HTTP 400 (text/plain) instead of text/event-stream or 405 Method Not Allowed',
  },
  {
    check: 'http-stream/get-sse-or-405',
    fixture: 'never-answers-get',
    fault: (r, next) => (r.method === 'GET' ? new Promise<Response>(() => undefined) : next(r)),
    status: 'failed',
    message: 'GET got no response head within 500 ms',
    timeoutMs: 500,
  },
  {
    check: 'http-stream/get-no-response',
    fixture: 'sends-responses-on-the-get-stream',
    fault: async (r, next) => (r.method === 'GET' && !r.headers.get('last-event-id') ? sse(`event: message\ndata: {"jsonrpc":"2.0","id":"stray","result":{}}\n\n`) : next(r)),
    status: 'failed',
    message: 'the GET stream carried 1 JSON-RPC response: {"jsonrpc":"2.0","id":"stray","result":{}}',
  },
  {
    check: 'http-stream/event-ids-unique',
    fixture: 'numbers-events-per-stream-from-1',
    fault: async (r, next) => {
      if ((await methodOf(r)) !== 'ping') return next(r);
      const { id } = (await r.clone().json()) as { id: unknown };
      return sse(`id: 1\ndata: ${JSON.stringify({ jsonrpc: '2.0', id, result: {} })}\n\n`);
    },
    status: 'failed',
    message: 'event ids repeat within one session: "1" came 3 times',
  },
  {
    check: 'http-stream/resume-same-stream-only',
    fixture: 'replays-every-stream-on-resume',
    fault: async (r, next) => {
      if (r.method === 'GET' && r.headers.get('last-event-id')) {
        return sse(`id: x1\ndata: {"jsonrpc":"2.0","id":"mcp-conform-resume-other","result":{}}\n\nid: x2\ndata: {"jsonrpc":"2.0","id":"mcp-conform-resume","result":{}}\n\n`);
      }
      return next(r);
    },
    status: 'failed',
    message: 'replayed 1 response to other requests: {"jsonrpc":"2.0","id":"mcp-conform-resume-other","result":{}}',
  },
  {
    check: 'http-stream/polling-priming-and-retry',
    fixture: 'sends-no-priming-event',
    fault: noPriming,
    status: 'warned',
    message: 'not a priming event (an id and empty data)',
  },
  {
    check: 'http-stream/polling-priming-and-retry',
    fixture: 'closes-streams-early-without-retry',
    fault: async (r, next) => ((await methodOf(r)) === 'ping' ? sse('id: p1\ndata:\n\n') : next(r)),
    status: 'warned',
    message: 'the server closed the SSE stream of ping before its response without sending a retry field',
  },
  {
    check: 'http-version-header/invalid-400',
    fixture: 'serves-any-protocol-version-header',
    fault: async (r, next) => {
      if (r.headers.get('mcp-protocol-version') !== '1999-01-01') return next(r);
      const headers = new Headers(r.headers);
      headers.set('mcp-protocol-version', '2025-11-25');
      return next(new Request(r, { headers }));
    },
    status: 'failed',
    message: 'MCP-Protocol-Version: 1999-01-01 got HTTP 200 (text/event-stream) instead of HTTP 400 Bad Request',
  },
  {
    check: 'http-version-header/missing-served',
    fixture: 'requires-the-protocol-version-header',
    fault: async (r, next) => (r.method === 'POST' && !r.headers.get('mcp-protocol-version') && (await methodOf(r)) === 'ping' ? json(400, { jsonrpc: '2.0', error: { code: -32000, message: 'header required' } }) : next(r)),
    status: 'warned',
    message: 'a request without MCP-Protocol-Version got HTTP 400 (application/json) error -32000 "header required" instead of being served',
  },
];

/** Drops the mock's priming event (id + empty data) from ping answers. */
async function noPriming(r: Request, next: (r: Request) => Promise<Response>): Promise<Response> {
  if ((await methodOf(r)) !== 'ping') return next(r);
  const { id } = (await r.clone().json()) as { id: unknown };
  return sse(`event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', id, result: {} })}\n\n`);
}

describe('session, stream and version-header checks against servers that break one rule', () => {
  it.each(CASES)('$check is $status against the server that $fixture', async ({ check, fault, status, message, timeoutMs, options }) => {
    await using server = await startFaultyHttpServer(fault, options);
    const report = await runChecks(await shttp(server.url), [check], timeoutMs ? { requestTimeoutMs: timeoutMs } : {});
    const result = resultOf(report, check);
    expect(result.message).toContain(message);
    expect(result.status).toBe(status);
    expect(result.evidence.length).toBeGreaterThan(0);
  });
});

describe('http-stream/event-ids-unique on the shared session', () => {
  it('counts only the streams of its own session, not a new session that another check opened on the same log', async () => {
    // Every stream of every session numbers its events from 1, and the server accepts any Origin: the Origin check's
    // initialize (sent without a session id) opens a second session whose stream is recorded on the shared log too.
    const perSession: HttpFault = async (request, next) => {
      // It lets any Origin in (the mock itself refuses a foreign one).
      const headers = new Headers(request.headers);
      headers.delete('origin');
      const r = new Request(request, { headers });
      if (r.method !== 'POST' || (await methodOf(r)) !== 'initialize') return next(r);
      const answer = await next(r);
      const body = await answer.text();
      const data = /^data: (.*)$/m.exec(body)?.[1] ?? body;
      const answerHeaders = new Headers(answer.headers);
      answerHeaders.set('content-type', 'text/event-stream');
      return new Response(`id: 1\ndata: ${data}\n\n`, { status: answer.status, headers: answerHeaders });
    };
    await using server = await startFaultyHttpServer(perSession);
    const report = await runChecks(await shttp(server.url), ['http-stream/event-ids-unique', 'http-security/foreign-origin-rejected'], { protocolVersion: '2025-06-18' });
    const result = resultOf(report, 'http-stream/event-ids-unique', '2025-06-18');
    expect(`${result.status}: ${result.message}`).toMatch(/^passed: \d+ SSE event ids, all distinct$/);
    // The second session was opened (the Origin check was not refused) and its stream was on the log.
    expect(resultOf(report, 'http-security/foreign-origin-rejected', '2025-06-18').status).toBe('failed');
  });
});

describe('raw HTTP checks beside lifecycle/notifications-get-no-response on the shared session', () => {
  const servers = useCompliantSdkServers();

  it.each(['http/malformed-input-rejected', 'http-session/missing-id-400', 'http-session/unknown-id-404', 'http-version-header/invalid-400'])(
    'with %s: the raw exchanges\' error answers (id null) are not taken for answers to a notification',
    async (neighbour) => {
      const report = await runChecks(await shttp(servers.stateful.url), ['lifecycle/notifications-get-no-response', neighbour], { protocolVersion: '2025-11-25' });
      expect(`${resultOf(report, 'lifecycle/notifications-get-no-response', '2025-11-25').status}`).toBe('passed');
    },
  );
});
