/**
 * The handshake probe: one fresh session, started beside the version probes, that proposes a version no server
 * supports while declaring the client capabilities that let a server call back (roots, sampling, elicitation), then
 * pings and withholds `notifications/initialized` for a while before sending it. Three checks judge what it recorded,
 * so that over stdio they cost one server start between them instead of three, started with the probes rather than
 * after them: version/negotiation (the counter-offer to an unknown version), lifecycle/nothing-before-initialize
 * (what came before the initialize answer) and lifecycle/server-waits-for-initialized (what came before
 * `notifications/initialized`). Each check falls back to a session of its own when there is no such record.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#initialization
 */
import { McpConformError } from '../protocol/errors.js';
import type { JsonRpcResponse } from '../protocol/jsonrpc.js';
import type { WireEvent } from '../protocol/wire.js';
import { initializeParams, resultOf } from './handshake.js';
import { createProbeSession, type ProbeSession } from './probe-session.js';
import type { ConformanceTarget } from './target.js';

/** A version no server supports. */
export const UNKNOWN_PROTOCOL_VERSION = '1999-01-01';

/** The client capabilities the handshake probe declares: every one that lets a server call back. */
export const HANDSHAKE_CAPABILITIES: Readonly<Record<string, unknown>> = Object.freeze({ roots: {}, sampling: {}, elicitation: {} });

/**
 * How long the harness keeps withholding `notifications/initialized` after the server answered a `ping` sent once
 * `initialize` was answered. The catalogue's recipe for lifecycle.init.server-wait watches a flat 2 s; the answered ping
 * proves instead that the server has handled the handshake and written whatever it meant to send right after it (one
 * ordered channel), and this tail catches requests it sends from a timer. The specification names no time, and the
 * flat 2 s sat on the critical path of every run. @default 500
 */
export const SERVER_WAIT_WINDOW_MS = 500;

/**
 * How long the harness then watches for the first server request, to say when the server did ask (server-everything
 * asks for roots 350 ms after `notifications/initialized`). It stops at the first request; it is reported, not judged,
 * and it is off every critical path (the probe runs beside the lanes), so it is generous: a loaded machine delays a
 * server's timers. @default 1_000
 */
export const AFTER_INITIALIZED_WINDOW_MS = 1_000;

/** What the handshake probe saw. */
export interface HandshakeProbe {
  /** The version proposed (UNKNOWN_PROTOCOL_VERSION). */
  proposed: string;
  /** The client capabilities declared in `initialize`. */
  declared: Record<string, unknown>;
  /** The answer to `initialize`, when there was one. */
  response?: JsonRpcResponse;
  /** Why there is no answer, or why the probe stopped early (a hang, an exit), in words. */
  reason?: string;
  /** The wire sequence number of the `initialize` answer. */
  answerSeq?: number;
  /** The sequence number from which `notifications/initialized` was sent (everything before it was withheld). */
  initializedSeq?: number;
  /**
   * The session, for checks that judge every session of a version. The probe has started closing it (the server
   * may take its grace period to exit) but does not wait for that: whoever ran the probe awaits `session.close()`.
   */
  session: ProbeSession;
  /** Everything on the wire, from the start of the process. */
  wire: WireEvent[];
}

/** Options of {@link probeHandshake}. */
export interface ProbeHandshakeOptions {
  requestTimeoutMs: number;
  startupTimeoutMs: number;
  /**
   * Told, as soon as `initialize` is answered (or has failed), which version the session now speaks (undefined when
   * none): work that only cares about the sessions of other versions need not wait for the rest of the probe.
   */
  onNegotiated?(version: string | undefined): void;
}

/**
 * Runs the handshake probe on a fresh session of `target`; rejects only when the target cannot be started. It resolves
 * once it has seen what it watches for, with the session's close under way (see HandshakeProbe.session).
 */
export async function probeHandshake(target: ConformanceTarget, options: ProbeHandshakeOptions): Promise<HandshakeProbe> {
  const session = await createProbeSession(target.createTransport(), { requestTimeoutMs: options.requestTimeoutMs });
  session.declareClientCapabilities({ ...HANDSHAKE_CAPABILITIES });
  const probe: HandshakeProbe = { proposed: UNKNOWN_PROTOCOL_VERSION, declared: { ...HANDSHAKE_CAPABILITIES }, session, wire: [] };
  try {
    probe.response = await session.request('initialize', initializeParams(UNKNOWN_PROTOCOL_VERSION, session.clientCapabilities), { timeoutMs: options.startupTimeoutMs });
    const answerId = (probe.response as { id?: unknown }).id;
    probe.answerSeq = session.wire.events.findLast((e) => e.kind === 'frame' && e.direction === 'in' && (e.message as { id?: unknown } | undefined)?.id === answerId)?.seq;
    const result = resultOf(probe.response);
    const negotiated = typeof result?.protocolVersion === 'string' && result.protocolVersion !== UNKNOWN_PROTOCOL_VERSION ? result.protocolVersion : undefined;
    options.onNegotiated?.(negotiated);
    if (negotiated !== undefined) {
      // "The client SHOULD NOT send requests other than pings before the server has responded to the initialize
      // request": a ping is allowed at any time, and its answer marks the point by which the server has handled the
      // handshake.
      await session.request('ping', undefined, { timeoutMs: options.requestTimeoutMs }).catch(() => undefined);
      await session.collect(SERVER_WAIT_WINDOW_MS);
      probe.initializedSeq = (session.wire.events.at(-1)?.seq ?? -1) + 1;
      await session.notify('notifications/initialized');
      const deadline = Date.now() + AFTER_INITIALIZED_WINDOW_MS;
      const from = probe.initializedSeq;
      const asked = (): boolean =>
        session.wire.since(from).some((e) => {
          if (e.kind !== 'frame' || e.direction !== 'in' || typeof e.message !== 'object' || e.message === null) return false;
          const m = e.message as { method?: unknown; id?: unknown };
          return typeof m.method === 'string' && m.id !== undefined && m.method !== 'ping';
        });
      while (!asked() && !session.closed && Date.now() < deadline) await session.collect(Math.min(50, deadline - Date.now()));
    }
  } catch (error) {
    options.onNegotiated?.(undefined);
    if (!(error instanceof McpConformError)) {
      await session.close().catch(() => undefined);
      throw error;
    }
    probe.reason = error.message;
  }
  probe.wire = [...session.wire.events];
  // Stopping the server takes up to the target's grace period (a server that ignores the end of its stdin waits it
  // out in full): nothing here needs it gone, so the probe does not wait.
  session.close().catch(() => undefined);
  return probe;
}
