/** Runs transport checks in-process against HTTP, SSE and WebSocket servers. */
import { afterAll, beforeAll } from 'vitest';
import { startSdkStreamableHttpServer, type SdkHttpServer } from '../../../fixtures/http/sdk-servers.js';
import { StreamableHttpClientTransport } from '../../../../src/client/transports/streamable-http.js';
import { ALL_CHECKS } from '../../../../src/conformance/checks/index.js';
import { createHttpTarget, createWebSocketTarget } from '../../../../src/conformance/network-target.js';
import { runConformance, type RunConformanceOptions } from '../../../../src/conformance/run-conformance.js';
import type { CheckResult, RunReport } from '../../../../src/conformance/run-report.js';
import { selectChecks } from '../../../../src/conformance/select-checks.js';
import type { ConformanceTarget } from '../../../../src/conformance/target.js';

type Options = Partial<Omit<RunConformanceOptions, 'target' | 'checks' | 'toolVersion'>>;

/** Runs the named checks against a target. */
export async function runChecks(target: ConformanceTarget, checks: readonly string[], options: Options = {}): Promise<RunReport> {
  return runConformance({
    target,
    checks: selectChecks(ALL_CHECKS, { checks }),
    protocolVersion: '2025-11-25',
    toolVersion: '0.0.0-test',
    requestTimeoutMs: 3_000,
    ...options,
  });
}

/** A Streamable HTTP target (no auto-detection). */
export function shttp(url: string): Promise<ConformanceTarget> {
  return createHttpTarget({ url, transport: 'streamable-http' });
}

/**
 * A Streamable HTTP target whose sessions speak 2026-07-28 from their first request. (The runner's version probe sends
 * its first server/discover before it tells the transport the version, so a plain target cannot enter 2026-07-28.)
 */
export function shttpModern(url: string): ConformanceTarget {
  return {
    kind: 'streamable-http',
    description: { transport: 'streamable-http', url },
    createTransport: () => new StreamableHttpClientTransport(new URL(url), { protocolVersion: '2026-07-28' }),
  };
}

/** A legacy HTTP+SSE target. */
export function sse(url: string): Promise<ConformanceTarget> {
  return createHttpTarget({ url, transport: 'sse' });
}

/** A WebSocket target. */
export function ws(url: string): ConformanceTarget {
  return createWebSocketTarget({ url });
}

/** The one result of a check in a report (in `version`, when given). */
export function resultOf(report: RunReport, id: string, version?: string): CheckResult {
  const found = report.results.filter((r) => r.id === id && (version === undefined || r.protocolVersion === version));
  if (found.length !== 1) throw new Error(`expected one result for ${id}, got ${found.length}: ${JSON.stringify(report.results.map((r) => `${r.id}@${r.protocolVersion}`))}`);
  return found[0]!;
}

/** Every result that did not pass, as `id@version: status message` lines (empty when all passed). */
export function notPassed(report: RunReport, allowSkipped = false): string[] {
  return report.results
    .filter((r) => r.status !== 'passed' && !(allowSkipped && r.status === 'skipped'))
    .map((r) => `${r.id}@${r.protocolVersion ?? 'once'}: ${r.status} ${r.message}`);
}

/**
 * The two compliant SDK servers the http suites run against: stateful with SSE answers and an event store
 * (`stateful`), stateless with JSON answers (`stateless`). Started before the suite, closed after it.
 */
export function useCompliantSdkServers(): { readonly stateful: SdkHttpServer; readonly stateless: SdkHttpServer } {
  const servers: SdkHttpServer[] = [];
  beforeAll(async () => {
    servers.push(await startSdkStreamableHttpServer({ stateful: true, json: false, eventStore: true }));
    servers.push(await startSdkStreamableHttpServer({ stateful: false, json: true }));
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  return {
    get stateful() {
      return servers[0]!;
    },
    get stateless() {
      return servers[1]!;
    },
  };
}
