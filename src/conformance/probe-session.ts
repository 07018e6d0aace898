/**
 * A probe session: the harness's low-level client over one Transport. Checks need exact control of the wire (their
 * own ids, raw frames, responses kept as they came, errors returned rather than thrown), so this is a thin layer over
 * the Transport and its wire log, not the typed client.
 */
import { ProcessError, TimeoutError, TransportError, formatMessage } from '../protocol/errors.js';
import type { JsonRpcMessage, JsonRpcResponse, RequestId } from '../protocol/jsonrpc.js';
import { isObservableTransport, type ObservableTransport, type Transport } from '../protocol/transport.js';
import { eraOf, type ProtocolVersion } from '../protocol/versions.js';
import { createWireLog, parseFrame, type WireEvent, type WireFrameEvent, type WireLog } from '../protocol/wire.js';

/** How long a probe request waits for its response when the caller names no limit (generous: a loaded CI machine
 * answers slowly, and a false timeout is a false failure). @default 10_000 */
export const DEFAULT_PROBE_REQUEST_TIMEOUT_MS = 10_000;

/** The client identity the harness presents. */
export const HARNESS_CLIENT_INFO = { name: 'mcp-conform', version: '0.1.0' } as const;

/** A request the server sent to the harness (sampling, roots, elicitation, ping, …). */
export interface ServerRequest {
  readonly id: RequestId;
  readonly method: string;
  readonly params?: Record<string, unknown>;
}

/** The answer the harness sends to one server request: a result or an error. */
export type ServerRequestAnswer = { result: Record<string, unknown> } | { error: { code: number; message: string; data?: unknown } };

/**
 * Decides how the session answers one server request. `undefined` leaves it unanswered (in progress) until the check
 * answers it with {@link ProbeSession.respond}.
 */
export type ServerRequestResponder = (request: ServerRequest) => ServerRequestAnswer | undefined;

/** The text of the harness's answer to `sampling/createMessage`: fixed, short, and plainly not a model's. */
export const HARNESS_SAMPLING_TEXT = 'mcp-conform: a fixed sampling answer';

/**
 * The harmless, valid result the harness gives a server's request for input, or undefined for a method it does not
 * answer: `sampling/createMessage` gets a short fixed text ({@link HARNESS_SAMPLING_TEXT}), `elicitation/create` a
 * `decline` (the user said no: nothing is submitted), `roots/list` an empty list. The same results fill 2026-07-28
 * `inputResponses`.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/client/elicitation#response-actions
 */
export function harmlessInputResult(method: string): Record<string, unknown> | undefined {
  switch (method) {
    case 'sampling/createMessage':
      return { role: 'assistant', content: { type: 'text', text: HARNESS_SAMPLING_TEXT }, model: HARNESS_CLIENT_INFO.name, stopReason: 'endTurn' };
    case 'elicitation/create':
      return { action: 'decline' };
    case 'roots/list':
      return { roots: [] };
    default:
      return undefined;
  }
}

/** The client capability a server request for input needs (`sampling/createMessage` → `sampling`, …). */
export const INPUT_REQUEST_CAPABILITIES: Readonly<Record<string, string>> = {
  'sampling/createMessage': 'sampling',
  'elicitation/create': 'elicitation',
  'roots/list': 'roots',
};

/**
 * How a probe session answers a server request unless told otherwise: `ping` gets `{}`; a request for input whose
 * client capability the session declared gets {@link harmlessInputResult}; anything else gets -32601, as a client
 * that declared no such capability would answer.
 */
export function defaultServerRequestAnswer(request: ServerRequest, clientCapabilities: Record<string, unknown>): ServerRequestAnswer {
  if (request.method === 'ping') return { result: {} };
  const capability = INPUT_REQUEST_CAPABILITIES[request.method];
  const result = capability !== undefined && capability in clientCapabilities ? harmlessInputResult(request.method) : undefined;
  return result ? { result } : { error: { code: -32601, message: `Method not found: ${request.method}` } };
}

/** Options of one probe request. */
export interface ProbeRequestOptions {
  /** The id to use (else the next integer). */
  id?: RequestId;
  /** @default the session's request timeout */
  timeoutMs?: number;
  /** For 2026-07-28: do not add the per-request `_meta` fields (to test a server's reaction to their absence). */
  omitModernMeta?: boolean;
}

/** A live probe session. */
export interface ProbeSession extends AsyncDisposable {
  /** The transport's wire log (every frame both ways, stderr and lifecycle events). */
  readonly wire: WireLog;
  /** The protocol version the session speaks (set by the handshake, or by the caller). */
  readonly version: ProtocolVersion | undefined;
  /** Sets the version the session speaks, and tells the transport (HTTP sends it as `MCP-Protocol-Version`). */
  setVersion(version: ProtocolVersion): void;
  /** Every message the server sent, in order (parsed frames only; see `wire` for the rest). */
  readonly received: readonly JsonRpcMessage[];
  /** Responses whose id matched no pending request (a wrong id, a duplicate, a response to a notification). */
  readonly unmatched: readonly JsonRpcResponse[];
  /** The requests still waiting for a response, as `method (id …)`. */
  readonly pending: readonly string[];
  /** Whether the transport has closed (the process exited or the connection dropped). */
  readonly closed: boolean;
  /** Sends a request; resolves with its response (result or error, as received); rejects on timeout or disconnect. */
  request(method: string, params?: Record<string, unknown>, options?: ProbeRequestOptions): Promise<JsonRpcResponse>;
  /** Sends a notification. */
  notify(method: string, params?: Record<string, unknown>): Promise<void>;
  /** Sends one frame exactly as given (stdio: one line). */
  sendRaw(frame: string): Promise<void>;
  /**
   * The client capabilities the session declares (`{}` unless {@link declareClientCapabilities} said otherwise): the
   * legacy handshake sends them in `initialize` (see `enterVersion`), and every 2026-07-28 request carries them in
   * `_meta`.
   */
  readonly clientCapabilities: Record<string, unknown>;
  /**
   * Declares client capabilities (`roots`, `sampling`, `elicitation`: only what the check needs). On a legacy version
   * call it before the handshake, which sends them; on 2026-07-28 every later request carries them. The session then
   * answers the server's requests that they allow with {@link harmlessInputResult}, and records every exchange.
   */
  declareClientCapabilities(capabilities: Record<string, unknown>): void;
  /** Replaces how the session answers server requests (`undefined` restores {@link defaultServerRequestAnswer}). */
  answerServerRequestsWith(responder: ServerRequestResponder | undefined): void;
  /** Answers a server request the responder left unanswered. */
  respond(id: RequestId, answer: ServerRequestAnswer): Promise<void>;
  /** Collects the messages the server sends during `ms` milliseconds (or until the transport closes). */
  collect(ms: number): Promise<JsonRpcMessage[]>;
  /** Closes the transport (the process is stopped). */
  close(): Promise<void>;
}

/** Options of {@link createProbeSession}. */
export interface ProbeSessionOptions {
  /** @default DEFAULT_PROBE_REQUEST_TIMEOUT_MS */
  requestTimeoutMs?: number;
  /** The version to speak before any handshake (for 2026-07-28, whose requests carry it). */
  version?: ProtocolVersion;
  /** The client capabilities to declare (see {@link ProbeSession.declareClientCapabilities}). @default {} */
  clientCapabilities?: Record<string, unknown>;
  /** How to answer server requests. @default defaultServerRequestAnswer */
  onServerRequest?: ServerRequestResponder;
}

interface Pending {
  method: string;
  id: RequestId;
  resolve: (response: JsonRpcResponse) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

const idKey = (id: unknown): string => `${typeof id}:${String(id)}`;

/**
 * Starts a probe session over a transport (it calls `transport.start()`). Server→client `ping` requests are answered
 * with `{}`; by default the session declares no client capability, so every other server request gets -32601 (see
 * {@link defaultServerRequestAnswer} and `clientCapabilities`).
 */
export async function createProbeSession(transport: Transport, options: ProbeSessionOptions = {}): Promise<ProbeSession> {
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_PROBE_REQUEST_TIMEOUT_MS;
  const wire: WireLog = isObservableTransport(transport) ? transport.wire : createWireLog();
  const observable = isObservableTransport(transport) ? (transport as ObservableTransport) : undefined;
  const pending = new Map<string, Pending>();
  const received: JsonRpcMessage[] = [];
  const unmatched: JsonRpcResponse[] = [];
  const listeners = new Set<(message: JsonRpcMessage) => void>();
  const closeListeners = new Set<() => void>();
  let nextId = 1;
  let closed = false;
  let version = options.version;
  let clientCapabilities: Record<string, unknown> = { ...options.clientCapabilities };
  let responder: ServerRequestResponder | undefined = options.onServerRequest;

  const handle = (message: JsonRpcMessage): void => {
    received.push(message);
    for (const listener of listeners) listener(message);
    const m = message as Record<string, unknown>;
    if (('result' in m || 'error' in m) && !('method' in m)) {
      const entry = pending.get(idKey(m.id));
      if (entry) {
        pending.delete(idKey(m.id));
        clearTimeout(entry.timer);
        entry.resolve(message as JsonRpcResponse);
      } else unmatched.push(message as JsonRpcResponse);
      return;
    }
    if (typeof m.method === 'string' && 'id' in m && (typeof m.id === 'string' || typeof m.id === 'number')) {
      // A request from the server: answer ping, answer what the declared capabilities allow, refuse the rest.
      const request: ServerRequest = { id: m.id, method: m.method, ...(isRecord(m.params) ? { params: m.params } : {}) };
      const answer = responder ? responder(request) : defaultServerRequestAnswer(request, clientCapabilities);
      if (answer) void send({ jsonrpc: '2.0', id: m.id, ...answer } as JsonRpcMessage).catch(() => undefined);
    }
  };

  const dispatchBatch = (value: unknown): void => {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'object' && item !== null) handle(item as JsonRpcMessage);
    }
  };

  if (observable) {
    wire.observe((event) => {
      // A raw probe's answers (a check's own HTTP exchange, recorded here as evidence) are not this session's messages.
      if (event.kind === 'frame' && event.direction === 'in' && event.message !== undefined && event.meta?.outOfSession !== true) dispatchBatch(event.message);
    });
    transport.onmessage = () => undefined;
  } else {
    transport.onmessage = (message) => {
      const raw = JSON.stringify(message);
      wire.record({ kind: 'frame', direction: 'in', transport: 'memory', raw, ...parseFrame(raw) });
      dispatchBatch(message);
    };
  }

  const goneError = (method: string): Error => {
    const exit = [...wire.events].reverse().find((e) => e.kind === 'lifecycle' && e.event === 'exit');
    const stderr = stderrTail(wire.events);
    if (exit && exit.kind === 'lifecycle') {
      const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.exitCode ?? 'unknown'}`;
      return new ProcessError(
        `the server process ${how} before answering ${method}${stderr ? ` (stderr: ${stderr})` : ''}`,
        { exitCode: exit.exitCode ?? null, signal: exit.signal ?? null, stderrTail: stderr },
      );
    }
    return new TransportError(`the connection closed before the server answered ${method}`, { code: 'TRANSPORT_CLOSED' });
  };

  transport.onclose = () => {
    closed = true;
    for (const [key, entry] of pending) {
      pending.delete(key);
      clearTimeout(entry.timer);
      entry.reject(goneError(entry.method));
    }
    for (const listener of closeListeners) listener();
  };
  transport.onerror = () => undefined;

  const send = async (message: JsonRpcMessage): Promise<void> => {
    if (!observable) wire.record({ kind: 'frame', direction: 'out', transport: 'memory', raw: JSON.stringify(message), message });
    await transport.send(message);
  };

  await transport.start();

  const session: ProbeSession = {
    wire,
    get version() {
      return version;
    },
    setVersion(next) {
      version = next;
      transport.setProtocolVersion?.(next);
    },
    received,
    unmatched,
    get clientCapabilities() {
      return clientCapabilities;
    },
    declareClientCapabilities(capabilities) {
      clientCapabilities = { ...capabilities };
    },
    answerServerRequestsWith(next) {
      responder = next;
    },
    async respond(id, answer) {
      await send({ jsonrpc: '2.0', id, ...answer } as JsonRpcMessage);
    },
    get closed() {
      return closed;
    },
    get pending() {
      return [...pending.values()].map((p) => `${p.method} (id ${JSON.stringify(p.id)})`);
    },
    request(method, params, requestOptions = {}) {
      const id = requestOptions.id ?? nextId++;
      const timeoutMs = requestOptions.timeoutMs ?? requestTimeoutMs;
      const finalParams =
        version && eraOf(version) === 'modern' && !requestOptions.omitModernMeta
          ? withModernMeta(version, params, clientCapabilities)
          : params;
      const message: JsonRpcMessage =
        finalParams === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params: finalParams };
      return new Promise<JsonRpcResponse>((resolve, reject) => {
        if (closed) {
          reject(goneError(method));
          return;
        }
        const timer = setTimeout(() => {
          pending.delete(idKey(id));
          reject(new TimeoutError(`${method} (id ${JSON.stringify(id)}) got no response within ${timeoutMs} ms`, { timeoutMs, method }));
        }, timeoutMs);
        pending.set(idKey(id), { method, id, resolve, reject, timer });
        send(message).catch((error: unknown) => {
          pending.delete(idKey(id));
          clearTimeout(timer);
          reject(closed ? goneError(method) : (error as Error));
        });
      });
    },
    async notify(method, params) {
      await send(params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params });
    },
    async sendRaw(frame) {
      if (!observable) throw new TransportError(formatMessage('send a raw frame', 'the transport has no sendRaw', 'Use one of mcp-conform\'s transports.'));
      await observable.sendRaw(frame);
    },
    collect(ms) {
      return new Promise((resolve) => {
        const got: JsonRpcMessage[] = [];
        const listener = (message: JsonRpcMessage): void => void got.push(message);
        const finish = (): void => {
          clearTimeout(timer);
          listeners.delete(listener);
          closeListeners.delete(finish);
          resolve(got);
        };
        const timer = setTimeout(finish, ms);
        listeners.add(listener);
        if (closed) finish();
        else closeListeners.add(finish);
      });
    },
    async close() {
      for (const [key, entry] of pending) {
        pending.delete(key);
        clearTimeout(entry.timer);
        entry.reject(new TransportError(`the session was closed before ${entry.method} was answered`, { code: 'TRANSPORT_CLOSED' }));
      }
      await transport.close();
    },
    async [Symbol.asyncDispose]() {
      await session.close();
    },
  };
  return session;
}

/**
 * Adds the 2026-07-28 per-request `_meta` fields (protocol version, client capabilities, client info); fields already
 * in `params._meta` win.
 */
export function withModernMeta(
  version: ProtocolVersion,
  params: Record<string, unknown> = {},
  clientCapabilities: Record<string, unknown> = {},
): Record<string, unknown> {
  const meta = (params._meta as Record<string, unknown> | undefined) ?? {};
  return {
    ...params,
    _meta: {
      'io.modelcontextprotocol/protocolVersion': version,
      'io.modelcontextprotocol/clientCapabilities': clientCapabilities,
      'io.modelcontextprotocol/clientInfo': HARNESS_CLIENT_INFO,
      ...meta,
    },
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The last characters the server wrote to stderr, on one line. */
export function stderrTail(events: readonly WireEvent[], maxChars = 300): string {
  const text = events
    .filter((e) => e.kind === 'stderr')
    .map((e) => (e.kind === 'stderr' ? e.text : ''))
    .join('');
  const trimmed = text.trim().replace(/\s*\n\s*/g, ' | ');
  return trimmed.length > maxChars ? `…${trimmed.slice(-maxChars)}` : trimmed;
}

/** The frames the server sent, in order. */
export function incomingFrames(events: readonly WireEvent[]): WireFrameEvent[] {
  return events.filter((e): e is WireFrameEvent => e.kind === 'frame' && e.direction === 'in');
}

/** The frames of one exchange: the first request with `method`, and the response that carries its id. */
export function exchangeFrames(events: readonly WireEvent[], method: string): WireFrameEvent[] {
  const frames = events.filter((e): e is WireFrameEvent => e.kind === 'frame');
  const request = frames.find((f) => f.direction === 'out' && (f.message as { method?: unknown } | undefined)?.method === method);
  if (!request) return [];
  const id = (request.message as { id?: unknown }).id;
  const response = frames.find(
    (f) => f.direction === 'in' && f.seq > request.seq && (f.message as { id?: unknown; method?: unknown } | undefined)?.id === id && !('method' in (f.message as object)),
  );
  return response ? [request, response] : [request];
}
