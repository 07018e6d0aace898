import { afterEach, describe, expect, it } from 'vitest';
import { probeVersions, type VersionProbe } from '../../../src/conformance/probe-versions.js';
import { createStdioTarget } from '../../../src/conformance/stdio-target.js';
import type { ConformanceTarget } from '../../../src/conformance/target.js';
import { PROTOCOL_VERSIONS } from '../../../src/protocol/versions.js';
import { fixtureCommand } from './helpers.js';

/** A stdio target over a fixture that counts the server processes it starts. */
function countingTarget(fixture: string): { target: ConformanceTarget; starts: () => number } {
  const inner = createStdioTarget({ command: fixtureCommand(fixture), closeStdinGraceMs: 200, sigtermGraceMs: 500 });
  let starts = 0;
  const target: ConformanceTarget = {
    ...inner,
    createTransport: () => {
      starts += 1;
      return inner.createTransport();
    },
  };
  return { target, starts: () => starts };
}

/** The methods the harness sent on a probe's wire, in order. */
function methodsSent(probe: VersionProbe): string[] {
  return probe.wire.flatMap((e) =>
    e.kind === 'frame' && e.direction === 'out' && typeof (e.message as { method?: unknown } | undefined)?.method === 'string'
      ? [(e.message as { method: string }).method]
      : [],
  );
}

describe('version probes', () => {
  let probes: VersionProbe[] = [];
  afterEach(async () => {
    await Promise.all(probes.map((p) => p.session?.close()));
    probes = [];
  });

  it('falls back from a refused server/discover to initialize on the same stdio process: one server start fewer', async () => {
    const { target, starts } = countingTarget('compliant');
    probes = await probeVersions(target, PROTOCOL_VERSIONS, { requestTimeoutMs: 5_000, startupTimeoutMs: 10_000, concurrency: PROTOCOL_VERSIONS.length, keepSessions: true });
    const legacy = PROTOCOL_VERSIONS.filter((v) => v !== '2026-07-28');
    expect(starts()).toBe(legacy.length);
    const modern = probes.find((p) => p.version === '2026-07-28')!;
    expect(modern).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('-32601') });
    expect(modern.session).toBeUndefined();
    expect(methodsSent(modern)).toEqual(['server/discover']);
    for (const version of legacy) expect(probes.find((p) => p.version === version)).toMatchObject({ outcome: 'accepted' });
    // The oldest legacy version took over the refused process: its session saw server/discover, then the handshake.
    const heir = probes.find((p) => p.version === legacy[0])!;
    expect(methodsSent(heir)).toEqual(['server/discover', 'initialize', 'notifications/initialized']);
    expect(heir.session?.version).toBe(legacy[0]);
    const ping = await heir.session!.request('ping', undefined, { timeoutMs: 2_000 });
    expect(ping).toMatchObject({ result: {} });
    for (const version of legacy.slice(1)) expect(methodsSent(probes.find((p) => p.version === version)!)).toEqual(['initialize', 'notifications/initialized']);
  });

  it('probes the legacy version in a fresh process when server/discover got no answer', async () => {
    const { target, starts } = countingTarget('hangs-on-start');
    probes = await probeVersions(target, ['2024-11-05', '2026-07-28'], { requestTimeoutMs: 300, startupTimeoutMs: 300, concurrency: 2, keepSessions: true });
    expect(starts()).toBe(2);
    expect(probes.map((p) => [p.version, p.outcome])).toEqual([
      ['2024-11-05', 'broken'],
      ['2026-07-28', 'broken'],
    ]);
    expect(methodsSent(probes[0]!)).toEqual(['initialize']);
    expect(methodsSent(probes[1]!)).toEqual(['server/discover']);
  });
});
