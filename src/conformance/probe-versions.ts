/**
 * Which protocol versions a server speaks: `initialize` with each legacy version in a fresh session (the server must
 * echo a version it supports), and `server/discover` for 2026-07-28 (its `supportedVersions`).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#version-negotiation
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/versioning
 */
import { ConfigError, McpConformError, formatMessage } from '../protocol/errors.js';
import { eraOf, type ProtocolVersion } from '../protocol/versions.js';
import { describeResponse, initializeParams, resultOf } from './handshake.js';
import { createProbeSession, withModernMeta, type ProbeSession } from './probe-session.js';
import type { JsonRpcResponse } from '../protocol/jsonrpc.js';
import type { WireEvent } from '../protocol/wire.js';
import { probeUnits } from './server-plan.js';
import type { ConformanceTarget } from './target.js';

/** What one probe found. */
export interface VersionProbe {
  version: ProtocolVersion;
  /** `accepted`: the server speaks it; `refused`: it answered with another version or an error; `broken`: it hung or died. */
  outcome: 'accepted' | 'refused' | 'broken';
  /** Why it was refused or broken, in words. */
  reason?: string;
  /** The capabilities declared in that version. */
  capabilities?: Record<string, unknown>;
  serverInfo?: { name?: string; version?: string };
  /** The server's answer, as received (absent when it never answered). */
  response?: JsonRpcResponse;
  /** The probe's wire, for evidence. */
  wire: WireEvent[];
  /** The session, kept open and entered into the version (legacy: `notifications/initialized` sent) when asked. */
  session?: ProbeSession;
  /**
   * When the probe sent a `ping` just before its `initialize` (see ProbeVersionsOptions.pingFirst): the answer, or
   * undefined when none had come PING_BEFORE_INITIALIZE_GRACE_MS after the initialize answer.
   */
  pingBeforeInitialize?: { response?: JsonRpcResponse };
}

/**
 * How long a probe that sent `ping` before `initialize` waits for the ping's answer once `initialize` is answered.
 * @default 1_000
 */
export const PING_BEFORE_INITIALIZE_GRACE_MS = 1_000;

/**
 * How long the first request of a session (initialize, server/discover) may take, start-up included: a server that
 * loads many modules on a busy CI machine can take seconds, and a false timeout would be a false failure.
 * @default 30_000
 */
export const DEFAULT_STARTUP_TIMEOUT_MS = 30_000;

/** Options of {@link probeVersions}. */
export interface ProbeVersionsOptions {
  /** @default DEFAULT_STARTUP_TIMEOUT_MS */
  startupTimeoutMs?: number;
  requestTimeoutMs: number;
  concurrency: number;
  /** Keep the sessions of accepted versions open (for checks that share a session). */
  keepSessions?: boolean;
  /**
   * A legacy version whose probe sends `ping` right before `initialize` in its fresh session, so that
   * lifecycle/ping-before-initialize needs no server start of its own ("The client SHOULD NOT send requests other
   * than pings before the server has responded to the initialize request"). Ignored for a session handed over by
   * the 2026-07-28 probe. A session whose ping got no answer is not kept (a late answer would look like a stray one).
   */
  pingFirst?: ProtocolVersion;
}

/**
 * Probes each version, at most `concurrency` sessions at once. Each legacy version gets its own session, except one:
 * the 2026-07-28 probe, when the server refuses it, hands its process to a legacy version, as the 2026-07-28 stdio
 * transport tells clients to do: "the client SHOULD probe with server/discover" and fall back to `initialize` on the
 * same process, and "The fallback MUST NOT be keyed to one specific error code" (any refusal falls back). One server
 * start fewer. A `server/discover` that got no answer (the process may be stuck or gone) hands nothing on: that
 * legacy version is probed in a fresh session.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/transports#backward-compatibility
 */
export async function probeVersions(
  target: ConformanceTarget,
  versions: readonly ProtocolVersion[],
  options: ProbeVersionsOptions,
): Promise<VersionProbe[]> {
  const results: VersionProbe[] = [];
  const queue = probeUnits(target.kind, versions);
  const worker = async (): Promise<void> => {
    for (let unit = queue.shift(); unit !== undefined; unit = queue.shift()) {
      const [first, fallback] = unit;
      // A handed-over process is always taken by the fallback probe, which keeps or closes it.
      const { handOver, ...probe } = await probeOne(target, first!, options, fallback !== undefined);
      results.push(probe);
      if (fallback !== undefined) results.push(await probeOne(target, fallback, { ...options, pingFirst: undefined }, false, handOver));
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(options.concurrency, queue.length)) }, worker));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) {
    // Nothing will run: close what the probes that did succeed kept open, so that no server is left behind.
    await Promise.all(results.map((r) => r.session?.close().catch(() => undefined)));
    throw failure.reason;
  }
  return versions.map((v) => results.find((r) => r.version === v)!);
}

async function probeOne(
  target: ConformanceTarget,
  version: ProtocolVersion,
  options: ProbeVersionsOptions,
  handOverOnRefusal: boolean,
  reuse?: ProbeSession,
): Promise<VersionProbe & { handOver?: ProbeSession }> {
  let session: ProbeSession;
  if (reuse) session = reuse;
  else {
    try {
      session = await createProbeSession(target.createTransport(), { requestTimeoutMs: options.requestTimeoutMs });
    } catch (error) {
      // The target cannot even be started (a command that does not exist, a refused connection): nothing can run.
      throw new ConfigError(
        formatMessage(`start the server (${target.description.command ?? target.description.url ?? target.kind})`, (error as Error).message, 'Check the command line or URL.'),
        { cause: error },
      );
    }
  }
  const timeoutMs = options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS;
  let keep = false;
  const done = (probe: Omit<VersionProbe, 'version' | 'wire'>): VersionProbe => ({ version, ...probe, wire: [...session.wire.events] });
  try {
    if (eraOf(version) === 'modern') {
      // Every 2026-07-28 request carries its version (HTTP also as the MCP-Protocol-Version header).
      session.setVersion(version);
      const response = await session.request('server/discover', withModernMeta(version), { omitModernMeta: true, timeoutMs });
      const result = resultOf(response);
      const supported = Array.isArray(result?.supportedVersions) ? (result.supportedVersions as unknown[]) : undefined;
      if (!result || !supported?.includes(version)) {
        const refused = done({ outcome: 'refused', reason: `server/discover answered ${describeResponse(response)}`, response });
        if (!handOverOnRefusal || session.closed) return refused;
        // The server answered, so it is up: the legacy probe that falls back on this process starts from here.
        keep = true;
        return { ...refused, handOver: session };
      }
      const info = (result._meta as Record<string, unknown> | undefined)?.['io.modelcontextprotocol/serverInfo'] as
        | { name?: string; version?: string }
        | undefined;
      keep = options.keepSessions === true;
      return done({ outcome: 'accepted', capabilities: objectOr(result.capabilities), serverInfo: info, response, ...(keep ? { session } : {}) });
    }
    // On a process handed over by the 2026-07-28 probe, the session still speaks that version: initialize carries none
    // of its per-request _meta.
    if (reuse) session.setVersion(version);
    // The ping leaves first; its answer is awaited only once initialize is answered, and then only for a grace period.
    const ping = !reuse && options.pingFirst === version ? session.request('ping', undefined, { timeoutMs }).catch(() => undefined) : undefined;
    const response = await session.request('initialize', initializeParams(version), { timeoutMs });
    let pingBeforeInitialize: VersionProbe['pingBeforeInitialize'];
    if (ping) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const answer = await Promise.race([ping, new Promise<undefined>((resolve) => void (timer = setTimeout(() => resolve(undefined), PING_BEFORE_INITIALIZE_GRACE_MS)))]);
      clearTimeout(timer);
      pingBeforeInitialize = answer ? { response: answer } : {};
    }
    const pinged = pingBeforeInitialize ? { pingBeforeInitialize } : {};
    const result = resultOf(response);
    if (!result) return done({ outcome: 'refused', reason: `initialize answered ${describeResponse(response)}`, response, ...pinged });
    if (result.protocolVersion !== version) {
      return done({ outcome: 'refused', reason: `initialize answered protocolVersion ${JSON.stringify(result.protocolVersion)}`, response, ...pinged });
    }
    const info = result.serverInfo as { name?: string; version?: string } | undefined;
    if (options.keepSessions && (!pingBeforeInitialize || pingBeforeInitialize.response)) {
      session.setVersion(version);
      await session.notify('notifications/initialized');
      keep = true;
    }
    return done({ outcome: 'accepted', capabilities: objectOr(result.capabilities), serverInfo: info, response, ...pinged, ...(keep ? { session } : {}) });
  } catch (error) {
    if (error instanceof McpConformError) return done({ outcome: 'broken', reason: error.message });
    throw error;
  } finally {
    if (!keep) await session.close().catch(() => undefined);
  }
}

function objectOr(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
