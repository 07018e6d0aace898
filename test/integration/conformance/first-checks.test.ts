import { constants, getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { StdioClientTransport } from '../../../src/client/transports/stdio.js';
import { ALL_CHECKS } from '../../../src/conformance/checks/index.js';
import { defineCheck } from '../../../src/conformance/define-check.js';
import { probeHandshake } from '../../../src/conformance/handshake-probe.js';
import { runConformance } from '../../../src/conformance/run-conformance.js';
import { selectChecks } from '../../../src/conformance/select-checks.js';
import { initialServerStarts } from '../../../src/conformance/server-plan.js';
import { createStdioTarget } from '../../../src/conformance/stdio-target.js';
import { fixtureCommand, resultOf, runAgainst } from './helpers.js';

/**
 * Every check passes against the compliant fixture and fails (or warns, for a SHOULD) against a fixture that breaks
 * exactly its requirement, with the message asserted.
 */
const CASES: Array<{ check: string; fixture: string; status: 'failed' | 'warned'; message: string }> = [
  {
    check: 'lifecycle/initialize-result-valid',
    fixture: 'initialize-without-server-info',
    status: 'failed',
    message: 'initialize(2025-11-25) result: serverInfo is missing, not an object with name and version',
  },
  {
    check: 'lifecycle/notifications-get-no-response',
    fixture: 'answers-notifications',
    status: 'failed',
    message: 'the server answered a notification: null → error -32601 "Method not found: notifications/initialized", null → error -32601 "Method not found: notifications/mcp-conform-unknown"',
  },
  {
    check: 'version/negotiation',
    fixture: 'echoes-unknown-version',
    status: 'failed',
    message: 'initialize(1999-01-01) echoed the unknown version instead of offering one the server supports',
  },
  {
    check: 'ping/responds-empty',
    fixture: 'ping-returns-data',
    status: 'failed',
    message: 'ping (no params) got a result with "status"; it must be empty; ping (params {}) got a result with "status"; it must be empty; ping (params {"_meta":{}}) got a result with "status"; it must be empty',
  },
  {
    check: 'jsonrpc/unknown-method',
    fixture: 'unknown-method-internal-error',
    status: 'failed',
    message: 'mcp-conform/does-not-exist got error code -32603 instead of -32601 (Method not found)',
  },
  {
    check: 'jsonrpc/invalid-params',
    fixture: 'invalid-params-internal-error',
    status: 'warned',
    message:
      'tools/call without "name" got error code -32603 instead of -32602 (Invalid params); resources/read without "uri" got error code -32603 instead of -32602 (Invalid params); prompts/get with "name": 42 got error code -32603 instead of -32602 (Invalid params)',
  },
  {
    check: 'jsonrpc/response-id-matches',
    fixture: 'numeric-string-ids-become-numbers',
    status: 'failed',
    message: 'ping with id "1" (string) was answered with id 1 (number)',
  },
  {
    check: 'stdio/stdout-lines-are-messages',
    fixture: 'banner-on-stdout',
    status: 'failed',
    message: 'stdout lines are not one JSON-RPC message each: "Fixture server v1.0 listening on stdio" (not JSON: Unexpected token',
  },
  {
    check: 'stdio/stdout-lines-are-messages',
    fixture: 'pretty-prints-list-results',
    status: 'failed',
    message: 'stdout lines are not one JSON-RPC message each: "{" (not JSON:',
  },
  {
    check: 'jsonrpc/server-messages-valid',
    fixture: 'lists-tool-without-input-schema',
    status: 'failed',
    message: 'problem in',
  },
  {
    check: 'jsonrpc/server-messages-valid',
    fixture: 'result-not-object',
    status: 'failed',
    message: 'the response to prompts/list: result: Expected object, got an array',
  },
  {
    check: 'jsonrpc/server-messages-valid',
    fixture: 'notification-with-id',
    status: 'failed',
    message: 'notifications/message: id: notifications/message is a notification in 2025-11-25: it must not have an id',
  },
  {
    check: 'jsonrpc/server-messages-valid',
    fixture: 'positional-params',
    status: 'failed',
    message: 'notifications/message: params: Expected object (MCP params are named), got an array',
  },
  {
    check: 'jsonrpc/server-messages-valid',
    fixture: 'cancelled-reason-not-string',
    status: 'failed',
    message: 'notifications/cancelled: params.reason:',
  },
];

/** The checks of the first set (issue 2 §4); other suites have their own tests. */
const FIRST_CHECKS = [
  'lifecycle/initialize-result-valid',
  'lifecycle/notifications-get-no-response',
  'version/negotiation',
  'ping/responds-empty',
  'jsonrpc/unknown-method',
  'jsonrpc/invalid-params',
  'jsonrpc/response-id-matches',
  'stdio/stdout-lines-are-messages',
  'jsonrpc/server-messages-valid',
];

describe('the first checks', () => {
  it('every check passes against the compliant fixture, in every version it speaks', async () => {
    const report = await runAgainst('compliant', FIRST_CHECKS, { protocolVersion: 'all' });
    const notPassed = report.results.filter((r) => r.status !== 'passed').map((r) => `${r.id}@${r.protocolVersion}: ${r.status} ${r.message}`);
    expect(notPassed).toEqual([]);
    expect(report.server.protocolVersions).toEqual(['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25']);
    expect(report.server.refusedVersions).toEqual(['2026-07-28']);
    // Each per-version check ran in each of the four versions; version negotiation ran once.
    expect(report.results).toHaveLength((FIRST_CHECKS.length - 1) * 4 + 1);
    for (const result of report.results) expect(result.evidence.length).toBeGreaterThan(0);
  });

  it.each(CASES)('$check is $status against the fixture that $fixture', async ({ check, fixture, status, message }) => {
    // A short request limit: two of these fixtures answer in a way the harness cannot correlate, so a request waits.
    const report = await runAgainst(fixture, [check], { requestTimeoutMs: 1_000 });
    const result = resultOf(report, check);
    expect(result.status).toBe(status);
    expect(result.message).toContain(message);
    expect(result.evidence.length).toBeGreaterThan(0);
  });
});

describe('the ping before initialize, sent by the newest legacy probe over stdio', () => {
  /** Runs the ping check beside checks of lane 0, counting server starts. */
  async function run(fixture: string) {
    let starts = 0;
    const target = createStdioTarget({ command: fixtureCommand(fixture), closeStdinGraceMs: 200, sigtermGraceMs: 500 });
    const createTransport = target.createTransport;
    target.createTransport = () => {
      starts += 1;
      return createTransport();
    };
    const checks = selectChecks(ALL_CHECKS, { checks: ['lifecycle/ping-before-initialize', 'lifecycle/notifications-get-no-response', 'ping/responds-empty'] });
    const report = await runConformance({ target, checks, protocolVersion: '2025-11-25', toolVersion: '0.0.0-test' });
    return { report, starts };
  }

  it('costs no server start of its own, and its evidence shows the ping going out before initialize', async () => {
    const { report, starts } = await run('compliant');
    expect(report.results.map((r) => `${r.id} ${r.status}`).sort()).toEqual([
      'lifecycle/notifications-get-no-response passed',
      'lifecycle/ping-before-initialize passed',
      'ping/responds-empty passed',
    ]);
    expect(starts).toBe(1);
    const out = resultOf(report, 'lifecycle/ping-before-initialize').evidence.flatMap((e) => (e.kind === 'frame' && e.direction === 'out' ? [(e.message as { method?: string }).method] : []));
    expect(out.slice(0, 2)).toEqual(['ping', 'initialize']);
  });

  it('warns when the ping is never answered, and gives lane 0 a fresh session (a late answer would look like a stray)', async () => {
    const { report, starts } = await run('ignores-ping-before-initialize');
    const ping = resultOf(report, 'lifecycle/ping-before-initialize');
    expect(ping.status).toBe('warned');
    expect(ping.message).toBe('ping before initialize got no answer within 1000 ms after the server answered the initialize sent after it');
    expect(resultOf(report, 'lifecycle/notifications-get-no-response').status).toBe('passed');
    expect(resultOf(report, 'ping/responds-empty').status).toBe('passed');
    expect(starts).toBe(2);
  });
});

describe('the handshake probe, started beside the version probes over stdio', () => {
  it('serves version negotiation and both handshake-order checks with one server start between them, its server first in line for the CPU', async () => {
    let starts = 0;
    const target = createStdioTarget({ command: fixtureCommand('compliant'), closeStdinGraceMs: 200, sigtermGraceMs: 500 });
    const createTransport = target.createTransport;
    /** Each server's priority, read as it starts (the first start is the handshake probe's). */
    const priorities: number[] = [];
    const transports: StdioClientTransport[] = [];
    target.createTransport = (overrides) => {
      const index = starts++;
      const transport = createTransport(overrides) as StdioClientTransport;
      transports.push(transport);
      const start = transport.start.bind(transport);
      transport.start = async () => {
        await start();
        priorities[index] = getPriority(transport.pid!);
      };
      return transport;
    };
    /** The version servers' priorities once the checks run (the handshake probe's initialize is answered by then). */
    let later: number[] = [];
    const readLater = defineCheck({
      id: 'test/priorities-later',
      title: 'reads the servers\' priorities',
      level: 'MUST',
      requirements: ['ping.respond-empty'],
      versions: ['2025-11-25'],
      session: 'shared',
      spec: 'https://example.invalid/spec',
      async run(ctx) {
        const alive = (pid: number | undefined): boolean => {
          try {
            return pid !== undefined && process.kill(pid, 0);
          } catch {
            return false;
          }
        };
        const running = transports.slice(1).filter((t) => alive(t.pid));
        // The priorities go back once the handshake probe's initialize is answered: wait for it, within bounds.
        for (let waited = 0; waited < 2_000 && running.some((t) => getPriority(t.pid!) !== getPriority()); waited += 20) await new Promise((r) => setTimeout(r, 20));
        later = running.map((t) => getPriority(t.pid!));
        await ctx.session.request('ping');
        ctx.observe('read');
      },
    });
    const checks = [...selectChecks(ALL_CHECKS, { checks: ['version/negotiation', 'lifecycle/nothing-before-initialize', 'lifecycle/server-waits-for-initialized'] }), readLater];
    const report = await runConformance({ target, checks, protocolVersion: 'all', toolVersion: '0.0.0-test', prioritizeHandshake: true });
    expect(report.results.map((r) => `${r.id} ${r.status}`).sort()).toEqual([
      'lifecycle/nothing-before-initialize passed',
      'lifecycle/server-waits-for-initialized passed',
      'test/priorities-later passed',
      'version/negotiation passed',
    ]);
    // Four legacy probes (the 2026-07-28 probe shares a process with one of them), and the handshake probe.
    expect(starts).toBe(5);
    // The version probes' servers start below normal priority (the lanes' way after that is shorter).
    const normal = getPriority();
    const lowered = Math.min(19, normal + constants.priority.PRIORITY_BELOW_NORMAL);
    expect(priorities).toEqual([normal, ...Array.from({ length: 4 }, () => lowered)]);
    // What the command line starts ahead of the run (StdioTarget.prestart) is exactly what the run opens first.
    expect(initialServerStarts({ protocolVersion: 'all', handshakeCheckSelected: true, loweredPriority: lowered }).map((p) => p ?? normal)).toEqual(priorities);
    // Once the handshake probe's initialize is answered they go back where the system allows a raise (root, Windows).
    const mayRaise = process.platform === 'win32' || process.getuid?.() === 0;
    expect(later.length).toBeGreaterThan(0);
    for (const priority of later) expect(priority).toBe(mayRaise ? normal : lowered);
    expect(resultOf(report, 'version/negotiation').message).toContain('initialize(1999-01-01) → result');
    for (const result of report.results) expect(result.evidence.length).toBeGreaterThan(0);
  });

  it('leaves every server at the harness\'s priority when told not to prioritize (as on a busy machine)', async () => {
    const target = createStdioTarget({ command: fixtureCommand('compliant'), closeStdinGraceMs: 200, sigtermGraceMs: 500 });
    const createTransport = target.createTransport;
    const priorities: Array<Promise<number>> = [];
    target.createTransport = (overrides) => {
      const transport = createTransport(overrides) as StdioClientTransport;
      const start = transport.start.bind(transport);
      priorities.push(new Promise((resolve) => {
        transport.start = async () => {
          await start();
          resolve(getPriority(transport.pid!));
        };
      }));
      return transport;
    };
    const checks = selectChecks(ALL_CHECKS, { checks: ['version/negotiation'] });
    await runConformance({ target, checks, protocolVersion: 'all', toolVersion: '0.0.0-test', prioritizeHandshake: false });
    expect(await Promise.all(priorities)).toEqual(priorities.map(() => getPriority()));
    expect(initialServerStarts({ protocolVersion: 'all', handshakeCheckSelected: true })).toHaveLength(priorities.length);
  });

  it('says which version its session speaks as soon as initialize is answered, and resolves without waiting for the server to exit', async () => {
    // This fixture ignores the end of its stdin: stopping it takes the whole grace period, then SIGTERM.
    const target = createStdioTarget({ command: fixtureCommand('ignores-stdin-eof'), closeStdinGraceMs: 3_000, sigtermGraceMs: 500 });
    const told: Array<string | undefined> = [];
    const probe = await probeHandshake(target, { requestTimeoutMs: 2_000, startupTimeoutMs: 10_000, onNegotiated: (version) => told.push(version) });
    expect(told[0]).toBe('2025-11-25');
    expect(probe.initializedSeq).toBeGreaterThan(probe.answerSeq!);
    expect(probe.session.closed).toBe(false); // its close is under way, within the grace period
    await probe.session.close();
    expect(probe.session.closed).toBe(true);
  });
});

describe('the handshake probe and the run around it', () => {
  it('stops the handshake server when the run gives up: a hook throws, or a version probe cannot start its server', async () => {
    for (const way of ['hook', 'probe'] as const) {
      const target = createStdioTarget({ command: fixtureCommand('ignores-stdin-eof'), closeStdinGraceMs: 300, sigtermGraceMs: 500 });
      const create = target.createTransport;
      const pids: number[] = [];
      let made = 0;
      target.createTransport = (overrides) => {
        made += 1;
        // The handshake probe starts first; with 'probe', every version probe's transport then fails to start.
        if (way === 'probe' && made > 1) return { start: async () => Promise.reject(new Error('spawn EMFILE')), send: async () => undefined, close: async () => undefined };
        const transport = create(overrides) as StdioClientTransport;
        const start = transport.start.bind(transport);
        transport.start = async () => {
          await start();
          pids.push(transport.pid!);
        };
        return transport;
      };
      const checks = selectChecks(ALL_CHECKS, { checks: ['version/negotiation', 'ping/responds-empty'] });
      const hooks = way === 'hook' ? { onRunStart: () => { throw new Error('a hook failed'); } } : {};
      await expect(runConformance({ target, checks, toolVersion: '0.0.0-test', requestTimeoutMs: 2_000 }, hooks)).rejects.toThrow();
      expect(pids.length).toBeGreaterThan(0);
      const alive = pids.filter((pid) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      });
      expect(alive).toEqual([]);
    }
  });

  it('lets no judge read the handshake server\'s late frames or not depending on timing: they wait for it to stop', async () => {
    // The frame comes 200 ms after notifications/initialized, during the server's grace period; logging/messages-safe
    // listens longer than server-messages-valid alone would. Either way the late frame is judged.
    for (const ids of [['jsonrpc/server-messages-valid', 'version/negotiation'], ['jsonrpc/server-messages-valid', 'version/negotiation', 'logging/messages-safe']]) {
      const target = createStdioTarget({ command: fixtureCommand('late-invalid-notification'), closeStdinGraceMs: 1_000, sigtermGraceMs: 300 });
      const report = await runConformance({ target, checks: selectChecks(ALL_CHECKS, { checks: ids }), protocolVersion: '2025-11-25', toolVersion: '0.0.0-test', requestTimeoutMs: 2_000 });
      const result = resultOf(report, 'jsonrpc/server-messages-valid');
      expect(`${ids.join(' + ')}: ${result.status}`).toBe(`${ids.join(' + ')}: failed`);
      expect(result.message).toContain('notifications/message');
    }
  });

  it('runs a first check again alone when a concurrent neighbour crashed the server, on a lane whose probe session was not kept', async () => {
    // The server ignores the ping sent before initialize, so the probe's session is not kept and lane 0 opens its own.
    const crash = defineCheck({
      id: 'test/crash',
      title: 'crash',
      level: 'MUST',
      requirements: ['ping.respond-empty'],
      versions: ['2025-11-25'],
      spec: 'https://example.invalid/spec',
      session: 'shared',
      concurrent: true,
      async run(ctx) {
        await ctx.session.request('test/crash', {}, { timeoutMs: 500 });
        ctx.observe('answered');
      },
    });
    const pingBefore = ALL_CHECKS.find((c) => c.id === 'lifecycle/ping-before-initialize')!;
    const notifications = ALL_CHECKS.find((c) => c.id === 'lifecycle/notifications-get-no-response')!;
    const target = createStdioTarget({ command: fixtureCommand('crashes-on-request'), closeStdinGraceMs: 200, sigtermGraceMs: 300 });
    const report = await runConformance({ target, checks: [pingBefore, notifications, crash], protocolVersion: '2025-11-25', toolVersion: '0.0.0-test', requestTimeoutMs: 1_000 });
    expect(resultOf(report, 'lifecycle/notifications-get-no-response').status).toBe('passed');
    expect(resultOf(report, 'test/crash').status).toBe('failed');
  });
});
