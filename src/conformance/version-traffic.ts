/**
 * Which part of a session's traffic is in a given protocol version: checks that judge all of a version's traffic
 * (every message the server sent in it) read every session the runner opened through this, whatever check opened it.
 */
import type { ProtocolVersion } from '../protocol/versions.js';
import { eraOf } from '../protocol/versions.js';
import type { WireEvent } from '../protocol/wire.js';
import type { ProbeSession } from './probe-session.js';

/**
 * The events of a session that are in `version`, or undefined when the session never entered it. A legacy session is
 * in a version from the server's `initialize` result that names it (a session whose handshake negotiated another
 * version, or that never completed one, is not). A 2026-07-28 session has no handshake: it is in the version it
 * speaks, unless it sent `initialize` (then it tried the legacy era).
 */
export function versionTraffic(session: ProbeSession, version: ProtocolVersion): readonly WireEvent[] | undefined {
  const events = session.wire.events;
  const initializeIds = new Set<string>();
  for (const [index, event] of events.entries()) {
    if (event.kind !== 'frame' || event.message === undefined) continue;
    for (const item of Array.isArray(event.message) ? event.message : [event.message]) {
      if (typeof item !== 'object' || item === null) continue;
      const m = item as { id?: unknown; method?: unknown; result?: unknown };
      const key = `${typeof m.id}:${String(m.id)}`;
      if (event.direction === 'out') {
        if (m.method === 'initialize' && m.id !== undefined) initializeIds.add(key);
        continue;
      }
      if (eraOf(version) !== 'legacy' || m.method !== undefined || !initializeIds.has(key)) continue;
      const result = m.result as { protocolVersion?: unknown } | undefined;
      if (typeof result === 'object' && result !== null && result.protocolVersion === version) return events.slice(index);
    }
  }
  if (eraOf(version) === 'modern' && session.version === version && initializeIds.size === 0) return events;
  return undefined;
}
