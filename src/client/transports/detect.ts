/**
 * `--transport auto`: which HTTP transport a URL speaks, decided the way the specification's backwards-compatibility
 * section says (POST `initialize` first; fall back to the legacy HTTP+SSE GET only on the statuses the version names),
 * and endpoint discovery for a base URL.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#backwards-compatibility
 */
import {
  ConfigError,
  ErrorCode,
  HttpStatusError,
  LATEST_LEGACY_PROTOCOL_VERSION,
  McpConformError,
  createWireLog,
  eraOf,
  formatMessage,
  isProtocolVersion,
  isVersionInRange,
  type ObservableTransport,
  type WireLog,
} from '../../protocol/index.js';
import { SseClientTransport } from './legacy-sse.js';
import type { FetchLike, HttpRequester } from './http-requester.js';
import { StreamableHttpClientTransport, type SessionExpiredInfo } from './streamable-http.js';

/** The HTTP transports, and `auto`. */
export type HttpTransportChoice = 'auto' | 'streamable-http' | 'sse';

/** The paths tried, in order, when discovering an endpoint under a base URL (as the seeds do). */
export const DISCOVERY_PATHS: readonly string[] = ['/mcp', '/', '/api/mcp', '/v1/mcp', '/sse'];

/** Options shared by detection and discovery. */
export interface DetectOptions {
  /** Headers on every probe (a bearer token). */
  headers?: Record<string, string>;
  fetch?: FetchLike;
  requester?: HttpRequester;
  /** Where probes are recorded. @default a new log */
  wire?: WireLog;
  /** The version the probe `initialize` offers; it decides the fallback statuses. @default LATEST_LEGACY_PROTOCOL_VERSION */
  protocolVersion?: string;
  /** How long the legacy probe waits for the `endpoint` event. @default 5000 */
  endpointTimeoutMs?: number;
}

/** What detection found. */
export interface DetectedTransport {
  kind: 'streamable-http' | 'sse';
  /** `modern` when the server accepted a 2026-07-28 `server/discover`; `legacy` when it needs `initialize`. */
  era: 'modern' | 'legacy';
  url: URL;
  /** One line per probe: what was sent and what came back. */
  evidence: string[];
}

/**
 * Whether a failed POST `initialize` means "try the legacy transport", for the version the client offered.
 * 2025-03-26 and 2025-06-18: "If it fails with an HTTP 4xx status code (e.g., 405 Method Not Allowed or 404 Not
 * Found)". 2025-11-25: "If it fails with the following HTTP status codes: 400 Bad Request, 404 Not Found or 405
 * Method Not Allowed". 2026-07-28 adds: and the body is not a JSON-RPC error from a modern server. 401 and 403 are
 * never a reason: they are about credentials, not transports.
 */
export function isLegacyFallbackStatus(version: string, status: number, body = ''): boolean {
  if (status === 401 || status === 403) return false;
  const known = isProtocolVersion(version) ? version : LATEST_LEGACY_PROTOCOL_VERSION;
  if (!isVersionInRange(known, '2025-11-25')) return status >= 400 && status < 500;
  if (status !== 400 && status !== 404 && status !== 405) return false;
  if (eraOf(known) === 'modern' && isModernErrorBody(status, body)) return false;
  return true;
}

/**
 * Whether a body is "a recognized modern JSON-RPC error (a modern server returns one for unsupported version, unknown
 * method, or header-validation failure)": -32022, -32021, -32020, or -32601 with a 404. A legacy server's generic
 * error (the SDK answers -32000 to a version it does not know) is not one.
 */
function isModernErrorBody(status: number, body: string): boolean {
  try {
    const value = JSON.parse(body) as { jsonrpc?: unknown; error?: { code?: unknown } };
    if (value.jsonrpc !== '2.0' || typeof value.error !== 'object' || value.error === null) return false;
    const code = value.error.code;
    return code === ErrorCode.UnsupportedProtocolVersion || code === ErrorCode.MissingRequiredClientCapability || code === ErrorCode.HeaderMismatch || (status === 404 && code === ErrorCode.MethodNotFound);
  } catch {
    return false;
  }
}

/**
 * Decides which transport `url` speaks: POSTs `initialize` (ending any session it opens with DELETE), and on a
 * fallback status GETs the URL expecting an SSE stream whose first event is `endpoint`.
 * @example
 * const { kind } = await detectHttpTransport('http://127.0.0.1:3001/sse');
 */
export async function detectHttpTransport(url: string | URL, options: DetectOptions = {}): Promise<DetectedTransport> {
  const target = new URL(url);
  const wire = options.wire ?? createWireLog();
  const version = options.protocolVersion ?? LATEST_LEGACY_PROTOCOL_VERSION;
  const evidence: string[] = [];
  const shared = {
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.requester ? { requester: options.requester } : {}),
    wire,
  };
  const modern = isProtocolVersion(version) && eraOf(version) === 'modern';
  const tryPost = async (probeVersion: string): Promise<HttpStatusError | undefined> => {
    const probe = new StreamableHttpClientTransport(target, { ...shared, openGetStream: false, ...(probeVersion === version && modern ? { protocolVersion: version } : {}) });
    await probe.start();
    try {
      await probe.send(probeMessage(probeVersion));
      return undefined;
    } catch (error) {
      if (!(error instanceof HttpStatusError) || !isLegacyFallbackStatus(probeVersion, error.status, error.body)) throw error;
      return error;
    } finally {
      await probe.close();
    }
  };
  let postFailure = await tryPost(version);
  if (!postFailure) {
    evidence.push(`POST ${target.href} accepted the ${modern ? 'server/discover' : 'initialize'} probe: Streamable HTTP`);
    return { kind: 'streamable-http', url: target, era: modern ? 'modern' : 'legacy', evidence };
  }
  if (modern) {
    // "If the body is empty or is not a recognized modern JSON-RPC error, fall back to initialize and continue with
    // the legacy version for subsequent requests."
    evidence.push(`POST ${target.href} answered server/discover with HTTP ${postFailure.status} and no modern JSON-RPC error: trying initialize`);
    const legacyFailure = await tryPost(LATEST_LEGACY_PROTOCOL_VERSION);
    if (!legacyFailure) {
      evidence.push(`POST ${target.href} accepted the initialize probe: Streamable HTTP before 2026-07-28`);
      return { kind: 'streamable-http', url: target, era: 'legacy', evidence };
    }
    postFailure = legacyFailure;
  }
  evidence.push(`POST ${target.href} answered HTTP ${postFailure.status}: trying the legacy HTTP+SSE transport`);
  const legacy = new SseClientTransport(target, { ...shared, endpointTimeoutMs: options.endpointTimeoutMs ?? 5000 });
  try {
    await legacy.start();
    evidence.push(`GET ${target.href} opened an SSE stream that named the endpoint ${legacy.endpoint?.href ?? ''}: legacy HTTP+SSE`);
    return { kind: 'sse', url: target, era: 'legacy', evidence };
  } catch (error) {
    throw new McpConformError(
      'CONNECTION_FAILED',
      formatMessage(
        `detect the transport of ${target.href}`,
        `POST initialize answered HTTP ${postFailure.status}, and the legacy GET failed too (${(error as Error).message})`,
        'Check the URL, or choose the transport with --transport.',
      ),
      { cause: error },
    );
  } finally {
    await legacy.close();
  }
}

function probeMessage(version: string) {
  if (isProtocolVersion(version) && eraOf(version) === 'modern') {
    return {
      jsonrpc: '2.0' as const,
      id: 'mcp-conform-detect',
      method: 'server/discover',
      params: { _meta: { 'io.modelcontextprotocol/protocolVersion': version, 'io.modelcontextprotocol/clientCapabilities': {} } },
    };
  }
  return {
    jsonrpc: '2.0' as const,
    id: 'mcp-conform-detect',
    method: 'initialize',
    params: { protocolVersion: version, capabilities: {}, clientInfo: { name: 'mcp-conform-detect', version: '0' } },
  };
}

/**
 * Finds the MCP endpoint under a base URL: tries the base URL itself, then each of {@link DISCOVERY_PATHS} on its
 * origin, and returns the first that speaks an HTTP transport. Authentication errors stop the search at once.
 */
export async function discoverMcpEndpoint(baseUrl: string | URL, options: DetectOptions & { paths?: readonly string[] } = {}): Promise<DetectedTransport> {
  const base = new URL(baseUrl);
  const candidates = [base.href, ...(options.paths ?? DISCOVERY_PATHS).map((p) => new URL(p, base.origin).href)];
  const tried: string[] = [];
  for (const candidate of [...new Set(candidates)]) {
    try {
      const found = await detectHttpTransport(candidate, options);
      return { ...found, evidence: [...tried, ...found.evidence] };
    } catch (error) {
      if (error instanceof McpConformError && error.code === 'AUTHENTICATION_REQUIRED') throw error;
      tried.push(`${candidate}: ${(error as Error).message}`);
    }
  }
  throw new McpConformError(
    'CONNECTION_FAILED',
    formatMessage(`discover an MCP endpoint under ${base.href}`, `no candidate answered as Streamable HTTP or legacy HTTP+SSE (tried ${tried.length})`, 'Pass the endpoint URL itself.'),
  );
}

/** Options of {@link createHttpClientTransport}. */
export interface CreateHttpClientTransportOptions extends DetectOptions {
  /** @default 'auto' */
  transport?: HttpTransportChoice;
  /** Passed on to the Streamable HTTP transport. */
  onSessionExpired?: (info: SessionExpiredInfo) => void;
}

/**
 * Creates the transport for `--url`: the one asked for, or (with `auto`) the one detection finds. The probes go to
 * the same wire log as the transport, so a report can show why a transport was chosen.
 */
export async function createHttpClientTransport(url: string | URL, options: CreateHttpClientTransportOptions = {}): Promise<ObservableTransport> {
  const choice = options.transport ?? 'auto';
  const wire = options.wire ?? createWireLog();
  const shared = {
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.requester ? { requester: options.requester } : {}),
    wire,
  };
  let kind: 'streamable-http' | 'sse';
  if (choice === 'auto') kind = (await detectHttpTransport(url, { ...options, wire })).kind;
  else if (choice === 'streamable-http' || choice === 'sse') kind = choice;
  else throw new ConfigError(formatMessage('choose the HTTP transport', `"${String(choice)}" is not one of auto, streamable-http, sse`, 'Use --transport auto, streamable-http or sse.'));
  if (kind === 'sse') return new SseClientTransport(url, { ...shared, ...(options.endpointTimeoutMs === undefined ? {} : { endpointTimeoutMs: options.endpointTimeoutMs }) });
  return new StreamableHttpClientTransport(url, { ...shared, ...(options.onSessionExpired ? { onSessionExpired: options.onSessionExpired } : {}) });
}
