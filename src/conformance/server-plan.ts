/**
 * Which sessions a run opens at its start, for the runner and for whoever starts servers ahead of it (the command
 * line starts them while it loads its checks, see StdioTarget.prestart): one rule in one place, so that the servers
 * started ahead are exactly the ones the run asks for first. This module loads nothing heavy (no schema).
 */
import { constants, getPriority } from 'node:os';
import { PROTOCOL_VERSIONS, eraOf, type ProtocolVersion } from '../protocol/versions.js';
import type { TransportKind } from '../protocol/wire.js';

/** Which versions a run tests: one, every version the server accepts, or the newest it accepts. */
export type VersionChoice = ProtocolVersion | 'all' | 'latest';

/** The versions the run probes: every released one for `all` and `latest` (the newest accepted is known only after). */
export function proposedVersions(choice: VersionChoice): ProtocolVersion[] {
  return choice === 'all' || choice === 'latest' ? [...PROTOCOL_VERSIONS] : [choice];
}

/**
 * The probes' sessions, in the order they are opened: one per version, except over stdio, where the 2026-07-28 probe
 * hands its process to the first initialize-era version when the server refuses it (see probeVersions), so that pair
 * shares one.
 */
export function probeUnits(kind: TransportKind, versions: readonly ProtocolVersion[]): ProtocolVersion[][] {
  const units: ProtocolVersion[][] = versions.map((v) => [v]);
  const modern = units.findIndex(([v]) => eraOf(v!) === 'modern');
  const legacy = units.findIndex(([v]) => eraOf(v!) === 'legacy');
  // The rule is stdio's, and only there does a session cost a server start.
  if (kind === 'stdio' && modern >= 0 && legacy >= 0) {
    units[modern]!.push(units[legacy]![0]!);
    units.splice(legacy, 1);
  }
  return units;
}

/**
 * Whether the run opens the handshake probe's session (handshake-probe.ts): over stdio, when a check that judges it is
 * selected and an initialize-era version is proposed.
 */
export function wantsHandshakeProbe(kind: TransportKind, proposed: readonly ProtocolVersion[], handshakeCheckSelected: boolean): boolean {
  return kind === 'stdio' && handshakeCheckSelected && proposed.some((v) => eraOf(v) === 'legacy');
}

/** The priority the version probes' servers start at when lowered: one step below the harness's own (+10, at most 19). */
export function loweredServerPriority(): number {
  return Math.min(19, getPriority() + constants.priority.PRIORITY_BELOW_NORMAL);
}

/** What {@link initialServerStarts} needs to know. */
export interface InitialServerStartsOptions {
  protocolVersion: VersionChoice;
  /** Whether a check that judges the handshake probe is selected. */
  handshakeCheckSelected: boolean;
  /** The priority of the version probes' servers, when lowered (see RunConformanceOptions.prioritizeHandshake). */
  loweredPriority?: number;
}

/**
 * The servers a stdio run starts at once when it begins, each with its priority (undefined: the harness's own): the
 * handshake probe's first, then one per probe session. A run opens more later (lanes, fresh sessions), and fewer when
 * a server starts too slowly and a version is probed again, but never fewer at its start.
 */
export function initialServerStarts(options: InitialServerStartsOptions): Array<number | undefined> {
  const proposed = proposedVersions(options.protocolVersion);
  const handshake = wantsHandshakeProbe('stdio', proposed, options.handshakeCheckSelected);
  const lowered = handshake ? options.loweredPriority : undefined;
  return [...(handshake ? [undefined] : []), ...probeUnits('stdio', proposed).map(() => lowered)];
}
