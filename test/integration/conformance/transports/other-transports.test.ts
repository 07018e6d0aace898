import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStdioTarget } from '../../../../src/conformance/stdio-target.js';
import { startSdkSseServer, startSdkStreamableHttpServer } from '../../../fixtures/http/sdk-servers.js';
import { startSdkWebSocketServer } from '../../../fixtures/http/ws-server.js';
import { startFaultyHttpServer } from '../../../fixtures/conformance/transports/faulty-http-server.js';
import { answersInBatches, answersInBinaryFrames } from '../../../fixtures/conformance/transports/ws-faults.js';
import { notPassed, resultOf, runChecks, shttp, sse, ws } from './helpers.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'conformance');
const stdio = (file: string) =>
  createStdioTarget({ command: `${JSON.stringify(process.execPath)} ${JSON.stringify(join(FIXTURES, file))}`, closeStdinGraceMs: 200, sigtermGraceMs: 500 });

/** Drops the Origin header, so the mock behind it accepts any origin. */
const ignoresOrigin = (r: Request, next: (r: Request) => Promise<Response>): Promise<Response> => {
  const headers = new Headers(r.headers);
  headers.delete('origin');
  return next(new Request(r, { headers }));
};

describe('legacy HTTP+SSE checks', () => {
  it('pass against the SDK SSE server (Origin aside) and the mock, in every version', async () => {
    await using sdk = await startSdkSseServer();
    const report = await runChecks(await sse(sdk.url), ['sse/*'], { protocolVersion: 'all' });
    expect(notPassed(report)).toEqual([]);
    await using mock = await startFaultyHttpServer((r, next) => next(r));
    const mockReport = await runChecks(await sse(mock.sseUrl), ['sse/*', 'http-security/*'], { protocolVersion: 'all' });
    expect(notPassed(mockReport)).toEqual([]);
  });

  it('sse/endpoint-event-first warns when the endpoint event is not the first', async () => {
    // Every stream starts with a message event; the endpoint event follows (the harness's transport still works).
    await using server = await startFaultyHttpServer(async (r, next) => {
      const response = await next(r);
      if (r.method !== 'GET' || new URL(r.url).pathname !== '/sse' || !response.body) return response;
      const early = new TextEncoder().encode('event: message\ndata: {"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"hi"}}\n\n');
      const inner = response.body.getReader();
      const body = new ReadableStream<Uint8Array>({
        start: (controller) => controller.enqueue(early),
        pull: async (controller) => {
          const { value, done } = await inner.read();
          if (done) controller.close();
          else controller.enqueue(value);
        },
        cancel: () => inner.cancel(),
      });
      return new Response(body, { status: response.status, headers: response.headers });
    });
    const report = await runChecks(await sse(server.sseUrl), ['sse/endpoint-event-first']);
    const result = resultOf(report, 'sse/endpoint-event-first');
    expect(result.status).toBe('warned');
    expect(result.message).toBe(
      'the endpoint event came after 1 other event (first: "message" with data "{\\"jsonrpc\\":\\"2.0\\",\\"method\\":\\"notifications/message\\",\\"params\\":{…"); clients expect it first',
    );
  });

  it('sse/endpoint-event-first fails when the stream never names an endpoint', async () => {
    // The harness's own session gets a working stream; the check's second GET gets a stream without an endpoint event.
    let gets = 0;
    await using server = await startFaultyHttpServer(async (r, next) => {
      if (r.method === 'GET' && new URL(r.url).pathname === '/sse' && ++gets === 3) {
        return new Response(': nothing here\n\n', { status: 200, headers: { 'content-type': 'text/event-stream' } });
      }
      return next(r);
    });
    const report = await runChecks(await sse(server.sseUrl), ['sse/endpoint-event-first']);
    const result = resultOf(report, 'sse/endpoint-event-first');
    expect(result.status).toBe('failed');
    expect(result.message).toBe('the SSE stream sent no endpoint event (0 other events, then it ended)');
  });

  it('sse/responses-on-stream fails when a response comes in the POST body instead of on the stream', async () => {
    await using server = await startFaultyHttpServer(async (r, next) => {
      if (r.method === 'POST' && new URL(r.url).pathname === '/messages') {
        const body = (await r.clone().json()) as { id?: unknown; method?: string };
        if (body.method === 'ping') return new Response(JSON.stringify({ jsonrpc: '2.0', id: body.id, result: {} }), { status: 200, headers: { 'content-type': 'application/json' } });
      }
      return next(r);
    });
    const report = await runChecks(await sse(server.sseUrl), ['sse/responses-on-stream'], { requestTimeoutMs: 500 });
    const result = resultOf(report, 'sse/responses-on-stream');
    expect(result.status).toBe('failed');
    expect(result.message).toBe('ping got no response on the SSE stream within 500 ms; the POST\'s own response body was "{\\"jsonrpc\\":\\"2.0\\",\\"id\\":\\"mcp-conform-sse-ping\\",\\"result\\":{}}"');
  });
});

describe('http-security/foreign-origin-rejected', () => {
  it('passes against the mock, which refuses foreign origins with 403, in every version', async () => {
    await using server = await startFaultyHttpServer((r, next) => next(r));
    const report = await runChecks(await shttp(server.url), ['http-security/*'], { protocolVersion: 'all' });
    expect(notPassed(report)).toEqual([]);
  });

  it('fails against a Streamable HTTP server that accepts any Origin (the SDK default)', async () => {
    await using sdk = await startSdkStreamableHttpServer({ stateful: true, json: true });
    const report = await runChecks(await shttp(sdk.url), ['http-security/foreign-origin-rejected'], { protocolVersion: 'all' });
    expect(resultOf(report, 'http-security/foreign-origin-rejected', '2025-11-25').message).toBe(
      'initialize POST with Origin http://evil.example got HTTP 200 (application/json) instead of HTTP 403 Forbidden',
    );
    expect(resultOf(report, 'http-security/foreign-origin-rejected', '2025-06-18').message).toBe(
      'initialize POST with Origin http://evil.example got HTTP 200 (application/json) instead of a 4xx rejection',
    );
    expect(report.results.every((r) => r.status === 'failed')).toBe(true);
  });

  it('fails when a server answers a foreign Origin with 400 in 2025-11-25 (403 is required), and passes with 400 before', async () => {
    await using server = await startFaultyHttpServer(async (r, next) =>
      r.headers.get('origin') === 'http://evil.example' ? new Response('bad origin', { status: 400 }) : next(r),
    );
    const report = await runChecks(await shttp(server.url), ['http-security/foreign-origin-rejected'], { protocolVersion: 'all' });
    expect(resultOf(report, 'http-security/foreign-origin-rejected', '2025-11-25').message).toBe(
      'initialize POST with Origin http://evil.example got HTTP 400 (text/plain) "bad origin" instead of HTTP 403 Forbidden',
    );
    expect(resultOf(report, 'http-security/foreign-origin-rejected', '2025-06-18').status).toBe('passed');
  });

  it('fails against a legacy SSE server that accepts any Origin', async () => {
    await using server = await startFaultyHttpServer(ignoresOrigin);
    const report = await runChecks(await sse(server.sseUrl), ['http-security/foreign-origin-rejected'], { protocolVersion: '2024-11-05' });
    const result = resultOf(report, 'http-security/foreign-origin-rejected');
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/^GET of the SSE stream with Origin http:\/\/evil\.example got HTTP 200 \(text\/event-stream\) instead of a 4xx rejection; POST to the message endpoint with Origin http:\/\/evil\.example got HTTP 202/);
  });
});

describe('websocket/frames-are-messages', () => {
  it('passes against the SDK-built WebSocket server in every version', async () => {
    await using server = await startSdkWebSocketServer();
    const report = await runChecks(ws(server.url), ['websocket/*'], { protocolVersion: 'all' });
    expect(notPassed(report)).toEqual([]);
    expect(report.results.length).toBeGreaterThan(1);
  });

  it.each([
    { fixture: 'answers in binary frames', onConnection: answersInBinaryFrames, message: '1 of 2 WebSocket frames are not one JSON-RPC message each: "{\\"jsonrpc\\":\\"2.0\\",\\"id\\":2,\\"result\\":{}}" (a binary frame)' },
    { fixture: 'answers in batches', onConnection: answersInBatches, message: '1 of 2 WebSocket frames are not one JSON-RPC message each: "[{\\"jsonrpc\\":\\"2.0\\",\\"id\\":2,\\"result\\":{}}]" (a batch, which 2025-11-25 does not allow)' },
  ])('fails against a server that $fixture', async ({ onConnection, message }) => {
    await using server = await startSdkWebSocketServer({ onConnection });
    const report = await runChecks(ws(server.url), ['websocket/frames-are-messages'], { requestTimeoutMs: 500 });
    const result = resultOf(report, 'websocket/frames-are-messages');
    expect(result.status).toBe('failed');
    expect(result.message).toBe(message);
  });
});

describe('stdio framing checks', () => {
  it('pass against the compliant stdio fixture in every version', async () => {
    const report = await runChecks(stdio('compliant.mjs'), ['stdio-framing/*'], { protocolVersion: 'all' });
    expect(notPassed(report)).toEqual([]);
  });

  it('stdio-framing/newlines-stay-escaped fails against a server that writes raw newlines', async () => {
    const report = await runChecks(stdio('transports/writes-raw-newlines.mjs'), ['stdio-framing/newlines-stay-escaped'], { requestTimeoutMs: 500 });
    const result = resultOf(report, 'stdio-framing/newlines-stay-escaped');
    expect(result.status).toBe('failed');
    expect(result.message).toBe('4 stdout lines are fragments of a message split by a raw newline (first: "{\\"jsonrpc\\":\\"2.0\\",\\"id\\":\\"mcp-conform")');
  });

  it('stdio-framing/utf8-round-trip fails against a server that writes Latin-1', async () => {
    const report = await runChecks(stdio('transports/writes-latin1.mjs'), ['stdio-framing/utf8-round-trip'], { requestTimeoutMs: 500 });
    const result = resultOf(report, 'stdio-framing/utf8-round-trip');
    expect(result.status).toBe('failed');
    expect(result.message).toBe('1 stdout lines are not valid UTF-8');
  });
});
