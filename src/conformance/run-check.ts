/**
 * Runs one check in one protocol version and builds its result. The runner, not the check, decides the status:
 * violations → failed (MUST) or warned (SHOULD); observations only → passed; nothing observed → errored; a server that
 * hangs or dies → failed, with what it did not answer; a harness fault → errored.
 */
import { McpConformError, TimeoutError, TransportError } from '../protocol/errors.js';
import type { Transport } from '../protocol/transport.js';
import type { ProtocolVersion } from '../protocol/versions.js';
import type { WireEvent } from '../protocol/wire.js';
import { CheckSkipped, createCheckRecord, type CheckContext } from './check-context.js';
import { DEFAULT_CHECK_TIMEOUT_MS, type CheckDefinition, type ProfileNeed } from './define-check.js';
import { excerptEvidence, redactText } from './evidence.js';
import { enterVersion } from './handshake.js';
import { createProbeSession, type ProbeSession } from './probe-session.js';
import type { HandshakeProbe } from './handshake-probe.js';
import { createLazySession } from './lazy-session.js';
import { createSessionView, gatheredSession, type GatheringMember, type SessionView } from './session-view.js';
import type { Profile } from './profile.js';
import type { CheckResult, CheckStatus } from './run-report.js';
import type { ConformanceTarget, TransportOverrides } from './target.js';
import type { VersionProbe } from './probe-versions.js';

/**
 * Why a SHOULD check fails when the server hangs or dies: JSON-RPC 2.0 "the Server MUST reply with a Response, except
 * for in the case of Notifications", whatever the check was looking at.
 */
export const UNANSWERED_IS_A_MUST = 'a request left unanswered breaks a MUST ("the Server MUST reply with a Response"), whatever this check\'s own level';

/** How long the runner waits for a session to close before it moves on. @default 5_000 */
export const SESSION_CLOSE_TIMEOUT_MS = 5_000;

/** Everything one check run needs. */
export interface RunCheckEnvironment {
  target: ConformanceTarget;
  version: ProtocolVersion | undefined;
  /** Capabilities the server declared in `version` when probed (decides capability skips before spawning). */
  probedCapabilities: Record<string, unknown> | undefined;
  acceptedVersions: readonly ProtocolVersion[];
  profile: Profile;
  /** Overrides every check's own time limit. */
  checkTimeoutMs?: number;
  requestTimeoutMs: number;
  /** The time limit of a session's first request (start-up included). */
  startupTimeoutMs: number;
  probes: readonly VersionProbe[];
  /** For `shared` checks: the session to use (the runner owns it). */
  shared?: SharedSession;
  /**
   * The check runs at the same time as other checks on the shared session (see CheckDefinition.concurrent): it gets
   * a view of the session, and its evidence is its own frames. @default false
   */
  concurrent?: boolean;
  /**
   * The check is one of a version's session judges run together on the shared session: it sees the session itself
   * (its traffic is all evidence), but listens through the gathering.
   */
  gathering?: GatheringMember;
  /** With `concurrent`: told once, when the check first listens (see SessionViewOptions.onListen). */
  onListen?: () => void;
  /** Told of every session the check opens (the runner keeps their traffic for checks that judge a whole version). */
  onSession?: (session: ProbeSession) => void;
  /** Every session of the version under test so far (see CheckContext.versionSessions). @default none */
  versionSessions?: () => readonly ProbeSession[];
  /** What the handshake probe saw, when the runner ran one (see CheckContext.handshakeProbe). */
  handshake?: HandshakeProbe;
}

/** A session shared by `shared` checks of one version. */
export interface SharedSession {
  session: ProbeSession;
  capabilities: Record<string, unknown>;
  initializeResult?: Record<string, unknown>;
  /** Set by runCheck when a check left the session unusable (it timed out or the server died). */
  poisoned?: boolean;
  /** Whether a check has run on it (the runner then makes sure it still answers before the next). */
  used?: boolean;
  /** Why the session could not be entered at all (every check that needs it fails with this). */
  unusable?: string;
}

/** Runs a check and returns its result (never throws). */
export async function runCheck(check: CheckDefinition, env: RunCheckEnvironment): Promise<CheckResult> {
  const started = performance.now();
  const secrets = env.target.secrets ?? [];
  const base = {
    id: check.id,
    title: check.title,
    suite: check.suite,
    level: check.level,
    transport: env.target.kind,
    requirements: [...check.requirements],
    spec: check.spec,
    ...(env.version === undefined ? {} : { protocolVersion: env.version }),
  };
  const finish = (status: CheckStatus, message: string, evidence: readonly WireEvent[]): CheckResult => ({
    ...base,
    status,
    durationMs: Math.round(performance.now() - started),
    message: redactText(message, secrets),
    evidence: excerptEvidence(evidence, secrets),
  });

  const skipReason = precondition(check, env);
  if (skipReason) return finish('skipped', skipReason, []);

  const sessions: ProbeSession[] = [];
  const controller = new AbortController();
  const { record, observe, violation, skip } = createCheckRecord(check.level);
  const openSession = async (overrides?: TransportOverrides): Promise<ProbeSession> => {
    if (controller.signal.aborted) throw new Error('the check ran out of time');
    const transport: Transport = env.target.createTransport(overrides);
    const session = await createProbeSession(transport, { requestTimeoutMs: env.requestTimeoutMs });
    if (controller.signal.aborted) {
      // The check was cut off while this session was starting: stop it here, nobody will close it later.
      await closeWithin(session, SESSION_CLOSE_TIMEOUT_MS);
      throw new Error('the check ran out of time');
    }
    sessions.push(session);
    env.onSession?.(session);
    return session;
  };
  const limitMs = env.checkTimeoutMs ?? check.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  let phase = 'starting the server';

  const shared = check.session === 'shared' ? env.shared : undefined;
  const sharedFrom = shared ? shared.session.wire.events.at(-1)?.seq ?? -1 : -1;
  // A check that may send raw frames beside concurrent ones also owns its raw frames and the null-id answers.
  const ownsUnattributed = check.besideConcurrent || check.sharedOrder === 'first';
  const view: SessionView | undefined = shared && env.concurrent ? createSessionView(shared.session, { ownsUnattributed, ...(env.onListen ? { onListen: env.onListen } : {}) }) : undefined;
  const sharedSession = shared && env.gathering ? gatheredSession(shared.session, env.gathering) : shared?.session;
  /** Starts the session and enters the version; bounded by the start-up limit of its first request, not the check's. */
  const setUp = async (): Promise<CheckContext> => {
    const session = view ? view.session : sharedSession ? sharedSession : check.lazySession ? createLazySession(openSession) : await openSession();
    let capabilities = shared ? shared.capabilities : env.probedCapabilities ?? {};
    let initializeResult: Record<string, unknown> | undefined = shared?.initializeResult;
    if (!shared && check.session !== 'raw' && env.version !== undefined) {
      phase = `entering protocol version ${env.version}`;
      const entered = await enterVersion(session, env.version, env.startupTimeoutMs);
      capabilities = entered.capabilities;
      initializeResult = entered.initializeResult;
      const missing = check.needs.capability && !(check.needs.capability in capabilities);
      if (missing) skip(`the server did not declare the ${check.needs.capability} capability in ${env.version}`);
    } else if (env.version !== undefined) session.setVersion(env.version);
    phase = 'running the check';
    return {
      version: env.version,
      transport: env.target.kind,
      session,
      initializeResult,
      serverCapabilities: capabilities,
      acceptedVersions: env.acceptedVersions,
      probes: env.probes,
      profile: env.profile,
      requestTimeoutMs: env.requestTimeoutMs,
      startupTimeoutMs: env.startupTimeoutMs,
      signal: controller.signal,
      // The shared session appears as the check sees it (a view or a gathered session), so that identity holds.
      versionSessions: () => (env.versionSessions?.() ?? []).map((s) => (s === shared?.session ? session : s)),
      ...(env.handshake ? { handshakeProbe: env.handshake } : {}),
      http: env.target.http,
      openSession,
      observe,
      violation,
      skip,
    };
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  let outcome: { kind: 'done' } | { kind: 'timeout' } | { kind: 'error'; error: unknown };
  try {
    const ctx = await setUp();
    // The check's own time limit starts once its session is ready: a slow start-up is the start-up limit's business.
    // A judge held back in its gathering (waiting for slower judges to make their requests) is not using its own time:
    // that wait does not count against its limit.
    const began = performance.now();
    const timedOut = new Promise<'timeout'>((resolve) => {
      const arm = (ms: number): void => {
        timer = setTimeout(() => {
          const used = performance.now() - began - (env.gathering?.heldMs() ?? 0);
          if (used < limitMs) arm(limitMs - used);
          else resolve('timeout');
        }, ms);
      };
      arm(limitMs);
    });
    const raced = await Promise.race([check.run(ctx).then(() => 'done' as const), timedOut]);
    outcome = raced === 'timeout' ? { kind: 'timeout' } : { kind: 'done' };
  } catch (error) {
    outcome = { kind: 'error', error };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  const pendingAtTimeout = outcome.kind === 'timeout' ? [...(shared ? [shared.session] : []), ...sessions].flatMap((s) => s.pending) : [];
  await Promise.all(sessions.map((s) => closeWithin(s, SESSION_CLOSE_TIMEOUT_MS)));
  const broke = outcome.kind === 'timeout' || (outcome.kind === 'error' && !(outcome.error instanceof CheckSkipped));
  if (shared && (broke || shared.session.closed)) shared.poisoned = true;
  const sharedWire = shared ? shared.session.wire.since(sharedFrom + 1) : [];
  // A check that ran beside others keeps only its own frames as evidence (all of the slice if none is recognisably its own).
  const ownWire = view ? view.ownEvents(sharedWire) : sharedWire;
  const wire = [...(ownWire.length > 0 ? ownWire : sharedWire), ...sessions.flatMap((s) => s.wire.events)];

  const violations = record.violations;
  const violationEvidence = violations.flatMap((v) => v.evidence ?? []);
  const evidence = violationEvidence.length > 0 ? violationEvidence : record.cited.length > 0 ? record.cited : wire;
  const violationText = violations.map((v) => v.message).join('; ');
  const withViolations = (text: string): string => (violationText ? `${violationText}; ${text}` : text);

  if (outcome.kind === 'timeout') {
    const waiting = pendingAtTimeout.length > 0 ? `no response to ${pendingAtTimeout.join(', ')}` : 'the server stopped answering';
    return finish('failed', withViolations(`the check did not finish within ${limitMs} ms while ${phase}: ${waiting}`), wire);
  }
  if (outcome.kind === 'error') {
    const { error } = outcome;
    if (error instanceof CheckSkipped) return finish('skipped', error.message, []);
    // A server that hangs, dies or answers the handshake wrongly fails the check; anything else is the harness's fault.
    if (error instanceof McpConformError && error.code !== 'CONFIG_INVALID') {
      // A hung or dead server breaks a MUST whatever the check's own level: say which, so that a SHOULD check that
      // failed is not read as a SHOULD graded too hard.
      const why = check.level === 'MUST' ? '' : error instanceof TimeoutError || error instanceof TransportError ? `; ${UNANSWERED_IS_A_MUST}` : '';
      return finish('failed', withViolations(`${error.message} (while ${phase})${why}`), wire);
    }
    return finish('errored', `the harness failed while ${phase}: ${(error as Error)?.stack?.split('\n').slice(0, 2).join(' ') ?? String(error)}`, wire);
  }
  if (violations.length > 0) {
    const status: CheckStatus = violations.some((v) => v.level === 'MUST') ? 'failed' : 'warned';
    return finish(status, violationText, evidence);
  }
  if (record.observations.length === 0) {
    return finish('errored', 'the check recorded no observation, so it cannot pass (a harness bug)', wire);
  }
  return finish('passed', record.observations.join('; '), record.cited.length > 0 ? record.cited : wire);
}

/** Why a check does not apply before anything is spawned, or undefined. */
function precondition(check: CheckDefinition, env: RunCheckEnvironment): string | undefined {
  const profileNeed = check.needs.profile;
  if (profileNeed !== undefined) {
    const anyOf: readonly ProfileNeed[] = typeof profileNeed === 'string' ? [profileNeed] : profileNeed;
    const present = (need: ProfileNeed): boolean => {
      const entry = env.profile[need];
      return entry !== undefined && !(Array.isArray(entry) && entry.length === 0);
    };
    if (!anyOf.some(present)) return `the profile names no ${anyOf.map((need) => `"${need}"`).join(' or ')} entry (see ARCHITECTURE.md "Profiles")`;
  }
  const accepted = check.needs.acceptedVersion;
  if (accepted && !env.acceptedVersions.includes(accepted)) return `the server did not accept ${accepted} when probed`;
  const capability = check.needs.capability;
  if (capability && env.probedCapabilities && !(capability in env.probedCapabilities)) {
    return `the server did not declare the ${capability} capability${env.version ? ` in ${env.version}` : ''}`;
  }
  return undefined;
}

async function closeWithin(session: ProbeSession, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    session.close().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
