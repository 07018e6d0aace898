import { join } from 'node:path';
/**
 * A server that handles one request at a time. A concurrent check's slow call (3.5 s) is in flight when the second
 * besideConcurrent check starts: sharedFor's liveness ping (pending requests, so answeredLast is false) waits behind
 * the slow call for more than LIVENESS_TIMEOUT_MS, and openShared closes the session under the running batch.
 */
import { describe, expect, it } from 'vitest';

const IMPL = join(import.meta.dirname, '..');

describe(`liveness ping beside a busy batch `, () => {
  it('does not close the session under the concurrent checks', async () => {
    const { compliantAnswer } = await import(`${IMPL}/conformance/__fixtures__/answering-target.js`);
    const { createInMemoryTransportPair } = await import(`${IMPL}/client/transports/in-memory.js`);
    const { defineCheck } = await import(`${IMPL}/conformance/define-check.js`);
    const { runConformance } = await import(`${IMPL}/conformance/run-conformance.js`);
    let starts = 0;
    const target = {
      kind: 'memory',
      description: { transport: 'memory' },
      createTransport() {
        starts += 1;
        const [client, server] = createInMemoryTransportPair();
        let queue = Promise.resolve();
        server.onmessage = (m: any) => {
          if (m.id === undefined) return;
          queue = queue.then(async () => {
            if (m.method === 'test/slow') await new Promise((r) => setTimeout(r, 3_500));
            const body = m.method === 'test/slow' ? { result: {} } : compliantAnswer(m);
            if (body) await server.send({ jsonrpc: '2.0', id: m.id, ...body }).catch(() => undefined);
          });
        };
        void server.start();
        return client;
      },
    };
    const base = { level: 'MUST', requirements: ['ping.respond-empty'], versions: ['2025-11-25'], spec: 'https://example.invalid/spec', session: 'shared' };
    const slow = defineCheck({ ...base, id: 'test/slow', title: 'slow', concurrent: true, async run(ctx: any) { await ctx.session.request('test/slow', {}); ctx.observe('slow answered'); } });
    const pinger = (n: number) => defineCheck({ ...base, id: `test/beside-${n}`, title: 'b', besideConcurrent: true, async run(ctx: any) { await ctx.session.request('ping'); ctx.observe('pinged'); } });
    const reported: string[] = [];
    const report = await runConformance({ target, checks: [pinger(1), slow, pinger(2)], protocolVersion: '2025-11-25', toolVersion: 't' }, { onCheckResult: (r: any) => reported.push(r.id) });
    console.log(report.results.map((r: any) => `${r.id} ${r.status} ${r.durationMs}ms: ${r.message}`).join('\n'), '\nserver starts', starts, 'run', report.durationMs);
    expect(report.summary).toMatchObject({ total: 3, passed: 3 });
    expect(starts).toBe(1);
  });
});
