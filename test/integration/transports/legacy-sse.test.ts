import { afterEach, describe, expect, it } from 'vitest';
import { SseClientTransport } from '../../../src/client/transports/legacy-sse.js';
import { HttpStatusError, type WireHttpEvent } from '../../../src/protocol/index.js';
import { encodeSseEvent } from '../../../src/protocol/sse.js';
import { listen } from '../../fixtures/http/listen.js';
import { createProbe } from '../../fixtures/http/probe.js';
import { startSdkSseServer } from '../../fixtures/http/sdk-servers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('SseClientTransport against the SDK legacy SSE server', () => {
  it('waits for the endpoint event, POSTs to it and receives responses on the stream', async () => {
    const server = await startSdkSseServer();
    cleanups.push(() => server.close());
    const transport = new SseClientTransport(server.url);
    cleanups.push(() => transport.close());
    const probe = createProbe(transport);
    await transport.start();
    expect(transport.endpoint?.pathname).toBe('/messages');
    expect(transport.endpoint?.origin).toBe(server.origin);
    const init = await probe.initialize('2024-11-05');
    expect(init).toMatchObject({ result: { protocolVersion: '2024-11-05', serverInfo: { name: 'fixture-http' } } });
    expect(await probe.request('tools/call', { name: 'echo', arguments: { message: 'hi' } })).toMatchObject({ result: { content: [{ text: 'hi' }] } });
    const posts = transport.wire.events.filter((e): e is WireHttpEvent => e.kind === 'http' && e.direction === 'out' && e.method === 'POST');
    expect(posts).toHaveLength(3);
    expect(transport.wire.events.some((e) => e.kind === 'lifecycle' && e.detail === `endpoint event: ${transport.endpoint?.pathname}${transport.endpoint?.search}`)).toBe(true);
    expect(transport.wire.events.filter((e) => e.kind === 'frame' && e.parseError !== undefined)).toEqual([]);
    expect(probe.errors).toEqual([]);
  });
});

describe('SseClientTransport faults', () => {
  it('refuses an endpoint on another origin', async () => {
    const server = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(encodeSseEvent({ event: 'endpoint', data: 'http://evil.example/messages' }));
    });
    cleanups.push(() => server.close());
    const transport = new SseClientTransport(`${server.origin}/sse`);
    cleanups.push(() => transport.close());
    await expect(transport.start()).rejects.toThrow(
      `[mcp-conform] Failed to open the SSE stream at ${server.origin}/sse: the endpoint event names another origin (http://evil.example). The endpoint must be on the same origin as the SSE stream.`,
    );
  });

  it('times out when no endpoint event comes', async () => {
    const server = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': nothing\n\n');
    });
    cleanups.push(() => server.close());
    const transport = new SseClientTransport(`${server.origin}/sse`, { endpointTimeoutMs: 100 });
    cleanups.push(() => transport.close());
    await expect(transport.start()).rejects.toThrow(`Failed to open the SSE stream at ${server.origin}/sse: the server sent no endpoint event within 100 ms.`);
  });

  it('reports a GET answered with 404 as an HttpStatusError', async () => {
    const server = await listen((_req, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('nope'));
    cleanups.push(() => server.close());
    const transport = new SseClientTransport(`${server.origin}/sse`);
    cleanups.push(() => transport.close());
    const error = await transport.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as Error).message).toBe(
      `[mcp-conform] Failed to open the SSE stream at ${server.origin}/sse: the server answered HTTP 404 Not Found (text/plain: "nope"). Check that the URL is the MCP endpoint and that the server speaks this transport.`,
    );
  });

  it('closes and says so when the server dies after the endpoint event', async () => {
    const server = await listen((req, res) => {
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(encodeSseEvent({ event: 'endpoint', data: '/messages?sessionId=1' }));
        setTimeout(() => res.socket?.destroy(), 30);
        return;
      }
      res.writeHead(202).end('Accepted');
    });
    cleanups.push(() => server.close());
    const transport = new SseClientTransport(`${server.origin}/sse`);
    cleanups.push(() => transport.close());
    const probe = createProbe(transport);
    await transport.start();
    expect(transport.endpoint?.href).toBe(`${server.origin}/messages?sessionId=1`);
    const error = await probe.nextError();
    expect(error.message).toMatch(/^\[mcp-conform\] Failed to receive messages from http:\/\/127\.0\.0\.1:\d+\/sse: the (server closed the SSE stream|SSE stream broke \(.+\))\. Pending requests will get no response; reconnect to start a new session\.$/);
    expect(probe.closed()).toBe(true);
  });
});
