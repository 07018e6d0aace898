/**
 * The Streamable HTTP client transport: every message its own POST; responses come back as one JSON body or as an SSE
 * stream on which requests and notifications may come first; sessions, the standalone GET stream, resumption with
 * `Last-Event-ID`, 2025-11-25 polling and the 2026-07-28 stateless wire (POST only, `Mcp-Method` / `Mcp-Name`,
 * closing a response stream cancels its request).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#streamable-http
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/transports#streamable-http
 */
import {
  ProtocolError,
  TransportError,
  createWireLog,
  formatMessage,
  isProtocolVersion,
  supports,
  type JsonRpcMessage,
  type ObservableTransport,
  type RequestId,
  type TransportSendOptions,
  type WireLog,
  type MessageExtraInfo,
} from '../../protocol/index.js';
import { createSseDecoder } from '../../protocol/sse.js';
import { paramHeadersFor, readParamHeaders, type ParamHeader } from './http-param-headers.js';
import { HTTP_ERROR_BODY_MAX_BYTES, ResponseStreamError, httpStatusError, networkError } from './http-errors.js';
import { type HttpRequester, type HttpResponse, resolveHttpRequester } from './http-requester.js';
import {
  createHttpWireRecorder,
  describeFrame,
  encodeMcpHeaderValue,
  isResponseLike,
  messagesOf,
  requestIdsOf,
  type HttpClientTransportBaseOptions,
  type HttpWireRecorder,
} from './http-shared.js';

/** How long `close()` waits for the DELETE that ends the session. */
export const SESSION_DELETE_TIMEOUT_MS = 2000;

/** How a broken SSE stream is resumed (the server's `retry` field, when it sent one, replaces the computed delay). */
export interface StreamReconnectionOptions {
  /** Delay before the first reconnection. @default 1000 */
  initialDelayMs?: number;
  /** Largest delay. @default 30000 */
  maxDelayMs?: number;
  /** Factor between two delays. @default 1.5 */
  growFactor?: number;
  /** Reconnections in a row without receiving an event before giving up. @default 2 */
  maxRetries?: number;
}

/** Facts about an expired session, given to `onSessionExpired`. */
export interface SessionExpiredInfo {
  /** The session the server no longer knows. */
  sessionId: string;
  /** The frame whose POST got the 404. */
  frame: string;
}

/** Options of {@link StreamableHttpClientTransport}. */
export interface StreamableHttpClientTransportOptions extends HttpClientTransportBaseOptions {
  /** A session to resume (sent as `Mcp-Session-Id` from the first request). */
  sessionId?: string;
  /** The protocol version to announce from the first request (2026-07-28 has no handshake that would set it). */
  protocolVersion?: string;
  /** Open the standalone GET stream once the session is initialized (2025-03-26 to 2025-11-25). @default true */
  openGetStream?: boolean;
  /** Resumption of broken SSE streams. */
  reconnection?: StreamReconnectionOptions;
  /** Called when the server answers 404 to a request that carried a session id: the session expired. */
  onSessionExpired?: (info: SessionExpiredInfo) => void;
}

interface StreamContext {
  exchange: number;
  /** `post`: the response stream of a POST; `get`: the standalone stream; `resume`: a GET that resumes a POST stream. */
  kind: 'post' | 'get' | 'resume';
  /** Requests whose responses this stream still owes. */
  pending: Set<RequestId>;
  lastEventId?: string;
  onresumptiontoken?: (token: string) => void;
  /** Reconnections in a row that received no event. */
  attempt: number;
}

/**
 * A Streamable HTTP client transport.
 * @example
 * const transport = new StreamableHttpClientTransport(new URL('http://127.0.0.1:3000/mcp'), {
 *   headers: { authorization: `Bearer ${token}` },
 * });
 * await transport.start();
 */
export class StreamableHttpClientTransport implements ObservableTransport {
  readonly kind = 'streamable-http' as const;
  readonly wire: WireLog;
  readonly url: URL;
  onmessage?: (message: JsonRpcMessage, extra?: MessageExtraInfo) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  sessionId?: string;
  /** The negotiated (or announced) protocol version. */
  protocolVersion?: string;

  readonly #options: StreamableHttpClientTransportOptions;
  readonly #request: HttpRequester;
  readonly #closeRequester: () => void;
  readonly #recorder: HttpWireRecorder;
  readonly #controllers = new Map<RequestId, AbortController>();
  readonly #streams = new Set<HttpResponse>();
  readonly #inflight = new Set<AbortController>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  /** 2026-07-28: the `tools/list` requests in flight, and the `x-mcp-header` parameters learnt from their results. */
  readonly #toolListIds = new Set<RequestId>();
  readonly #paramHeaders = new Map<string, ParamHeader[]>();
  #exchange = 0;
  #retryMs: number | undefined;
  #started = false;
  #closed = false;
  #getStreamOpen = false;
  #getUnsupported = false;

  constructor(url: string | URL, options: StreamableHttpClientTransportOptions = {}) {
    this.url = new URL(url);
    this.#options = options;
    this.wire = options.wire ?? createWireLog();
    const requester = resolveHttpRequester(options);
    this.#request = requester.request;
    this.#closeRequester = requester.close;
    // Static headers are how credentials reach a server: every one of them is redacted, whatever its name.
    this.#recorder = createHttpWireRecorder(this.wire, this.kind, [...Object.keys(options.headers ?? {}), ...(options.secretHeaders ?? [])]);
    if (options.sessionId !== undefined) this.sessionId = options.sessionId;
    if (options.protocolVersion !== undefined) this.protocolVersion = options.protocolVersion;
  }

  /** Nothing to open: HTTP connects per request. Fails when called twice or after `close()`. */
  async start(): Promise<void> {
    if (this.#started) throw new TransportError(formatMessage('start the Streamable HTTP transport', 'it was already started', 'Create a new transport.'));
    if (this.#closed) throw this.#closedError('start the Streamable HTTP transport');
    this.#started = true;
    this.wire.record({ kind: 'lifecycle', transport: this.kind, event: 'open', detail: this.url.href });
  }

  /** Records the negotiated version; it is sent as `MCP-Protocol-Version` from 2025-06-18 on. */
  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
  }

  async send(message: JsonRpcMessage | JsonRpcMessage[], options?: TransportSendOptions): Promise<void> {
    if (options?.resumptionToken !== undefined && !this.#isModern()) {
      // The SDK's semantics: a resumption token means "resume the stream this request was answered on", not a new POST.
      this.#assertOpen(describeFrame(message));
      const pending = new Set<RequestId>(requestIdsOf(message));
      this.#openGet({ kind: 'resume', exchange: 0, pending, lastEventId: options.resumptionToken, attempt: 0, ...(options.onresumptiontoken ? { onresumptiontoken: options.onresumptiontoken } : {}) });
      return;
    }
    if (this.#isModern() && !Array.isArray(message) && 'method' in message && message.method === 'notifications/cancelled') {
      // 2026-07-28: "closing the response stream is cancellation" — there is no stream to POST a notification onto.
      const requestId = (message.params as { requestId?: RequestId } | undefined)?.requestId;
      const controller = requestId === undefined ? undefined : this.#controllers.get(requestId);
      if (controller) {
        this.wire.record({ kind: 'lifecycle', transport: this.kind, event: 'stream-close', detail: `cancelled request ${JSON.stringify(requestId)} by closing its response stream` });
        controller.abort(new Error('cancelled'));
        return;
      }
    }
    await this.#post(JSON.stringify(message), message, options, true);
  }

  async sendRaw(frame: string, options?: TransportSendOptions): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(frame) as unknown;
    } catch {
      parsed = undefined;
    }
    await this.#post(frame, parsed, options);
  }

  /** Cancels every stream, ends the session with DELETE (405 accepted) and releases the keep-alive sockets. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const controller of this.#inflight) controller.abort(new Error('transport closed'));
    for (const stream of this.#streams) stream.cancel();
    this.#streams.clear();
    if (this.sessionId !== undefined && !this.#isModern()) await this.#deleteSession(this.sessionId);
    this.#closeRequester();
    this.wire.record({ kind: 'lifecycle', transport: this.kind, event: 'close', detail: this.url.href });
    this.onclose?.();
  }

  #isModern(): boolean {
    return this.protocolVersion !== undefined && isProtocolVersion(this.protocolVersion) && supports(this.protocolVersion, 'methodHeaders');
  }

  #assertOpen(what: string): void {
    if (this.#closed) throw this.#closedError(`send ${what}`);
    if (!this.#started) throw new TransportError(formatMessage(`send ${what}`, 'the transport was not started', 'Call start() first.'), { code: 'NOT_CONNECTED' });
  }

  #closedError(what: string): TransportError {
    return new TransportError(formatMessage(what, 'the transport is closed', 'Create a new transport.'), { code: 'TRANSPORT_CLOSED' });
  }

  #baseHeaders(): Record<string, string> {
    const headers: Record<string, string> = { ...this.#options.headers };
    if (this.sessionId !== undefined && !this.#isModern()) headers['mcp-session-id'] = this.sessionId;
    const v = this.protocolVersion;
    // "the client MUST include the MCP-Protocol-Version: <protocol-version> HTTP header on all subsequent requests"
    // (2025-06-18 on); an unknown version is sent as it is, so that servers can be tested with it.
    if (v !== undefined && (!isProtocolVersion(v) || supports(v, 'protocolVersionHeader'))) headers['mcp-protocol-version'] = v;
    return headers;
  }

  #postHeaders(parsed: unknown): Record<string, string> {
    const headers: Record<string, string> = { ...this.#baseHeaders(), 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    if (this.#isModern() && !Array.isArray(parsed) && typeof parsed === 'object' && parsed !== null && 'method' in parsed) {
      // 2026-07-28 standard request headers: `Mcp-Method` on every request, `Mcp-Name` for tools/call, prompts/get
      // (the name) and resources/read (the URI). "These headers are REQUIRED for compliance".
      const { method, params } = parsed as { method: unknown; params?: { name?: unknown; uri?: unknown } };
      if (typeof method === 'string') headers['mcp-method'] = encodeMcpHeaderValue(method);
      const name = method === 'resources/read' ? params?.uri : method === 'tools/call' || method === 'prompts/get' ? params?.name : undefined;
      if (typeof name === 'string') headers['mcp-name'] = encodeMcpHeaderValue(name);
      if (method === 'tools/call' && typeof name === 'string') {
        Object.assign(headers, paramHeadersFor(this.#paramHeaders.get(name) ?? [], (params as { arguments?: unknown }).arguments));
      }
      if (method === 'tools/list' && 'id' in parsed) this.#toolListIds.add((parsed as { id: RequestId }).id);
    }
    return headers;
  }

  /** Delivers one received message, learning the `x-mcp-header` parameters from `tools/list` results first. */
  #deliver(message: JsonRpcMessage, extra?: MessageExtraInfo): void {
    if (this.#toolListIds.size > 0 && isResponseLike(message) && this.#toolListIds.delete(message.id) && 'result' in message) {
      const tools = (message.result as { tools?: unknown }).tools;
      for (const tool of Array.isArray(tools) ? tools : []) {
        const { name, inputSchema } = (tool ?? {}) as { name?: unknown; inputSchema?: unknown };
        if (typeof name !== 'string') continue;
        const found = readParamHeaders(inputSchema);
        // An invalid definition mirrors nothing; McpClient is the one that hides the tool from the list.
        if (found.ok && found.headers.length > 0) this.#paramHeaders.set(name, found.headers);
        else this.#paramHeaders.delete(name);
      }
    }
    this.onmessage?.(message, extra);
  }

  async #post(raw: string, parsed: unknown, options?: TransportSendOptions, isMessage = false): Promise<void> {
    const what = describeFrame(parsed);
    this.#assertOpen(what);
    const exchange = ++this.#exchange;
    const headers = this.#postHeaders(parsed);
    const sentSessionId = headers['mcp-session-id'];
    const requestIds = requestIdsOf(parsed);
    const isInitialize = messagesOf(parsed).some((m) => 'method' in m && m.method === 'initialize');
    const controller = new AbortController();
    for (const id of requestIds) this.#controllers.set(id, controller);
    this.#inflight.add(controller);
    const release = () => {
      for (const id of requestIds) if (this.#controllers.get(id) === controller) this.#controllers.delete(id);
      this.#inflight.delete(controller);
    };

    this.#recorder.head('out', exchange, { method: 'POST', url: this.url.href, headers });
    this.#recorder.frame('out', raw, { exchange }, isMessage ? { message: parsed } : undefined);
    let response: HttpResponse;
    try {
      response = await this.#request({ method: 'POST', url: this.url, headers, body: raw, signal: controller.signal });
    } catch (error) {
      release();
      if (this.#closed) throw this.#closedError(`send ${what}`);
      if (controller.signal.aborted) return;
      const failure = networkError(`send ${what} to ${this.url.href}`, error);
      this.wire.record({ kind: 'lifecycle', transport: this.kind, event: 'error', detail: failure.message });
      throw failure;
    }

    const contentType = response.headers['content-type']?.toLowerCase() ?? '';
    if (response.status < 200 || response.status >= 300) {
      const body = await response.text(HTTP_ERROR_BODY_MAX_BYTES).catch(() => '');
      release();
      this.#recorder.head('in', exchange, { status: response.status, headers: response.headers, body });
      if (response.status === 404 && sentSessionId !== undefined) {
        // "If the server responds with HTTP 404 Not Found to a request containing an Mcp-Session-Id, the client MUST
        // start a new session by sending a new InitializeRequest without a session ID attached."
        if (this.sessionId === sentSessionId) delete this.sessionId;
        const error = httpStatusError(`send ${what} to ${this.url.href}`, { status: 404, headers: response.headers, body }, {
          code: 'SESSION_EXPIRED',
          reason: `the server answered HTTP 404 Not Found for session ${sentSessionId}: the session expired or was terminated`,
          advice: 'Start a new session by initializing again.',
        });
        this.#options.onSessionExpired?.({ sessionId: sentSessionId, frame: raw });
        throw error;
      }
      throw httpStatusError(`send ${what} to ${this.url.href}`, { status: response.status, headers: response.headers, body });
    }

    const sessionId = response.headers['mcp-session-id'];
    if (isInitialize && sessionId !== undefined && !this.#isModern()) this.sessionId = sessionId;

    if (contentType.startsWith('text/event-stream')) {
      this.#recorder.head('in', exchange, { status: response.status, headers: response.headers });
      // The stream is read in the background: send() resolves once the server accepted the POST, like the SDK's.
      void this.#consume(response, { kind: 'post', exchange, pending: new Set(requestIds), attempt: 0, ...(options?.onresumptiontoken ? { onresumptiontoken: options.onresumptiontoken } : {}) }, controller).finally(release);
      return;
    }

    let body: string;
    try {
      body = await response.text();
    } catch (error) {
      release();
      if (this.#closed || controller.signal.aborted) return;
      throw networkError(`read the response to ${what} from ${this.url.href}`, error);
    }
    release();
    const isJson = contentType.startsWith('application/json');
    this.#recorder.head('in', exchange, { status: response.status, headers: response.headers, ...(isJson ? {} : { body }) });
    if (isJson && body.trim() !== '') {
      const message = this.#recorder.frame('in', body, { exchange });
      if (message === undefined) {
        throw new ProtocolError(formatMessage(`read the response to ${what}`, `the server sent a body that is not JSON: ${JSON.stringify(body.slice(0, 120))}`, 'Check the server.'));
      }
      for (const m of messagesOf(message)) this.#deliver(m);
      return;
    }
    if (requestIds.length > 0) {
      // "If the input is a JSON-RPC request, the server MUST either return Content-Type: text/event-stream … or
      // Content-Type: application/json". Anything else leaves the request unanswered for good.
      const reason = isJson
        ? `the server answered HTTP ${response.status} with an empty application/json body`
        : `the server answered HTTP ${response.status} with ${contentType ? `Content-Type ${contentType}` : 'no Content-Type'} instead of application/json or text/event-stream`;
      throw new ProtocolError(formatMessage(`read the response to ${what}`, reason, 'Check that the URL is the MCP endpoint.'));
    }
    if (this.#options.openGetStream !== false && messagesOf(parsed).some((m) => 'method' in m && m.method === 'notifications/initialized')) {
      this.#openGet({ kind: 'get', exchange: 0, pending: new Set(), attempt: 0 });
    }
  }

  /** Reads one SSE stream to its end, dispatching messages; then decides whether and how to resume it. */
  async #consume(response: HttpResponse, ctx: StreamContext, controller: AbortController): Promise<void> {
    this.#streams.add(response);
    let sawEvent = false;
    const decoder = createSseDecoder({
      onId: (id) => {
        // An id alone (a priming event without a data line) still proves the stream is alive and resumable.
        sawEvent = true;
        ctx.lastEventId = id;
        ctx.onresumptiontoken?.(id);
      },
      onRetry: (ms) => {
        this.#retryMs = ms;
      },
      onEvent: (event) => {
        sawEvent = true;
        if (event.data === '') {
          // A 2025-11-25 priming event (an id and empty data): it makes the stream resumable, it carries no message.
          this.wire.record({ kind: 'lifecycle', transport: this.kind, event: 'stream-open', code: ctx.exchange, detail: `priming event${event.id === undefined ? '' : ` id ${event.id}`}` });
          return;
        }
        const message = this.#recorder.frame('in', event.data, { exchange: ctx.exchange, sseEventId: event.id, sseEventType: event.event });
        if (event.event !== 'message') return;
        if (message === undefined) {
          this.onerror?.(new ProtocolError(formatMessage('read an SSE event', `the data of event ${event.id ?? '(no id)'} is not JSON: ${JSON.stringify(event.data.slice(0, 120))}`, 'Check the server.')));
          return;
        }
        for (const m of messagesOf(message)) {
          if (isResponseLike(m)) ctx.pending.delete(m.id);
          this.#deliver(m, event.id === undefined ? undefined : { eventId: event.id });
        }
      },
      onIssue: (issue) => this.onerror?.(new ProtocolError(formatMessage('read an SSE stream', issue, 'Check the server.'))),
    });
    this.wire.record({ kind: 'lifecycle', transport: this.kind, event: 'stream-open', code: ctx.exchange, detail: ctx.kind });
    let failure: unknown;
    try {
      for await (const chunk of response.body) decoder.push(chunk);
      decoder.end();
    } catch (error) {
      failure = error;
    } finally {
      this.#streams.delete(response);
    }
    const aborted = this.#closed || controller.signal.aborted;
    this.wire.record({
      kind: 'lifecycle',
      transport: this.kind,
      event: 'stream-close',
      code: ctx.exchange,
      detail: aborted ? 'closed by the client' : failure ? `broken: ${(failure as Error).message}` : 'ended by the server',
    });
    if (aborted) return;
    if (sawEvent) ctx.attempt = 0;
    if (ctx.kind !== 'get' && ctx.pending.size === 0) return;
    if (ctx.kind === 'get') {
      this.#getStreamOpen = false;
      // The standalone stream ended: reopen it (resuming when it had event ids), as a 2025-11-25 polling server expects.
      this.#scheduleGet(ctx);
      return;
    }
    if (ctx.lastEventId !== undefined && !this.#isModern()) {
      // "the client MAY … resume … by issuing an HTTP GET to the MCP endpoint and include the Last-Event-ID header".
      this.#scheduleGet({ ...ctx, kind: 'resume' });
      return;
    }
    this.#failPending(ctx, failure ? `the response stream broke (${(failure as Error).message})` : 'the server closed the response stream', 'and gave no event id to resume from');
  }

  #failPending(ctx: StreamContext, reason: string, why: string): void {
    const ids = [...ctx.pending];
    ctx.pending.clear();
    const list = ids.map((id) => JSON.stringify(id)).join(', ');
    this.onerror?.(
      new ResponseStreamError(
        formatMessage(`receive the response to request ${list}`, `${reason} before the response arrived, ${why}`, 'The request was not sent again; retry it if that is safe.'),
        ids,
      ),
    );
  }

  #scheduleGet(ctx: StreamContext): void {
    const retries = this.#options.reconnection?.maxRetries ?? 2;
    if (ctx.attempt >= retries) {
      if (ctx.kind === 'get') {
        this.onerror?.(new TransportError(formatMessage('reopen the standalone SSE stream', `${retries} reconnections in a row got no event`, 'Server notifications will not arrive; reconnect.')));
      } else {
        this.#failPending(ctx, 'the response stream closed', `and ${retries} resumptions with Last-Event-ID did not deliver it`);
      }
      return;
    }
    const initial = this.#options.reconnection?.initialDelayMs ?? 1000;
    const max = this.#options.reconnection?.maxDelayMs ?? 30_000;
    const grow = this.#options.reconnection?.growFactor ?? 1.5;
    // 2025-11-25: "the client MUST respect the retry field" — the server's value replaces our own backoff.
    const delay = this.#retryMs ?? Math.min(initial * grow ** ctx.attempt, max);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#openGet({ ...ctx, attempt: ctx.attempt + 1 });
    }, delay);
    this.#timers.add(timer);
  }

  /** Opens a GET stream: the standalone one, or one that resumes a broken stream from `Last-Event-ID`. */
  #openGet(ctx: StreamContext): void {
    if (this.#closed || this.#isModern()) return;
    if (ctx.kind === 'get' && (this.#getStreamOpen || this.#getUnsupported)) return;
    if (ctx.kind === 'get') this.#getStreamOpen = true;
    const exchange = ++this.#exchange;
    const headers: Record<string, string> = { ...this.#baseHeaders(), accept: 'text/event-stream' };
    if (ctx.lastEventId !== undefined) headers['last-event-id'] = ctx.lastEventId;
    const controller = new AbortController();
    this.#inflight.add(controller);
    for (const id of ctx.pending) this.#controllers.set(id, controller);
    const release = () => {
      this.#inflight.delete(controller);
      for (const id of ctx.pending) if (this.#controllers.get(id) === controller) this.#controllers.delete(id);
    };
    this.#recorder.head('out', exchange, { method: 'GET', url: this.url.href, headers });
    const run = async () => {
      let response: HttpResponse;
      try {
        response = await this.#request({ method: 'GET', url: this.url, headers, signal: controller.signal });
      } catch (error) {
        if (this.#closed || controller.signal.aborted) return;
        this.wire.record({ kind: 'lifecycle', transport: this.kind, event: 'error', detail: (error as Error).message });
        if (ctx.kind === 'get') this.#getStreamOpen = false;
        this.#scheduleGet(ctx);
        return;
      }
      const contentType = response.headers['content-type']?.toLowerCase() ?? '';
      if (response.status === 200 && contentType.startsWith('text/event-stream')) {
        this.#recorder.head('in', exchange, { status: response.status, headers: response.headers });
        await this.#consume(response, { ...ctx, exchange }, controller);
        return;
      }
      const body = await response.text(HTTP_ERROR_BODY_MAX_BYTES).catch(() => '');
      this.#recorder.head('in', exchange, { status: response.status, headers: response.headers, body });
      if (ctx.kind === 'get') {
        this.#getStreamOpen = false;
        // "The server MUST either return Content-Type: text/event-stream … or else return HTTP 405 Method Not Allowed,
        // indicating that the server does not offer an SSE stream at this endpoint." 405 is an answer, not an error.
        if (response.status === 405) {
          this.#getUnsupported = true;
          return;
        }
        this.onerror?.(httpStatusError(`open the standalone SSE stream at ${this.url.href}`, { status: response.status, headers: response.headers, body }));
        return;
      }
      const error = httpStatusError(`resume the response stream at ${this.url.href} from event ${ctx.lastEventId ?? ''}`, { status: response.status, headers: response.headers, body });
      this.#failPending(ctx, `the response stream closed and resuming it failed (${error.message})`, 'so its response is lost');
    };
    void run().finally(release);
  }

  async #deleteSession(sessionId: string): Promise<void> {
    const exchange = ++this.#exchange;
    const headers = { ...this.#baseHeaders(), 'mcp-session-id': sessionId };
    this.#recorder.head('out', exchange, { method: 'DELETE', url: this.url.href, headers });
    try {
      const response = await this.#request({ method: 'DELETE', url: this.url, headers, signal: AbortSignal.timeout(SESSION_DELETE_TIMEOUT_MS) });
      const body = await response.text(HTTP_ERROR_BODY_MAX_BYTES).catch(() => '');
      this.#recorder.head('in', exchange, { status: response.status, headers: response.headers, body });
      // "The server MAY respond to this request with HTTP 405 Method Not Allowed, indicating that the server does not
      // allow clients to terminate sessions." 404 means it is gone already.
      if (response.status >= 400 && response.status !== 404 && response.status !== 405) {
        this.onerror?.(httpStatusError(`end session ${sessionId} at ${this.url.href}`, { status: response.status, headers: response.headers, body }));
      }
    } catch (error) {
      this.wire.record({ kind: 'lifecycle', transport: this.kind, event: 'error', detail: `DELETE failed: ${(error as Error).message}` });
    }
  }
}
