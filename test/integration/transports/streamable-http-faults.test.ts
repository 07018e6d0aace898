import type http from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StreamableHttpClientTransport, type StreamableHttpClientTransportOptions } from '../../../src/client/transports/streamable-http.js';
import { ResponseStreamError } from '../../../src/client/transports/http-errors.js';
import { AuthenticationError, ConnectionError, HttpStatusError, ProtocolError, type WireHttpEvent } from '../../../src/protocol/index.js';
import { encodeSseEvent } from '../../../src/protocol/sse.js';
import { freePort, listen, readRequestBody } from '../../fixtures/http/listen.js';
import { createProbe } from '../../fixtures/http/probe.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => unknown;

async function setup(handler: Handler, options: StreamableHttpClientTransportOptions = {}) {
  const server = await listen((req, res) => {
    void readRequestBody(req).then((body) => handler(req, res, body));
  });
  cleanups.push(() => server.close());
  const url = `${server.origin}/mcp`;
  const transport = new StreamableHttpClientTransport(url, { openGetStream: false, ...options });
  cleanups.push(() => transport.close());
  const probe = createProbe(transport);
  await transport.start();
  return { url, transport, probe };
}

const sse = (res: http.ServerResponse) => res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
const result = (id: unknown, value: Record<string, unknown> = {}) => JSON.stringify({ jsonrpc: '2.0', id, result: value });
const idOf = (body: string) => (JSON.parse(body) as { id: unknown }).id;

describe('StreamableHttpClientTransport faults', () => {
  it('fails the request at once, saying so, when the server dies mid-stream without event ids', async () => {
    const { probe } = await setup((_req, res, body) => {
      sse(res);
      res.write(encodeSseEvent({ data: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'working' } }) }));
      setTimeout(() => res.socket?.destroy(), 20);
      void body;
    });
    const pending = probe.request('tools/call', { name: 'x' }, 5000).catch((e: unknown) => e);
    const error = await probe.nextError();
    expect(error).toBeInstanceOf(ResponseStreamError);
    expect((error as ResponseStreamError).requestIds).toEqual([1]);
    expect(error.message).toMatch(
      /^\[mcp-conform\] Failed to receive the response to request 1: the (server closed the response stream|response stream broke \(.+\)) before the response arrived, and gave no event id to resume from\. The request was not sent again; retry it if that is safe\.$/,
    );
    expect(probe.received.map((m) => ('method' in m ? m.method : ''))).toEqual(['notifications/message']);
    void pending;
  });

  it('resumes with Last-Event-ID when a stream with event ids is cut before the response, and never re-POSTs', async () => {
    let posts = 0;
    const { transport, probe } = await setup(
      (req, res, body) => {
        if (req.method === 'POST') {
          posts++;
          sse(res);
          res.write(encodeSseEvent({ id: 'e1', retry: 10, data: '' }));
          res.end();
          pendingId = idOf(body);
          return;
        }
        expect(req.headers['last-event-id']).toBe('e1');
        sse(res);
        res.end(encodeSseEvent({ id: 'e2', data: result(pendingId, { ok: true }) }));
      },
      { reconnection: { initialDelayMs: 10 } },
    );
    let pendingId: unknown;
    const response = await probe.request('tools/list');
    expect(response).toEqual({ jsonrpc: '2.0', id: 1, result: { ok: true } });
    expect(posts).toBe(1);
    const get = transport.wire.events.find((e): e is WireHttpEvent => e.kind === 'http' && e.method === 'GET');
    expect(get?.headers['last-event-id']).toBe('e1');
  });

  it('gives up with a clear error when resuming a cut stream is refused', async () => {
    const { probe } = await setup((req, res) => {
      if (req.method === 'POST') {
        sse(res);
        res.end(encodeSseEvent({ id: 'e1', retry: 5, data: '' }));
        return;
      }
      res.writeHead(405, { allow: 'POST' }).end();
    });
    void probe.request('tools/list').catch(() => {});
    const error = await probe.nextError();
    expect(error).toBeInstanceOf(ResponseStreamError);
    expect(error.message).toContain('Failed to receive the response to request 1: the response stream closed and resuming it failed');
    expect(error.message).toContain('HTTP 405 Method Not Allowed');
  });

  it('delivers the answer of a slow server, and close() during a slow call does not hang', async () => {
    const { transport, probe } = await setup((_req, res, body) => {
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/json' }).end(result(idOf(body), { late: true }));
      }, 150);
    });
    expect(await probe.request('ping')).toMatchObject({ result: { late: true } });
    const hanging = transport.send({ jsonrpc: '2.0', id: 99, method: 'ping' });
    await transport.close();
    await expect(hanging).rejects.toThrow('[mcp-conform] Failed to send ping request 99: the transport is closed. Create a new transport.');
  });

  it('reports an HTML page answered with 200 as a protocol error naming the content type', async () => {
    const { url, probe } = await setup((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'));
    const error = await probe.request('tools/list').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as Error).message).toBe(
      '[mcp-conform] Failed to read the response to tools/list request 1: the server answered HTTP 200 with Content-Type text/html instead of application/json or text/event-stream. Check that the URL is the MCP endpoint.',
    );
    void url;
  });

  it('turns a 500 with an HTML body into an HttpStatusError carrying status, headers and body', async () => {
    const { url, probe } = await setup((_req, res) => res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>boom</h1>'));
    const error = (await probe.request('tools/list').catch((e: unknown) => e)) as HttpStatusError;
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error.status).toBe(500);
    expect(error.body).toBe('<h1>boom</h1>');
    expect(error.headers['content-type']).toBe('text/html');
    expect(error.message).toBe(`[mcp-conform] Failed to send tools/list request 1 to ${url}: the server answered HTTP 500 Internal Server Error (text/html: "<h1>boom</h1>"). The server failed; check its logs.`);
  });

  it('says when to retry on 429', async () => {
    const { url, probe } = await setup((_req, res) => res.writeHead(429, { 'retry-after': '7', 'content-type': 'text/plain' }).end('slow down'));
    const error = await probe.request('tools/list').catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `[mcp-conform] Failed to send tools/list request 1 to ${url}: the server answered HTTP 429 Too Many Requests (text/plain: "slow down"). The server is rate limiting; it asks to retry after 7 s. Slow down and retry later.`,
    );
  });

  it('surfaces a 401 as an AuthenticationError with the challenge and its resource metadata URL', async () => {
    const challenge = 'Bearer error="invalid_token", resource_metadata="http://127.0.0.1/.well-known/oauth-protected-resource/mcp"';
    const { url, probe } = await setup((_req, res) => res.writeHead(401, { 'www-authenticate': challenge }).end());
    const error = (await probe.request('tools/list').catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.code).toBe('AUTHENTICATION_REQUIRED');
    expect(error.challenge).toBe(challenge);
    expect(error.resourceMetadataUrl).toBe('http://127.0.0.1/.well-known/oauth-protected-resource/mcp');
    expect(error.message).toBe(
      `[mcp-conform] Failed to send tools/list request 1 to ${url}: the server answered HTTP 401 Unauthorized (WWW-Authenticate: ${challenge}). Get a token from the authorization server named in http://127.0.0.1/.well-known/oauth-protected-resource/mcp and pass it as an Authorization header.`,
    );
  });

  it('says the connection was refused when nothing listens on the port', async () => {
    const port = await freePort();
    const transport = new StreamableHttpClientTransport(`http://127.0.0.1:${port}/mcp`);
    cleanups.push(() => transport.close());
    await transport.start();
    const error = await createProbe(transport).request('ping').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe(
      `[mcp-conform] Failed to send ping request 1 to http://127.0.0.1:${port}/mcp: the connection was refused (ECONNREFUSED). Check that the server is running and listening on that address and port.`,
    );
  });

  it('sends a static bearer token but never records it', async () => {
    const seen: (string | undefined)[] = [];
    const { transport, probe } = await setup(
      (req, res, body) => {
        seen.push(req.headers.authorization);
        res.writeHead(200, { 'content-type': 'application/json' }).end(result(idOf(body)));
      },
      { headers: { Authorization: 'Bearer s3cret', 'X-Tenant-Token': 't0ken' } },
    );
    await probe.request('ping');
    expect(seen).toEqual(['Bearer s3cret']);
    expect(JSON.stringify(transport.wire.events)).not.toContain('s3cret');
    expect(JSON.stringify(transport.wire.events)).not.toContain('t0ken');
    expect(transport.wire.events.find((e) => e.kind === 'http' && e.direction === 'out')).toMatchObject({ headers: { authorization: '[redacted]' } });
  });

  it('records an unparseable SSE event and reports it without dropping the stream', async () => {
    const { transport, probe } = await setup((_req, res, body) => {
      sse(res);
      res.write(encodeSseEvent({ data: '{not json' }));
      res.end(encodeSseEvent({ data: result(idOf(body)) }));
    });
    await probe.request('ping');
    expect(probe.errors[0]?.message).toBe('[mcp-conform] Failed to read an SSE event: the data of event (no id) is not JSON: "{not json". Check the server.');
    expect(transport.wire.events.some((e) => e.kind === 'frame' && e.raw === '{not json' && e.parseError !== undefined)).toBe(true);
  });
});

describe('StreamableHttpClientTransport on the 2026-07-28 wire', () => {
  it('sends Mcp-Method and Mcp-Name (base64 when not plain ASCII), no session id, and no GET', async () => {
    const heads: http.IncomingHttpHeaders[] = [];
    const { transport, probe } = await setup(
      (req, res, body) => {
        heads.push(req.headers);
        res.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': 'ignored' }).end(result(idOf(body)));
      },
      { protocolVersion: '2026-07-28', openGetStream: true },
    );
    await probe.request('tools/call', { name: 'écho', arguments: {} });
    await probe.request('resources/read', { uri: 'file:///a.txt' });
    await probe.request('tools/list');
    expect(heads.map((h) => [h['mcp-method'], h['mcp-name'], h['mcp-protocol-version'], h['mcp-session-id']])).toEqual([
      ['tools/call', `=?base64?${Buffer.from('écho').toString('base64')}?=`, '2026-07-28', undefined],
      ['resources/read', 'file:///a.txt', '2026-07-28', undefined],
      ['tools/list', undefined, '2026-07-28', undefined],
    ]);
    expect(transport.sessionId).toBeUndefined();
    await transport.close();
    expect(transport.wire.events.some((e) => e.kind === 'http' && (e.method === 'GET' || e.method === 'DELETE'))).toBe(false);
  });

  it('cancels a request by closing its response stream, which the server sees as a disconnect', async () => {
    let serverSawClose!: () => void;
    const closedByClient = new Promise<void>((resolve) => (serverSawClose = resolve));
    const { transport, probe } = await setup(
      (_req, res) => {
        sse(res);
        res.write(': started\n\n');
        res.on('close', () => serverSawClose());
      },
      { protocolVersion: '2026-07-28' },
    );
    void probe.request('tools/call', { name: 'slow', arguments: {} }, 2000).catch(() => {});
    await vi.waitFor(() => expect(transport.wire.events.some((e) => e.kind === 'lifecycle' && e.event === 'stream-open')).toBe(true));
    await transport.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } });
    await closedByClient;
    expect(transport.wire.events.filter((e) => e.kind === 'http' && e.method === 'POST')).toHaveLength(1);
    expect(probe.errors).toEqual([]);
  });
});

describe('StreamableHttpClientTransport over an injected fetch', () => {
  it('honours the server retry field before resuming (fake timers, no sockets)', async () => {
    vi.useFakeTimers();
    const calls: Request[] = [];
    const fetchFn = async (input: string | URL | Request, init?: RequestInit) => {
      const request = new Request(input, init);
      calls.push(request);
      if (request.method === 'POST') {
        const { id } = (await request.json()) as { id: number };
        pendingId = id;
        return new Response(encodeSseEvent({ id: 'p1', retry: 5000, data: '' }), { headers: { 'content-type': 'text/event-stream' } });
      }
      return new Response(encodeSseEvent({ id: 'p2', data: result(pendingId, { resumed: true }) }), { headers: { 'content-type': 'text/event-stream' } });
    };
    let pendingId = 0;
    const transport = new StreamableHttpClientTransport('http://127.0.0.1:1/mcp', { fetch: fetchFn, openGetStream: false, reconnection: { initialDelayMs: 10 } });
    cleanups.push(() => transport.close());
    const probe = createProbe(transport);
    await transport.start();
    const response = probe.request('tools/list', undefined, 60_000);
    await vi.advanceTimersByTimeAsync(4990);
    expect(calls.map((c) => c.method)).toEqual(['POST']);
    await vi.advanceTimersByTimeAsync(20);
    expect(calls.map((c) => c.method)).toEqual(['POST', 'GET']);
    expect(calls[1]!.headers.get('last-event-id')).toBe('p1');
    await expect(response).resolves.toMatchObject({ result: { resumed: true } });
  });
});

describe('StreamableHttpClientTransport JSON body faults', () => {
  it('says the server reset the connection when a JSON body is cut short', async () => {
    const { url, probe } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"jsonrpc":"2.0",');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const error = await probe.request('tools/list').catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `[mcp-conform] Failed to read the response to tools/list request 1 from ${url}: the server reset the connection (ECONNRESET). Check the URL and that the server is reachable.`,
    );
  });
});

describe('StreamableHttpClientTransport x-mcp-header (2026-07-28)', () => {
  it('mirrors annotated tool parameters into Mcp-Param-* headers after tools/list', async () => {
    const heads: http.IncomingHttpHeaders[] = [];
    const tools = [
      { name: 'execute_sql', inputSchema: { type: 'object', properties: { region: { type: 'string', 'x-mcp-header': 'Region' }, query: { type: 'string' } } } },
      { name: 'bad', inputSchema: { type: 'object', properties: { n: { type: 'number', 'x-mcp-header': 'N' } } } },
    ];
    const { probe } = await setup(
      (req, res, body) => {
        heads.push(req.headers);
        const { id, method } = JSON.parse(body) as { id: number; method: string };
        sse(res);
        res.end(encodeSseEvent({ data: result(id, method === 'tools/list' ? { tools } : { content: [] }) }));
      },
      { protocolVersion: '2026-07-28' },
    );
    await probe.request('tools/call', { name: 'execute_sql', arguments: { region: 'us-west1' } });
    await probe.request('tools/list');
    await probe.request('tools/call', { name: 'execute_sql', arguments: { region: 'us-west1', query: 'SELECT 1' } });
    await probe.request('tools/call', { name: 'bad', arguments: { n: 1 } });
    expect(heads.map((h) => h['mcp-param-region'])).toEqual([undefined, undefined, 'us-west1', undefined]);
    expect(heads[3]!['mcp-param-n']).toBeUndefined();
  });
});

describe('StreamableHttpClientTransport odd success answers', () => {
  it('says so when a request gets 202 or an empty JSON body instead of a response', async () => {
    let answer = 202;
    const { probe } = await setup((_req, res) => {
      if (answer === 202) res.writeHead(202).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end();
    });
    await expect(probe.request('tools/list')).rejects.toThrow(
      '[mcp-conform] Failed to read the response to tools/list request 1: the server answered HTTP 202 with no Content-Type instead of application/json or text/event-stream. Check that the URL is the MCP endpoint.',
    );
    answer = 200;
    await expect(probe.request('tools/list')).rejects.toThrow(
      '[mcp-conform] Failed to read the response to tools/list request 2: the server answered HTTP 200 with an empty application/json body. Check that the URL is the MCP endpoint.',
    );
  });
});
