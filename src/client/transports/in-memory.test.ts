import { describe, expect, it } from 'vitest';
import type { JsonRpcMessage } from '../../protocol/index.js';
import { createInMemoryTransportPair } from './in-memory.js';

describe('createInMemoryTransportPair', () => {
  it('queues frames until the other side starts, and never shares objects', async () => {
    const [a, b] = createInMemoryTransportPair();
    await a.start();
    const message = { jsonrpc: '2.0', method: 'hello', params: { n: 1 } } as JsonRpcMessage;
    await a.send(message);
    const received: JsonRpcMessage[] = [];
    b.onmessage = (m) => void received.push(m);
    expect(received).toEqual([]);
    await b.start();
    expect(received).toEqual([message]);
    expect(received[0]).not.toBe(message);
    expect(a.wire.events.map((e) => e.kind === 'frame' && e.direction)).toEqual(['out']);
    expect(b.wire.events.map((e) => e.kind === 'frame' && e.direction)).toEqual(['in']);
  });

  it('records a raw frame that is not JSON on both sides and reports it to the receiver', async () => {
    const [a, b] = createInMemoryTransportPair();
    const errors: Error[] = [];
    b.onerror = (e) => void errors.push(e);
    await Promise.all([a.start(), b.start()]);
    await a.sendRaw('{oops');
    expect(a.wire.events[0]).toMatchObject({ kind: 'frame', direction: 'out', raw: '{oops', parseError: expect.stringMatching(/^not JSON/) });
    expect(b.wire.events[0]).toMatchObject({ kind: 'frame', direction: 'in', raw: '{oops', parseError: expect.stringMatching(/^not JSON/) });
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/^\[mcp-conform\] Failed to read a message: a frame is not JSON: .*\. Send one JSON-RPC message per frame\.$/)]);
  });

  it('closes both sides once, and refuses to send after', async () => {
    const [a, b] = createInMemoryTransportPair();
    let closes = 0;
    a.onclose = () => void closes++;
    b.onclose = () => void closes++;
    await Promise.all([a.start(), b.start()]);
    await b.close();
    await a.close();
    expect(closes).toBe(2);
    await expect(a.send({ jsonrpc: '2.0', method: 'x' })).rejects.toThrow(
      '[mcp-conform] Failed to send a message: the in-memory transport is closed. Create a new pair.',
    );
  });
});
