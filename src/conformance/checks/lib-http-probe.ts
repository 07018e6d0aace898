/**
 * Raw HTTP probes for transport checks: requests the harness's transports would never send (no session id, a bad
 * `Origin`, a GET with `Last-Event-ID`, a DELETE), sent with `node:http` and recorded on the session's wire log as
 * WireEvents, so that what the server answered is the evidence of the check's verdict.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#streamable-http
 */
import type http from 'node:http';
import type { JsonRpcMessage, RequestId } from '../../protocol/jsonrpc.js';
import { createSseDecoder, type SseEvent } from '../../protocol/sse.js';
import { eraOf, supports, type ProtocolVersion } from '../../protocol/versions.js';
import { parseFrame, redactHeaders, REDACTED, type TransportKind, type WireEvent, type WireLog } from '../../protocol/wire.js';
import { withModernMeta, type ProbeSession } from '../probe-session.js';
import type { HttpTargetFacts } from '../target.js';

/** How long a probe waits for a response head and, for SSE, for the event it waits for. @default 3_000 */
export const HTTP_PROBE_TIMEOUT_MS = 3_000;
/** The most body text a probe keeps. @default 64 KiB */
export const HTTP_PROBE_MAX_BODY_CHARS = 64 * 1024;

/** Where and how the harness reaches an HTTP target, as its session's wire log shows it. */
export interface HttpEndpoint {
  /** The MCP endpoint (Streamable HTTP) or the SSE stream URL (legacy HTTP+SSE). */
  url: URL;
  /** The headers the user passed (e.g. `--header`), except secret ones, which the wire log redacted. */
  headers: Record<string, string>;
  /** Names of headers the user passed whose values the harness cannot replay (redacted). */
  redacted: string[];
  /** The `Mcp-Session-Id` the server issued on `initialize`, if any. */
  sessionId?: string;
}

/** Header names the transports set themselves (a probe sets its own). */
const PROTOCOL_HEADERS = new Set(['mcp-session-id', 'mcp-protocol-version', 'content-type', 'accept', 'last-event-id', 'mcp-method', 'mcp-name', 'content-length']);

/**
 * Reads the endpoint of a session's HTTP transport from its wire log: the first request's URL and headers, and the
 * session id the server issued. Undefined when the session has sent no HTTP request yet.
 */
export function httpEndpointOf(session: ProbeSession): HttpEndpoint | undefined {
  const events = session.wire.events;
  const first = events.find((e) => e.kind === 'http' && e.direction === 'out' && e.url !== undefined);
  const open = events.find((e) => e.kind === 'lifecycle' && e.event === 'open' && e.detail?.startsWith('http'));
  const href = first?.kind === 'http' ? first.url : open?.kind === 'lifecycle' ? open.detail : undefined;
  if (href === undefined) return undefined;
  const headers: Record<string, string> = {};
  const redacted: string[] = [];
  if (first?.kind === 'http') {
    for (const [name, value] of Object.entries(first.headers)) {
      if (PROTOCOL_HEADERS.has(name)) continue;
      if (value === REDACTED) redacted.push(name);
      else headers[name] = value;
    }
  }
  const issued = events.find((e) => e.kind === 'http' && e.direction === 'in' && e.headers['mcp-session-id'] !== undefined);
  return {
    url: new URL(href),
    headers,
    redacted,
    ...(issued?.kind === 'http' ? { sessionId: issued.headers['mcp-session-id']! } : {}),
  };
}

/** One raw request. */
export interface HttpProbeRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

/** Options of {@link httpProbe}. */
export interface HttpProbeOptions {
  /** The wire log the exchange is recorded on (the check's session's, so it becomes evidence). */
  wire: WireLog;
  transport: TransportKind;
  /** @default HTTP_PROBE_TIMEOUT_MS */
  timeoutMs?: number;
  /** For an SSE answer: stop reading once a response with this id arrived (after `afterResponseMs`). */
  untilResponseId?: RequestId;
  /** For an SSE answer to a batch: stop reading once a response to each of these ids arrived. */
  untilResponseIds?: readonly RequestId[];
  /** After the awaited response, keep reading this long to see whether the server ends the stream. @default 0 */
  afterResponseMs?: number;
  /** For an SSE answer without `untilResponseId`: stop after this many events. */
  maxEvents?: number;
  /** For an SSE answer: stop once an event of this type arrived. */
  untilEventType?: string;
  /** Aborts the probe (the check's signal). */
  signal?: AbortSignal;
}

/** How an SSE body ended. `server`: the server ended it; `stopped`: the probe had what it waited for. */
export type SseEnd = 'server' | 'stopped' | 'timeout' | 'broken';

/** What a probe saw. */
export interface HttpProbeResult {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** The media type of `Content-Type`, lower-cased, without parameters ('' when absent). */
  mediaType: string;
  /** The body as text (non-SSE answers). */
  body: string;
  /** The parsed JSON body (application/json answers), or undefined. */
  json?: unknown;
  /** SSE answers: the events, every `id:` and `retry:` field in order, and how the stream ended. */
  sse?: { events: SseEvent[]; ids: string[]; retries: number[]; ended: SseEnd; responseSeen: boolean };
  /** The wire events this probe recorded (its evidence). */
  evidence: WireEvent[];
}

let nextExchange = 1_000_000;

/**
 * Sends one raw HTTP request and reads its answer: a JSON or text body whole, an SSE body event by event until the
 * awaited response (or `maxEvents`, the end, or the time limit). Never throws for an HTTP status; rejects only
 * when no response head arrived (connection refused, reset, time limit).
 */
export async function httpProbe(request: HttpProbeRequest, options: HttpProbeOptions): Promise<HttpProbeResult> {
  const exchange = nextExchange++;
  const evidence: WireEvent[] = [];
  const record = (event: Parameters<WireLog['record']>[0]): void => void evidence.push(options.wire.record(event));
  const timeoutMs = options.timeoutMs ?? HTTP_PROBE_TIMEOUT_MS;
  record({ kind: 'http', transport: options.transport, direction: 'out', exchange, method: request.method, url: request.url.href, headers: redactHeaders(request.headers) });
  if (request.body !== undefined) record({ kind: 'frame', transport: options.transport, direction: 'out', raw: request.body, ...parseFrame(request.body), meta: { exchange, outOfSession: true } });

  const headers: Record<string, string | number> = { ...request.headers };
  if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
  // Loaded on first use: importing node:http loads Node's undici (~50 ms), which a stdio run never needs.
  const client = request.url.protocol === 'https:' ? (await import('node:https')).default : (await import('node:http')).default;
  const req = client.request(request.url, { method: request.method, headers, agent: false });
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const timer = setTimeout(() => req.destroy(new Error(`no response head within ${timeoutMs} ms`)), timeoutMs);
    const onAbort = (): void => void req.destroy(new Error('the check was cut off'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    req.once('response', (res) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(res);
    });
    req.once('error', (error) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      record({ kind: 'lifecycle', transport: options.transport, event: 'error', detail: `${request.method} ${request.url.href}: ${error.message}` });
      reject(error);
    });
    req.end(request.body);
  });
  const responseHeaders = redactHeaders(response.headers as Record<string, string | string[] | undefined>);
  const mediaType = (responseHeaders['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const status = response.statusCode ?? 0;

  if (mediaType === 'text/event-stream' && status >= 200 && status < 300) {
    record({ kind: 'http', transport: options.transport, direction: 'in', exchange, status, headers: responseHeaders });
    const sse = await readSse(response, options, exchange, record, timeoutMs);
    return { status, headers: responseHeaders, mediaType, body: '', sse, evidence };
  }
  const body = await readText(response, timeoutMs);
  record({ kind: 'http', transport: options.transport, direction: 'in', exchange, status, headers: responseHeaders, ...(body ? { body: body.slice(0, 2048) } : {}) });
  let json: unknown;
  if (mediaType === 'application/json' && body.trim() !== '') {
    const parsed = parseFrame(body);
    record({ kind: 'frame', transport: options.transport, direction: 'in', raw: body, ...parsed, meta: { exchange, outOfSession: true } });
    json = parsed.message;
  }
  return { status, headers: responseHeaders, mediaType, body, ...(json === undefined ? {} : { json }), evidence };
}

async function readText(response: http.IncomingMessage, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const done = (): void => {
      clearTimeout(timer);
      response.destroy();
      resolve(text);
    };
    const timer = setTimeout(done, timeoutMs);
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      if (text.length < HTTP_PROBE_MAX_BODY_CHARS) text += chunk;
    });
    response.once('end', done);
    response.once('error', done);
    response.once('close', done);
  });
}

async function readSse(
  response: http.IncomingMessage,
  options: HttpProbeOptions,
  exchange: number,
  record: (event: Parameters<WireLog['record']>[0]) => void,
  timeoutMs: number,
): Promise<NonNullable<HttpProbeResult['sse']>> {
  const events: SseEvent[] = [];
  const ids: string[] = [];
  const retries: number[] = [];
  let responseSeen = false;
  return new Promise((resolve) => {
    let finished = false;
    const finish = (ended: SseEnd): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      if (afterTimer) clearTimeout(afterTimer);
      options.signal?.removeEventListener('abort', onAbort);
      response.destroy();
      record({ kind: 'lifecycle', transport: options.transport, event: 'stream-close', code: exchange, detail: ended === 'server' ? 'ended by the server' : ended === 'stopped' ? 'closed by the harness' : ended });
      resolve({ events, ids, retries, ended, responseSeen });
    };
    const onAbort = (): void => finish('stopped');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    let afterTimer: ReturnType<typeof setTimeout> | undefined;
    const decoder = createSseDecoder({
      onId: (id) => void ids.push(id),
      onRetry: (ms) => void retries.push(ms),
      onEvent: (event) => {
        events.push(event);
        if (event.data === '') {
          record({ kind: 'lifecycle', transport: options.transport, event: 'stream-open', code: exchange, detail: `priming event${event.id === undefined ? '' : ` id ${event.id}`}` });
        } else {
          record({ kind: 'frame', transport: options.transport, direction: 'in', raw: event.data, ...parseFrame(event.data), meta: { exchange, outOfSession: true, ...(event.id === undefined ? {} : { sseEventId: event.id }), sseEventType: event.event } });
        }
        if (options.untilResponseId !== undefined && !responseSeen && messagesIn(event.data).some((m) => isResponseTo(m, options.untilResponseId!))) {
          responseSeen = true;
          const after = options.afterResponseMs ?? 0;
          if (after <= 0) finish('stopped');
          else afterTimer = setTimeout(() => finish('stopped'), after);
        }
        if (options.untilResponseIds !== undefined) {
          const answered = events.flatMap((e) => messagesIn(e.data));
          if (options.untilResponseIds.every((id) => answered.some((m) => isResponseTo(m, id)))) finish('stopped');
        }
        if (options.untilResponseId === undefined && options.maxEvents !== undefined && events.length >= options.maxEvents) finish('stopped');
        if (options.untilEventType !== undefined && event.event === options.untilEventType) finish('stopped');
      },
    });
    response.on('data', (chunk: Buffer) => decoder.push(new Uint8Array(chunk)));
    response.once('end', () => {
      decoder.end();
      finish('server');
    });
    response.once('error', () => finish('broken'));
    response.once('close', () => finish(response.complete ? 'server' : 'broken'));
  });
}

/** The JSON-RPC messages in a text (one message or a batch); nothing when it is not JSON. */
export function messagesIn(text: string): JsonRpcMessage[] {
  const { message } = parseFrame(text);
  return messagesOfValue(message);
}

/** The JSON-RPC message objects in a parsed value (one or a batch). */
export function messagesOfValue(value: unknown): JsonRpcMessage[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((m): m is JsonRpcMessage => typeof m === 'object' && m !== null && !Array.isArray(m));
}

/** Whether a message is a response (result or error) to `id`. */
export function isResponseTo(message: JsonRpcMessage, id: RequestId): boolean {
  const m = message as Record<string, unknown>;
  return !('method' in m) && m.id === id && ('result' in m || 'error' in m);
}

/** Whether a message is a response of any id. */
export function isResponse(message: JsonRpcMessage): boolean {
  const m = message as Record<string, unknown>;
  return !('method' in m) && ('result' in m || 'error' in m);
}

/** Every JSON-RPC message a probe received (the JSON body, or every SSE event's data). */
export function probeMessages(result: HttpProbeResult): JsonRpcMessage[] {
  if (result.sse) return result.sse.events.flatMap((e) => (e.data === '' ? [] : messagesIn(e.data)));
  return messagesOfValue(result.json);
}

/** The response to `id` among what a probe received. */
export function probeResponse(result: HttpProbeResult, id: RequestId): JsonRpcMessage | undefined {
  return probeMessages(result).find((m) => isResponseTo(m, id));
}

/** The JSON-RPC error code of a probe's answer (the JSON body, or the first error among SSE events). */
export function probeErrorCode(result: HttpProbeResult): number | undefined {
  for (const m of probeMessages(result)) {
    const error = (m as { error?: { code?: unknown } }).error;
    if (error && typeof error.code === 'number') return error.code;
  }
  return undefined;
}

/**
 * A harmless request in `version`: `ping` where the version has it, else `server/discover` (2026-07-28), with the
 * per-request `_meta` a modern request carries.
 */
export function harmlessRequest(version: ProtocolVersion, id: RequestId): { method: string; message: Record<string, unknown> } {
  if (supports(version, 'ping')) return { method: 'ping', message: { jsonrpc: '2.0', id, method: 'ping' } };
  return { method: 'server/discover', message: { jsonrpc: '2.0', id, method: 'server/discover', params: withModernMeta(version) } };
}

/** Options of {@link postHeaders}. */
export interface PostHeaderOptions {
  /** Send this session id (undefined: the endpoint's own, when it has one; null: none). */
  sessionId?: string | null;
  /** Send this `MCP-Protocol-Version` (undefined: the version's own, when the version has the header; null: none). */
  protocolVersion?: string | null;
  /** The 2026-07-28 `Mcp-Method` (undefined: the body's method; null: none). */
  mcpMethod?: string | null;
  /** The 2026-07-28 `Mcp-Name`. */
  mcpName?: string;
  extra?: Record<string, string>;
}

/** The headers of a well-formed POST in `version`, with the parts a check wants to break replaced. */
export function postHeaders(endpoint: HttpEndpoint, version: ProtocolVersion, body: Record<string, unknown> | undefined, options: PostHeaderOptions = {}): Record<string, string> {
  const headers: Record<string, string> = { ...endpoint.headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  const sessionId = options.sessionId === undefined ? (eraOf(version) === 'legacy' ? endpoint.sessionId : undefined) : options.sessionId ?? undefined;
  if (sessionId !== undefined) headers['mcp-session-id'] = sessionId;
  const protocolVersion = options.protocolVersion === undefined ? (supports(version, 'protocolVersionHeader') ? version : undefined) : options.protocolVersion ?? undefined;
  if (protocolVersion !== undefined) headers['mcp-protocol-version'] = protocolVersion;
  if (supports(version, 'methodHeaders')) {
    const method = options.mcpMethod === undefined ? (typeof body?.method === 'string' ? body.method : undefined) : options.mcpMethod ?? undefined;
    if (method !== undefined) headers['mcp-method'] = method;
    if (options.mcpName !== undefined) headers['mcp-name'] = options.mcpName;
  }
  return { ...headers, ...options.extra };
}

/** Describes a probe's answer for a message: `HTTP 400 (application/json) error -32000 "…"`. */
export function describeProbe(result: HttpProbeResult): string {
  const type = result.mediaType ? ` (${result.mediaType})` : '';
  const error = probeMessages(result).map((m) => (m as { error?: { code?: unknown; message?: unknown } }).error).find((e) => e !== undefined);
  // A JSON body that is not an error is a normal answer: its content says nothing about the status.
  const text = result.mediaType === 'application/json' || !result.body ? '' : ` ${JSON.stringify(result.body.slice(0, 80))}`;
  const detail = error ? ` error ${String(error.code)} ${JSON.stringify(error.message)}` : text;
  return `HTTP ${result.status}${type}${detail}`;
}

/** Skips the check when the target needs credentials the harness cannot replay (they were redacted). */
export function requireReplayableHeaders(endpoint: HttpEndpoint, skip: (reason: string) => never): void {
  if (endpoint.redacted.length > 0) {
    skip(`the target needs the secret header${endpoint.redacted.length > 1 ? 's' : ''} ${endpoint.redacted.join(', ')}, which raw probes cannot replay (the wire log redacts them)`);
  }
}

/**
 * The HTTP endpoint of a check's session: from the target's real facts when the runner gave them (secret headers
 * included), else read back from the wire log (then a target whose secret headers were redacted is skipped); a
 * session that sent nothing over HTTP is a harness bug (errored).
 */
export function endpointOf(session: ProbeSession, skip: (reason: string) => never, facts?: HttpTargetFacts): HttpEndpoint {
  const logged = httpEndpointOf(session);
  if (facts) {
    // The target's real facts (CheckContext.http): secret headers included, which the wire log cannot give back.
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(facts.headers)) if (!PROTOCOL_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
    return { url: logged?.url ?? new URL(facts.url), headers, redacted: [], ...(logged?.sessionId === undefined ? {} : { sessionId: logged.sessionId }) };
  }
  if (!logged) throw new Error('the session has no HTTP endpoint in its wire log (is the target an HTTP target?)');
  requireReplayableHeaders(logged, skip);
  return logged;
}

/** The first HTTP response head recorded for the first outgoing frame that matches `predicate`. */
export function responseHeadFor(
  events: readonly WireEvent[],
  predicate: (message: Record<string, unknown>) => boolean,
): { request: WireEvent; response: Extract<WireEvent, { kind: 'http' }> | undefined } | undefined {
  const frame = events.find(
    (e) => e.kind === 'frame' && e.direction === 'out' && typeof e.message === 'object' && e.message !== null && !Array.isArray(e.message) && predicate(e.message as Record<string, unknown>),
  );
  if (frame?.kind !== 'frame' || frame.meta?.exchange === undefined) return undefined;
  const exchange = frame.meta.exchange;
  const response = events.find((e): e is Extract<WireEvent, { kind: 'http' }> => e.kind === 'http' && e.direction === 'in' && e.exchange === exchange);
  return { request: frame, response };
}
