/**
 * Targets: what the harness tests, as a factory of fresh transports. stdio spawns a process per session; network
 * targets open a connection per session. Each transport plugs in through {@link ConformanceTarget}.
 */
import type { Transport } from '../protocol/transport.js';
import type { TransportKind } from '../protocol/wire.js';
import type { RunTarget } from './run-report.js';

/** A server under test. */
export interface ConformanceTarget {
  /** The transport every session uses. */
  readonly kind: TransportKind;
  /** What the report says was tested (never a secret: no header values, no env values). */
  readonly description: RunTarget;
  /** Makes a new, unstarted transport to the target (a new process for stdio). */
  createTransport(overrides?: TransportOverrides): Transport;
  /** How many sessions may be open at once. @default DEFAULT_TARGET_CONCURRENCY */
  readonly maxConcurrency?: number;
  /** Values that must never appear in a report (env values, header values); they are replaced by `[redacted]`. */
  readonly secrets?: readonly string[];
  /** For HTTP targets: the real URL and headers, which raw HTTP checks need (never part of a report). */
  readonly http?: HttpTargetFacts;
}

/** Per-session settings a check may change; a target ignores what does not apply to it. */
export interface TransportOverrides {
  /** stdio: how long closing waits for the process to exit after its stdin closed, before SIGTERM. */
  closeStdinGraceMs?: number;
  /** stdio: the server process's scheduling priority (see StdioClientTransportOptions.priority). */
  priority?: number;
}

/** The real URL and headers of an HTTP target, as the user passed them (header values are secrets). */
export interface HttpTargetFacts {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
}

/** Sessions open at once when a target names no limit. @default 4 */
export const DEFAULT_TARGET_CONCURRENCY = 4;
