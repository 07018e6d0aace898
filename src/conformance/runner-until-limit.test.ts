import { join } from 'node:path';
/**
 * Over stdio, a server that never answers an `initialize` proposing an unknown version (the handshake probe's) keeps
 * the handshake probe busy for the start-up limit. Since 0e00ebf the judges wait for it inside `collect` (the
 * gathering's `until`), which counts against their own time limit: they time out, where before they ran after it.
 */
import { describe, expect, it } from 'vitest';

const IMPL = join(import.meta.dirname, '..');

describe(`judges while the handshake probe hangs `, () => {
  it('a judge is not cut off by its own limit while the handshake probe is still running', async () => {
    const { compliantAnswer } = await import(`${IMPL}/conformance/__fixtures__/answering-target.js`);
    const { createInMemoryTransportPair } = await import(`${IMPL}/client/transports/in-memory.js`);
    const { defineCheck } = await import(`${IMPL}/conformance/define-check.js`);
    const { runConformance } = await import(`${IMPL}/conformance/run-conformance.js`);
    const target = {
      kind: 'stdio',
      description: { transport: 'stdio', command: 'memory' },
      createTransport() {
        const [client, server] = createInMemoryTransportPair();
        server.onmessage = (m: any) => {
          if (m.id === undefined) return;
          if (m.method === 'initialize' && m.params?.protocolVersion === '1999-01-01') return; // hangs
          const body = compliantAnswer(m);
          if (body) void server.send({ jsonrpc: '2.0', id: m.id, ...body }).catch(() => undefined);
        };
        void server.start();
        return client;
      },
    };
    const base = { level: 'MUST', requirements: ['ping.respond-empty'], versions: ['2025-11-25'], spec: 'https://example.invalid/spec' };
    const handshakeJudge = defineCheck({
      ...base,
      id: 'test/handshake',
      title: 'reads the handshake probe',
      matrix: 'once',
      session: 'raw',
      judgesProbe: 'handshake',
      async run(ctx: any) {
        ctx.observe(`handshake probe: ${ctx.handshakeProbe?.reason ?? 'answered'}`);
      },
    });
    const sessionJudge = defineCheck({
      ...base,
      id: 'test/judge',
      title: 'judges the session',
      session: 'shared',
      observesSession: true,
      timeoutMs: 500,
      async run(ctx: any) {
        await ctx.session.request('ping');
        await ctx.session.collect(10);
        const sawLane = ctx.session.wire.events.some((e: any) => e.kind === 'frame' && e.direction === 'out' && e.message?.id === 'lane-ping');
        if (sawLane) ctx.observe('read the session');
        else ctx.violation('the session it judged did not carry the lane check\'s request');
      },
    });
    const t0 = performance.now();
    const laneCheck = defineCheck({
      ...base,
      id: 'test/lane',
      title: 'a lane check',
      session: 'shared',
      async run(ctx: any) {
        await ctx.session.request('ping', undefined, { id: 'lane-ping' });
        ctx.observe('pinged');
      },
    });
    let starts = 0;
    const createTransport = target.createTransport.bind(target);
    target.createTransport = () => (starts++, createTransport());
    const report = await runConformance({ target, checks: [handshakeJudge, laneCheck, sessionJudge], protocolVersion: '2025-11-25', toolVersion: 't', startupTimeoutMs: 1_500 }, { onRunStart: () => console.log('runStart', performance.now() - t0), onCheckStart: (c: any) => console.log('start', c.id, performance.now() - t0) });
    const lines = report.results.map((r: any) => `${r.id} ${r.status}: ${r.message}`);
    console.log(report.results.map((r: any) => `${r.id} ${r.durationMs}`).join(" "), report.durationMs);
    console.log(lines.join('\n'));
    expect(lines[2]).toBe('test/judge passed: read the session');
    // The version probe and the handshake probe: no third server.
    console.log("server starts", starts);
  });
});
