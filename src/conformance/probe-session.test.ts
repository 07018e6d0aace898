import { describe, expect, it } from 'vitest';
import { createInMemoryTransportPair } from '../client/transports/in-memory.js';
import { TimeoutError } from '../protocol/errors.js';
import type { JsonRpcMessage } from '../protocol/jsonrpc.js';
import { enterVersion } from './handshake.js';
import { HARNESS_SAMPLING_TEXT, createProbeSession, defaultServerRequestAnswer, exchangeFrames } from './probe-session.js';

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

  it('answers the requests its declared capabilities allow with harmless results, records them, and refuses the rest', async () => {
    const { session, sent } = await pair((m, send) => {
      if (m.method !== 'go') return;
      send({ jsonrpc: '2.0', id: 's1', method: 'sampling/createMessage', params: { messages: [], maxTokens: 5 } });
      send({ jsonrpc: '2.0', id: 's2', method: 'elicitation/create', params: { message: 'Name?', requestedSchema: { type: 'object', properties: {} } } });
      send({ jsonrpc: '2.0', id: 's3', method: 'roots/list' });
      send({ jsonrpc: '2.0', id: m.id, result: {} });
    });
    session.declareClientCapabilities({ sampling: {}, elicitation: {} });
    expect(session.clientCapabilities).toEqual({ sampling: {}, elicitation: {} });
    await session.request('go');
    await session.collect(20);
    const answers = [
      { jsonrpc: '2.0', id: 's1', result: { role: 'assistant', content: { type: 'text', text: HARNESS_SAMPLING_TEXT }, model: 'mcp-conform', stopReason: 'endTurn' } },
      { jsonrpc: '2.0', id: 's2', result: { action: 'decline' } },
      { jsonrpc: '2.0', id: 's3', error: { code: -32601, message: 'Method not found: roots/list' } },
    ];
    expect(sent.slice(1)).toEqual(answers);
    // Every answer is evidence: the session records what it sent even on a transport that records nothing itself.
    const out = session.wire.events.filter((e) => e.kind === 'frame' && e.direction === 'out').map((e) => (e.kind === 'frame' ? e.message : undefined));
    expect(out).toEqual(expect.arrayContaining(answers));
    await session.close();
  });

  it('leaves a request unanswered when its responder says so, until the check responds', async () => {
    const { session, sent } = await pair((m, send) => {
      if (m.method === 'go') send({ jsonrpc: '2.0', id: 's1', method: 'roots/list' });
    });
    session.declareClientCapabilities({ roots: {} });
    session.answerServerRequestsWith((request) => (request.method === 'roots/list' ? undefined : defaultServerRequestAnswer(request, session.clientCapabilities)));
    await session.notify('go');
    await session.collect(20);
    expect(sent).toHaveLength(1);
    await session.respond('s1', { result: { roots: [] } });
    expect(sent[1]).toEqual({ jsonrpc: '2.0', id: 's1', result: { roots: [] } });
    await session.close();
  });

  it('sends its declared capabilities in initialize and in every 2026-07-28 request', async () => {
    const { session, sent } = await pair((m, send) => {
      if (m.method === 'initialize') send({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { name: 's', version: '1' } } });
      else if ('id' in m) send({ jsonrpc: '2.0', id: m.id, result: {} });
    });
    session.declareClientCapabilities({ roots: {} });
    await enterVersion(session, '2025-11-25');
    expect(sent[0]).toMatchObject({ method: 'initialize', params: { capabilities: { roots: {} } } });
    session.setVersion('2026-07-28');
    await session.request('tools/list', {});
    expect(sent.at(-1)).toMatchObject({ params: { _meta: { 'io.modelcontextprotocol/clientCapabilities': { roots: {} } } } });
    await session.close();
  });
});
