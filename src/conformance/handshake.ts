/**
 * The legacy handshake (`initialize` then `notifications/initialized`) and the 2026-07-28 discovery, as the runner
 * and checks perform them on a probe session.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#initialization
 * @see https://modelcontextprotocol.io/specification/2026-07-28/server/discover
 */
import { ProtocolError } from '../protocol/errors.js';
import type { JsonRpcResponse } from '../protocol/jsonrpc.js';
import { eraOf, type ProtocolVersion } from '../protocol/versions.js';
import { HARNESS_CLIENT_INFO, withModernMeta, type ProbeSession } from './probe-session.js';

/**
 * The `initialize` params the harness sends: by default no client capability, so the server may not call back (a
 * check that needs callbacks declares capabilities on its session first).
 */
export function initializeParams(protocolVersion: string, capabilities: Record<string, unknown> = {}): Record<string, unknown> {
  return { protocolVersion, capabilities, clientInfo: HARNESS_CLIENT_INFO };
}

/** Whether a response is a success with an object result. */
export function resultOf(response: JsonRpcResponse): Record<string, unknown> | undefined {
  const r = response as Record<string, unknown>;
  return 'result' in r && typeof r.result === 'object' && r.result !== null && !Array.isArray(r.result)
    ? (r.result as Record<string, unknown>)
    : undefined;
}

/** The error object of an error response. */
export function errorOf(response: JsonRpcResponse): { code: unknown; message: unknown; data?: unknown } | undefined {
  const r = response as Record<string, unknown>;
  return 'error' in r && typeof r.error === 'object' && r.error !== null ? (r.error as { code: unknown; message: unknown }) : undefined;
}

/** Describes a response briefly for messages: `result {…}` or `error -32601 "…"`. */
export function describeResponse(response: JsonRpcResponse): string {
  const error = errorOf(response);
  if (error) return `error ${String(error.code)} ${JSON.stringify(error.message)}`;
  return `result ${truncate(JSON.stringify((response as Record<string, unknown>).result), 200)}`;
}

/** Shortens text for a message. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * Brings a session into `version`: legacy versions send `initialize` and `notifications/initialized` and require the
 * server to answer with the same version; 2026-07-28 needs no handshake (every request carries the version), and the
 * server's capabilities come from `server/discover`. Returns the capabilities and, for legacy versions, the result.
 */
export async function enterVersion(
  session: ProbeSession,
  version: ProtocolVersion,
  timeoutMs?: number,
): Promise<{ capabilities: Record<string, unknown>; initializeResult?: Record<string, unknown> }> {
  if (eraOf(version) === 'modern') {
    session.setVersion(version);
    const response = await session.request('server/discover', withModernMeta(version, {}, session.clientCapabilities), { omitModernMeta: true, ...(timeoutMs ? { timeoutMs } : {}) });
    const result = resultOf(response);
    if (!result) throw new ProtocolError(`the server answered server/discover in ${version} with ${describeResponse(response)}`);
    return { capabilities: objectOr(result.capabilities) };
  }
  const response = await session.request('initialize', initializeParams(version, session.clientCapabilities), timeoutMs ? { timeoutMs } : {});
  const result = resultOf(response);
  if (!result) throw new ProtocolError(`the server answered initialize(${version}) with ${describeResponse(response)}`);
  if (result.protocolVersion !== version) {
    throw new ProtocolError(
      `the server answered initialize(${version}) with protocolVersion ${JSON.stringify(result.protocolVersion)}, though it accepted ${version} before`,
    );
  }
  session.setVersion(version);
  await session.notify('notifications/initialized');
  return { capabilities: objectOr(result.capabilities), initializeResult: result };
}

function objectOr(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
