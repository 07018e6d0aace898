/**
 * A session that starts on first use: for `raw` checks that may judge what the runner already saw (the probes) and
 * then need no server of their own. Until a method is called, it reads as a session that has sent and received
 * nothing; the first call starts it, and every later read is the real session's.
 */
import type { ProtocolVersion } from '../protocol/versions.js';
import { createWireLog } from '../protocol/wire.js';
import type { ProbeSession } from './probe-session.js';

/** What a session that has not started reads as. */
const UNSTARTED: Record<string, unknown> = { received: [], unmatched: [], pending: [], closed: false, version: undefined };

/** Wraps `open` (which starts a session) in a ProbeSession that calls it on the first method call. */
export function createLazySession(open: () => Promise<ProbeSession>): ProbeSession {
  let real: ProbeSession | undefined;
  let starting: Promise<ProbeSession> | undefined;
  let version: ProtocolVersion | undefined;
  let capabilities: Record<string, unknown> | undefined;
  const wire = createWireLog();
  const start = async (): Promise<ProbeSession> => {
    starting ??= open().then((session) => {
      if (version !== undefined) session.setVersion(version);
      if (capabilities !== undefined) session.declareClientCapabilities(capabilities);
      real = session;
      return session;
    });
    return starting;
  };
  return new Proxy({} as ProbeSession, {
    get(_, property) {
      if (real) {
        const value: unknown = Reflect.get(real, property, real);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(real) : value;
      }
      if (property === 'setVersion') return (next: ProtocolVersion) => void (version = next);
      if (property === 'declareClientCapabilities') return (next: Record<string, unknown>) => void (capabilities = { ...next });
      if (property === 'clientCapabilities') return capabilities ?? {};
      if (property === 'version') return version;
      if (property === 'wire') return wire;
      if (property === 'close' || property === Symbol.asyncDispose) return async () => (starting ? (await starting).close() : undefined);
      if (typeof property === 'string' && property in UNSTARTED) return UNSTARTED[property];
      if (property === 'then') return undefined; // not a thenable
      return async (...args: unknown[]) => {
        const session = await start();
        return (Reflect.get(session, property, session) as (...a: unknown[]) => unknown).apply(session, args);
      };
    },
  });
}
