/**
 * What a check sees while it runs, and what it records. A check never builds its result: it records observations
 * (what it verified) and violations (what broke a requirement); the runner grades them. A check that recorded
 * neither observed nothing, and is reported as `errored`, never as a pass.
 */
import type { ProtocolVersion } from '../protocol/versions.js';
import type { TransportKind, WireEvent } from '../protocol/wire.js';
import type { HandshakeProbe } from './handshake-probe.js';
import type { ProbeSession } from './probe-session.js';
import type { Profile } from './profile.js';
import type { VersionProbe } from './probe-versions.js';
import type { CheckLevel } from './run-report.js';
import type { HttpTargetFacts, TransportOverrides } from './target.js';

/** One requirement broken, as a check saw it. */
export interface Violation {
  message: string;
  /** The level of this violation (defaults to the check's level; a check may grade an ambiguity lower). */
  level: CheckLevel;
  /** The frames that prove it (defaults to the session's wire excerpt). */
  evidence?: WireEvent[];
}

/** Options of {@link CheckContext.violation}. */
export interface ViolationOptions {
  /** Grade this violation as a SHOULD (a warning) even in a MUST check, e.g. where the catalogue (§31) says so. */
  level?: CheckLevel;
  evidence?: WireEvent[];
}

/** The context passed to a check's `run`. */
export interface CheckContext {
  /** The protocol version under test (undefined for checks that run once per target). */
  readonly version: ProtocolVersion | undefined;
  readonly transport: TransportKind;
  /**
   * The session: initialized in `version` for `session: 'initialized'` checks, untouched for `raw` ones. Sessions
   * declare no client capability, so a server never sends requests a check did not ask for; a `raw` check that needs
   * them declares the few it needs before its handshake (`session.declareClientCapabilities({ sampling: {} })`, then
   * `enterVersion`), and the session answers the server's requests harmlessly and records them.
   */
  readonly session: ProbeSession;
  /** The `initialize` result of the session (legacy versions, initialized sessions). */
  readonly initializeResult: Record<string, unknown> | undefined;
  /** The server's declared capabilities in this version (from `initialize` or `server/discover`). */
  readonly serverCapabilities: Record<string, unknown>;
  /** The versions the server accepted when the runner probed it. */
  readonly acceptedVersions: readonly ProtocolVersion[];
  /** What the runner's version probes saw (one fresh session per proposed version). */
  readonly probes: readonly VersionProbe[];
  /** The profile (what the harness may call). */
  readonly profile: Profile;
  /** A per-request time limit for the check's requests, in milliseconds. */
  readonly requestTimeoutMs: number;
  /** The time limit of a session's first request (start-up included), in milliseconds. */
  readonly startupTimeoutMs: number;
  /** Aborted when the check runs out of time. */
  readonly signal: AbortSignal;
  /**
   * Every session the runner has opened on this target whose traffic is in `version` (the version probe's, the shared
   * lanes', every check's own, closed ones included), for checks that judge all of a version's traffic: the runner
   * runs such checks (`observesSession`) after every other check of their version, so what they see does not depend
   * on how checks were scheduled. Empty for checks that run once per target.
   */
  versionSessions(): readonly ProbeSession[];
  /**
   * What the runner's handshake probe saw (over stdio: `initialize` with an unknown version and every callback
   * capability declared, a ping, `notifications/initialized` withheld for a while), for the checks that judge the
   * handshake itself; undefined when the runner ran none.
   */
  readonly handshakeProbe?: HandshakeProbe;
  /**
   * The real address and headers of an HTTP target (`--url`, `--header`), for checks that send raw HTTP requests.
   * Header values are secrets: a check may send them, never quote them (the runner redacts them from every report
   * anyway). Undefined for other transports.
   */
  readonly http: HttpTargetFacts | undefined;
  /** Opens another fresh, untouched session on the same target (the runner closes it), with optional settings. */
  openSession(overrides?: TransportOverrides): Promise<ProbeSession>;
  /** Records something the check verified (it becomes the message of a passed result), with the frames that show it. */
  observe(observation: string, evidence?: readonly WireEvent[]): void;
  /** Records a violated requirement. */
  violation(message: string, options?: ViolationOptions): void;
  /** Stops the check as not applicable (capability not declared, nothing to test), with the reason. */
  skip(reason: string): never;
}

/** Thrown by `ctx.skip`; the runner turns it into a `skipped` result. */
export class CheckSkipped extends Error {
  override readonly name = 'CheckSkipped';
}

/** What a check recorded. */
export interface CheckRecord {
  observations: string[];
  /** Frames cited by observations (the runner attaches them when no violation names its own). */
  cited: WireEvent[];
  violations: Violation[];
}

/** Creates the recording half of a check context. */
export function createCheckRecord(defaultLevel: CheckLevel): {
  record: CheckRecord;
  observe: CheckContext['observe'];
  violation: CheckContext['violation'];
  skip: CheckContext['skip'];
} {
  const record: CheckRecord = { observations: [], cited: [], violations: [] };
  return {
    record,
    observe: (observation, evidence) => {
      record.observations.push(observation);
      if (evidence) record.cited.push(...evidence);
    },
    violation: (message, options = {}) =>
      void record.violations.push({ message, level: options.level ?? defaultLevel, evidence: options.evidence }),
    skip: (reason) => {
      throw new CheckSkipped(reason);
    },
  };
}
