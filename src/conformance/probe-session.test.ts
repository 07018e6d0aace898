import { describe, expect, it } from 'vitest';
import { createInMemoryTransportPair } from '../client/transports/in-memory.js';
import { TimeoutError } from '../protocol/errors.js';
import type { JsonRpcMessage } from '../protocol/jsonrpc.js';
import { createProbeSession, exchangeFrames } from './probe-session.js';

async function pair(onServerMessage: (message: Record<string, any>, send: (m: Record<string, unknown>) => void) => void) {
  const [client, server] = createInMemoryTransportPair();
  const sent: JsonRpcMessage[] = [];
  server.onmessage = (message) => {
    sent.push(message);
    onServerMessage(message as Record<string, any>, (m) => void server.send(m as JsonRpcMessage));
  };
  await server.start();
  const session = await createProbeSession(client, { requestTimeoutMs: 200 });
  return { session, server, sent };
}

describe('createProbeSession', () => {
  it('correlates responses by id value and type, and keeps a response with a look-alike id as unmatched', async () => {
    const { session } = await pair((m, send) => send({ jsonrpc: '2.0', id: m.id === '1' ? 1 : m.id, result: {} }));
    await expect(session.request('ping', undefined, { id: 7 })).resolves.toEqual({ jsonrpc: '2.0', id: 7, result: {} });
    await expect(session.request('ping', undefined, { id: '1' })).rejects.toThrow(new TimeoutError('ping (id "1") got no response within 200 ms', { timeoutMs: 200 }).message);
    expect(session.unmatched).toEqual([{ jsonrpc: '2.0', id: 1, result: {} }]);
    await session.close();
  });

  it('answers a server ping with {} and any other server request with -32601', async () => {
    const { session, sent } = await pair((m, send) => {
      if (m.method === 'go') {
        send({ jsonrpc: '2.0', id: 's1', method: 'ping' });
        send({ jsonrpc: '2.0', id: 's2', method: 'sampling/createMessage', params: {} });
        send({ jsonrpc: '2.0', id: m.id, result: {} });
      }
    });
    await session.request('go');
    await session.collect(20);
    expect(sent.slice(1)).toEqual([
      { jsonrpc: '2.0', id: 's1', result: {} },
      { jsonrpc: '2.0', id: 's2', error: { code: -32601, message: 'Method not found: sampling/createMessage' } },
    ]);
    await session.close();
  });

  it('adds the 2026-07-28 per-request _meta unless asked not to', async () => {
    const { session, sent } = await pair((m, send) => send({ jsonrpc: '2.0', id: m.id, result: {} }));
    session.setVersion('2026-07-28');
    await session.request('tools/list', { cursor: 'c' });
    await session.request('tools/list', {}, { omitModernMeta: true });
    expect(sent[0]).toMatchObject({
      params: { cursor: 'c', _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} } },
    });
    expect(sent[1]).toMatchObject({ params: {} });
    expect((sent[1] as { params: Record<string, unknown> }).params._meta).toBeUndefined();
    await session.close();
  });

  it('fails pending requests at once when the connection closes, and finds an exchange in the wire', async () => {
    const { session, server } = await pair(() => undefined);
    const pending = session.request('ping', undefined, { id: 'p' });
    expect(session.pending).toEqual(['ping (id "p")']);
    await server.close();
    await expect(pending).rejects.toThrow('the connection closed before the server answered ping');
    expect(session.closed).toBe(true);
    expect(exchangeFrames(session.wire.events, 'ping').map((f) => f.direction)).toEqual(['out']);
  });
});
