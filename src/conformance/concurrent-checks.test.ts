import { describe, expect, it } from 'vitest';
import { createInMemoryTransportPair } from '../client/transports/in-memory.js';
import type { JsonRpcMessage } from '../protocol/jsonrpc.js';
import { compliantAnswer } from './__fixtures__/answering-target.js';
import { defineCheck, type CheckDefinition } from './define-check.js';
import { runConformance } from './run-conformance.js';
import { CONCURRENT_ID_BASE } from './session-view.js';
import type { ConformanceTarget } from './target.js';

/**
 * A memory server: `test/slow` is answered after 30 ms, `test/crash` closes the connection; the rest as a compliant
 * server. It counts sessions and the most `test/slow` requests in flight at once.
 */
function createSlowTarget(): ConformanceTarget & { stats: { sessions: number; mostInFlight: number } } {
  const stats = { sessions: 0, mostInFlight: 0 };
  let inFlight = 0;
  return {
    kind: 'memory',
    description: { transport: 'memory' },
    stats,
    createTransport() {
      stats.sessions += 1;
      const [client, server] = createInMemoryTransportPair();
      server.onmessage = (message: JsonRpcMessage) => {
        const m = message as Record<string, any>;
        if (m.id === undefined) return;
        if (m.method === 'test/crash') return void server.close();
        if (m.method === 'test/slow') {
          inFlight += 1;
          stats.mostInFlight = Math.max(stats.mostInFlight, inFlight);
          setTimeout(() => {
            inFlight -= 1;
            void server.send({ jsonrpc: '2.0', id: m.id, result: {} }).catch(() => undefined);
          }, 30);
          return;
        }
        const body = compliantAnswer(m);
        if (body) void server.send({ jsonrpc: '2.0', id: m.id, ...body } as JsonRpcMessage).catch(() => undefined);
      };
      void server.start();
      return client;
    },
  };
}

const slowCheck = (name: string, concurrent: boolean): CheckDefinition =>
  defineCheck({
    id: `test/${name}`,
    title: name,
    level: 'MUST',
    requirements: ['ping.respond-empty'],
    versions: ['2025-11-25'],
    session: 'shared',
    concurrent,
    spec: 'https://example.invalid/spec',
    async run(ctx) {
      const response = await ctx.session.request('test/slow', {});
      if ('result' in response) ctx.observe(`${name}: answered`);
      else ctx.violation(`${name}: ${JSON.stringify(response)}`);
    },
  });

const crashCheck = defineCheck({
  id: 'test/crash',
  title: 'crash',
  level: 'MUST',
  requirements: ['ping.respond-empty'],
  versions: ['2025-11-25'],
  session: 'shared',
  concurrent: true,
  spec: 'https://example.invalid/spec',
  async run(ctx) {
    await ctx.session.request('test/crash', {}, { timeoutMs: 500 });
    ctx.observe('answered');
  },
});

describe('concurrent shared checks', () => {
  it('run at the same time on their version session, each with its own frames as evidence', async () => {
    const target = createSlowTarget();
    const checks = ['a', 'b', 'c', 'd'].map((name) => slowCheck(name, true));
    const report = await runConformance({ target, checks, protocolVersion: '2025-11-25', toolVersion: 't' });
    expect(report.results.map((r) => `${r.id} ${r.status}`)).toEqual(['test/a passed', 'test/b passed', 'test/c passed', 'test/d passed']);
    expect(target.stats.mostInFlight).toBe(4);
    // One server: the probe's session, shared by all four.
    expect(target.stats.sessions).toBe(1);
    const ids = report.results.map((r) => r.evidence.map((e) => (e.kind === 'frame' ? (e.message as { id?: unknown }).id : e.kind)));
    for (const own of ids) {
      expect(own).toHaveLength(2); // the request and its answer
      expect(own[0]).toBe(own[1]);
      expect(own[0]).toBeGreaterThanOrEqual(CONCURRENT_ID_BASE);
    }
    expect(new Set(ids.map((own) => own[0])).size).toBe(4);
  });

  it('keep checks without the flag one at a time', async () => {
    const target = createSlowTarget();
    const report = await runConformance({ target, checks: ['a', 'b', 'c'].map((name) => slowCheck(name, false)), protocolVersion: '2025-11-25', toolVersion: 't' });
    expect(report.summary).toMatchObject({ total: 3, passed: 3 });
    expect(target.stats.mostInFlight).toBe(1);
  });

  it('run again alone, on a fresh session, when a neighbour broke the server: only the culprit fails', async () => {
    const target = createSlowTarget();
    const checks = [slowCheck('a', true), crashCheck, slowCheck('b', true), slowCheck('c', true)];
    const reported: string[] = [];
    const report = await runConformance(
      { target, checks, protocolVersion: '2025-11-25', toolVersion: 't', requestTimeoutMs: 1_000 },
      { onCheckResult: (r, { done, total }) => reported.push(`${done}/${total} ${r.id}`) },
    );
    expect(report.results.map((r) => `${r.id} ${r.status}`)).toEqual(['test/a passed', 'test/crash failed', 'test/b passed', 'test/c passed']);
    expect(report.results[1]!.message).toContain('test/crash');
    // Each result is reported once, whatever ran twice.
    expect(reported).toHaveLength(4);
    expect(reported.map((r) => r.split(' ')[0])).toEqual(['1/4', '2/4', '3/4', '4/4']);
  });
});
