import { join } from 'node:path';
/**
 * The id-0 bug again (a request with id 0 is answered -32600 with id null), on a server that ignores frames without a
 * method (a -32600 MUST violation). jsonrpc-envelope/invalid-request, running beside response-id-matches, takes the
 * neighbour's null-id -32600 for the answer to its own frame.
 */
import { describe, expect, it } from 'vitest';

const IMPL = join(import.meta.dirname, '..');

describe(`invalid-request beside response-id-matches `, () => {
  it.each([110, 130, 150])('does not pass on a neighbour\'s null-id answer (id-0 answer after %i ms)', async (delayMs) => {
    const { compliantAnswer } = await import(`${IMPL}/conformance/__fixtures__/answering-target.js`);
    const { createInMemoryTransportPair } = await import(`${IMPL}/client/transports/in-memory.js`);
    const { ALL_CHECKS } = await import(`${IMPL}/conformance/checks/index.js`);
    const { runConformance } = await import(`${IMPL}/conformance/run-conformance.js`);
    const target = {
      kind: 'websocket',
      description: { transport: 'websocket', url: 'ws://127.0.0.1:1/memory' },
      createTransport() {
        const [client, server] = createInMemoryTransportPair();
        const raw = (client as any).sendRaw;
        void raw;
        server.onmessage = (m: any) => {
          if (m.id === undefined || typeof m.method !== 'string') return; // ignores invalid requests
          if (m.id === 0) return void setTimeout(() => void server.send({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request' } }).catch(() => undefined), delayMs);
          if (m.id === null) return;
          const body = compliantAnswer(m);
          if (body) void server.send({ jsonrpc: '2.0', id: m.id, ...body }).catch(() => undefined);
        };
        void server.start();
        return client;
      },
    };
    const ids = ['lifecycle/notifications-get-no-response', 'jsonrpc/response-id-matches', 'jsonrpc-envelope/invalid-request'];
    const checks = ALL_CHECKS.filter((c: any) => ids.includes(c.id));
    const report = await runConformance({ target, checks, protocolVersion: '2025-11-25', toolVersion: 't', requestTimeoutMs: 600 });
    console.log(report.results.map((r: any) => `${r.id} ${r.status}: ${r.message}`).join('\n'));
    const result = report.results.find((r: any) => r.id === 'jsonrpc-envelope/invalid-request');
    // Both of its frames went unanswered: both must be reported.
    expect(result.message).toMatch(/a request without a method .* got no response/);
  });
});
