import { join } from 'node:path';
/**
 * A server whose only bug is that it answers a request with id 0 as if the id were missing: -32600 with id null
 * (the `if (!message.id)` bug that jsonrpc/response-id-matches probes id 0 for). Before 8d4ca78 only
 * response-id-matches failed; when it ran concurrently (8d4ca78, fixed since), the null-id answer landed in the `first` check's and the
 * beside checks' windows and was blamed on them.
 */
import { describe, expect, it } from 'vitest';

const IMPL = join(import.meta.dirname, '..');

describe(`null-id answer to a concurrent neighbour `, () => {
  it.each([0, 120, 160, 200])('is not blamed on lifecycle/notifications-get-no-response or cancellation/invalid-ignored (id-0 answer after %i ms)', async (delayMs) => {
    const { createAnsweringTarget, compliantAnswer } = await import(`${IMPL}/conformance/__fixtures__/answering-target.js`);
    const { createInMemoryTransportPair } = await import(`${IMPL}/client/transports/in-memory.js`);
    const { ALL_CHECKS } = await import(`${IMPL}/conformance/checks/index.js`);
    const { runConformance } = await import(`${IMPL}/conformance/run-conformance.js`);
    void createAnsweringTarget;
    const target = {
      kind: 'memory',
      description: { transport: 'memory' },
      createTransport() {
        const [client, server] = createInMemoryTransportPair();
        server.onmessage = (m: any) => {
          if (m.id === undefined) return;
          if (m.id === 0) return void setTimeout(() => void server.send({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request' } }).catch(() => undefined), delayMs);
          const body = compliantAnswer(m);
          if (body) void server.send({ jsonrpc: '2.0', id: m.id, ...body }).catch(() => undefined);
        };
        void server.start();
        return client;
      },
    };
    const ids = ['lifecycle/notifications-get-no-response', 'jsonrpc/response-id-matches', 'cancellation/invalid-ignored'];
    const checks = ALL_CHECKS.filter((c: any) => ids.includes(c.id));
    const report = await runConformance({ target, checks, protocolVersion: '2025-11-25', toolVersion: 't', requestTimeoutMs: 400 });
    const lines = report.results.map((r: any) => `${r.id} ${r.status}: ${r.message}`);
    console.log(lines.join('\n'));
    const status = Object.fromEntries(report.results.map((r: any) => [r.id, r.status]));
    expect(status).toEqual({
      'lifecycle/notifications-get-no-response': 'passed',
      'jsonrpc/response-id-matches': 'failed',
      'cancellation/invalid-ignored': 'passed',
    });
  });
});
