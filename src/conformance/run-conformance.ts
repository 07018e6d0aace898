/**
 * The runner: probes which protocol versions the target speaks, runs every selected check in each version under
 * test (fresh sessions, per-check time limits, bounded concurrency), applies the baseline and returns the RunReport.
 */
import { getPriority } from 'node:os';
import type { Transport } from '../protocol/transport.js';
import { ConfigError, formatMessage } from '../protocol/errors.js';
import {
  LATEST_LEGACY_PROTOCOL_VERSION,
  PROTOCOL_VERSIONS,
  compareVersions,
  eraOf,
  supports,
  isProtocolVersion,
  type ProtocolVersion,
} from '../protocol/versions.js';
import { applyBaseline, type Baseline } from './baseline.js';
import { excerptEvidence, redactText } from './evidence.js';
import type { WireEvent } from '../protocol/wire.js';
import type { CheckDefinition } from './define-check.js';
import { enterVersion, resultOf } from './handshake.js';
import { probeHandshake } from './handshake-probe.js';
import { DEFAULT_STARTUP_TIMEOUT_MS, probeVersions, type VersionProbe } from './probe-versions.js';
import type { Profile } from './profile.js';
import { runCheck, type SharedSession } from './run-check.js';
import { createGathering, type GatheringMember } from './session-view.js';
import { REPORT_SCHEMA_VERSION, summarize, type CheckResult, type RunReport } from './run-report.js';
import { createProbeSession, DEFAULT_PROBE_REQUEST_TIMEOUT_MS, type ProbeSession } from './probe-session.js';
import { DEFAULT_TARGET_CONCURRENCY, type ConformanceTarget } from './target.js';
import { versionTraffic } from './version-traffic.js';
import { machineIsIdle } from './machine-load.js';
import { loweredServerPriority, proposedVersions, wantsHandshakeProbe, type VersionChoice } from './server-plan.js';

/**
 * How many shared sessions (lanes) each protocol version gets. @default 1: lane 0 is the version probe's session,
 * already started, so it runs outside the limit on server starts; a second lane would cost one more server start per
 * version, which on stdio (a process each) took longer than the checks it would run in parallel (measured against
 * server-everything: 8.8 s with two lanes, 5.4–5.9 s with one, same verdicts).
 */
export const LANES_PER_VERSION = 1;

/**
 * How many `concurrent` checks of one version run at once on its shared session. @default 8: enough to overlap their
 * round trips and silence windows, few enough that a slow server is not flooded.
 */
export const CONCURRENT_CHECKS_PER_LANE = 8;

/** How long the runner waits for a shared session to answer a ping between two checks. @default 3_000 */
export const LIVENESS_TIMEOUT_MS = 3_000;

export type { VersionChoice } from './server-plan.js';

/** Options of {@link runConformance}. */
export interface RunConformanceOptions {
  target: ConformanceTarget;
  /**
   * Over stdio, start the version probes' servers one priority step below the harness until the handshake probe's
   * initialize is answered, so that its server, which has the longest way to go, gets the CPU first.
   * @default true when the machine is idle (other processes used less than a quarter of its CPUs since the runner's
   * module was loaded or last decided; see machine-load.ts), false otherwise
   */
  prioritizeHandshake?: boolean;
  /** The checks to run (already selected). */
  checks: readonly CheckDefinition[];
  /**
   * When the run began, as a `performance.now()` time, if before this call: the command line starts the first
   * servers while it loads the checks (see StdioTarget.prestart), and the report's start and duration count from there.
   * @default the call
   */
  startedAt?: number;
  /**
   * @default 'all': a server is used by clients of every version it accepts, and a bug in an older version is just
   * as real to them; testing only the newest would hide it.
   */
  protocolVersion?: VersionChoice;
  profile?: Profile;
  baseline?: Baseline;
  /** Warnings fail the run. */
  strict?: boolean;
  /** A time limit for every check, replacing each check's own (`--timeout`). */
  checkTimeoutMs?: number;
  /** @default DEFAULT_PROBE_REQUEST_TIMEOUT_MS (or `checkTimeoutMs`, if smaller) */
  requestTimeoutMs?: number;
  /** The time limit of a session's first request, start-up included. @default DEFAULT_STARTUP_TIMEOUT_MS */
  startupTimeoutMs?: number;
  /** @default the target's maxConcurrency, else DEFAULT_TARGET_CONCURRENCY */
  concurrency?: number;
  /** The version of mcp-conform, for the report. */
  toolVersion: string;
}

/** Optional hooks over read-only progress (a progress display, a log). */
export interface ConformanceHooks {
  onRunStart?(info: { target: ConformanceTarget['description']; versions: readonly ProtocolVersion[]; total: number }): void;
  onCheckStart?(info: { id: string; title: string; protocolVersion?: ProtocolVersion; index: number; total: number }): void;
  onCheckResult?(result: Readonly<CheckResult>, progress: { done: number; total: number }): void;
  onRunEnd?(report: Readonly<RunReport>): void;
}

interface Job {
  check: CheckDefinition;
  version: ProtocolVersion | undefined;
  skipReason?: string;
}

/**
 * Runs a conformance suite against a target.
 * @example
 * const report = await runConformance({ target, checks: ALL_CHECKS, toolVersion: '0.1.0' });
 * process.exitCode = exitCodeOf(report);
 */
export async function runConformance(options: RunConformanceOptions, hooks: ConformanceHooks = {}): Promise<RunReport> {
  const started = options.startedAt ?? performance.now();
  const startedAt = new Date(Date.now() - (performance.now() - started));
  const choice = options.protocolVersion ?? 'all';
  if (choice !== 'all' && choice !== 'latest' && !isProtocolVersion(choice)) {
    throw new ConfigError(formatMessage('choose the protocol version', `"${String(choice)}" is not a released version`, `Use one of ${PROTOCOL_VERSIONS.join(', ')}, all or latest.`));
  }
  const concurrency = Math.max(1, options.concurrency ?? options.target.maxConcurrency ?? DEFAULT_TARGET_CONCURRENCY);
  const requestTimeoutMs = options.requestTimeoutMs ?? Math.min(DEFAULT_PROBE_REQUEST_TIMEOUT_MS, options.checkTimeoutMs ?? Infinity);

  const startupTimeoutMs = options.startupTimeoutMs ?? Math.min(DEFAULT_STARTUP_TIMEOUT_MS, options.checkTimeoutMs ?? Infinity);
  const proposed = proposedVersions(choice);
  // All versions are probed at once: a probe is one request, and a dead server then costs one start-up limit, not two.
  // On stdio, where every session is a server start, the newest legacy probe also sends the ping that
  // lifecycle/ping-before-initialize judges (when that check is selected), which then starts no server of its own.
  const pingCheck = options.checks.some((c) => c.judgesProbe === 'ping-before-initialize');
  const pingFirst = options.target.kind === 'stdio' && pingCheck ? proposed.filter((v) => eraOf(v) === 'legacy').at(-1) : undefined;
  // Over stdio, one more session beside the version probes serves the three checks that judge the handshake itself
  // (see handshake-probe.ts): one server start, at the same time as the probes', instead of three after them.
  const handshakeChecks = options.checks.filter((c) => c.judgesProbe === 'handshake' && c.transports.includes(options.target.kind));
  const wantHandshake = wantsHandshakeProbe(options.target.kind, proposed, handshakeChecks.length > 0);
  // The lanes do not wait for it (it withholds notifications/initialized for a while): only the checks that judge it
  // do, and the checks that judge a version's whole traffic (its session is one of the version's sessions).
  // The version its session speaks is known as soon as `initialize` is answered: the judges of every other version
  // need not wait for the rest of it.
  let negotiatedBy: (version: string | undefined) => void = () => undefined;
  const negotiated = new Promise<string | undefined>((resolve) => {
    negotiatedBy = resolve;
  });
  const handshaking = wantHandshake
    ? probeHandshake(options.target, { requestTimeoutMs, startupTimeoutMs, onNegotiated: (version) => negotiatedBy(version) }).catch(() => undefined)
    : Promise.resolve(undefined);
  void handshaking.then(() => negotiatedBy(undefined));
  let probes: VersionProbe[];
  try {
    // The handshake probe has the longest way to go once its server has started (it withholds
    // notifications/initialized, then watches what the server asks), the lanes' sessions a shorter one. When the
    // machine is otherwise idle, the version probes' servers start one priority step below the harness, so that the
    // handshake probe's server gets the CPU first while they all start at once, and go back to the harness's priority
    // once its initialize is answered. Where that is not allowed (raising a priority needs privileges on Linux and
    // macOS), they keep the lower one to the end, which only matters if other work starts competing for the CPU
    // meanwhile: that is why a busy machine (see machineIsIdle) gets no lower priority at all.
    const own = getPriority();
    const lowered = wantHandshake && (options.prioritizeHandshake ?? machineIsIdle()) ? loweredServerPriority() : undefined;
    const target = lowered === undefined ? options.target : withLoweredPriority(options.target, lowered, negotiated, own);
    probes = await probeVersions(target, proposed, { requestTimeoutMs, startupTimeoutMs, concurrency: proposed.length, keepSessions: true, ...(pingFirst ? { pingFirst } : {}) });
  } catch (error) {
    // Nothing will run: stop the handshake probe's server too, so that no server outlives the run.
    await handshaking.then((handshake) => handshake?.session.close().catch(() => undefined));
    throw error;
  }
  // A probe that hung or died while others succeeded may have lost a race for the CPU (several servers start at
  // once): probe it again, alone, before believing it.
  if (probes.some((p) => p.outcome === 'accepted')) {
    for (const [index, probe] of probes.entries()) {
      if (probe.outcome !== 'broken') continue;
      const [again] = await probeVersions(options.target, [probe.version], { requestTimeoutMs, startupTimeoutMs, concurrency: 1, keepSessions: true });
      probes[index] = again!;
    }
  }
  const accepted = probes.filter((p) => p.outcome === 'accepted').map((p) => p.version);
  const tested = versionsToTest(choice, probes);
  // With one chosen version that the server refuses, every check says so (skipped, not failed). With `all`, refused
  // versions are listed in `server.refusedVersions` rather than as one skipped row per check.
  const refusedChosen = choice !== 'all' && choice !== 'latest' && !tested.includes(choice) ? probes.find((p) => p.version === choice) : undefined;
  // A server that answered no version at all because it hung or died: every check of the version tested fails at
  // once with what the probe saw, rather than each waiting out the same start-up limit again.
  const deadReason = (version: ProtocolVersion | undefined): string | undefined => {
    if (accepted.length > 0 || version === undefined) return undefined;
    const probe = probes.find((p) => p.version === version && p.outcome === 'broken');
    return probe ? `${probe.reason ?? 'no answer'} (while probing protocol version ${version}; the server answered no version, so the check could not run)` : undefined;
  };

  const jobs: Job[] = [];
  for (const check of options.checks) {
    if (!check.transports.includes(options.target.kind)) continue;
    if (check.matrix === 'once') {
      jobs.push({ check, version: undefined });
      continue;
    }
    for (const version of tested) if (check.versions.includes(version)) jobs.push({ check, version });
    if (refusedChosen && check.versions.includes(refusedChosen.version)) {
      const reason = `the server does not accept protocol version ${refusedChosen.version} (${refusedChosen.reason ?? 'refused'})`;
      jobs.push({ check, version: refusedChosen.version, skipReason: reason });
    }
  }

  // Work units: each independent check is one; the shared checks of a version are dealt round-robin into
  // LANES_PER_VERSION lanes, each run one check after another on its own shared session (lane 0 reuses the probe's
  // session, already initialized). Most checks wait on the server, so parallel lanes finish sooner.
  const units: number[][] = [];
  const lanes = new Map<string, number[]>();
  const laneOf = new Map<number, string>();
  const dealt = new Map<ProtocolVersion, number>();
  const sessionJudges: number[] = [];
  const firsts: number[] = [];
  jobs.forEach((job, index) => {
    if (job.check.session !== 'shared' || !job.version || job.skipReason) {
      units.push([index]);
      return;
    }
    // Checks that judge the whole session run on lane 0, whose session also saw the server start, once every other
    // check of their version is done (see below).
    if (job.check.observesSession || job.check.sharedOrder === 'last' || job.check.sharedOrder === 'beside-judges') {
      sessionJudges.push(index);
      laneOf.set(index, `${job.version}#0`);
      return;
    }
    if (job.check.sharedOrder === 'first') {
      firsts.push(index);
      return;
    }
    const n = dealt.get(job.version) ?? 0;
    dealt.set(job.version, n + 1);
    addToLane(`${job.version}#${n % LANES_PER_VERSION}`, index);
  });
  // Checks that need a session that has seen only the handshake open lane 0 of their version (in job order).
  for (const index of firsts.reverse()) {
    const key = `${jobs[index]!.version}#0`;
    addToLane(key, index);
    const lane = lanes.get(key)!;
    lane.unshift(lane.pop()!);
  }
  // Judges first, in job order; checks that change the session for good after them.
  sessionJudges.sort((a, b) => Number(jobs[a]!.check.sharedOrder === 'last') - Number(jobs[b]!.check.sharedOrder === 'last') || a - b);
  function addToLane(key: string, index: number): void {
    let lane = lanes.get(key);
    if (!lane) {
      lane = [];
      lanes.set(key, lane);
      units.push(lane);
    }
    lane.push(index);
    laneOf.set(index, key);
  }
  // Lanes first: they are the longest units, so starting them early keeps every worker busy to the end.
  units.sort((a, b) => b.length - a.length);

  try {
    hooks.onRunStart?.({ target: options.target.description, versions: tested, total: jobs.length });
  } catch (error) {
    // Nothing has run yet, but the probes' sessions are open: close them before giving up.
    await Promise.all([handshaking.then((handshake) => handshake?.session.close().catch(() => undefined)), ...probes.map((p) => p.session?.close().catch(() => undefined))]);
    throw error;
  }
  const results: CheckResult[] = new Array(jobs.length);
  let done = 0;
  const sharedSessions = new Map<string, SharedSession>();
  /** Every session opened on the target: the probes', the lanes', the checks' own. */
  const opened: ProbeSession[] = [];
  const versionSessions = (version: ProtocolVersion | undefined): readonly ProbeSession[] =>
    version === undefined ? [] : opened.filter((s) => versionTraffic(s, version) !== undefined);
  const handshakeDone = handshaking.then((handshake) => {
    if (handshake) opened.push(handshake.session);
    return handshake;
  });
  /**
   * Resolves once the handshake probe's traffic in `version` (if it has any) is complete: its server stopped, so that
   * nothing it writes during its grace period can reach a judge's reading or not depending on timing.
   */
  const handshakeIn = (version: ProtocolVersion): Promise<unknown> =>
    negotiated.then((v) => (v === version ? handshakeDone.then((handshake) => handshake?.session.close().catch(() => undefined)) : undefined));
  for (const probe of probes) {
    if (probe.session) {
      opened.push(probe.session);
      const initializeResult = resultOf(probe.response!);
      sharedSessions.set(`${probe.version}#0`, { session: probe.session, capabilities: probe.capabilities ?? {}, ...(eraOf(probe.version) === 'legacy' && initializeResult ? { initializeResult } : {}) });
    }
  }
  /** The shared session of a lane, opened on first use and replaced by a fresh one when a check broke it. */
  const opening = new Map<string, Promise<SharedSession>>();
  const sharedFor = (lane: string, version: ProtocolVersion): Promise<SharedSession> => {
    // Checks that start at the same time on a lane (its `first` checks beside its concurrent ones) share one opening.
    let pending = opening.get(lane);
    if (!pending) {
      pending = openShared(lane, version).finally(() => opening.delete(lane));
      opening.set(lane, pending);
    }
    return pending;
  };
  const openShared = async (lane: string, version: ProtocolVersion): Promise<SharedSession> => {
    const current = sharedSessions.get(lane);
    if (current && !current.poisoned && !current.session.closed && (await stillAnswers(current, version))) return current;
    if (current) await current.session.close().catch(() => undefined);
    const session = await createProbeSession(options.target.createTransport(), { requestTimeoutMs });
    opened.push(session);
    const fresh: SharedSession = { session, capabilities: {} };
    try {
      const entered = await enterVersion(session, version, startupTimeoutMs);
      fresh.capabilities = entered.capabilities;
      if (entered.initializeResult) fresh.initializeResult = entered.initializeResult;
    } catch (error) {
      // The server cannot be brought into the version: every shared check of it fails with this reason.
      fresh.poisoned = true;
      fresh.unusable = `${(error as Error).message} (while entering protocol version ${version})`;
    }
    sharedSessions.set(lane, fresh);
    return fresh;
  };

  /**
   * Whether a shared session that a check has used still answers a harmless request. A check may leave the server
   * stuck without timing out itself (it expected silence); the next check then gets a fresh session instead of the blame.
   * When the last frame the harness sent was a request, and the server has answered it, that answer already says so
   * (most checks end that way): no request is spent on it (over HTTP a ping costs server-everything about 4 ms of CPU).
   */
  const stillAnswers = async (shared: SharedSession, version: ProtocolVersion): Promise<boolean> => {
    if (!shared.used || answeredLast(shared.session)) return true;
    const method = supports(version, 'ping') ? 'ping' : 'server/discover';
    try {
      await shared.session.request(method, undefined, { timeoutMs: Math.min(requestTimeoutMs, LIVENESS_TIMEOUT_MS) });
      return true;
    } catch {
      return false;
    }
  };

  /**
   * Runs one job and returns its result. A `shared` job gets its lane's session (checked, or replaced, by sharedFor),
   * unless `together` hands it the session of a concurrent batch, which it then sees through a view of its own.
   */
  /** The shared session each job ran on (to tell whether it broke under the job). */
  const ranOn = new Map<number, SharedSession>();
  const computeJob = async (index: number, together?: SharedSession, gathering?: GatheringMember, beside = false, onListen?: () => void): Promise<CheckResult> => {
    const job = jobs[index]!;
    const dead = deadReason(job.version);
    if (job.skipReason) return skippedResult(job, options.target.kind, job.skipReason);
    if (dead) {
      const probe = probes.find((p) => p.version === job.version)!;
      return failedResult(job, options.target.kind, redactText(dead, options.target.secrets ?? []), probe.wire, options.target.secrets ?? []);
    }
    const lane = laneOf.get(index);
    const shared = together ?? (lane && job.version ? await sharedFor(lane, job.version) : undefined);
    if (shared) ranOn.set(index, shared);
    const handshake = job.check.judgesProbe === 'handshake' ? await handshakeDone : undefined;
    if (shared?.unusable) {
      return failedResult(job, options.target.kind, redactText(shared.unusable, options.target.secrets ?? []), shared.session.wire.events, options.target.secrets ?? []);
    }
    const result = await runCheck(shared?.poisoned ? { ...job.check, session: 'initialized' } : job.check, {
      target: options.target,
      version: job.version,
      probedCapabilities: job.version ? probes.find((p) => p.version === job.version)?.capabilities : undefined,
      acceptedVersions: accepted,
      probes,
      profile: options.profile ?? {},
      checkTimeoutMs: options.checkTimeoutMs,
      requestTimeoutMs,
      startupTimeoutMs,
      ...(shared && !shared.poisoned ? { shared, ...(gathering ? { gathering } : { concurrent: together !== undefined || beside }) } : {}),
      ...(onListen ? { onListen } : {}),
      onSession: (session) => void opened.push(session),
      versionSessions: () => versionSessions(job.version),
      ...(handshake ? { handshake } : {}),
    });
    if (shared) shared.used = true;
    return result;
  };
  const announced = new Set<number>();
  const announce = (index: number): void => {
    if (announced.has(index)) return;
    announced.add(index);
    const job = jobs[index]!;
    hooks.onCheckStart?.({ id: job.check.id, title: job.check.title, protocolVersion: job.version, index, total: jobs.length });
  };
  const settle = (index: number, result: CheckResult): void => {
    results[index] = result;
    done += 1;
    hooks.onCheckResult?.(result, { done, total: jobs.length });
  };
  const runJob = async (index: number): Promise<void> => {
    announce(index);
    settle(index, await computeJob(index));
  };

  /**
   * Runs the `concurrent` checks of one lane at the same time (at most CONCURRENT_CHECKS_PER_LANE at once) on the
   * lane's session; or, with `judges`, a version's session judges, all at once, listening through one gathering (see
   * createGathering). When the session broke during the batch (a check timed out, the server died), no further check
   * starts on it, and every check of the batch that did not pass or skip runs again alone, in order, as it would have
   * without concurrency: a check that failed only because a neighbour broke the server is not blamed for it.
   */
  const runTogether = async (unit: readonly number[], count: (index: number) => void, judges = false, until?: Promise<unknown>): Promise<void> => {
    if (unit.length === 0) return;
    const first = jobs[unit[0]!]!;
    const shared = await sharedFor(laneOf.get(unit[0]!)!, first.version!);
    const outcomes = new Map<number, CheckResult>();
    const again: number[] = [];
    const broken = (): boolean => shared.poisoned === true || shared.session.closed || shared.unusable !== undefined;
    const gathering = judges ? createGathering(until ? { until } : {}) : undefined;
    // Every member joins before any of them runs (a late member waits for all the others).
    const members = new Map(gathering ? unit.map((index) => [index, gathering.join({ late: jobs[index]!.check.sharedOrder === 'beside-judges' })]) : []);
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < unit.length; i = next++) {
        const index = unit[i]!;
        const member = members.get(index);
        // A late member starts once the judges have made their requests (its wait is not its own time); if the
        // session broke before it starts (a judge broke it meanwhile), it runs again alone like the others.
        if (!broken()) await member?.othersListening();
        if (broken()) {
          member?.leave();
          again.push(index);
          continue;
        }
        announce(index);
        try {
          outcomes.set(index, await computeJob(index, shared, member));
        } finally {
          member?.leave();
        }
      }
    };
    await Promise.all(Array.from({ length: judges ? unit.length : Math.min(CONCURRENT_CHECKS_PER_LANE, unit.length) }, worker));
    if (broken()) {
      for (const [index, result] of outcomes) if (result.status === 'failed' || result.status === 'errored') again.push(index);
    }
    for (const index of unit) {
      const result = outcomes.get(index);
      if (result && !again.includes(index)) {
        settle(index, result);
        count(index);
      }
    }
    for (const index of unit.filter((i) => again.includes(i))) {
      await runJob(index);
      count(index);
    }
  };

  const runUnit = async (unit: readonly number[]): Promise<void> => {
    for (const index of unit) await runJob(index);
  };
  // Checks that judge all the traffic of a version run after every other check of that version, on lane 0: what they
  // see then is the same whatever order the lanes ran in. They start as soon as their version's other checks are done,
  // while other versions' checks still run: the judges together (each reads the session once all of them have made
  // their requests, see createGathering), then the checks that change the session for good, one after another. Then
  // the version's servers are stopped, while other versions still run (a server that ignores the end of its stdin
  // takes the whole grace period to stop).
  const judgeUnits = new Map<ProtocolVersion, number[]>();
  for (const index of sessionJudges) {
    const version = jobs[index]!.version!;
    judgeUnits.set(version, [...(judgeUnits.get(version) ?? []), index]);
  }
  const left = new Map<ProtocolVersion, number>();
  jobs.forEach((job, index) => {
    if (job.version && !judgeUnits.get(job.version)?.includes(index)) left.set(job.version, (left.get(job.version) ?? 0) + 1);
  });
  const judging: Array<Promise<void>> = [];
  const finished = new Set<ProtocolVersion>();
  const startJudges = (version: ProtocolVersion): void => {
    if (finished.has(version)) return;
    finished.add(version);
    const unit = judgeUnits.get(version) ?? [];
    judgeUnits.delete(version);
    const together = unit.filter((index) => jobs[index]!.check.sharedOrder !== 'last' && !jobs[index]!.skipReason);
    const after = unit.filter((index) => !together.includes(index));
    // The judges make their requests and listen while the handshake probe may still run, but read only once it is
    // done when its session is one of the version's: what they see does not depend on timing.
    const run = runTogether(together, () => undefined, true, handshakeIn(version))
      .then(() => runUnit(after))
      .finally(() => {
        // The lanes' sessions (the probe's among them); a check's own sessions are its own business, and a check that
        // runs once (not in a version) may still be using one that speaks this version.
        for (const [lane, shared] of sharedSessions) if (lane.startsWith(`${version}#`)) void shared.session.close().catch(() => undefined);
      });
    run.catch(() => undefined); // awaited below; this only keeps an early failure from counting as unhandled
    judging.push(run);
  };
  const count = (index: number): void => {
    const version = jobs[index]!.version;
    if (version && left.has(version)) {
      left.set(version, left.get(version)! - 1);
      if (left.get(version) === 0) startJudges(version);
    }
  };
  // A lane runs its chain (its `first` checks, then its `besideConcurrent` ones, one after another) beside its
  // concurrent checks (together), then the rest one after another. A chain check that failed while the session broke
  // under the batch runs again alone once the batch is done, as a concurrent check would: if it broke the session
  // itself, it fails again.
  const runAndCount = async (unit: readonly number[]): Promise<void> => {
    const together = unit.filter((index) => jobs[index]!.check.concurrent && laneOf.has(index) && !jobs[index]!.skipReason);
    const chain = unit.filter((index) => jobs[index]!.check.sharedOrder === 'first' || (jobs[index]!.check.besideConcurrent && laneOf.has(index)));
    let batchRunning = together.length > 0;
    // A `first` check (lifecycle/notifications-get-no-response: a notification, then a marker request) has its
    // marker answered by a server busy with nobody else's requests; the batch starts once it listens (or is done), so
    // that its silence window, not its marker's wait behind the batch, is what the chain waits for.
    let releaseBatch: () => void = () => undefined;
    const gate = together.length > 0 && jobs[chain[0] ?? -1]?.check.sharedOrder === 'first' ? new Promise<void>((resolve) => (releaseBatch = resolve)) : undefined;
    const batch = (gate ?? Promise.resolve()).then(() => runTogether(together, count)).finally(() => {
      batchRunning = false;
    });
    const runChain = async (): Promise<void> => {
      const again: number[] = [];
      for (const index of chain) {
        const beside = batchRunning;
        announce(index);
        // Beside the batch, the check sees the session through a view (its evidence is its own frames).
        const current = sharedSessions.get(laneOf.get(index)!);
        // A `first` check that ended before it listened had nothing beside it: if it broke the session, it did so alone.
        const first = jobs[index]!.check.sharedOrder === 'first';
        let listened = false;
        const onListen = first
          ? () => {
              listened = true;
              releaseBatch();
            }
          : undefined;
        const result = await computeJob(index, beside && current && !current.poisoned && !current.session.closed ? current : undefined, undefined, beside, onListen).finally(
          () => first && releaseBatch(),
        );
        const used = ranOn.get(index);
        const ranBeside = beside && (!first || listened);
        const broke = ranBeside && used !== undefined && (used.poisoned === true || used.session.closed || sharedSessions.get(laneOf.get(index)!) !== used);
        if (broke && (result.status === 'failed' || result.status === 'errored')) {
          again.push(index);
          continue;
        }
        settle(index, result);
        count(index);
      }
      await batch;
      for (const index of again) {
        await runJob(index);
        count(index);
      }
    };
    await Promise.all([runChain(), batch]);
    for (const index of unit) {
      if (chain.includes(index) || together.includes(index)) continue;
      await runJob(index);
      count(index);
    }
  };
  // Lane 0 of a version runs on the probe's session, already started: it needs no server start, so it runs outside
  // the concurrency limit (which bounds how many servers start at once); every other unit waits for a worker.
  const warm = units.filter((unit) => unit.length > 0 && laneOf.get(unit[0]!)?.endsWith('#0') && sharedSessions.has(laneOf.get(unit[0]!)!));
  const cold = units.filter((unit) => !warm.includes(unit));
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let u = next++; u < cold.length; u = next++) await runAndCount(cold[u]!);
  };
  try {
    for (const version of tested) if (!left.get(version)) startJudges(version);
    await Promise.all([...warm.map(runAndCount), ...Array.from({ length: Math.min(concurrency, Math.max(1, cold.length)) }, worker)]);
    await Promise.all(judging);
  } finally {
    await handshakeDone;
    await Promise.all(opened.map((s) => s.close().catch(() => undefined)));
  }

  const baselined = options.baseline ? applyBaseline(results, options.baseline) : { results, stale: [] };
  const info = probes.find((p) => p.outcome === 'accepted' && p.serverInfo)?.serverInfo;
  const secrets = options.target.secrets ?? [];
  const report: RunReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'mcp-conform', version: options.toolVersion },
    target: options.target.description,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    server: {
      ...(typeof info?.name === 'string' ? { name: redactText(info.name, secrets) } : {}),
      ...(typeof info?.version === 'string' ? { version: redactText(info.version, secrets) } : {}),
      protocolVersions: tested,
      refusedVersions: probes.filter((p) => !tested.includes(p.version) && p.outcome !== 'accepted').map((p) => p.version),
    },
    summary: summarize(baselined.results),
    results: baselined.results,
    ...(baselined.stale.length > 0 ? { staleBaseline: baselined.stale } : {}),
    ...(options.strict ? { strict: true } : {}),
  };
  hooks.onRunEnd?.(report);
  return report;
}

/**
 * The versions the checks run in: accepted versions (and legacy versions whose `initialize` hung or killed the
 * server), as chosen. When the server accepted none because it hung or died while probed, the checks still run (in
 * the newest version whose probe broke) so that they fail with clear messages instead of the run passing with
 * nothing tested.
 */
export function versionsToTest(choice: VersionChoice, probes: readonly VersionProbe[]): ProtocolVersion[] {
  const accepted = probes.filter((p) => p.outcome === 'accepted').map((p) => p.version);
  if (accepted.length > 0) {
    if (choice === 'latest') return [accepted.reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b))];
    // An initialize that hangs or kills the server is that version's failure, not a refusal: it is tested, and its
    // checks fail saying so. (A server/discover that gets no answer from a legacy server means it does not speak
    // 2026-07-28; the unanswered request itself is jsonrpc/unknown-method's business.)
    const brokenLegacy = probes.filter((p) => p.outcome === 'broken' && eraOf(p.version) === 'legacy').map((p) => p.version);
    return [...accepted, ...brokenLegacy].sort(compareVersions);
  }
  const broken = probes.filter((p) => p.outcome === 'broken').map((p) => p.version);
  if (broken.length === 0) return [];
  const legacy = broken.filter((v) => eraOf(v) === 'legacy');
  if (legacy.length > 0) return [legacy.includes(LATEST_LEGACY_PROTOCOL_VERSION) ? LATEST_LEGACY_PROTOCOL_VERSION : legacy.at(-1)!];
  return [broken.at(-1)!];
}

function failedResult(job: Job, transport: ConformanceTarget['kind'], reason: string, wire: readonly WireEvent[], secrets: readonly string[]): CheckResult {
  return { ...skippedResult(job, transport, reason), status: 'failed', evidence: excerptEvidence(wire, secrets) };
}

function skippedResult(job: Job, transport: ConformanceTarget['kind'], reason: string): CheckResult {
  return {
    id: job.check.id,
    title: job.check.title,
    suite: job.check.suite,
    level: job.check.level,
    status: 'skipped',
    ...(job.version ? { protocolVersion: job.version } : {}),
    transport,
    requirements: [...job.check.requirements],
    spec: job.check.spec,
    durationMs: 0,
    message: reason,
    evidence: [],
  };
}

/**
 * Whether the last frame the harness sent on `session` is a request that the server has answered since, with nothing
 * pending: the server was alive after everything the harness sent it.
 */
export function answeredLast(session: ProbeSession): boolean {
  if (session.closed || session.pending.length > 0) return false;
  const events = session.wire.events;
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const event = events[i]!;
    if (event.kind !== 'frame' || event.direction !== 'out') continue;
    const sent = event.message as { id?: unknown; method?: unknown } | undefined;
    if (typeof sent !== 'object' || sent === null || Array.isArray(sent) || typeof sent.method !== 'string' || sent.id === undefined || sent.id === null) return false;
    for (let j = i + 1; j < events.length; j += 1) {
      const later = events[j]!;
      if (later.kind !== 'frame' || later.direction !== 'in') continue;
      const answer = later.message as { id?: unknown; method?: unknown; result?: unknown; error?: unknown } | undefined;
      if (typeof answer === 'object' && answer !== null && !Array.isArray(answer) && answer.method === undefined && answer.id === sent.id && ('result' in answer || 'error' in answer)) return true;
    }
    return false;
  }
  return false;
}

/** A transport whose server's priority can be changed (StdioClientTransport, and a started one the target hands out). */
function hasPriority(transport: Transport): transport is Transport & { setPriority(priority: number): boolean } {
  return typeof (transport as { setPriority?: unknown }).setPriority === 'function';
}

/**
 * The target, whose transports start their servers at `priority` and, once `until` settles, go back to `restore`
 * where the system allows it (see StdioClientTransport.setPriority).
 */
function withLoweredPriority(target: ConformanceTarget, priority: number, until: Promise<unknown>, restore: number): ConformanceTarget {
  const lowered: Transport[] = [];
  let restored = false;
  void until.then(() => {
    restored = true;
    for (const transport of lowered) if (hasPriority(transport)) transport.setPriority(restore);
  });
  return {
    ...target,
    createTransport: (overrides = {}) => {
      if (restored) return target.createTransport(overrides);
      const transport = target.createTransport({ ...overrides, priority });
      lowered.push(transport);
      return transport;
    },
  };
}
