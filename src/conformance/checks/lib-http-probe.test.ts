import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWireLog } from '../../protocol/wire.js';
import type { ProbeSession } from '../probe-session.js';
import { describeProbe, httpEndpointOf, httpProbe, postHeaders, probeErrorCode, probeResponse } from './lib-http-probe.js';

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(handler: http.RequestListener): Promise<URL> {
  server = http.createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);
}

describe('httpProbe', () => {
  it('reads a JSON answer and records both heads and frames on the wire', async () => {
    const url = await serve((_req, res) => res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' }).end('{"jsonrpc":"2.0","error":{"code":-32000,"message":"no"}}'));
    const wire = createWireLog();
    const result = await httpProbe({ method: 'POST', url, headers: { authorization: 'Bearer secret-token' }, body: '{"jsonrpc":"2.0","id":1,"method":"ping"}' }, { wire, transport: 'streamable-http' });
    expect(result.status).toBe(400);
    expect(result.mediaType).toBe('application/json');
    expect(probeErrorCode(result)).toBe(-32000);
    expect(describeProbe(result)).toBe('HTTP 400 (application/json) error -32000 "no"');
    expect(wire.events.map((e) => `${e.kind}:${'direction' in e ? e.direction : ''}`)).toEqual(['http:out', 'frame:out', 'http:in', 'frame:in']);
    expect(JSON.stringify(wire.events)).not.toContain('secret-token');
    expect(result.evidence).toEqual(wire.events);
  });

  it('reads an SSE answer until the awaited response, keeping ids and retry fields', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('id: a1\nretry: 1500\ndata:\n\n');
      res.write('id: a2\ndata: {"jsonrpc":"2.0","method":"notifications/message","params":{}}\n\n');
      res.write('id: a3\ndata: {"jsonrpc":"2.0","id":"x","result":{}}\n\n');
      // Never ends: the probe stops on its own once it has the response.
    });
    const result = await httpProbe({ method: 'POST', url, headers: {}, body: '{}' }, { wire: createWireLog(), transport: 'streamable-http', untilResponseId: 'x' });
    expect(result.sse).toMatchObject({ ids: ['a1', 'a2', 'a3'], retries: [1500], ended: 'stopped', responseSeen: true });
    expect(result.sse!.events[0]).toEqual({ event: 'message', data: '', id: 'a1' });
    expect(probeResponse(result, 'x')).toEqual({ jsonrpc: '2.0', id: 'x', result: {} });
  });

  it('reads an SSE answer to a batch until every response arrived, in any order', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"jsonrpc":"2.0","id":2,"result":{}}\n\n');
      res.write('data: {"jsonrpc":"2.0","id":1,"result":{}}\n\n');
    });
    const result = await httpProbe({ method: 'POST', url, headers: {}, body: '[]' }, { wire: createWireLog(), transport: 'streamable-http', untilResponseIds: [1, 2] });
    expect(result.sse?.ended).toBe('stopped');
    expect([probeResponse(result, 1), probeResponse(result, 2)].every(Boolean)).toBe(true);
  });

  it('says how an SSE stream ended when the server ends it before the response', async () => {
    const url = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/event-stream' }).end('id: p\ndata:\n\n'));
    const result = await httpProbe({ method: 'GET', url, headers: {} }, { wire: createWireLog(), transport: 'streamable-http', untilResponseId: 1 });
    expect(result.sse).toMatchObject({ ended: 'server', responseSeen: false, ids: ['p'] });
  });

  it('rejects when no response head arrives in time', async () => {
    const url = await serve(() => undefined);
    await expect(httpProbe({ method: 'GET', url, headers: {} }, { wire: createWireLog(), transport: 'streamable-http', timeoutMs: 100 })).rejects.toThrow('no response head within 100 ms');
  });
});

describe('httpEndpointOf and postHeaders', () => {
  const sessionWith = (record: (wire: ReturnType<typeof createWireLog>) => void): ProbeSession => {
    const wire = createWireLog();
    record(wire);
    return { wire } as unknown as ProbeSession;
  };

  it('read the URL, the replayable headers and the issued session id from the wire', () => {
    const session = sessionWith((wire) => {
      wire.record({ kind: 'http', transport: 'streamable-http', direction: 'out', exchange: 1, method: 'POST', url: 'http://h/mcp', headers: { authorization: '[redacted]', 'x-team': 'a', accept: 'application/json, text/event-stream' } });
      wire.record({ kind: 'http', transport: 'streamable-http', direction: 'in', exchange: 1, status: 200, headers: { 'mcp-session-id': 'abc' } });
    });
    const endpoint = httpEndpointOf(session)!;
    expect(endpoint).toEqual({ url: new URL('http://h/mcp'), headers: { 'x-team': 'a' }, redacted: ['authorization'], sessionId: 'abc' });
    expect(postHeaders(endpoint, '2025-11-25', { method: 'ping' })).toEqual({
      'x-team': 'a',
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-session-id': 'abc',
      'mcp-protocol-version': '2025-11-25',
    });
    expect(postHeaders(endpoint, '2025-03-26', { method: 'ping' }, { sessionId: null })).not.toHaveProperty('mcp-session-id');
    expect(postHeaders(endpoint, '2025-03-26', { method: 'ping' })).not.toHaveProperty('mcp-protocol-version');
    expect(postHeaders(endpoint, '2026-07-28', { method: 'tools/list' })).toMatchObject({ 'mcp-method': 'tools/list', 'mcp-protocol-version': '2026-07-28' });
    expect(postHeaders(endpoint, '2026-07-28', { method: 'tools/list' })).not.toHaveProperty('mcp-session-id');
  });

  it('is undefined for a session that never spoke HTTP', () => {
    expect(httpEndpointOf(sessionWith(() => undefined))).toBeUndefined();
  });
});
