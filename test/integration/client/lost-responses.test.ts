import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { Session } from '../../../src/client/session/session.js';
import { ResponseStreamError } from '../../../src/client/transports/http-errors.js';
import { StreamableHttpClientTransport } from '../../../src/client/transports/streamable-http.js';
import { WebSocketClientTransport } from '../../../src/client/transports/websocket.js';
import { TransportError } from '../../../src/protocol/index.js';
import { encodeSseEvent } from '../../../src/protocol/sse.js';
import { listen, readRequestBody } from '../../fixtures/http/listen.js';
import { startSdkWebSocketServer } from '../../fixtures/http/ws-server.js';

/** Far beyond the test's own limit: a request that waited for it would fail the test by timing out. */
const NEVER_MS = 60_000;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sse = (res: http.ServerResponse) => res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
const message = (body: string) => JSON.parse(body) as { id?: number; method: string };

async function httpSession(handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void) {
  const server = await listen((req, res) => void readRequestBody(req).then((body) => handler(req, res, body)));
  cleanups.push(() => server.close());
  const errors: Error[] = [];
  const session = new Session(new StreamableHttpClientTransport(`${server.origin}/mcp`, { openGetStream: false }), {
    requestTimeoutMs: NEVER_MS,
    onError: (error) => void errors.push(error),
  });
  cleanups.push(() => session.close());
  await session.start();
  return { session, errors };
}

async function wsSession(onMessage: (socket: WebSocket, data: { id?: number; method: string }) => void) {
  const server = await startSdkWebSocketServer({
    onConnection: (socket) => {
      socket.on('message', (data) => onMessage(socket, message(String(data))));
      return true;
    },
  });
  cleanups.push(() => server.close());
  const errors: Error[] = [];
  const closes: (Error | undefined)[] = [];
  const session = new Session(new WebSocketClientTransport(server.url), {
    requestTimeoutMs: NEVER_MS,
    onError: (error) => void errors.push(error),
    onClose: (reason) => void closes.push(reason),
  });
  cleanups.push(() => session.close());
  await session.start();
  return { session, errors, closes, url: server.url };
}

describe('Session: requests whose response can no longer come fail at once', () => {
  it('fails the request of an HTTP response stream the server ended without event ids, with that error, and goes on', async () => {
    const { session, errors } = await httpSession((_req, res, body) => {
      const { id, method } = message(body);
      if (method === 'tools/call') {
        // A notification proves the stream was open; then the server ends it without the response or an event id.
        sse(res);
        res.write(encodeSseEvent({ data: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'working' } }) }));
        setTimeout(() => res.end(), 20);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id, result: {} }));
    });
    const error = await session.request('tools/call', { name: 'slow' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseStreamError);
    expect((error as ResponseStreamError).requestIds).toEqual([1]);
    expect((error as Error).message).toBe(
      '[mcp-conform] Failed to receive the response to request 1: the server closed the response stream before the response arrived, and gave no event id to resume from. The request was not sent again; retry it if that is safe.',
    );
    expect(errors).toEqual([error]);
    expect(session.pendingCount).toBe(0);
    // Only that request was lost: the session stays open and the next one is answered.
    expect(session.closed).toBe(false);
    await expect(session.request('ping')).resolves.toEqual({});
    expect(session.violations).toEqual([]);
  });

  it('fails only the requests of the cut stream: a request on another stream is still answered', async () => {
    let answerSecond: (() => void) | undefined;
    const { session } = await httpSession((_req, res, body) => {
      const { id, method } = message(body);
      sse(res);
      res.flushHeaders();
      if (method === 'tools/call') {
        // The response head is out: the connection is cut while the stream is open.
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      answerSecond = () => res.end(encodeSseEvent({ data: JSON.stringify({ jsonrpc: '2.0', id, result: { second: true } }) }));
    });
    const second = session.request('resources/list').catch((e: unknown) => e);
    const error = await session.request('tools/call', { name: 'cut' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseStreamError);
    expect((error as Error).message).toMatch(
      /^\[mcp-conform\] Failed to receive the response to request 2: the (server closed the response stream|response stream broke \(.+\)) before the response arrived, and gave no event id to resume from\. The request was not sent again; retry it if that is safe\.$/,
    );
    expect(session.pendingCount).toBe(1);
    answerSecond!();
    expect(await second).toEqual({ second: true });
  });

  it('fails pending WebSocket requests with the reason of a connection lost without a closing handshake (1006)', async () => {
    const { session, errors, closes, url } = await wsSession((socket, data) => {
      if (data.method === 'tools/call') socket.terminate();
    });
    const error = await session.request('tools/call', { name: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toBe(`[mcp-conform] Failed to keep the WebSocket to ${url} open: the connection was lost without a closing handshake (code 1006). Reconnect.`);
    expect((error as TransportError).code).toBe('TRANSPORT_CLOSED');
    expect(session.closed).toBe(true);
    expect(session.closeReason).toBe(error);
    expect(closes).toEqual([error]);
    // The reason reaches onClose, not onError as well.
    expect(errors).toEqual([]);
  });

  it('fails pending WebSocket requests with the close code and reason the server chose', async () => {
    const { session, url } = await wsSession((socket, data) => {
      if (data.method === 'tools/call') socket.close(4000, 'shutting down');
    });
    const calls = [session.request('tools/call', { name: 'a' }), session.request('tools/call', { name: 'b' })].map((p) => p.catch((e: unknown) => e));
    const [first, second] = await Promise.all(calls);
    const expected = `[mcp-conform] Failed to keep the WebSocket to ${url} open: the server closed it with code 4000 (shutting down). Reconnect.`;
    expect((first as Error).message).toBe(expected);
    expect(second).toBe(first);
  });

  it('fails pending requests with the generic reason when the server closes normally (1000), which explains nothing', async () => {
    const { session, closes } = await wsSession((socket, data) => {
      if (data.method === 'tools/call') socket.close(1000);
    });
    const error = await session.request('tools/call', { name: 'x' }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('[mcp-conform] Failed to get a response to "tools/call": the connection closed before the response arrived.');
    expect(closes).toEqual([undefined]);
  });
});
