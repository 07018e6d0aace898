import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from './checks/index.js';
import { compliantAnswer, createAnsweringTarget } from './__fixtures__/answering-target.js';
import type { VersionProbe } from './probe-versions.js';
import { createInMemoryTransportPair } from '../client/transports/in-memory.js';
import type { JsonRpcMessage } from '../protocol/jsonrpc.js';
import { createProbeSession } from './probe-session.js';
import { answeredLast, runConformance, versionsToTest } from './run-conformance.js';
import { selectChecks } from './select-checks.js';

const probe = (version: VersionProbe['version'], outcome: VersionProbe['outcome']): VersionProbe => ({ version, outcome, wire: [] });

describe('versionsToTest', () => {
  const probes = [probe('2024-11-05', 'broken'), probe('2025-03-26', 'refused'), probe('2025-06-18', 'accepted'), probe('2025-11-25', 'accepted'), probe('2026-07-28', 'broken')];

  it('tests every accepted version, and legacy versions whose initialize hung or crashed (they fail, not vanish)', () => {
    expect(versionsToTest('all', probes)).toEqual(['2024-11-05', '2025-06-18', '2025-11-25']);
  });

  it('tests only the newest accepted version with latest', () => {
    expect(versionsToTest('latest', probes)).toEqual(['2025-11-25']);
  });

  it('tests the newest broken version when nothing was accepted, so that a dead server fails', () => {
    expect(versionsToTest('all', [probe('2025-06-18', 'broken'), probe('2025-11-25', 'broken'), probe('2026-07-28', 'broken')])).toEqual(['2025-11-25']);
    expect(versionsToTest('all', [probe('2025-11-25', 'refused')])).toEqual([]);
  });
});

describe('runConformance', () => {
  it('reports a chosen version the server refuses as skipped checks, not failures', async () => {
    const target = createAnsweringTarget((m) => (m.method === 'initialize' ? { result: { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { name: 'm', version: '1' } } } : compliantAnswer(m)));
    const report = await runConformance({ target, checks: selectChecks(ALL_CHECKS, { checks: ['ping/*'] }), protocolVersion: '2024-11-05', toolVersion: 't' });
    expect(report.results).toMatchObject([
      { id: 'ping/responds-empty', status: 'skipped', protocolVersion: '2024-11-05', message: 'the server does not accept protocol version 2024-11-05 (initialize answered protocolVersion "2025-11-25")' },
    ]);
    expect(report.server.refusedVersions).toEqual(['2024-11-05']);
  });

  it('calls the hooks in order and keeps results in check order whatever the concurrency', async () => {
    const events: string[] = [];
    const report = await runConformance(
      { target: createAnsweringTarget(compliantAnswer), checks: selectChecks(ALL_CHECKS, { checks: ['ping/*', 'jsonrpc/unknown-method'] }), toolVersion: 't' },
      {
        onRunStart: ({ total }) => events.push(`start ${total}`),
        onCheckResult: (_r, { done, total }) => events.push(`${done}/${total}`),
        onRunEnd: (r) => events.push(`end ${r.summary.total}`),
      },
    );
    expect(events).toEqual(['start 8', '1/8', '2/8', '3/8', '4/8', '5/8', '6/8', '7/8', '8/8', 'end 8']);
    expect(report.results.map((r) => `${r.id}@${r.protocolVersion}`)).toEqual([
      'ping/responds-empty@2024-11-05',
      'ping/responds-empty@2025-03-26',
      'ping/responds-empty@2025-06-18',
      'ping/responds-empty@2025-11-25',
      'jsonrpc/unknown-method@2024-11-05',
      'jsonrpc/unknown-method@2025-03-26',
      'jsonrpc/unknown-method@2025-06-18',
      'jsonrpc/unknown-method@2025-11-25',
    ]);
    expect(report.summary).toMatchObject({ total: 8, passed: 8 });
  });
});

describe('answeredLast (the liveness check between shared checks)', () => {
  /** A memory session whose server answers `ping` unless told to stay silent, and answers nothing else. */
  async function session(silent = false) {
    const [client, server] = createInMemoryTransportPair();
    server.onmessage = (message: JsonRpcMessage) => {
      const m = message as { id?: unknown; method?: string };
      if (!silent && m.method === 'ping' && m.id !== undefined) void server.send({ jsonrpc: '2.0', id: m.id as number, result: {} });
    };
    await server.start();
    return createProbeSession(client, { requestTimeoutMs: 200 });
  }

  it('is true when the last frame sent was a request the server has answered', async () => {
    const s = await session();
    await s.request('ping');
    expect(answeredLast(s)).toBe(true);
    await s.close();
  });

  it('is false when a notification or a raw frame went after the last answer, when nothing was sent, or when a request is unanswered', async () => {
    const fresh = await session();
    expect(answeredLast(fresh)).toBe(false);
    await fresh.request('ping');
    await fresh.notify('notifications/cancelled', { requestId: 'x' });
    expect(answeredLast(fresh)).toBe(false);
    await fresh.request('ping');
    await fresh.sendRaw('{not json');
    expect(answeredLast(fresh)).toBe(false);
    await fresh.close();
    const silent = await session(true);
    await silent.request('ping').catch(() => undefined);
    expect(answeredLast(silent)).toBe(false);
    await silent.close();
  });
});
