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
 * with `{}` and every other server request with -32601, since the harness declares no client capability.
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
      // A request from the server: answer ping, refuse the rest (no client capability was declared).
      const reply =
        m.method === 'ping'
          ? { jsonrpc: '2.0' as const, id: m.id, result: {} }
          : { jsonrpc: '2.0' as const, id: m.id, error: { code: -32601, message: `Method not found: ${m.method}` } };
      void transport.send(reply).catch(() => undefined);
    }
  };

  const dispatchBatch = (value: unknown): void => {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'object' && item !== null) handle(item as JsonRpcMessage);
    }
  };

  if (observable) {
    wire.observe((event) => {
      if (event.kind === 'frame' && event.direction === 'in' && event.message !== undefined) dispatchBatch(event.message);
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
          ? withModernMeta(version, params)
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

/** Adds the 2026-07-28 per-request `_meta` fields (protocol version, client capabilities, client info). */
export function withModernMeta(version: ProtocolVersion, params: Record<string, unknown> = {}): Record<string, unknown> {
  const meta = (params._meta as Record<string, unknown> | undefined) ?? {};
  return {
    ...params,
    _meta: {
      'io.modelcontextprotocol/protocolVersion': version,
      'io.modelcontextprotocol/clientCapabilities': {},
      'io.modelcontextprotocol/clientInfo': HARNESS_CLIENT_INFO,
      ...meta,
    },
  };
}

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
