/**
 * A JSON-RPC session over one transport: it numbers and correlates requests, times them out, cancels them, routes
 * progress, notifications and server requests, and records what the peer got wrong without ever crashing on it.
 * It knows no MCP method beyond the utilities every era shares (`notifications/progress`, `notifications/cancelled`,
 * `ping`): McpClient and the conformance harness build on it.
 */
import {
  CancelledError,
  formatMessage,
  isObservableTransport,
  JsonRpcError,
  JSONRPC_VERSION,
  McpConformError,
  ProcessError,
  ProtocolError,
  TimeoutError,
  TransportError,
  type JsonRpcErrorResponse,
  type JsonRpcMessage,
  type JsonRpcNotification,
  type JsonRpcRequest,
  type JsonRpcResponse,
  type JsonRpcResultResponse,
  type RequestId,
  type Transport,
  type WireLog,
} from '../../protocol/index.js';
import { ResponseStreamError } from '../transports/http-errors.js';
import { classifyIncoming, isRequestId } from './classify-incoming.js';
import { createCorrelation } from './correlation.js';
import { createDeadlineTimer, type TimedRequest } from './deadline-timer.js';
import { createNotificationRouter, type NotificationHandler } from './notification-router.js';
import type { ProtocolViolation } from './protocol-violation.js';
import { createServerRequests, type ServerRequestHandler } from './server-requests.js';

/** How long a request waits for its response by default. @default 60000 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/** How many protocol violations a session keeps (the newest are dropped beyond it; the hook still sees them). */
export const MAX_RECORDED_VIOLATIONS = 1000;

/** A progress update for a request in flight (`notifications/progress` params without the token). */
export interface ProgressUpdate {
  progress: number;
  total?: number;
  message?: string;
}

/** Options of one request. */
export interface RequestOptions {
  /** Milliseconds to wait for the response. @default the session's `requestTimeoutMs` */
  timeoutMs?: number;
  /** Whether progress restarts the wait. @default the session's `resetTimeoutOnProgress` */
  resetTimeoutOnProgress?: boolean;
  /** The hard limit, whatever progress comes. @default the session's `maxTotalTimeoutMs` */
  maxTotalTimeoutMs?: number;
  /** Aborting it cancels the request (and tells the server, except for `initialize`). */
  signal?: AbortSignal;
  /** Receives progress; setting it puts a `progressToken` in the request's `_meta`. */
  onProgress?: (update: ProgressUpdate) => void;
  /** Fields merged into the request's `params._meta`. */
  meta?: Record<string, unknown>;
  /** The JSON-RPC id to use (for checks). @default the next number */
  id?: RequestId;
}

/** Options of {@link Session}. */
export interface SessionOptions {
  /** @default DEFAULT_REQUEST_TIMEOUT_MS */
  requestTimeoutMs?: number;
  /** Whether progress restarts each request's wait, unless a request says otherwise. @default false */
  resetTimeoutOnProgress?: boolean;
  /** The hard limit of each request, whatever progress comes, unless a request says otherwise. @default no limit */
  maxTotalTimeoutMs?: number;
  /** The first id of the numbered requests. @default 1 */
  firstRequestId?: number;
  /** Called for each protocol violation the peer commits (they are also kept in `violations`). */
  onProtocolViolation?: (violation: ProtocolViolation) => void;
  /** Called for every notification from the peer, before the handlers of its method. */
  onNotification?: (notification: JsonRpcNotification) => void;
  /** Called for transport errors that do not close the session. */
  onError?: (error: Error) => void;
  /** Called once when the session closes, with the reason when it was not asked to. */
  onClose?: (reason: Error | undefined) => void;
  /**
   * Whether requests from the peer are answered (by their handler, or with -32601). When not, each is recorded as
   * an `unexpected-request` violation and left unanswered (2026-07-28: servers send no requests, clients no responses).
   * @default true
   */
  answerServerRequests?: boolean;
}

/**
 * A request awaiting its response: one object holds what closures per request used to (the timeout's state included),
 * so that a request in flight allocates little and keeps little alive.
 */
class PendingRequest implements TimedRequest {
  deadline = Number.POSITIVE_INFINITY;
  /** Whether `deadline` is the maximum total rather than the end of the current wait. */
  total = false;
  /** When the request was sent (`Date.now()`), for the maximum total; 0 when it has no timeout. */
  startedAt = 0;
  /** The abort listener on `signal`, when there is a signal. */
  onAbort: (() => void) | undefined = undefined;
  resolve: (value: unknown) => void = noop;
  reject: (error: Error) => void = noop;

  constructor(
    readonly id: RequestId,
    readonly method: string,
    /** Whether abandoning it tells the peer (`notifications/cancelled`). */
    readonly notifyCancel: boolean,
    /**
     * How it resolves: `undefined`, with the whole response; otherwise with the result, passed through this function
     * when there is one (its throw rejects), and it rejects with the JsonRpcError of an error response.
     */
    readonly read: ReadResult | undefined,
    readonly timeoutMs: number,
    readonly maxTotalMs: number | undefined,
    readonly resetOnProgress: boolean,
    readonly onProgress: ((update: ProgressUpdate) => void) | undefined,
    readonly signal: AbortSignal | undefined,
  ) {}

  /** Sets the deadline of a wait that starts `now`: the timeout, or the maximum total when that comes first. */
  restartWait(now: number): void {
    const end = now + this.timeoutMs;
    const total = this.maxTotalMs === undefined ? Number.POSITIVE_INFINITY : this.startedAt + this.maxTotalMs;
    this.total = total <= end;
    this.deadline = this.total ? total : end;
  }

  /** The limit that expired, in milliseconds, for the error and the cancellation reason. */
  get expiredLimitMs(): number {
    return this.total ? this.maxTotalMs! : this.timeoutMs;
  }
}

function noop(): void {}

/** Reads a result as it arrives (see {@link Session.requestAs}). */
type ReadResult = (result: Record<string, unknown>) => unknown;

/** Resolves with the result as it is. */
const RESULT: ReadResult = (result) => result;


/**
 * A JSON-RPC session.
 * @example
 * const session = new Session(transport);
 * await session.start();
 * const result = await session.request('tools/list', {}, { timeoutMs: 5000 });
 */
export class Session {
  /** Every violation the peer committed so far (at most {@link MAX_RECORDED_VIOLATIONS}). */
  readonly violations: ProtocolViolation[] = [];
  /** Whether requests from the peer are answered (see {@link SessionOptions.answerServerRequests}). */
  answerServerRequests: boolean;
  readonly #transport: Transport;
  readonly #options: SessionOptions;
  readonly #pending = createCorrelation<PendingRequest>();
  readonly #deadlines = createDeadlineTimer<PendingRequest>({
    items: () => this.#pending.values(),
    onExpired: (entry) => this.#abandon(entry, this.#timeoutError(entry.method, entry.expiredLimitMs, entry.total), `timed out after ${entry.expiredLimitMs} ms`),
  });
  readonly #serverRequests = createServerRequests((error) => this.#options.onError?.(error));
  readonly #notificationHandlers = createNotificationRouter();
  #nextId: number;
  #closeReason: Error | undefined;
  #state: 'new' | 'open' | 'closed' = 'new';

  constructor(transport: Transport, options: SessionOptions = {}) {
    this.#transport = transport;
    this.#options = options;
    this.#nextId = options.firstRequestId ?? 1;
    this.answerServerRequests = options.answerServerRequests ?? true;
  }

  /** The transport under this session. */
  get transport(): Transport {
    return this.#transport;
  }

  /** The transport's wire log, when it is one of ours. */
  get wire(): WireLog | undefined {
    return isObservableTransport(this.#transport) ? this.#transport.wire : undefined;
  }

  /** Whether the session is closed (by us or by the peer). */
  get closed(): boolean {
    return this.#state === 'closed';
  }

  /** Why the session closed when it was not asked to (the process exited, the connection dropped). */
  get closeReason(): Error | undefined {
    return this.#closeReason;
  }

  /** How many requests await their response. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Attaches to the transport and starts it. */
  async start(): Promise<void> {
    const transport = this.#transport;
    transport.onmessage = (message) => this.#receive(message);
    transport.onerror = (error) => this.#transportError(error);
    transport.onclose = () => this.#closed();
    this.#state = 'open';
    try {
      await transport.start();
    } catch (error) {
      this.#state = 'closed';
      throw error;
    }
  }

  /**
   * Sends a request and resolves with its result; rejects with a {@link JsonRpcError} for an error response, a
   * {@link TimeoutError}, a {@link CancelledError}, or the transport's error when the connection is lost.
   */
  request(method: string, params?: Record<string, unknown>, options: RequestOptions = NO_OPTIONS): Promise<Record<string, unknown>> {
    return this.#send(method, params, options, RESULT) as Promise<Record<string, unknown>>;
  }

  /**
   * Like {@link Session.request}, but resolves with `read(result)`, called as the response arrives; what `read` throws
   * rejects the request. One promise and one microtask fewer than `request(…).then(read)`, which a client that reads
   * every result (McpClient's typed methods) feels on each call.
   */
  requestAs<T>(method: string, params: Record<string, unknown> | undefined, options: RequestOptions, read: (result: Record<string, unknown>) => T): Promise<T> {
    return this.#send(method, params, options, read) as Promise<T>;
  }

  /**
   * Sends a request and resolves with the whole response, error or not (for checks that judge the response itself).
   */
  requestResponse(method: string, params?: Record<string, unknown>, options: RequestOptions = NO_OPTIONS): Promise<JsonRpcResponse> {
    return this.#send(method, params, options, undefined) as Promise<JsonRpcResponse>;
  }

  /**
   * Sends a frame as it is, and when `responseId` is given, waits for the response with that id (for checks that
   * send deliberately broken requests). The caller chooses an id that is not in use.
   */
  async sendRaw(frame: string, options: { responseId?: RequestId; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<JsonRpcResponse | undefined> {
    const transport = this.#observable('send a raw frame');
    if (options.responseId === undefined) {
      await transport.sendRaw(frame);
      return undefined;
    }
    return this.#track(options.responseId, 'raw frame', options, false, undefined, () => transport.sendRaw(frame)) as Promise<JsonRpcResponse>;
  }

  /** Sends a notification. */
  async notify(method: string, params?: Record<string, unknown>): Promise<void> {
    this.#assertOpen(`send "${method}"`);
    const message: JsonRpcNotification = params === undefined ? { jsonrpc: JSONRPC_VERSION, method } : { jsonrpc: JSONRPC_VERSION, method, params };
    await this.#transport.send(message);
  }

  /** Sends `ping` and resolves when the peer answers. */
  async ping(options?: RequestOptions): Promise<void> {
    await this.request('ping', undefined, options);
  }

  /** Sets (or with `undefined`, removes) the handler of a request method from the peer. */
  setRequestHandler(method: string, handler: ServerRequestHandler | undefined): void {
    this.#serverRequests.set(method, handler);
  }

  /** Whether a request method from the peer has a handler. */
  hasRequestHandler(method: string): boolean {
    return this.#serverRequests.has(method);
  }

  /** Adds a handler for a notification method; returns a function that removes it. */
  onNotification(method: string, handler: NotificationHandler): () => void {
    return this.#notificationHandlers.on(method, handler);
  }

  /** Closes the transport; pending requests fail with TRANSPORT_CLOSED. Idempotent. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    await this.#transport.close();
    // A transport that does not report its own close is closed all the same.
    this.#closed();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #send(method: string, params: Record<string, unknown> | undefined, options: RequestOptions, read: ReadResult | undefined): Promise<unknown> {
    if (this.#state !== 'open') return Promise.reject(this.#notOpen(`send "${method}"`));
    const id = options.id ?? this.#nextId++;
    let outParams = params;
    if (options.onProgress || options.meta) {
      const meta = { ...(params?._meta as Record<string, unknown> | undefined), ...options.meta };
      if (options.onProgress) meta.progressToken = id;
      outParams = { ...params, _meta: meta };
    }
    const message: JsonRpcRequest = outParams === undefined ? { jsonrpc: JSONRPC_VERSION, id, method } : { jsonrpc: JSONRPC_VERSION, id, method, params: outParams };
    // "The client MUST NOT cancel its initialize request": an aborted initialize is only abandoned.
    return this.#track(id, method, options, method !== 'initialize', read, () => this.#transport.send(message));
  }

  #track(
    id: RequestId,
    method: string,
    options: Pick<RequestOptions, 'timeoutMs' | 'resetTimeoutOnProgress' | 'maxTotalTimeoutMs' | 'signal' | 'onProgress'>,
    notifyCancel: boolean,
    read: ReadResult | undefined,
    send: () => Promise<void>,
  ): Promise<unknown> {
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(this.#cancelledError(method, signal.reason));
    if (this.#pending.has(id)) {
      return Promise.reject(new ProtocolError(formatMessage(`send "${method}"`, `request id ${JSON.stringify(id)} is already in flight`, 'Use a fresh id.')));
    }
    const timeoutMs = options.timeoutMs ?? this.#options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const maxTotalMs = options.maxTotalTimeoutMs ?? this.#options.maxTotalTimeoutMs;
    const entry = new PendingRequest(
      id,
      method,
      notifyCancel,
      read,
      timeoutMs,
      maxTotalMs,
      options.resetTimeoutOnProgress ?? this.#options.resetTimeoutOnProgress ?? false,
      options.onProgress,
      signal,
    );
    const promise = new Promise<unknown>((resolve, reject) => {
      entry.resolve = resolve;
      entry.reject = reject;
    });
    if (Number.isFinite(timeoutMs) || maxTotalMs !== undefined) {
      entry.startedAt = Date.now();
      entry.restartWait(entry.startedAt);
      this.#deadlines.watch(entry);
    }
    if (signal) {
      entry.onAbort = () => this.#abandon(entry, this.#cancelledError(method, signal.reason), reasonText(signal.reason) ?? 'cancelled by the client');
      signal.addEventListener('abort', entry.onAbort, { once: true });
    }
    this.#pending.add(id, entry);
    let sent: Promise<void>;
    try {
      sent = send();
    } catch (error) {
      // A transport whose send throws instead of rejecting.
      sent = Promise.reject(error);
    }
    sent.then(undefined, (error: unknown) => {
      if (!this.#pending.settle(id, 'abandoned')) return;
      this.#release(entry);
      entry.reject(error instanceof Error ? error : new TransportError(String(error)));
    });
    return promise;
  }

  /** Gives up on a request (timeout, cancellation) and tells the peer when it may. */
  #abandon(entry: PendingRequest, error: Error, reason: string): void {
    if (!this.#pending.settle(entry.id, 'abandoned')) return;
    this.#release(entry);
    entry.reject(error);
    if (entry.notifyCancel && this.#state === 'open') {
      this.notify('notifications/cancelled', { requestId: entry.id, reason }).catch((e: Error) => this.#options.onError?.(e));
    }
  }

  /** Stops a settled request's timeout and abort listener. */
  #release(entry: PendingRequest): void {
    this.#deadlines.unwatch(entry);
    if (entry.onAbort) entry.signal!.removeEventListener('abort', entry.onAbort);
  }

  #receive(message: JsonRpcMessage): void {
    const kind = classifyIncoming(message);
    switch (kind) {
      case 'result':
      case 'error':
        return this.#receiveResponse(message as JsonRpcResponse);
      case 'request':
        if (!this.answerServerRequests) {
          const request = message as JsonRpcRequest;
          return this.#violation('unexpected-request', `a request from the server ("${request.method}", id ${JSON.stringify(request.id)}), which this protocol version does not allow`, message);
        }
        return this.#serverRequests.handle(message as JsonRpcRequest, (response, requestId) =>
          this.#transport.send(response, { relatedRequestId: requestId }),
        );
      case 'notification':
        return this.#receiveNotification(message as JsonRpcNotification);
      case 'invalid':
        return this.#receiveInvalid(message);
    }
  }

  #receiveResponse(response: JsonRpcResponse): void {
    const id = response.id;
    if (id === undefined || id === null) {
      const error = (response as JsonRpcErrorResponse).error;
      this.#violation('uncorrelated-error', `an error response without an id: ${error.code} ${JSON.stringify(error.message)}`, response);
      return;
    }
    const entry = this.#pending.settle(id, 'answered');
    if (entry) {
      this.#release(entry);
      const read = entry.read;
      if (read === undefined) entry.resolve(response);
      else if ('error' in response) entry.reject(JsonRpcError.fromObject((response as JsonRpcErrorResponse).error));
      else if (read === RESULT) entry.resolve((response as JsonRpcResultResponse).result);
      else {
        let value: unknown;
        try {
          value = read((response as JsonRpcResultResponse).result);
        } catch (error) {
          entry.reject(error as Error);
          return;
        }
        entry.resolve(value as Record<string, unknown>);
      }
      return;
    }
    const settled = this.#pending.settledAs(id);
    // A response that crossed our cancellation or timeout on the wire is expected, not a violation.
    if (settled === 'abandoned') return;
    if (settled === 'answered') this.#violation('duplicate-response', `a second response to request ${JSON.stringify(id)}`, response);
    else this.#violation('unknown-response-id', `a response to request ${JSON.stringify(id)}, which was never sent`, response);
  }

  #receiveNotification(notification: JsonRpcNotification): void {
    const params = notification.params;
    if (notification.method === 'notifications/progress') this.#receiveProgress(notification);
    else if (notification.method === 'notifications/cancelled' && params && isRequestId(params.requestId)) {
      this.#serverRequests.cancel(params.requestId, params.reason);
    }
    const all = this.#options.onNotification;
    if (all) this.#callback(`the notification hook (${notification.method})`, () => all(notification));
    this.#notificationHandlers.dispatch(notification, (handler) => this.#callback(`a ${notification.method} handler`, () => handler(params, notification)));
  }

  #receiveProgress(notification: JsonRpcNotification): void {
    const params = notification.params ?? {};
    const token = params.progressToken;
    const entry = isRequestId(token) ? this.#pending.get(token) : undefined;
    if (!entry) {
      // Progress may race a response or a cancellation; only a token we never issued is a violation.
      if (isRequestId(token) && this.#pending.settledAs(token) !== undefined) return;
      this.#violation('unknown-progress-token', `progress for token ${JSON.stringify(token)}, which no request in flight carries`, notification);
      return;
    }
    if (entry.resetOnProgress && entry.deadline !== Number.POSITIVE_INFINITY) {
      entry.restartWait(Date.now());
      this.#deadlines.rescheduled(entry);
    }
    if (typeof params.progress !== 'number') return;
    const onProgress = entry.onProgress;
    if (!onProgress) return;
    const update: ProgressUpdate = {
      progress: params.progress,
      ...(typeof params.total === 'number' ? { total: params.total } : {}),
      ...(typeof params.message === 'string' ? { message: params.message } : {}),
    };
    this.#callback(`the progress callback of "${entry.method}"`, () => onProgress(update));
  }

  #receiveInvalid(message: unknown): void {
    const text = `a message that is not valid JSON-RPC 2.0: ${truncate(JSON.stringify(message))}`;
    this.#violation('malformed-message', text, message);
    // A malformed answer to a request in flight fails that request now rather than at its timeout.
    const id = typeof message === 'object' && message !== null ? (message as { id?: unknown }).id : undefined;
    if (!isRequestId(id) || ('method' in (message as object))) return;
    const entry = this.#pending.settle(id, 'answered');
    if (!entry) return;
    this.#release(entry);
    entry.reject(new ProtocolError(formatMessage(`read the response to "${entry.method}"`, text, 'The server must answer with a JSON-RPC 2.0 result or error.')));
  }

  #transportError(error: Error): void {
    // A response stream that broke for good: its requests will never be answered, so they fail now, not at their timeout.
    if (error instanceof ResponseStreamError) {
      for (const id of error.requestIds) {
        const entry = this.#pending.settle(id, 'abandoned');
        if (!entry) continue;
        this.#release(entry);
        entry.reject(error);
      }
      this.#options.onError?.(error);
      return;
    }
    // An error that says why the transport is closing (the process exited, the socket dropped with code 1006) is what
    // pending requests get, and what onClose reports; the transport reports it before it calls onclose.
    if (isCloseReason(error)) {
      if (this.#state !== 'closed') this.#closeReason ??= error;
      return;
    }
    if (error instanceof ProtocolError) this.#violation('unparseable-frame', error.message);
    this.#options.onError?.(error);
  }

  #closed(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#serverRequests.abortAll(this.#closeReason);
    this.#deadlines.stop();
    for (const entry of this.#pending.drain()) {
      this.#release(entry);
      entry.reject(
        this.#closeReason ??
          new TransportError(formatMessage(`get a response to "${entry.method}"`, 'the connection closed before the response arrived'), { code: 'TRANSPORT_CLOSED' }),
      );
    }
    this.#options.onClose?.(this.#closeReason);
  }

  #violation(kind: ProtocolViolation['kind'], message: string, received?: unknown): void {
    const violation: ProtocolViolation = received === undefined ? { kind, message } : { kind, message, received };
    if (this.violations.length < MAX_RECORDED_VIOLATIONS) this.violations.push(violation);
    const hook = this.#options.onProtocolViolation;
    if (hook) this.#callback('the protocol-violation hook', () => hook(violation));
  }

  /** Runs a caller's callback: what it throws goes to `onError`, never into the transport's read loop. */
  #callback(what: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.#options.onError?.(new McpConformError('PROTOCOL_ERROR', formatMessage(`run ${what}`, `it threw: ${reason}`, 'Fix the callback; the session goes on.'), { cause: error }));
    }
  }

  #assertOpen(action: string): void {
    if (this.#state !== 'open') throw this.#notOpen(action);
  }

  #notOpen(action: string): TransportError {
    const reason = this.#state === 'new' ? 'the session is not started' : 'the session is closed';
    return new TransportError(formatMessage(action, reason, 'Connect first.'), { code: this.#state === 'new' ? 'NOT_CONNECTED' : 'TRANSPORT_CLOSED', cause: this.#closeReason });
  }

  #observable(action: string) {
    if (!isObservableTransport(this.#transport)) {
      throw new TransportError(formatMessage(action, 'this transport cannot send raw frames', 'Use one of mcp-conform\'s transports.'), { code: 'CONFIG_INVALID' });
    }
    this.#assertOpen(action);
    return this.#transport;
  }

  #timeoutError(method: string, timeoutMs: number, total: boolean): TimeoutError {
    const reason = total ? `no response within the maximum total of ${timeoutMs} ms` : `no response within ${timeoutMs} ms`;
    return new TimeoutError(formatMessage(`get a response to "${method}"`, reason, 'Raise the timeout, or check that the server answers this method.'), { timeoutMs, method });
  }

  #cancelledError(method: string, reason: unknown): CancelledError {
    const why = reasonText(reason);
    return new CancelledError(formatMessage(`complete "${method}"`, `it was cancelled${why ? ` (${why})` : ''}`), { cause: reason });
  }
}

/** Whether a transport error tells why the channel closed (and so is followed by `onclose`). */
function isCloseReason(error: Error): boolean {
  return error instanceof ProcessError || (error instanceof McpConformError && error.code === 'TRANSPORT_CLOSED');
}

/** The options of a request that passes none (shared: the session never writes to options). */
const NO_OPTIONS: RequestOptions = Object.freeze({});

function reasonText(reason: unknown): string | undefined {
  if (reason === undefined) return undefined;
  if (reason instanceof Error) return reason.name === 'AbortError' ? undefined : reason.message;
  return String(reason);
}

function truncate(text: string | undefined, max = 200): string {
  if (text === undefined) return 'undefined';
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
