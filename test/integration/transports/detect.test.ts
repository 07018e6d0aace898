import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClientTransport, detectHttpTransport, discoverMcpEndpoint } from '../../../src/client/transports/detect.js';
import { AuthenticationError, createWireLog } from '../../../src/protocol/index.js';
import { listen } from '../../fixtures/http/listen.js';
import { createProbe } from '../../fixtures/http/probe.js';
import { startSdkSseServer, startSdkStreamableHttpServer } from '../../fixtures/http/sdk-servers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('detectHttpTransport', () => {
  it('picks Streamable HTTP when POST initialize succeeds, and ends the probe session', async () => {
    const server = await startSdkStreamableHttpServer({ stateful: true, json: false });
    cleanups.push(() => server.close());
    const wire = createWireLog();
    const found = await detectHttpTransport(server.url, { wire });
    expect(found.kind).toBe('streamable-http');
    expect(found.evidence).toEqual([`POST ${server.url} accepted the initialize probe: Streamable HTTP`]);
    expect(found.era).toBe('legacy');
    expect(server.sessions.size).toBe(0);
    expect(wire.events.some((e) => e.kind === 'http' && e.method === 'DELETE')).toBe(true);
  });

  it('falls back to legacy HTTP+SSE when POST answers 405, and the chosen transport works', async () => {
    const server = await startSdkSseServer();
    cleanups.push(() => server.close());
    const found = await detectHttpTransport(server.url);
    expect(found.kind).toBe('sse');
    expect(found.evidence[0]).toBe(`POST ${server.url} answered HTTP 405: trying the legacy HTTP+SSE transport`);
    const transport = await createHttpClientTransport(server.url);
    cleanups.push(() => transport.close());
    expect(transport.kind).toBe('sse');
    const probe = createProbe(transport);
    await transport.start();
    expect(await probe.initialize('2024-11-05')).toMatchObject({ result: { protocolVersion: '2024-11-05' } });
  });

  it('never falls back on 401: the authentication error comes through', async () => {
    const server = await listen((_req, res) => res.writeHead(401, { 'www-authenticate': 'Bearer' }).end());
    cleanups.push(() => server.close());
    await expect(detectHttpTransport(`${server.origin}/mcp`)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('says both attempts failed when neither transport answers', async () => {
    const server = await listen((_req, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('no'));
    cleanups.push(() => server.close());
    await expect(detectHttpTransport(`${server.origin}/x`)).rejects.toThrow(
      `[mcp-conform] Failed to detect the transport of ${server.origin}/x: POST initialize answered HTTP 404, and the legacy GET failed too ([mcp-conform] Failed to open the SSE stream at ${server.origin}/x: the server answered HTTP 404 Not Found (text/plain: "no"). Check that the URL is the MCP endpoint and that the server speaks this transport.). Check the URL, or choose the transport with --transport.`,
    );
  });
});

describe('discoverMcpEndpoint', () => {
  it('finds /api/mcp under a base URL', async () => {
    const server = await startSdkStreamableHttpServer({ stateful: false, json: true, path: '/api/mcp' });
    cleanups.push(() => server.close());
    const found = await discoverMcpEndpoint(server.origin);
    expect(found.kind).toBe('streamable-http');
    expect(found.url.href).toBe(`${server.origin}/api/mcp`);
  });

  it('finds a legacy /sse endpoint', async () => {
    const server = await startSdkSseServer();
    cleanups.push(() => server.close());
    const found = await discoverMcpEndpoint(server.origin, { endpointTimeoutMs: 1000 });
    expect(found).toMatchObject({ kind: 'sse' });
    expect(found.url.href).toBe(server.url);
  });
});

describe('detectHttpTransport on the 2026-07-28 wire', () => {
  it('finds a modern server with server/discover', async () => {
    const { defineEverythingServer, listen: listenMock } = await import('../../../src/mocks/index.js');
    const listener = await listenMock(defineEverythingServer());
    cleanups.push(() => listener.close());
    const found = await detectHttpTransport(listener.url, { protocolVersion: '2026-07-28' });
    expect(found).toMatchObject({ kind: 'streamable-http', era: 'modern' });
  });

  it('falls back to initialize when a legacy Streamable HTTP server rejects server/discover without a modern error', async () => {
    const server = await startSdkStreamableHttpServer({ stateful: false, json: true });
    cleanups.push(() => server.close());
    const found = await detectHttpTransport(server.url, { protocolVersion: '2026-07-28' });
    expect(found).toMatchObject({ kind: 'streamable-http', era: 'legacy' });
    expect(found.evidence[0]).toMatch(/answered server\/discover with HTTP 4\d\d and no modern JSON-RPC error: trying initialize$/);
  });
});
