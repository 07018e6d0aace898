/**
 * A web-standard `fetch(request) → Response` handler that serves a mock over Streamable HTTP (2025-03-26 …
 * 2026-07-28) and the legacy HTTP+SSE transport (2024-11-05). MSW handlers, the node:http listener and an
 * injected `fetch` are thin wrappers around it.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#streamable-http
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/transports#streamable-http
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode, classifyMessage, type JsonRpcRequest } from '../protocol/jsonrpc.js';
import { DEFAULT_NEGOTIATED_PROTOCOL_VERSION, eraOf, isProtocolVersion, supports, type ProtocolVersion } from '../protocol/versions.js';
import type { MockServer, MockServerInternals } from './define-mock-server.js';
import { speaksLegacy, speaksModern } from './define-mock-server.js';
import { META, type MockSession } from './mock-session.js';
import { isObject } from './results.js';
import { createSseStream, SSE_HEADERS, type SseStream } from './sse-stream.js';
import { headerMismatchReason } from './modern-headers.js';
import type { ChannelEvent, JsonObject, MockChannel } from './types.js';

/** How a POST's answer is sent. */
export type ResponseMode = 'json' | 'sse';

/** Options of {@link createMockHttpHandler}. */
export interface MockHttpHandlerOptions {
  /** The Streamable HTTP endpoint's path. @default '/mcp' */
  path?: string;
  /** The legacy HTTP+SSE transport's GET path and POST path; `false` turns it off. @default { sse: '/sse', messages: '/messages' } */
  legacySse?: { sse: string; messages: string } | false;
  /** JSON or SSE answers, for the whole server or per request. @default 'sse' */
  responseMode?: ResponseMode | ((request: JsonRpcRequest) => ResponseMode);
  /** Mint `Mcp-Session-Id` on `initialize` and require it afterwards. @default true */
  sessions?: boolean;
  /** Origins accepted in the `Origin` header (a request without one is accepted); `'*'` accepts any. @default loopback origins */
  allowedOrigins?: readonly string[] | '*';
  /** Host names accepted in the `Host` header (DNS-rebinding protection); `'*'` accepts any. @default loopback names */
  allowedHosts?: readonly string[] | '*';
  /** Give SSE events ids and keep them, so a client can resume with `Last-Event-ID`. @default true */
  resumability?: boolean;
  /** The `retry` (ms) of the 2025-11-25 priming event. @default 1000 */
  retryMs?: number;
  /** Write an SSE comment on open streams at this interval (0: never). @default 15000 */
  keepAliveMs?: number;
  /** Called when a `crash` fault fires (the node listener closes its sockets). */
  onCrash?: () => void;
  /**
   * 2026-07-28: decode Base64-sentinel `Mcp-Name` / `Mcp-Param-*` values before comparing them with the body, as
   * servers MUST; `false` compares them raw (a non-compliant server on purpose). @default true
   */
  decodeBase64HeaderValues?: boolean;
}

/** A Streamable HTTP (and legacy SSE) mock endpoint. */
export interface MockHttpHandler {
  fetch(request: Request): Promise<Response>;
  readonly server: MockServer;
  /** The live HTTP sessions, by id. */
  readonly sessionIds: readonly string[];
  /** Ends every session and closes every open stream. */
  close(): Promise<void>;
}

/** The loopback host names accepted by default. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]', '::1'];

const streaming = new WeakSet<Response>();

/**
 * What the handler reads of a request. A web `Request` is one; the node listener passes a cheaper one (no web
 * `Headers`, no body stream, a signal made only when read), since building a `Request` cost more than answering it.
 */
export interface MockHttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  readonly signal: { addEventListener(type: 'abort', listener: () => void): void };
  text(): Promise<string>;
}

/** A buffered answer the node listener writes as is; `fetch` turns it into the same `Response`. */
export interface MockHttpRawResponse {
  readonly raw: true;
  readonly status: number;
  /** Header names in lower case, in the order a `Headers` iterates them (sorted). */
  readonly headers: Record<string, string>;
  readonly body: string | null;
}

const internals = new WeakMap<MockHttpHandler, (request: MockHttpRequest, url: URL) => Promise<Response | MockHttpRawResponse>>();

/**
 * Serves one request without building web `Request` / `Response` objects where it need not: what the node listener
 * uses. The answer is either a `Response` or a {@link MockHttpRawResponse} with the same status, headers and body.
 */
export function handleMockHttpRequest(handler: MockHttpHandler, request: MockHttpRequest, url: URL): Promise<Response | MockHttpRawResponse> {
  const handle = internals.get(handler);
  if (!handle) return handler.fetch(request as Request);
  return handle(request, url);
}

function rawResponse(status: number, headers: Record<string, string>, body: string | null): MockHttpRawResponse {
  return { raw: true, status, headers, body };
}

function isRawResponse(response: Response | MockHttpRawResponse): response is MockHttpRawResponse {
  return (response as MockHttpRawResponse).raw === true;
}

/** The `Response` a raw answer stands for. */
function toResponse(response: Response | MockHttpRawResponse): Response {
  return isRawResponse(response) ? new Response(response.body, { status: response.status, headers: response.headers }) : response;
}

/** Marks a response whose body is written over time (SSE, a slow drip): adapters must not buffer it. */
function streamed(response: Response): Response {
  streaming.add(response);
  return response;
}

/** Whether a response from the handler is written over time (an adapter must stream it, not buffer it). */
export function isStreamingResponse(response: Response): boolean {
  return streaming.has(response);
}

/** The JSON-RPC code of transport-level refusals (400, 405, 406, …), as the SDK's servers use it. */
const HTTP_BAD_REQUEST_CODE = -32000;
/** The JSON-RPC code of a 404 for an unknown or expired session. */
const SESSION_NOT_FOUND_CODE = -32001;

/** An HTTP session: its engine session, its GET stream (and that stream's stored events), its open streams. */
interface SessionEntry {
  session: MockSession;
  standalone: SseStream | undefined;
  standaloneStored?: StoredStream;
  streams: Set<SseStream>;
}

/** How many events a stream keeps for resumption. */
const MAX_STORED_EVENTS = 1000;

/** One SSE stream whose events are kept for resumption. */
interface StoredStream {
  id: string;
  sessionId: string;
  events: Array<{ id: string; data: string }>;
  seq: number;
  live: SseStream | undefined;
  /** The request is answered: nothing more will come. */
  done: boolean;
}

/**
 * Creates the handler.
 * @example
 * const handler = createMockHttpHandler(server, { responseMode: 'json' });
 * const response = await handler.fetch(new Request('http://localhost/mcp', { method: 'POST', … }));
 */
export function createMockHttpHandler(mock: MockServer, options: MockHttpHandlerOptions = {}): MockHttpHandler {
  const server = mock as MockServerInternals;
  const path = options.path ?? '/mcp';
  const legacy = options.legacySse === undefined ? { sse: '/sse', messages: '/messages' } : options.legacySse;
  const useSessions = options.sessions ?? true;
  const resumability = options.resumability ?? true;
  const retryMs = options.retryMs ?? 1000;
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  const sessions = new Map<string, SessionEntry>();
  const legacySessions = new Map<string, { session: MockSession; stream: SseStream }>();
  const stored = new Map<string, StoredStream>();
  const openStreams = new Set<SseStream>();

  const modeFor = (request: JsonRpcRequest): ResponseMode =>
    typeof options.responseMode === 'function' ? options.responseMode(request) : (options.responseMode ?? 'sse');

  const crash = () => {
    for (const stream of openStreams) stream.error(new Error('mock server crashed'));
    openStreams.clear();
    for (const { session } of sessions.values()) session.close();
    sessions.clear();
    for (const { session } of legacySessions.values()) session.close();
    legacySessions.clear();
    options.onCrash?.();
  };

  const track = (stream: SseStream) => {
    openStreams.add(stream);
    return stream;
  };

  const handler: MockHttpHandler = {
    server: mock,
    get sessionIds() {
      return [...sessions.keys()];
    },
    async fetch(request) {
      return toResponse(await handle(request, new URL(request.url)));
    },
    async close() {
      for (const stream of openStreams) await stream.close();
      openStreams.clear();
      for (const { session } of sessions.values()) session.close();
      for (const { session } of legacySessions.values()) session.close();
      sessions.clear();
      legacySessions.clear();
      stored.clear();
    },
  };
  internals.set(handler, handle);
  mock.onClose(() => handler.close());
  return handler;

  async function handle(request: MockHttpRequest, url: URL): Promise<Response | MockHttpRawResponse> {
    const guard = checkOriginAndHost(request, url, options);
    if (guard) return guard;
    if (legacy && url.pathname === legacy.sse) return request.method === 'GET' ? openLegacyStream(url) : methodNotAllowed('GET');
    if (legacy && url.pathname === legacy.messages) return request.method === 'POST' ? postLegacyMessage(request, url) : methodNotAllowed('POST');
    if (url.pathname !== path) return new Response('Not Found', { status: 404 });
    switch (request.method) {
      case 'POST':
        return post(request);
      case 'GET':
        return get(request);
      case 'DELETE':
        return remove(request);
      default:
        return methodNotAllowed(speaksLegacy(mock) ? 'GET, POST, DELETE' : 'POST');
    }
  }

  async function post(request: MockHttpRequest): Promise<Response | MockHttpRawResponse> {
    // "The client MUST include an Accept header, listing both application/json and text/event-stream".
    const accept = request.headers.get('accept') ?? '';
    if (!(accept.includes('application/json') && accept.includes('text/event-stream')) && !accept.includes('*/*')) {
      return jsonRpcErrorResponse(406, HTTP_BAD_REQUEST_CODE, 'Not Acceptable: Accept must list application/json and text/event-stream');
    }
    if (!(request.headers.get('content-type') ?? '').includes('application/json')) {
      return jsonRpcErrorResponse(415, HTTP_BAD_REQUEST_CODE, 'Unsupported Media Type: Content-Type must be application/json');
    }
    const text = await request.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      return jsonRpcErrorResponse(400, ErrorCode.ParseError, `Parse error: ${(error as Error).message}`);
    }
    const first = Array.isArray(body) ? body[0] : body;
    if (isModernMessage(first)) return postModern(request, first as JsonRpcRequest);
    if (!speaksLegacy(mock)) {
      return jsonRpcErrorResponse(400, ErrorCode.InvalidParams, `Invalid params: _meta["${META.protocolVersion}"] is required`);
    }
    return postLegacy(request, body);
  }

  function isModernMessage(message: unknown): boolean {
    if (!isObject(message) || !speaksModern(mock)) return false;
    const params = isObject(message.params) ? message.params : {};
    const meta = isObject(params._meta) ? params._meta : {};
    return meta[META.protocolVersion] !== undefined || message.method === 'server/discover' || !speaksLegacy(mock);
  }

  /** 2026-07-28: stateless, POST only, headers mirror the body. */
  async function postModern(request: MockHttpRequest, message: JsonRpcRequest): Promise<Response | MockHttpRawResponse> {
    const kind = classifyMessage(message);
    if (kind !== 'request' && kind !== 'notification') {
      // "POST body: single request or notification (no responses)".
      return jsonRpcErrorResponse(400, ErrorCode.InvalidRequest, 'Invalid Request: a POST body must be one request or notification');
    }
    const params = isObject(message.params) ? message.params : {};
    const meta = isObject(params._meta) ? params._meta : {};
    const bodyVersion = meta[META.protocolVersion];
    if (bodyVersion === undefined || !isObject(meta[META.clientCapabilities])) {
      const missing = bodyVersion === undefined ? META.protocolVersion : META.clientCapabilities;
      return jsonRpcErrorResponse(400, ErrorCode.InvalidParams, `Invalid params: _meta["${missing}"] is required`, undefined, idOf(message));
    }
    if (kind === 'request') {
      // Header rules cover requests: "header requirements for notification POSTs are not defined by this revision".
      const tool = message.method === 'tools/call' ? server.active('tool').find((t) => t.name === params.name) : undefined;
      const schema = tool?.definition.inputSchema as JsonObject | undefined;
      const reason = headerMismatchReason(request.headers, message, String(bodyVersion), schema, options.decodeBase64HeaderValues ?? true);
      if (reason !== undefined) return headerMismatch(reason, message);
    }
    const session = server.createSession({ transport: 'streamable-http' });
    if (kind === 'notification') {
      await session.receive(message, { emit: () => undefined });
      session.close();
      return rawResponse(202, {}, null);
    }
    const response = await answerRequest(request, session, message, { modern: true, sessionId: undefined, version: bodyVersion as ProtocolVersion });
    return response;
  }

  async function postLegacy(request: MockHttpRequest, body: unknown): Promise<Response | MockHttpRawResponse> {
    const messages = Array.isArray(body) ? body : [body];
    const isInitialize = messages.some((m) => isObject(m) && m.method === 'initialize');
    let entry: SessionEntry | undefined;
    let sessionId: string | undefined;
    if (isInitialize) {
      if (Array.isArray(body)) {
        // "The initialize request MUST NOT be part of a JSON-RPC batch".
        return jsonRpcErrorResponse(400, ErrorCode.InvalidRequest, 'Invalid Request: initialize must not be batched');
      }
      sessionId = useSessions ? randomUUID() : undefined;
      entry = { session: server.createSession({ transport: 'streamable-http', ...(sessionId ? { id: sessionId } : {}) }), standalone: undefined, streams: new Set() };
      if (sessionId) sessions.set(sessionId, entry);
    } else if (useSessions) {
      const header = request.headers.get('mcp-session-id');
      // "Servers that require a session ID SHOULD respond to requests without an Mcp-Session-Id header … with HTTP 400".
      if (header === null) return jsonRpcErrorResponse(400, HTTP_BAD_REQUEST_CODE, 'Bad Request: Mcp-Session-Id header is required');
      entry = sessions.get(header);
      // "The server MAY terminate the session at any time, after which it MUST respond … with HTTP 404 Not Found."
      if (!entry || entry.session.expired) return sessionNotFound(header);
      sessionId = header;
    } else {
      entry = { session: server.createSession({ transport: 'streamable-http' }), standalone: undefined, streams: new Set() };
    }
    const session = entry.session;
    if (!isInitialize) {
      const headerVersion = request.headers.get('mcp-protocol-version');
      // "If the server receives a request with an invalid or unsupported MCP-Protocol-Version, it MUST respond with 400".
      if (headerVersion !== null && !(isProtocolVersion(headerVersion) && mock.options.protocolVersions.includes(headerVersion) && eraOf(headerVersion) === 'legacy')) {
        return jsonRpcErrorResponse(400, HTTP_BAD_REQUEST_CODE, `Bad Request: unsupported MCP-Protocol-Version "${headerVersion}"`);
      }
      // "the server SHOULD assume protocol version 2025-03-26" when the header is missing.
      const assumed = (headerVersion ?? DEFAULT_NEGOTIATED_PROTOCOL_VERSION) as ProtocolVersion;
      session.assumeVersion(mock.options.protocolVersions.includes(assumed) ? assumed : mock.options.protocolVersions.filter((v) => eraOf(v) === 'legacy').at(-1)!);
    }
    const requests = messages.filter((m) => classifyMessage(m) === 'request') as JsonRpcRequest[];
    if (requests.length === 0) {
      // "If the server accepts the input, the server MUST return HTTP status code 202 Accepted with no body."
      await session.receive(body, { emit: (event) => routeToStandalone(entry!, event) });
      return rawResponse(202, sessionId ? { 'mcp-session-id': sessionId } : {}, null);
    }
    return answerRequest(request, session, body, { modern: false, sessionId, version: session.info.protocolVersion, entry });
  }

  /** Sends notifications and server requests that have no stream of their own to the GET stream, if one is open. */
  function routeToStandalone(entry: SessionEntry, event: ChannelEvent): void {
    if (event.type !== 'frame') return;
    const kept = entry.standaloneStored;
    if (kept) {
      // Kept even while no GET stream is open, so that a client resuming with Last-Event-ID gets it.
      const id = nextEventId(kept);
      kept.events.push({ id, data: event.text });
      if (kept.events.length > MAX_STORED_EVENTS) kept.events.shift();
      if (kept.live?.open) void kept.live.write({ id, event: 'message', data: event.text });
      return;
    }
    if (entry.standalone?.open) void entry.standalone.write({ event: 'message', data: event.text });
  }

  /**
   * Answers one POST that carries requests. The `Response` is decided by the first thing the engine emits: a status
   * fault becomes that status, a frame starts the JSON body or the SSE stream.
   */
  function answerRequest(
    request: MockHttpRequest,
    session: MockSession,
    body: unknown,
    context: { modern: boolean; sessionId: string | undefined; version: ProtocolVersion | undefined; entry?: SessionEntry },
  ): Promise<Response | MockHttpRawResponse> {
    const first = (Array.isArray(body) ? body.find((m) => classifyMessage(m) === 'request') : body) as JsonRpcRequest;
    const mode = Array.isArray(body) ? 'json' : modeFor(first);
    const baseHeaders: Record<string, string> = context.sessionId ? { 'mcp-session-id': context.sessionId } : {};
    const polling = () => !context.modern && resumability && session.info.protocolVersion !== undefined && supports(session.info.protocolVersion, 'ssePolling');

    return new Promise<Response | MockHttpRawResponse>((resolve) => {
      let started = false;
      let sse: SseStream | undefined;
      let storedStream: StoredStream | undefined;
      let cut = false;
      const start = (response: Response | MockHttpRawResponse) => {
        if (started) return;
        started = true;
        resolve(response);
      };
      const startSse = (withIds: boolean) => {
        if (started) return;
        sse = track(
          createSseStream(() => {
            // 2026-07-28: "closing the response stream … is a cancellation"; before, a disconnect is not.
            if (context.modern) session.abortRequest(first.id, 'the client closed the response stream');
          }, keepAliveMs),
        );
        context.entry?.streams.add(sse);
        if (withIds && !context.modern && resumability && context.sessionId) {
          storedStream = { id: randomUUID().slice(0, 8), sessionId: context.sessionId, events: [], seq: 0, live: sse, done: false };
          stored.set(storedStream.id, storedStream);
          if (polling()) {
            // 2025-11-25 (SEP-1699): "the server SHOULD immediately send an SSE event consisting of an event ID and an
            // empty data field in order to prime the client to reconnect".
            void sse.write({ id: nextEventId(storedStream), retry: retryMs, data: '' });
          }
        }
        start(streamed(new Response(sse.body, { status: 200, headers: { ...SSE_HEADERS, ...baseHeaders } })));
      };
      if (context.modern) request.signal.addEventListener('abort', () => session.abortRequest(first.id, 'the client closed the connection'));

      const channel: MockChannel = {
        emit(event) {
          switch (event.type) {
            case 'http-status':
              if (!started) start(new Response(event.body ?? null, { status: event.status, headers: { ...(event.headers ?? {}), ...baseHeaders } }));
              return;
            case 'crash':
              if (!started) start(Response.error());
              sse?.error(new Error('mock server crashed'));
              crash();
              return;
            case 'stderr':
              return;
            case 'cut-stream':
              if (mode !== 'sse') return;
              startSse(event.eventIds);
              cut = true;
              if (storedStream) storedStream.live = undefined;
              void sse?.close();
              return;
            case 'end':
              if (storedStream) {
                storedStream.done = true;
                if (storedStream.live && storedStream.live !== sse) void storedStream.live.close();
                // Delivered on its own open stream: nothing left to resume, so the store lets it go.
                if (!cut && sse?.open) stored.delete(storedStream.id);
              }
              if (sse && !cut) void sse.close();
              if (!started) start(rawResponse(202, baseHeaders, null));
              return;
            case 'frame': {
              if (mode === 'json') {
                if (event.responseTo === undefined) {
                  if (context.entry) routeToStandalone(context.entry, event);
                  return;
                }
                if (started) return;
                const status = context.modern ? modernStatus(event.message) : 200;
                const headers = { 'content-type': 'application/json', ...baseHeaders };
                if (event.drip) {
                  const dripping = createDripBody(event.text, event.drip);
                  start(streamed(new Response(dripping, { status, headers })));
                } else start(rawResponse(status, headers, event.text));
                return;
              }
              if (!started && context.modern && event.responseTo !== undefined) {
                const status = modernStatus(event.message);
                if (status !== 200) return start(new Response(event.text, { status, headers: { 'content-type': 'application/json' } }));
              }
              startSse(true);
              if (storedStream) {
                const id = nextEventId(storedStream);
                storedStream.events.push({ id, data: event.text });
                const target = storedStream.live;
                if (target?.open) void target.write({ id, event: 'message', data: event.text }, event.drip);
                return;
              }
              if (!cut && sse?.open) void sse.write({ event: 'message', data: event.text }, event.drip);
              return;
            }
          }
        },
      };
      void session
        .receive(body, channel)
        .catch((error: unknown) => {
          if (!started) start(jsonRpcErrorResponse(500, ErrorCode.InternalError, `Internal error: ${(error as Error).message}`));
        })
        .finally(() => {
          // A session that lives for one POST (2026-07-28, or stateless legacy) ends with its request.
          if (context.sessionId === undefined) session.close();
        });
    });
  }

  async function get(request: MockHttpRequest): Promise<Response> {
    if (!speaksLegacy(mock)) {
      // 2026-07-28: "Servers SHOULD respond to GET … with 405 Method Not Allowed."
      return methodNotAllowed('POST');
    }
    if (!(request.headers.get('accept') ?? '').includes('text/event-stream')) {
      return jsonRpcErrorResponse(406, HTTP_BAD_REQUEST_CODE, 'Not Acceptable: Accept must list text/event-stream');
    }
    if (!useSessions) return methodNotAllowed('POST');
    const header = request.headers.get('mcp-session-id');
    if (header === null) return jsonRpcErrorResponse(400, HTTP_BAD_REQUEST_CODE, 'Bad Request: Mcp-Session-Id header is required');
    const entry = sessions.get(header);
    if (!entry || entry.session.expired) return sessionNotFound(header);
    const lastEventId = request.headers.get('last-event-id');
    if (lastEventId !== null) return resume(header, lastEventId);
    if (entry.standalone?.open) {
      return jsonRpcErrorResponse(409, HTTP_BAD_REQUEST_CODE, 'Conflict: only one standalone SSE stream is allowed per session');
    }
    const stream = track(
      createSseStream(() => {
        if (entry.standalone !== stream) return;
        entry.standalone = undefined;
        if (entry.standaloneStored) entry.standaloneStored.live = undefined;
        else entry.session.setStandaloneChannel(undefined);
      }, keepAliveMs),
    );
    entry.standalone = stream;
    entry.streams.add(stream);
    if (resumability) {
      const kept: StoredStream = { id: randomUUID().slice(0, 8), sessionId: header, events: [], seq: 0, live: stream, done: false };
      stored.set(kept.id, kept);
      entry.standaloneStored = kept;
      if (entry.session.info.protocolVersion && supports(entry.session.info.protocolVersion, 'ssePolling')) {
        void stream.write({ id: nextEventId(kept), retry: retryMs, data: '' });
      }
    }
    entry.session.setStandaloneChannel({ emit: (event) => routeToStandalone(entry, event) });
    return streamed(new Response(stream.body, { status: 200, headers: { ...SSE_HEADERS, 'mcp-session-id': header } }));
  }

  /** "the server MAY use this header to replay messages that would have been sent after the last event ID, on the stream that was disconnected". */
  function resume(sessionId: string, lastEventId: string): Response {
    const streamId = lastEventId.split('.')[0]!;
    const target = stored.get(streamId);
    if (!target || target.sessionId !== sessionId) {
      return jsonRpcErrorResponse(404, HTTP_BAD_REQUEST_CODE, `Not Found: no stream has the event id "${lastEventId}"`);
    }
    const stream = track(
      createSseStream(() => {
        if (target.live === stream) target.live = undefined;
        const owner = sessions.get(sessionId);
        if (owner?.standalone === stream) owner.standalone = undefined;
      }, keepAliveMs),
    );
    const after = target.events.findIndex((e) => e.id === lastEventId);
    for (const event of target.events.slice(after + 1)) void stream.write({ id: event.id, event: 'message', data: event.data });
    if (target.done) void stream.close();
    else target.live = stream;
    const entry = sessions.get(sessionId);
    if (entry && entry.standaloneStored === target) {
      // The resumed GET stream is the session's standalone stream again.
      entry.standalone = stream;
      entry.streams.add(stream);
    }
    return streamed(new Response(stream.body, { status: 200, headers: { ...SSE_HEADERS, 'mcp-session-id': sessionId } }));
  }

  async function remove(request: MockHttpRequest): Promise<Response> {
    if (!speaksLegacy(mock) || !useSessions) return methodNotAllowed('POST');
    const header = request.headers.get('mcp-session-id');
    if (header === null) return jsonRpcErrorResponse(400, HTTP_BAD_REQUEST_CODE, 'Bad Request: Mcp-Session-Id header is required');
    const entry = sessions.get(header);
    if (!entry) return sessionNotFound(header);
    sessions.delete(header);
    for (const stream of entry.streams) await stream.close();
    entry.session.close();
    for (const [id, s] of stored) if (s.sessionId === header) stored.delete(id);
    return new Response(null, { status: 200 });
  }

  function sessionNotFound(sessionId: string): Response {
    const entry = sessions.get(sessionId);
    if (entry) {
      sessions.delete(sessionId);
      entry.session.close();
    }
    return jsonRpcErrorResponse(404, SESSION_NOT_FOUND_CODE, 'Session not found');
  }

  /** 2024-11-05 HTTP+SSE: "the server MUST send an endpoint event containing a URI for the client to use for sending messages". */
  function openLegacyStream(url: URL): Response {
    const sessionId = randomUUID();
    const session = server.createSession({ transport: 'sse', id: sessionId });
    const stream = track(
      createSseStream(() => {
        legacySessions.delete(sessionId);
        session.close();
      }, keepAliveMs),
    );
    legacySessions.set(sessionId, { session, stream });
    session.setStandaloneChannel({ emit: (event) => legacyEmit(stream, event) });
    void stream.write({ event: 'endpoint', data: `${(legacy as { messages: string }).messages}?sessionId=${sessionId}` });
    void url;
    return streamed(new Response(stream.body, { status: 200, headers: { ...SSE_HEADERS } }));
  }

  function legacyEmit(stream: SseStream, event: ChannelEvent): void {
    if (event.type === 'frame') void stream.write({ event: 'message', data: event.text }, event.drip);
    else if (event.type === 'crash') {
      stream.error(new Error('mock server crashed'));
      crash();
    } else if (event.type === 'cut-stream') void stream.close();
  }

  async function postLegacyMessage(request: MockHttpRequest, url: URL): Promise<Response> {
    const sessionId = url.searchParams.get('sessionId') ?? '';
    const entry = legacySessions.get(sessionId);
    if (!entry) return new Response('Session not found', { status: 404 });
    let body: unknown;
    try {
      body = JSON.parse(await request.text());
    } catch (error) {
      return new Response(`Invalid JSON: ${(error as Error).message}`, { status: 400 });
    }
    let status: ChannelEvent | undefined;
    const channel: MockChannel = {
      emit(event) {
        if (event.type === 'http-status' && status === undefined) status = event;
        else legacyEmit(entry.stream, event);
      },
    };
    const handled = entry.session.receive(body, channel);
    // Faults that answer with a status act before any work; give them one turn of the event loop.
    await Promise.race([handled, new Promise((r) => setImmediate(r))]);
    if (status?.type === 'http-status') return new Response(status.body ?? null, { status: status.status, headers: status.headers ?? {} });
    return new Response('Accepted', { status: 202 });
  }
}

function nextEventId(stream: StoredStream): string {
  return `${stream.id}.${stream.seq++}`;
}

/** 2026-07-28 statuses: an unknown method is HTTP 404, an unsupported version or header mismatch is 400. */
function modernStatus(message: unknown): number {
  if (!isObject(message) || !isObject(message.error)) return 200;
  const code = message.error.code;
  if (code === ErrorCode.MethodNotFound) return 404;
  if (code === ErrorCode.UnsupportedProtocolVersion || code === ErrorCode.HeaderMismatch) return 400;
  return 200;
}

function headerMismatch(reason: string, message: JsonRpcRequest): Response {
  return jsonRpcErrorResponse(400, ErrorCode.HeaderMismatch, `Header mismatch: ${reason}`, undefined, idOf(message));
}

function idOf(message: unknown): string | number | null {
  return isObject(message) && (typeof message.id === 'string' || typeof message.id === 'number') ? message.id : null;
}

function jsonRpcErrorResponse(status: number, code: number, message: string, data?: unknown, id: string | number | null = null): Response {
  const error = data === undefined ? { code, message } : { code, message, data };
  return new Response(JSON.stringify({ jsonrpc: '2.0', id, error }), { status, headers: { 'content-type': 'application/json' } });
}

function methodNotAllowed(allow: string): Response {
  return new Response(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: HTTP_BAD_REQUEST_CODE, message: 'Method not allowed' } }), {
    status: 405,
    headers: { allow, 'content-type': 'application/json' },
  });
}

/**
 * "Servers MUST validate the Origin header … If the Origin header is present and invalid, servers MUST respond with
 * HTTP 403 Forbidden" (2025-11-25), and a Host that is not the server's own is a DNS-rebinding attempt.
 */
function checkOriginAndHost(request: MockHttpRequest, url: URL, options: MockHttpHandlerOptions): Response | undefined {
  const allowedHosts = options.allowedHosts ?? LOOPBACK_HOSTS;
  if (allowedHosts !== '*') {
    const host = (request.headers.get('host') ?? url.host).toLowerCase();
    const hostname = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
    if (!allowedHosts.includes(hostname)) return jsonRpcErrorResponse(403, HTTP_BAD_REQUEST_CODE, `Forbidden: Host "${host}" is not allowed`);
  }
  const origin = request.headers.get('origin');
  const allowedOrigins = options.allowedOrigins;
  if (origin === null || allowedOrigins === '*') return undefined;
  let ok: boolean;
  if (allowedOrigins) ok = allowedOrigins.includes(origin);
  else {
    try {
      ok = LOOPBACK_HOSTS.includes(new URL(origin).hostname.toLowerCase()) || LOOPBACK_HOSTS.includes(`[${new URL(origin).hostname}]`);
    } catch {
      ok = false;
    }
  }
  return ok ? undefined : jsonRpcErrorResponse(403, HTTP_BAD_REQUEST_CODE, `Forbidden: Origin "${origin}" is not allowed`);
}

function createDripBody(text: string, drip: { chunkBytes: number; intervalMs: number }): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (offset >= bytes.length) return controller.close();
      if (offset > 0) await new Promise((r) => setTimeout(r, drip.intervalMs));
      controller.enqueue(bytes.slice(offset, offset + drip.chunkBytes));
      offset += drip.chunkBytes;
    },
  });
}
