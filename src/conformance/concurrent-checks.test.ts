import { describe, expect, it } from 'vitest';
import { createInMemoryTransportPair } from '../client/transports/in-memory.js';
import type { JsonRpcMessage } from '../protocol/jsonrpc.js';
import { compliantAnswer } from './__fixtures__/answering-target.js';
import { defineCheck, type CheckDefinition, type CheckDefinitionInput } from './define-check.js';
import { ALL_CHECKS } from './checks/index.js';
import { NOTIFICATION_SILENCE_MS, notificationsGetNoResponse } from './checks/lifecycle.js';
import type { ProbeSession } from './probe-session.js';
import { enterVersion } from './handshake.js';
import { runConformance } from './run-conformance.js';
import { CONCURRENT_ID_BASE } from './session-view.js';
import type { ConformanceTarget } from './target.js';

/**
 * A memory server: `test/slow` is answered after 30 ms, `test/late` after 20 ms, `test/crash` closes the connection;
 * the rest as a compliant server. It counts sessions and the most `test/slow` requests in flight at once.
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
        if (m.method === 'test/late') {
          setTimeout(() => void server.send({ jsonrpc: '2.0', id: m.id, result: {} }).catch(() => undefined), 20);
          return;
        }
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

/** Makes the target's transports hold back the messages that `which` picks for `ms` before sending them. */
function delaySends(target: ConformanceTarget, which: (message: Record<string, unknown>) => boolean, ms: number): void {
  const createTransport = target.createTransport.bind(target);
  target.createTransport = () => {
    const transport = createTransport();
    const send = transport.send.bind(transport);
    transport.send = async (message, options) => {
      if (which(message as Record<string, unknown>)) await new Promise((resolve) => setTimeout(resolve, ms));
      return send(message, options);
    };
    return transport;
  };
}

/** A check of these tests: a MUST of 2025-11-25 (unless told otherwise) that cites a real requirement. */
const testCheck = (input: Partial<CheckDefinitionInput> & Pick<CheckDefinitionInput, 'id' | 'run'>): CheckDefinition =>
  defineCheck({ title: input.id, level: 'MUST', requirements: ['ping.respond-empty'], versions: ['2025-11-25'], spec: 'https://example.invalid/spec', ...input });

const slowCheck = (name: string, concurrent: boolean): CheckDefinition =>
  testCheck({
    id: `test/${name}`,
    session: 'shared',
    concurrent,
    async run(ctx) {
      const response = await ctx.session.request('test/slow', {});
      if ('result' in response) ctx.observe(`${name}: answered`);
      else ctx.violation(`${name}: ${JSON.stringify(response)}`);
    },
  });

const crashCheck = testCheck({
  id: 'test/crash',
  session: 'shared',
  concurrent: true,
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

/**
 * A session judge: sends `test/slow` after `delayMs`, listens for 50 ms, then records which `test/slow` requests the
 * session had carried by then (its own and its neighbours').
 */
const judge = (name: string, delayMs: number, seen: Map<string, number>): CheckDefinition =>
  testCheck({
    id: `test/judge-${name}`,
    session: 'shared',
    observesSession: true,
    async run(ctx) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await ctx.session.request('test/slow', {});
      await ctx.session.collect(50);
      const slow = ctx.session.wire.events.filter((e) => e.kind === 'frame' && e.direction === 'out' && (e.message as { method?: string }).method === 'test/slow');
      seen.set(name, slow.length);
      ctx.observe(`${slow.length} test/slow requests on the session`);
    },
  });

describe('session judges', () => {
  it('run together after the other checks of their version, and each reads the session once every judge has made its requests', async () => {
    const target = createSlowTarget();
    const seen = new Map<string, number>();
    // The judge that sends first would, alone, read the session before the late ones sent anything.
    const checks = [slowCheck('a', false), judge('early', 0, seen), judge('middle', 40, seen), judge('late', 120, seen)];
    const report = await runConformance({ target, checks, protocolVersion: '2025-11-25', toolVersion: 't' });
    expect(report.summary).toMatchObject({ total: 4, passed: 4 });
    // test/a's request and the three judges', whatever order the judges sent theirs in.
    expect(Object.fromEntries(seen)).toEqual({ early: 4, middle: 4, late: 4 });
    expect(target.stats.sessions).toBe(1);
    // Their evidence is the session's traffic, with the session's own request ids (not the concurrent checks' range).
    const judged = report.results.filter((r) => r.id.startsWith('test/judge-'));
    for (const result of judged) {
      const ids = result.evidence.flatMap((e) => (e.kind === 'frame' && e.direction === 'out' ? [(e.message as { id?: unknown }).id] : []));
      expect(ids.every((id) => typeof id === 'number' && id < CONCURRENT_ID_BASE)).toBe(true);
    }
  });

  it('do not wait for a judge that failed before it listened', async () => {
    const target = createSlowTarget();
    const seen = new Map<string, number>();
    const broken = testCheck({
      id: 'test/judge-broken',
      session: 'shared',
      observesSession: true,
      async run(ctx) {
        ctx.violation('found something wrong at once');
      },
    });
    const report = await runConformance({ target, checks: [broken, judge('other', 0, seen)], protocolVersion: '2025-11-25', toolVersion: 't' });
    expect(report.results.map((r) => `${r.id} ${r.status}`)).toEqual(['test/judge-broken failed', 'test/judge-other passed']);
    expect(seen.get('other')).toBe(1);
  });
});

describe('a `first` check beside the concurrent ones', () => {
  it('lifecycle/notifications-get-no-response does not take a late answer to a neighbour\'s request for an answer to a notification', async () => {
    const target = createSlowTarget();
    let session: ProbeSession | undefined;
    const impatient = testCheck({
      id: 'test/impatient',
      session: 'shared',
      concurrent: true,
      async run(ctx) {
        session = ctx.session;
        // Answered 20 ms later, while the notification check listens (50 ms): a response the session no longer waits for.
        await ctx.session.request('test/late', {}, { timeoutMs: 5 }).catch(() => undefined);
        ctx.observe('gave up waiting');
      },
    });
    const report = await runConformance({ target, checks: [notificationsGetNoResponse, impatient], protocolVersion: '2025-11-25', toolVersion: 't' });
    const result = report.results.find((r) => r.id === 'lifecycle/notifications-get-no-response')!;
    expect(`${result.status}: ${result.message}`).toMatch(/^passed: no response to notifications\/initialized/);
    // The late answer did arrive while it listened: after its marker was answered, within its silence window.
    const incoming = session!.wire.events.filter((e) => e.kind === 'frame' && e.direction === 'in');
    const id = (e: (typeof incoming)[number]): unknown => (e.kind === 'frame' ? (e.message as { id?: unknown }).id : undefined);
    const late = incoming.filter((e) => typeof id(e) === 'number' && (id(e) as number) >= CONCURRENT_ID_BASE);
    const marker = incoming.find((e) => id(e) === 'marker')!;
    expect(late).toHaveLength(1);
    expect(late[0]!.timestamp - marker.timestamp).toBeLessThan(NOTIFICATION_SILENCE_MS);
    // Its evidence is its own frames only: the neighbour's late answer is not among them.
    expect(result.evidence.some((e) => e.kind === 'frame' && e.seq === late[0]!.seq)).toBe(false);
  });

  it('has its marker answered before the concurrent checks send anything; they start while it listens', async () => {
    const target = createSlowTarget();
    // Its notification leaves late, so that a batch that did not wait for it would send first.
    delaySends(target, (m) => m.method === 'notifications/mcp-conform-unknown', 20);
    let session: ProbeSession | undefined;
    const neighbour = testCheck({
      id: 'test/neighbour',
      session: 'shared',
      concurrent: true,
      async run(ctx) {
        session = ctx.session;
        await ctx.session.request('test/slow', {});
        ctx.observe('answered');
      },
    });
    const report = await runConformance({ target, checks: [notificationsGetNoResponse, neighbour], protocolVersion: '2025-11-25', toolVersion: 't' });
    expect(report.summary).toMatchObject({ total: 2, passed: 2 });
    const frames = session!.wire.events.filter((e) => e.kind === 'frame');
    const at = (direction: 'in' | 'out', test: (m: Record<string, unknown>) => boolean): number =>
      frames.find((e) => e.kind === 'frame' && e.direction === direction && test(e.message as Record<string, unknown>))!.seq;
    const markerAnswered = at('in', (m) => m.id === 'marker');
    const neighbourSent = at('out', (m) => m.method === 'test/slow');
    expect(neighbourSent).toBeGreaterThan(markerAnswered);
    // …and sent within the notification check's silence window: the batch runs beside it.
    const timeOf = (seq: number): number => frames.find((e) => e.seq === seq)!.timestamp;
    expect(timeOf(neighbourSent) - timeOf(markerAnswered)).toBeLessThan(NOTIFICATION_SILENCE_MS);
  });

  it('is not run again when it broke the session before it listened: nothing ran beside it yet', async () => {
    const target = createSlowTarget();
    let runs = 0;
    const crashingFirst = testCheck({
      id: 'test/crashing-first',
      session: 'shared',
      sharedOrder: 'first',
      async run(ctx) {
        runs += 1;
        await ctx.session.request('test/crash', {}, { timeoutMs: 500 });
        ctx.observe('answered');
      },
    });
    const neighbour = testCheck({ id: 'test/neighbour', session: 'shared', concurrent: true, async run(ctx) {
      await ctx.session.request('ping');
      ctx.observe('answered');
    } });
    const report = await runConformance({ target, checks: [crashingFirst, neighbour], protocolVersion: '2025-11-25', toolVersion: 't', requestTimeoutMs: 1_000 });
    expect(report.results.map((r) => `${r.id} ${r.status}`)).toEqual(['test/crashing-first failed', 'test/neighbour passed']);
    expect(runs).toBe(1);
  });

  it('runs it again alone when a concurrent neighbour broke the server under it: only the culprit fails', async () => {
    const target = createSlowTarget();
    // The marker ping of the notification check is answered late, so the neighbour's crash comes while it waits.
    delaySends(target, (m) => m.id === 'marker', 60);
    const lateCrash = testCheck({
      id: 'test/late-crash',
      session: 'shared',
      concurrent: true,
      async run(ctx) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        await ctx.session.request('test/crash', {}, { timeoutMs: 500 });
        ctx.observe('answered');
      },
    });
    const report = await runConformance({ target, checks: [notificationsGetNoResponse, lateCrash], protocolVersion: '2025-11-25', toolVersion: 't', requestTimeoutMs: 1_000 });
    expect(report.results.map((r) => `${r.id} ${r.status}`)).toEqual(['lifecycle/notifications-get-no-response passed', 'test/late-crash failed']);
  });
});

describe('stopping a version\'s servers once its checks are done', () => {
  it('leaves alone a session that a check running once opened and still uses, though it speaks that version', async () => {
    const target = createSlowTarget();
    const slowOnce = testCheck({
      id: 'test/once',
      matrix: 'once',
      session: 'raw',
      async run(ctx) {
        await enterVersion(ctx.session, '2025-11-25', 1_000);
        // Meanwhile every check of 2025-11-25 finishes, and the runner stops that version's servers.
        await new Promise((resolve) => setTimeout(resolve, 150));
        const response = await ctx.session.request('ping', undefined, { timeoutMs: 500 });
        if ('result' in response) ctx.observe('still answered');
      },
    });
    const seen = new Map<string, number>();
    const report = await runConformance({ target, checks: [slowOnce, judge('quick', 0, seen)], protocolVersion: '2025-11-25', toolVersion: 't' });
    expect(report.results.map((r) => `${r.id} ${r.status} ${r.message}`)).toEqual(['test/once passed still answered', 'test/judge-quick passed 1 test/slow requests on the session']);
  });
});

describe('session judges that list what the session has not listed', () => {
  it('ask for each list once between them when they start together', async () => {
    const asked: string[] = [];
    const target: ConformanceTarget = {
      kind: 'memory',
      description: { transport: 'memory' },
      createTransport() {
        const [client, server] = createInMemoryTransportPair();
        server.onmessage = (message: JsonRpcMessage) => {
          const m = message as Record<string, any>;
          if (m.id === undefined) return;
          if (m.method === 'tools/list') asked.push(m.method);
          const result =
            m.method === 'initialize'
              ? { protocolVersion: m.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'memory', version: '1' } }
              : m.method === 'tools/list'
                ? { tools: [] }
                : {};
          void server.send({ jsonrpc: '2.0', id: m.id, result } as JsonRpcMessage).catch(() => undefined);
        };
        void server.start();
        // As over HTTP, a request reaches the wire log a moment after it is sent (here: on the next macrotask).
        const send = client.send.bind(client);
        client.send = async (message, options) => {
          await new Promise((resolve) => setTimeout(resolve, 0));
          return send(message, options);
        };
        return client;
      },
    };
    const judges = ALL_CHECKS.filter((c) => ['capabilities/respected', 'meta/keys-valid', 'jsonrpc/server-messages-valid', 'logging/messages-safe'].includes(c.id));
    expect(judges).toHaveLength(4);
    const report = await runConformance({ target, checks: judges, protocolVersion: '2025-11-25', toolVersion: 't' });
    expect(report.summary.errored).toBe(0);
    expect(asked).toEqual(['tools/list']);
  });
});

describe('a session judge held back by a slower one', () => {
  it('is not cut off by its own time limit while it waits (no false timeout, no second server)', async () => {
    const target = createSlowTarget();
    const slow = testCheck({
      id: 'test/judge-slow',
      session: 'shared',
      observesSession: true,
      async run(ctx) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await ctx.session.collect(10);
        ctx.observe('read after a slow start');
      },
    });
    const quick = testCheck({
      id: 'test/judge-quick-limit',
      session: 'shared',
      observesSession: true,
      timeoutMs: 150,
      async run(ctx) {
        await ctx.session.collect(10); // held back about 300 ms by test/judge-slow: longer than its own limit
        ctx.observe('read with the others');
      },
    });
    const report = await runConformance({ target, checks: [slow, quick], protocolVersion: '2025-11-25', toolVersion: 't' });
    expect(report.results.map((r) => `${r.id} ${r.status}`)).toEqual(['test/judge-slow passed', 'test/judge-quick-limit passed']);
    expect(target.stats.sessions).toBe(1);
  });
});

describe('resources/updated-only-if-subscribed among the session judges', () => {
  /**
   * resources (no subscribe) and tools; resources/list answers after `listMs`; tools/call "touch" sends resources/updated
   * and answers, after `callMs`.
   */
  const touchTarget = (listMs: number, callMs: number): ConformanceTarget => ({
    kind: 'memory',
    description: { transport: 'memory' },
    createTransport() {
      const [client, server] = createInMemoryTransportPair();
      const send = (m: unknown): void => void server.send(m as JsonRpcMessage).catch(() => undefined);
      server.onmessage = (message: JsonRpcMessage) => {
        const m = message as Record<string, any>;
        if (m.id === undefined) return;
        const reply = (body: object): void => send({ jsonrpc: '2.0', id: m.id, ...body });
        if (m.method === 'initialize') reply({ result: { protocolVersion: '2025-11-25', capabilities: { resources: {}, tools: {}, logging: {} }, serverInfo: { name: 'm', version: '1' } } });
        else if (m.method === 'resources/list') setTimeout(() => reply({ result: { resources: [{ uri: 'file:///x', name: 'x' }] } }), listMs);
        else if (m.method === 'resources/templates/list') reply({ result: { resourceTemplates: [] } });
        else if (m.method === 'tools/list') reply({ result: { tools: [{ name: 'touch', inputSchema: { type: 'object' } }] } });
        else if (m.method === 'tools/call') {
          setTimeout(() => {
            send({ jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri: 'file:///x' } });
            reply({ result: { content: [{ type: 'text', text: 'touched' }] } });
          }, callMs);
        } else if (m.method === 'ping') reply({ result: {} });
        else reply({ error: { code: -32601, message: 'Method not found' } });
      };
      void server.start();
      return client;
    },
  });

  it.each([
    [0, 50],
    [50, 0],
  ])('reads the update a neighbour judge provoked, whatever the timing (resources/list after %i ms, the call after %i ms)', async (listMs, callMs) => {
    const checks = ALL_CHECKS.filter((c) => c.id === 'resources/updated-only-if-subscribed' || c.id === 'logging/messages-safe');
    const report = await runConformance({ target: touchTarget(listMs, callMs), checks, protocolVersion: '2025-11-25', toolVersion: 't', profile: { calls: [{ tool: 'touch' }] } });
    const result = report.results.find((r) => r.id === 'resources/updated-only-if-subscribed')!;
    expect(`${result.status}: ${result.message}`).toBe('warned: the server sent notifications/resources/updated for "file:///x", which the harness never subscribed to');
  });
});

describe('checks that run beside the concurrent ones, one after another (besideConcurrent)', () => {
  /** A check that records when it ran, and sends `rounds` `test/slow` (30 ms) requests one after another. */
  const timed = (name: string, flags: Partial<CheckDefinitionInput>, spans: Map<string, [number, number]>, rounds = 1): CheckDefinition =>
    testCheck({
      id: `test/${name}`,
      session: 'shared',
      ...flags,
      async run(ctx) {
        const start = performance.now();
        for (let i = 0; i < rounds; i += 1) await ctx.session.request('test/slow', {});
        spans.set(name, [start, performance.now()]);
        ctx.observe(`${name}: answered`);
      },
    });

  it('start while the concurrent checks run, behind the `first` check, never two at once, each with its own frames as evidence', async () => {
    const target = createSlowTarget();
    const spans = new Map<string, [number, number]>();
    const checks = [
      timed('beside-1', { besideConcurrent: true }, spans),
      // Longer than the `first` check's silence window, so that the beside-checks start while these run.
      timed('conc-1', { concurrent: true }, spans, 10),
      timed('beside-2', { besideConcurrent: true }, spans),
      timed('conc-2', { concurrent: true }, spans, 10),
      timed('after', {}, spans),
      notificationsGetNoResponse,
    ];
    const report = await runConformance({ target, checks, protocolVersion: '2025-11-25', toolVersion: 't' });
    expect(report.summary).toMatchObject({ total: 6, passed: 6 });
    expect(target.stats.sessions).toBe(1);
    const span = (name: string): [number, number] => spans.get(name)!;
    const [b1, b2, c1, c2, after] = [span('beside-1'), span('beside-2'), span('conc-1'), span('conc-2'), span('after')];
    // The first beside-check starts before the concurrent ones are done (not after them, as a check without the flag).
    expect(b1[0]).toBeLessThan(Math.max(c1[1], c2[1]));
    // One after another: the second starts once the first is done.
    expect(b2[0]).toBeGreaterThanOrEqual(b1[1]);
    // A check without a flag still waits for all of them.
    expect(after[0]).toBeGreaterThanOrEqual(Math.max(b2[1], c1[1], c2[1]));
    // Behind the `first` check: its silence window saw none of their requests.
    const first = report.results.find((r) => r.id === 'lifecycle/notifications-get-no-response')!;
    const notification = first.evidence.find((e) => e.kind === 'frame' && (e.message as { method?: string }).method === 'notifications/mcp-conform-unknown')!;
    const besideRequests = report.results
      .filter((r) => r.id.startsWith('test/beside'))
      .flatMap((r) => r.evidence.filter((e) => e.kind === 'frame' && e.direction === 'out'));
    expect(besideRequests).toHaveLength(2);
    for (const request of besideRequests) expect(request.timestamp).toBeGreaterThan(notification.timestamp + NOTIFICATION_SILENCE_MS);
    // Each one's evidence is its own request and answer.
    for (const result of report.results.filter((r) => r.id.startsWith('test/beside'))) {
      const ids = result.evidence.map((e) => (e.kind === 'frame' ? (e.message as { id?: unknown }).id : e.kind));
      expect(ids).toHaveLength(2);
      expect(ids[0]).toBeGreaterThanOrEqual(CONCURRENT_ID_BASE);
      expect(ids[0]).toBe(ids[1]);
    }
  });

  it('runs one again alone when a concurrent neighbour broke the server under it: only the culprit fails', async () => {
    const target = createSlowTarget();
    const victim = testCheck({
      id: 'test/beside-victim',
      session: 'shared',
      besideConcurrent: true,
      async run(ctx) {
        // Still waiting for its answer when the neighbour crashes the server.
        const response = await ctx.session.request('test/slow', {}, { timeoutMs: 500 });
        if ('result' in response) ctx.observe('answered');
      },
    });
    const report = await runConformance({ target, checks: [victim, crashCheck], protocolVersion: '2025-11-25', toolVersion: 't', requestTimeoutMs: 1_000 });
    expect(report.results.map((r) => `${r.id} ${r.status}`)).toEqual(['test/beside-victim passed', 'test/crash failed']);
  });
});

describe('a check beside the session judges (sharedOrder beside-judges)', () => {
  it('starts once every judge has made its requests and listens, and the judges read its traffic', async () => {
    const target = createSlowTarget();
    const seen = new Map<string, number>();
    let lateStarted = 0;
    const sentByJudges: number[] = [];
    const late = testCheck({
      id: 'test/late',
      session: 'shared',
      sharedOrder: 'beside-judges',
      async run(ctx) {
        lateStarted = performance.now();
        sentByJudges.push(ctx.session.wire.events.filter((e) => e.kind === 'frame' && e.direction === 'out' && (e.message as { method?: string }).method === 'test/slow').length);
        await ctx.session.request('test/slow', {});
        await ctx.session.collect(10);
        ctx.observe('sent its request after the judges');
      },
    });
    // The late check comes first in the list: it still waits for both judges (the slower one sends after 80 ms).
    const report = await runConformance({ target, checks: [late, judge('early', 0, seen), judge('slow', 80, seen)], protocolVersion: '2025-11-25', toolVersion: 't' });
    expect(report.summary).toMatchObject({ total: 3, passed: 3 });
    // Both judges had sent theirs when it started, and both read its request too.
    expect(sentByJudges).toEqual([2]);
    expect(Object.fromEntries(seen)).toEqual({ early: 3, slow: 3 });
    expect(lateStarted).toBeGreaterThan(0);
    expect(target.stats.sessions).toBe(1);
  });
});

/**
 * A memory target whose server hands each request to `handle` with a `reply` function (notifications are dropped);
 * `kind` lets a test stand for a stdio or WebSocket target. It counts its sessions.
 */
function createHandlerTarget(
  kind: ConformanceTarget['kind'],
  handle: (message: Record<string, any>, reply: (body: Record<string, unknown>, id?: unknown) => Promise<void>) => void,
): ConformanceTarget & { sessions: number } {
  const target = {
    kind,
    description: { transport: kind },
    sessions: 0,
    createTransport() {
      target.sessions += 1;
      const [client, server] = createInMemoryTransportPair();
      server.onmessage = (message: JsonRpcMessage) => {
        const m = message as Record<string, any>;
        if (m.id === undefined) return;
        handle(m, (body, id = m.id) => server.send({ jsonrpc: '2.0', id, ...body } as JsonRpcMessage).catch(() => undefined));
      };
      void server.start();
      return client;
    },
  };
  return target;
}

/** The reply of a server with the id-0 bug (`if (!message.id)`): -32600 with a null id, after `delayMs`. */
const idZeroBug = (delayMs: number) => (reply: (body: Record<string, unknown>, id?: unknown) => Promise<void>) =>
  void setTimeout(() => void reply({ error: { code: -32600, message: 'Invalid Request' } }, null), delayMs);

const checksNamed = (...ids: string[]): CheckDefinition[] => ALL_CHECKS.filter((c) => ids.includes(c.id));

describe('a neighbour\'s null-id answer (a server that answers id 0 with a null id)', () => {
  it.each([0, 120, 160, 200])('fails only jsonrpc/response-id-matches, not the notification or invalid-cancellation checks (answer after %i ms)', async (delayMs) => {
    const target = createHandlerTarget('memory', (m, reply) => {
      if (m.id === 0) return idZeroBug(delayMs)(reply);
      const body = compliantAnswer(m);
      if (body) void reply(body);
    });
    const checks = checksNamed('lifecycle/notifications-get-no-response', 'jsonrpc/response-id-matches', 'cancellation/invalid-ignored');
    const report = await runConformance({ target, checks, protocolVersion: '2025-11-25', toolVersion: 't', requestTimeoutMs: 400 });
    expect(Object.fromEntries(report.results.map((r) => [r.id, r.status]))).toEqual({
      'lifecycle/notifications-get-no-response': 'passed',
      'jsonrpc/response-id-matches': 'failed',
      'cancellation/invalid-ignored': 'passed',
    });
  });

  it.each([110, 130, 150])('is not taken by jsonrpc-envelope/invalid-request for the answer to its own frame (answer after %i ms)', async (delayMs) => {
    // The server also ignores requests without a method: both of invalid-request's frames go unanswered.
    const target = createHandlerTarget('websocket', (m, reply) => {
      if (typeof m.method !== 'string' || m.id === null) return;
      if (m.id === 0) return idZeroBug(delayMs)(reply);
      const body = compliantAnswer(m);
      if (body) void reply(body);
    });
    const checks = checksNamed('lifecycle/notifications-get-no-response', 'jsonrpc/response-id-matches', 'jsonrpc-envelope/invalid-request');
    const report = await runConformance({ target, checks, protocolVersion: '2025-11-25', toolVersion: 't', requestTimeoutMs: 600 });
    const result = report.results.find((r) => r.id === 'jsonrpc-envelope/invalid-request')!;
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/a request without a method .* got no response/);
    expect(result.message).toMatch(/a request whose method is a number .* got no response/);
  });
});

describe('jsonrpc-envelope/invalid-request and null-id answers out of order', () => {
  it('sends its frames again one at a time, and blames the frame that got the wrong code', async () => {
    // Both frames are answered with id null; the first (right) answer comes later than the second (wrong) one.
    const target = createHandlerTarget('websocket', (m, reply) => {
      if (m.id === 'mcp-conform-invalid-1') return void setTimeout(() => void reply({ error: { code: -32600, message: 'Invalid Request' } }, null), 5);
      if (m.id === 'mcp-conform-invalid-2') return void reply({ error: { code: -32601, message: 'Method not found' } }, null);
      if (m.id === null) return void reply({ error: { code: -32600, message: 'Invalid Request' } }, null);
      const body = compliantAnswer(m);
      if (body) void reply(body);
    });
    const report = await runConformance({ target, checks: checksNamed('jsonrpc-envelope/invalid-request'), protocolVersion: '2025-11-25', toolVersion: 't' });
    const result = report.results[0]!;
    expect(result.status).toBe('failed');
    expect(result.message).toBe('a request whose method is a number ({"jsonrpc":"2.0","id":"mcp-conform-invalid-2","method":42}) got error code -32601 instead of -32600 (Invalid Request)');
  });
});

describe('a besideConcurrent check next to a busy concurrent one', () => {
  it('takes the lane session as it is, with no liveness ping that the busy server could time out and close it', async () => {
    // A server that handles one request at a time: the slow call holds up everything after it.
    const target = createHandlerTarget('memory', (() => {
      let queue = Promise.resolve();
      return (m, reply) => {
        queue = queue.then(async () => {
          if (m.method === 'test/slow') await new Promise((resolve) => setTimeout(resolve, 600));
          const body = m.method === 'test/slow' ? { result: {} } : compliantAnswer(m);
          if (body) await reply(body);
        });
      };
    })());
    const slow = testCheck({
      id: 'test/slow',
      session: 'shared',
      concurrent: true,
      async run(ctx) {
        // Sent once the first beside-check's ping is answered, so that the slow call is the last request in flight.
        await new Promise((resolve) => setTimeout(resolve, 50));
        await ctx.session.request('test/slow', {}, { timeoutMs: 2_000 });
        ctx.observe('slow answered');
      },
    });
    const pinger = (n: number) =>
      testCheck({
        id: `test/beside-${n}`,
        session: 'shared',
        besideConcurrent: true,
        async run(ctx) {
          await ctx.session.request('ping', undefined, { timeoutMs: 2_000 });
          // The next beside-check starts while the slow call holds the server.
          if (n === 1) await new Promise((resolve) => setTimeout(resolve, 100));
          ctx.observe('pinged');
        },
      });
    // A liveness ping would get the run's request limit (300 ms), half the time the slow call holds the server.
    const report = await runConformance({ target, checks: [pinger(1), slow, pinger(2)], protocolVersion: '2025-11-25', toolVersion: 't', requestTimeoutMs: 300 });
    expect(report.summary).toMatchObject({ total: 3, passed: 3 });
    expect(target.sessions).toBe(1);
  });
});

describe('session judges while the handshake probe still runs', () => {
  it('are not cut off by their own time limit while they wait for it', async () => {
    // Over stdio: a server that never answers an initialize proposing an unknown version keeps the handshake probe
    // waiting for the whole start-up limit (1.5 s here), three times the judge's own limit.
    const target = createHandlerTarget('stdio', (m, reply) => {
      if (m.method === 'initialize' && m.params?.protocolVersion === '1999-01-01') return;
      const body = compliantAnswer(m);
      if (body) void reply(body);
    });
    const handshakeJudge = testCheck({
      id: 'test/handshake',
      matrix: 'once',
      session: 'raw',
      lazySession: true,
      judgesProbe: 'handshake',
      async run(ctx) {
        ctx.observe(`handshake probe: ${ctx.handshakeProbe?.reason ?? 'answered'}`);
      },
    });
    const laneCheck = testCheck({
      id: 'test/lane',
      session: 'shared',
      async run(ctx) {
        await ctx.session.request('ping', undefined, { id: 'lane-ping' });
        ctx.observe('pinged');
      },
    });
    const sessionJudge = testCheck({
      id: 'test/judge',
      session: 'shared',
      observesSession: true,
      timeoutMs: 500,
      async run(ctx) {
        await ctx.session.request('ping');
        await ctx.session.collect(10);
        const sawLane = ctx.session.wire.events.some((e) => e.kind === 'frame' && e.direction === 'out' && (e.message as { id?: unknown }).id === 'lane-ping');
        if (sawLane) ctx.observe('read the session');
        else ctx.violation("the session it judged did not carry the lane check's request");
      },
    });
    const report = await runConformance({ target, checks: [handshakeJudge, laneCheck, sessionJudge], protocolVersion: '2025-11-25', toolVersion: 't', startupTimeoutMs: 1_500 });
    expect(report.results.map((r) => `${r.id} ${r.status}: ${r.message}`)).toContain('test/judge passed: read the session');
    // The version probe's server and the handshake probe's: the judge was not run again on a third.
    expect(target.sessions).toBe(2);
  });
});
