/**
 * A connection that heals: one McpClient at a time over any transport, with states and events, health checks by
 * ping, automatic reconnection with capped exponential backoff and jitter, startup / request / shutdown timeouts and
 * metrics. Requests in flight when the connection drops fail at once (the session rejects them); a call is never
 * re-sent: only the connection is re-established.
 */
import {
  AuthenticationError,
  ConfigError,
  ConnectionError,
  McpConformError,
  TimeoutError,
  formatMessage,
  type Transport,
} from '../../protocol/index.js';
import type { ServerDescription } from '../handshake.js';
import { McpClient, type CallToolOptions, type ListOptions, type McpClientOptions } from '../mcp-client.js';
import type { RequestOptions } from '../session/session.js';
import { computeBackoffDelay, type BackoffOptions } from './backoff.js';
import { systemClock, type Clock } from './clock.js';
import { createHealthTracker, type HealthSample } from './health.js';

/** The states of a connection. */
export type ConnectionState = 'disconnected' | 'connecting' | 'initializing' | 'connected' | 'reconnecting' | 'failed' | 'closing';

/** How long connecting and initializing may take. */
export const DEFAULT_STARTUP_TIMEOUT_MS = 30_000;
/** How long closing may take before the connection is dropped anyway. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 5_000;
/** Reconnection attempts after a drop before the connection fails. */
export const DEFAULT_MAX_RECONNECT_ATTEMPTS = 5;
/** Time between two health checks. */
export const DEFAULT_HEALTH_CHECK_INTERVAL_MS = 30_000;
/** How long one health check ping may take. */
export const DEFAULT_HEALTH_CHECK_TIMEOUT_MS = 5_000;
/** Failed health checks in a row that count as a lost connection. */
export const DEFAULT_HEALTH_FAILURES_BEFORE_RECONNECT = 3;

/** Reconnection settings. */
export interface ReconnectOptions extends BackoffOptions {
  /** @default DEFAULT_MAX_RECONNECT_ATTEMPTS */
  maxAttempts?: number;
}

/** Health check settings. */
export interface HealthCheckOptions {
  /** @default DEFAULT_HEALTH_CHECK_INTERVAL_MS */
  intervalMs?: number;
  /** @default DEFAULT_HEALTH_CHECK_TIMEOUT_MS */
  timeoutMs?: number;
  /** Checks the score looks back on. @default 10 */
  window?: number;
  /** A check slower than this counts half in the score. @default the timeout / 2 */
  slowMs?: number;
  /** @default DEFAULT_HEALTH_FAILURES_BEFORE_RECONNECT */
  failuresBeforeReconnect?: number;
}

/** Options of {@link createConnectionManager}. */
export interface ConnectionManagerOptions {
  /** Makes a fresh transport for each connection attempt. */
  createTransport: () => Transport | Promise<Transport>;
  /** Names the server in messages. @default 'the server' */
  name?: string;
  /** Options of each McpClient (the manager owns `onClose`). */
  client?: Omit<McpClientOptions, 'onClose' | 'requestTimeoutMs'>;
  /** Reconnect after a drop (and retry a failed first connect). `false` turns it off. @default {} */
  reconnect?: ReconnectOptions | false;
  /** Periodic health checks by ping. `false` turns them off. @default false */
  healthCheck?: HealthCheckOptions | false;
  /** @default DEFAULT_STARTUP_TIMEOUT_MS */
  startupTimeoutMs?: number;
  /** Default timeout of each request. @default the client's default */
  requestTimeoutMs?: number;
  /** @default DEFAULT_SHUTDOWN_TIMEOUT_MS */
  shutdownTimeoutMs?: number;
  /** Start a new session when the server says the current one expired (HTTP 404). @default true */
  reinitializeOnSessionExpired?: boolean;
  /** Timers, for tests. @default systemClock */
  clock?: Clock;
  /** Jitter source, for tests. @default Math.random */
  random?: () => number;
}

/** What the manager tells its listeners. */
export interface ConnectionEvents {
  state: { from: ConnectionState; to: ConnectionState };
  connected: { server: ServerDescription; attempt: number };
  disconnected: { reason: Error };
  reconnecting: { attempt: number; maxAttempts: number; delayMs: number; reason: Error };
  failed: { error: Error };
  health: HealthSample & { score: number; error?: Error };
  error: Error;
}

/** Counters of one manager, over its whole life. */
export interface ConnectionMetrics {
  state: ConnectionState;
  /** Successful connections (the first one and every reconnection). */
  connections: number;
  reconnections: number;
  /** Connection failures, drops, failed health checks and transport errors. */
  errors: number;
  requests: number;
  failedRequests: number;
  /** Time in the current connection, 0 when not connected. */
  uptimeMs: number;
  /** Time connected, all connections together. */
  totalUptimeMs: number;
  healthScore: number;
  lastError?: { message: string; code?: string; at: number };
  lastConnectedAt?: number;
}

/** A self-healing connection to one server. */
export interface ConnectionManager {
  readonly state: ConnectionState;
  /** The connected client; throws NOT_CONNECTED when there is none. */
  readonly client: McpClient;
  readonly metrics: ConnectionMetrics;
  /** Connects (retrying with backoff when reconnection is on); resolves once connected. */
  connect(): Promise<ServerDescription>;
  /** Runs one call on the connected client, counted in the metrics; never re-sent when the connection drops. */
  run<T>(what: string, call: (client: McpClient) => Promise<T>): Promise<T>;
  callTool(params: Parameters<McpClient['callTool']>[0], options?: CallToolOptions): ReturnType<McpClient['callTool']>;
  listTools(options?: ListOptions): ReturnType<McpClient['listTools']>;
  ping(options?: RequestOptions): Promise<void>;
  /** Runs one health check now. */
  checkHealth(): Promise<HealthSample>;
  /** Closes the connection and stops reconnecting. Idempotent. */
  close(): Promise<void>;
  /** Listens to an event; returns a function that stops listening. */
  on<E extends keyof ConnectionEvents>(event: E, listener: (payload: ConnectionEvents[E]) => void): () => void;
}

/**
 * Creates a connection manager (it does not connect until `connect()`).
 * @example
 * const connection = createConnectionManager({
 *   name: 'files',
 *   createTransport: () => new StreamableHttpClientTransport('http://127.0.0.1:3000/mcp'),
 *   healthCheck: { intervalMs: 10_000 },
 * });
 * connection.on('state', ({ to }) => console.log(to));
 * await connection.connect();
 */
export function createConnectionManager(options: ConnectionManagerOptions): ConnectionManager {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const name = options.name ?? 'the server';
  const reconnect = options.reconnect === false ? undefined : (options.reconnect ?? {});
  const maxAttempts = reconnect?.maxAttempts ?? DEFAULT_MAX_RECONNECT_ATTEMPTS;
  const healthOptions = options.healthCheck === false || options.healthCheck === undefined ? undefined : options.healthCheck;
  const healthTimeoutMs = healthOptions?.timeoutMs ?? DEFAULT_HEALTH_CHECK_TIMEOUT_MS;
  const health = createHealthTracker({ window: healthOptions?.window ?? 10, slowMs: healthOptions?.slowMs ?? healthTimeoutMs / 2 });
  const reinitializeOnSessionExpired = options.reinitializeOnSessionExpired ?? true;
  const listeners = new Map<keyof ConnectionEvents, Set<(payload: never) => void>>();

  let state: ConnectionState = 'disconnected';
  let client: McpClient | undefined;
  let connectedAt: number | undefined;
  let reconnectAttempt = 0;
  let healthTimer: unknown;
  let sleeping: { handle: unknown; wake: () => void } | undefined;
  let dropReason: Error | undefined;
  let connecting: Promise<ServerDescription> | undefined;
  const metrics = { connections: 0, reconnections: 0, errors: 0, requests: 0, failedRequests: 0, totalUptimeMs: 0 } as Omit<ConnectionMetrics, 'state' | 'uptimeMs' | 'healthScore'>;

  const emit = <E extends keyof ConnectionEvents>(event: E, payload: ConnectionEvents[E]) => {
    for (const listener of listeners.get(event) ?? []) (listener as (p: ConnectionEvents[E]) => void)(payload);
  };
  const setState = (to: ConnectionState) => {
    if (to === state) return;
    const from = state;
    state = to;
    emit('state', { from, to });
  };
  const noteError = (error: Error) => {
    metrics.errors++;
    metrics.lastError = { message: error.message, at: clock.now(), ...(error instanceof McpConformError ? { code: error.code } : {}) };
  };
  const stopUptime = () => {
    if (connectedAt !== undefined) metrics.totalUptimeMs += clock.now() - connectedAt;
    connectedAt = undefined;
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const handle = clock.setTimeout(() => {
        sleeping = undefined;
        resolve();
      }, ms);
      sleeping = { handle, wake: resolve };
    });
  const isClosing = () => state === 'closing' || state === 'disconnected';

  /** One attempt: a fresh transport, a fresh client, bounded by the startup timeout. */
  const establish = async (): Promise<ServerDescription> => {
    setState('connecting');
    const transport = await options.createTransport();
    const start = transport.start.bind(transport);
    transport.start = async () => {
      await start();
      if (state === 'connecting') setState('initializing');
    };
    const next: McpClient = new McpClient({
      ...options.client,
      ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
      onError: (error) => {
        noteError(error);
        emit('error', error);
        options.client?.onError?.(error);
      },
      onClose: (reason) => onClientClosed(next, reason),
    });
    const startupTimeoutMs = options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS;
    let timer: unknown;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = clock.setTimeout(() => {
        reject(
          new TimeoutError(
            formatMessage(`connect to ${name}`, `connecting and initializing took longer than ${startupTimeoutMs} ms`, 'Check that the server starts, or raise the startup timeout.'),
            { timeoutMs: startupTimeoutMs, method: 'initialize' },
          ),
        );
      }, startupTimeoutMs);
    });
    try {
      const server = await Promise.race([next.connect(transport), timeout]);
      if (isClosing()) throw closedError('connect');
      client = next;
      connectedAt = clock.now();
      metrics.connections++;
      metrics.lastConnectedAt = connectedAt;
      health.reset();
      setState('connected');
      scheduleHealthCheck();
      return server;
    } catch (error) {
      void closeBounded(next);
      throw error;
    } finally {
      clock.clearTimeout(timer);
    }
  };

  const closeBounded = async (target: McpClient) => {
    const shutdownTimeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
    let timer: unknown;
    await Promise.race([
      target.close().catch(() => {}),
      new Promise<void>((resolve) => {
        timer = clock.setTimeout(resolve, shutdownTimeoutMs);
      }),
    ]);
    clock.clearTimeout(timer);
  };

  const onClientClosed = (closed: McpClient, reason: Error | undefined) => {
    if (closed !== client || isClosing()) return;
    client = undefined;
    stopUptime();
    stopHealthChecks();
    const error =
      dropReason ??
      reason ??
      new ConnectionError(formatMessage(`keep the connection to ${name}`, 'the connection closed', reconnect ? 'Reconnecting.' : 'Connect again.'), { code: 'TRANSPORT_CLOSED' });
    dropReason = undefined;
    noteError(error);
    emit('disconnected', { reason: error });
    if (!reconnect) {
      setState('failed');
      emit('failed', { error });
      return;
    }
    // A caller of connect() during the loop gets its outcome; nobody else has to handle its failure (the `failed` event says it).
    const loop = reconnectLoop(error, 0);
    loop.catch(() => {});
    connecting = loop;
  };

  const isRetryable = (error: unknown) => !(error instanceof AuthenticationError) && !(error instanceof ConfigError);

  /** Attempts `first + 1 … maxAttempts` with backoff; sets `failed` when they run out. */
  const reconnectLoop = async (reason: Error, first: number): Promise<ServerDescription> => {
    let last = reason;
    for (let attempt = first + 1; attempt <= maxAttempts; attempt++) {
      reconnectAttempt = attempt;
      const delayMs = computeBackoffDelay(attempt - 1, reconnect, random);
      setState('reconnecting');
      emit('reconnecting', { attempt, maxAttempts, delayMs, reason: last });
      await sleep(delayMs);
      if (isClosing()) throw closedError('reconnect');
      try {
        const server = await establish();
        metrics.reconnections++;
        reconnectAttempt = 0;
        emit('connected', { server, attempt });
        return server;
      } catch (error) {
        last = error as Error;
        noteError(last);
        if (isClosing()) throw closedError('reconnect');
        if (!isRetryable(error)) break;
      }
    }
    reconnectAttempt = 0;
    const error = new ConnectionError(
      formatMessage(`reconnect to ${name}`, `gave up after ${maxAttempts} attempt${maxAttempts === 1 ? '' : 's'}; the last one failed: ${last.message}`, 'Check the server, then connect again.'),
      { cause: last },
    );
    setState('failed');
    emit('failed', { error });
    throw error;
  };

  const closedError = (what: string) =>
    new ConnectionError(formatMessage(`${what} to ${name}`, 'the connection manager was closed', 'Create or connect it again.'), { code: 'TRANSPORT_CLOSED' });

  const scheduleHealthCheck = () => {
    if (!healthOptions) return;
    stopHealthChecks();
    healthTimer = clock.setTimeout(() => {
      healthTimer = undefined;
      void manager.checkHealth().finally(() => {
        if (state === 'connected') scheduleHealthCheck();
      });
    }, healthOptions.intervalMs ?? DEFAULT_HEALTH_CHECK_INTERVAL_MS);
  };
  const stopHealthChecks = () => {
    if (healthTimer !== undefined) clock.clearTimeout(healthTimer);
    healthTimer = undefined;
  };

  const manager: ConnectionManager = {
    get state() {
      return state;
    },
    get client() {
      if (!client || state !== 'connected') throw notConnected('use the client');
      return client;
    },
    get metrics() {
      return {
        ...metrics,
        state,
        uptimeMs: connectedAt === undefined ? 0 : clock.now() - connectedAt,
        totalUptimeMs: metrics.totalUptimeMs + (connectedAt === undefined ? 0 : clock.now() - connectedAt),
        healthScore: health.score,
      };
    },
    async connect() {
      if (connecting && (state === 'connecting' || state === 'initializing' || state === 'reconnecting')) return connecting;
      if (state === 'connected' && client) throw new ConnectionError(formatMessage(`connect to ${name}`, 'it is already connected', 'Close it first.'));
      const attempt = async () => {
        try {
          const server = await establish();
          emit('connected', { server, attempt: 0 });
          return server;
        } catch (error) {
          noteError(error as Error);
          if (isClosing()) throw error;
          if (!reconnect || !isRetryable(error) || maxAttempts === 0) {
            setState('failed');
            emit('failed', { error: error as Error });
            throw error;
          }
          return reconnectLoop(error as Error, 0);
        }
      };
      connecting = attempt();
      return connecting;
    },
    async run(what, call) {
      if (!client || state !== 'connected') throw notConnected(what);
      const current = client;
      metrics.requests++;
      try {
        return await call(current);
      } catch (error) {
        metrics.failedRequests++;
        if (error instanceof McpConformError && error.code === 'SESSION_EXPIRED' && client === current && reinitializeOnSessionExpired) {
          // "the client MUST start a new session by sending a new InitializeRequest without a session ID attached".
          // The call that hit the 404 is not re-sent; the connection (and its session) is made again.
          dropReason = error;
          void closeBounded(current);
        }
        throw error;
      }
    },
    callTool(params, callOptions) {
      return manager.run(`call tool "${params.name}"`, (c) => c.callTool(params, callOptions));
    },
    listTools(listOptions) {
      return manager.run('list tools', (c) => c.listTools(listOptions));
    },
    ping(requestOptions) {
      return manager.run('ping', (c) => c.ping(requestOptions));
    },
    async checkHealth() {
      const current = client;
      if (!current || state !== 'connected') throw notConnected('check the health');
      const startedAt = clock.now();
      let sample: HealthSample;
      let failure: Error | undefined;
      try {
        await current.ping({ timeoutMs: healthTimeoutMs });
        sample = { ok: true, latencyMs: clock.now() - startedAt };
      } catch (error) {
        failure = error as Error;
        sample = { ok: false, latencyMs: clock.now() - startedAt };
      }
      health.record(sample);
      emit('health', { ...sample, score: health.score, ...(failure ? { error: failure } : {}) });
      if (failure) {
        noteError(failure);
        const limit = healthOptions?.failuresBeforeReconnect ?? DEFAULT_HEALTH_FAILURES_BEFORE_RECONNECT;
        if (health.consecutiveFailures >= limit && client === current) {
          // The server stopped answering: drop this connection (its pending calls fail) and let reconnection work.
          dropReason = new ConnectionError(
            formatMessage(`keep the connection to ${name}`, `${limit} health checks in a row failed; the last one: ${failure.message}`, reconnect ? 'Reconnecting.' : 'Connect again.'),
            { cause: failure },
          );
          await closeBounded(current);
        }
      }
      return sample;
    },
    async close() {
      if (state === 'disconnected' && !client) return;
      setState('closing');
      stopHealthChecks();
      if (sleeping) {
        clock.clearTimeout(sleeping.handle);
        sleeping.wake();
        sleeping = undefined;
      }
      const current = client;
      client = undefined;
      stopUptime();
      if (current) await closeBounded(current);
      setState('disconnected');
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
  };

  const notConnected = (what: string) => {
    const detail =
      state === 'reconnecting' && reconnectAttempt > 0
        ? `the connection is reconnecting (attempt ${reconnectAttempt} of ${maxAttempts})`
        : state === 'failed'
          ? `the connection failed${metrics.lastError ? ` (${metrics.lastError.message})` : ''}`
          : `the connection is ${state}`;
    return new ConnectionError(formatMessage(`${what} on ${name}`, detail, 'Wait for the "connected" event and call again; calls are never re-sent automatically.'), {
      code: 'NOT_CONNECTED',
    });
  };

  return manager;
}
