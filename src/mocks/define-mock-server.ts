/**
 * `defineMockServer`: a scriptable MCP server for testing clients. It is correct by default in every released
 * protocol version, its behaviour is a list of handler values (`mcp.tool`, `mcp.fault.*`, …), and it records
 * everything it receives. Adapters (stdio, HTTP, WebSocket, MSW) serve it.
 */
import type { JsonRpcNotification, JsonRpcRequest } from '../protocol/jsonrpc.js';
import { formatMessage, TimeoutError } from '../protocol/errors.js';
import { PROTOCOL_VERSIONS, compareVersions, eraOf, supports, type ProtocolVersion } from '../protocol/versions.js';
import type { FaultHandler } from './faults.js';
import {
  isMockHandler,
  mcp,
  type MockHandler,
  type PromptArgument,
  type PromptHandler,
  type ResourceHandler,
  type ToolHandler,
  type ToolResolverOutput,
} from './handlers.js';
import { createMockSession, type BroadcastTopic, type MockSession, type MockSessionOptions } from './mock-session.js';
import type { JsonObject, MockRequestContext, MockTransportKind } from './types.js';

/** A tool written as data (JSON fixtures): its definition and a fixed result. */
export interface ToolSpec {
  name: string;
  description?: string;
  title?: string;
  inputSchema?: JsonObject;
  outputSchema?: JsonObject;
  annotations?: JsonObject;
  /** The result every call gets (a `CallToolResult`, a string, or content items). */
  result?: ToolResolverOutput;
}

/** A resource written as data. */
export interface ResourceSpec {
  uri?: string;
  uriTemplate?: string;
  name?: string;
  title?: string;
  description?: string;
  mimeType?: string;
  text?: string;
  /** Base64. */
  blob?: string;
}

/** A prompt written as data. */
export interface PromptSpec {
  name: string;
  description?: string;
  title?: string;
  arguments?: PromptArgument[];
  /** `PromptMessage`s; `{{arg}}` in text content is replaced by the argument's value. */
  messages?: JsonObject[];
}

/** What to do with a request no handler answers (it always gets -32601 on the wire). */
export type UnhandledMethodPolicy =
  | 'error'
  | 'warn'
  | 'ignore'
  | ((request: JsonRpcRequest, context: MockRequestContext) => JsonObject | undefined | Promise<JsonObject | undefined>);

/** Options of {@link defineMockServer}. */
export interface MockServerOptions {
  /** @default { name: 'mcp-conform-mock', version: '1.0.0' } */
  serverInfo?: { name: string; version: string } & JsonObject;
  /** The versions it speaks. @default every released version */
  protocolVersions?: readonly ProtocolVersion[];
  /** Merged over the capabilities derived from the handlers (a function gets the version). */
  capabilities?: JsonObject | ((version: ProtocolVersion) => JsonObject);
  instructions?: string;
  tools?: Array<ToolHandler | ToolSpec>;
  resources?: Array<ResourceHandler | ResourceSpec>;
  prompts?: Array<PromptHandler | PromptSpec>;
  /** Any handler values: requests, notifications, faults. Tried before tools, resources and prompts. */
  handlers?: MockHandler[];
  /** Fault handlers (the same as putting them in `handlers`). */
  faults?: FaultHandler[];
  /** Lists return at most this many items per page, with `nextCursor`. @default undefined (one page) */
  pageSize?: number;
  /** 2026-07-28 caching hints on lists, reads and discovery. @default { ttlMs: 0, cacheScope: 'private' } */
  cache?: { ttlMs: number; cacheScope: 'public' | 'private' };
  /** @default 'warn' */
  onUnhandledMethod?: UnhandledMethodPolicy;
  /** Answer -32602 to requests whose params do not match their version's schema. @default true */
  validateRequests?: boolean;
  /** `recorded` keeps at most this many entries, dropping the oldest (a long-running mock stays bounded). @default 100_000 */
  maxRecorded?: number;
}

/** Resolved options. */
export interface ResolvedMockServerOptions {
  serverInfo: { name: string; version: string } & JsonObject;
  protocolVersions: readonly ProtocolVersion[];
  instructions: string | undefined;
  pageSize: number | undefined;
  cache: { ttlMs: number; cacheScope: 'public' | 'private' };
  onUnhandledMethod: UnhandledMethodPolicy;
  validateRequests: boolean;
}

/** One thing the server received, sent, or injected. */
export interface RecordedMessage {
  seq: number;
  timestamp: number;
  /** `in`: from the client; `out`: to the client; `fault`: a fault was applied. */
  direction: 'in' | 'out' | 'fault';
  sessionId: string;
  transport: MockTransportKind;
  /** The parsed message (absent for text that was not JSON). */
  message: unknown;
  /** The text as it crossed, when known. */
  raw?: string | undefined;
}

/** Options of the wait helpers. */
export interface WaitOptions {
  /** @default DEFAULT_WAIT_TIMEOUT_MS */
  timeoutMs?: number;
  /** Only messages recorded after this sequence number. */
  afterSeq?: number;
}

/** How long the wait helpers wait. @default 5000 */
export const DEFAULT_WAIT_TIMEOUT_MS = 5000;

/** A mock MCP server. */
export interface MockServer extends AsyncDisposable {
  readonly options: ResolvedMockServerOptions;
  /** The handlers, in the order they are tried. */
  readonly handlers: readonly MockHandler[];
  /** Prepends handlers: they take precedence over every existing one (msw's `server.use`). */
  use(...handlers: MockHandler[]): void;
  /** Drops handlers added with `use` (or replaces all of them with `handlers`), and resets `once` counters. */
  resetHandlers(...handlers: MockHandler[]): void;
  /** Everything received and sent, in order. */
  readonly recorded: readonly RecordedMessage[];
  clearRecorded(): void;
  /** Resolves with the first recorded message that matches. */
  waitFor(predicate: (message: RecordedMessage) => boolean, options?: WaitOptions): Promise<RecordedMessage>;
  /** Resolves with the first request of that method the server received. */
  waitForRequest(method: string, options?: WaitOptions): Promise<JsonRpcRequest>;
  /** Resolves with the first notification of that method the server received. */
  waitForNotification(method: string, options?: WaitOptions): Promise<JsonRpcNotification>;
  /** The requests received so far (optionally of one method). */
  requests(method?: string): JsonRpcRequest[];
  /** Sends `notifications/tools/list_changed` to every session. */
  notifyToolsListChanged(): void;
  notifyResourcesListChanged(): void;
  notifyPromptsListChanged(): void;
  /** Sends `notifications/resources/updated` to sessions subscribed to `uri`. */
  notifyResourceUpdated(uri: string): void;
  /** Sends any notification to every session. */
  notify(method: string, params?: JsonObject): void;
  /** Starts a session (adapters call this; tests rarely do). */
  createSession(options: MockSessionOptions): MockSession;
  /** The live sessions. */
  readonly sessions: ReadonlySet<MockSession>;
  /** Runs `close` of every adapter serving this server (listeners, stdio runners), then ends every session. */
  close(): Promise<void>;
  /** Adapters register how to stop; returns a function that unregisters. */
  onClose(closer: () => Promise<void> | void): () => void;
}

/** What the engine needs from the server beyond the public API. */
export interface MockServerInternals extends MockServer {
  readonly sessions: Set<MockSession>;
  record(entry: Omit<RecordedMessage, 'seq' | 'timestamp'>): void;
  /** Whether a handler may serve this call; counts the use when it may. */
  take(handler: MockHandler, context: MockRequestContext | undefined): boolean;
  usesOf(handler: MockHandler): number;
  /** Handlers of a kind that are not used up, in order. */
  active<K extends 'tool' | 'resource' | 'prompt'>(kind: K): Array<Extract<MockHandler, { kind: K }>>;
  /** Calls a resolver; a generator resolver gives one value per call, then repeats its last. */
  invoke<I, O>(handler: MockHandler, resolver: unknown, input: I, context: MockRequestContext): Promise<O>;
  randomFor(handler: FaultHandler, create: () => () => number): () => number;
  capabilities(version: ProtocolVersion): JsonObject;
}

/**
 * Defines a mock MCP server.
 * @example
 * await using server = defineMockServer({
 *   tools: [mcp.tool('echo', { type: 'object' }, (args) => JSON.stringify(args))],
 * });
 * const url = (await listen(server)).url;
 */
export function defineMockServer(options: MockServerOptions = {}): MockServer {
  const resolved: ResolvedMockServerOptions = {
    serverInfo: options.serverInfo ?? { name: 'mcp-conform-mock', version: '1.0.0' },
    protocolVersions: [...(options.protocolVersions ?? PROTOCOL_VERSIONS)].sort(compareVersions),
    instructions: options.instructions,
    pageSize: options.pageSize,
    cache: options.cache ?? { ttlMs: 0, cacheScope: 'private' },
    onUnhandledMethod: options.onUnhandledMethod ?? 'warn',
    validateRequests: options.validateRequests ?? true,
  };
  if (resolved.protocolVersions.length === 0) {
    throw new TypeError(formatMessage('define the mock server', 'protocolVersions is empty', 'List at least one version.'));
  }
  const initialHandlers: MockHandler[] = [
    ...(options.handlers ?? []),
    ...(options.faults ?? []),
    ...(options.tools ?? []).map((t) => (isMockHandler(t) ? t : toolFromSpec(t))),
    ...(options.resources ?? []).map((r) => (isMockHandler(r) ? r : resourceFromSpec(r))),
    ...(options.prompts ?? []).map((p) => (isMockHandler(p) ? p : promptFromSpec(p))),
  ];
  let handlers: MockHandler[] = [...initialHandlers];
  let uses = new WeakMap<MockHandler, number>();
  let sequences = new WeakMap<MockHandler, { next: () => Promise<IteratorResult<unknown, unknown>>; last: unknown; done: boolean }>();
  let randoms = new WeakMap<FaultHandler, () => number>();
  /** Capabilities per version, derived from the handlers: recomputed when the handlers change. */
  let capabilityCache = new Map<ProtocolVersion, JsonObject>();
  const recorded: RecordedMessage[] = [];
  const waiters = new Set<(message: RecordedMessage) => void>();
  const closers = new Set<() => Promise<void> | void>();
  const sessions = new Set<MockSession>();
  const maxRecorded = options.maxRecorded ?? 100_000;
  let seq = 0;

  const usesOf = (handler: MockHandler) => uses.get(handler) ?? 0;
  const exhausted = (handler: MockHandler) => {
    const used = usesOf(handler);
    return (handler.options.once === true && used >= 1) || (handler.options.times !== undefined && used >= handler.options.times);
  };

  const broadcast = (method: string, params: JsonObject | undefined, topic: BroadcastTopic) => {
    for (const session of sessions) session.broadcast(method, params, topic);
  };

  const server: MockServerInternals = {
    options: resolved,
    get handlers() {
      return handlers;
    },
    use(...added) {
      handlers = [...added, ...handlers];
      capabilityCache = new Map();
    },
    resetHandlers(...replacement) {
      handlers = replacement.length > 0 ? [...replacement] : [...initialHandlers];
      capabilityCache = new Map();
      uses = new WeakMap();
      sequences = new WeakMap();
      randoms = new WeakMap();
    },
    get recorded() {
      return recorded;
    },
    clearRecorded() {
      recorded.length = 0;
    },
    waitFor(predicate, waitOptions = {}) {
      const timeoutMs = waitOptions.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
      const after = waitOptions.afterSeq ?? -1;
      const existing = recorded.find((m) => m.seq > after && predicate(m));
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const waiter = (message: RecordedMessage) => {
          if (message.seq <= after || !predicate(message)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(message);
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new TimeoutError(
              formatMessage('wait for a message', `none matched within ${timeoutMs} ms (${recorded.length} recorded)`, 'Check server.recorded, or raise timeoutMs.'),
              { timeoutMs },
            ),
          );
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    async waitForRequest(method, waitOptions) {
      const found = await server.waitFor((m) => m.direction === 'in' && isRequestOf(m.message, method), waitOptions);
      return found.message as JsonRpcRequest;
    },
    async waitForNotification(method, waitOptions) {
      const found = await server.waitFor((m) => m.direction === 'in' && isNotificationOf(m.message, method), waitOptions);
      return found.message as JsonRpcNotification;
    },
    requests(method) {
      return recorded
        .filter((m) => m.direction === 'in' && isRequestOf(m.message, method))
        .map((m) => m.message as JsonRpcRequest);
    },
    notifyToolsListChanged: () => broadcast('notifications/tools/list_changed', undefined, { kind: 'tools' }),
    notifyResourcesListChanged: () => broadcast('notifications/resources/list_changed', undefined, { kind: 'resources' }),
    notifyPromptsListChanged: () => broadcast('notifications/prompts/list_changed', undefined, { kind: 'prompts' }),
    notifyResourceUpdated: (uri) => broadcast('notifications/resources/updated', { uri }, { kind: 'resource-updated', uri }),
    notify: (method, params) => broadcast(method, params, { kind: 'other' }),
    createSession: (sessionOptions) => createMockSession(server, sessionOptions),
    sessions,
    async close() {
      const pending = [...closers];
      closers.clear();
      await Promise.allSettled(pending.map(async (closer) => closer()));
      for (const session of [...sessions]) session.close();
    },
    onClose(closer) {
      closers.add(closer);
      return () => closers.delete(closer);
    },
    [Symbol.asyncDispose]() {
      return server.close();
    },
    record(entry) {
      const message: RecordedMessage = { seq: seq++, timestamp: Date.now(), ...entry };
      recorded.push(message);
      if (recorded.length > maxRecorded) recorded.splice(0, recorded.length - maxRecorded);
      for (const waiter of [...waiters]) waiter(message);
    },
    take(handler, context) {
      if (exhausted(handler)) return false;
      const when = 'when' in handler.options ? handler.options.when : undefined;
      if (when && (!context || !when(context))) return false;
      uses.set(handler, usesOf(handler) + 1);
      return true;
    },
    usesOf,
    active(kind) {
      return handlers.filter((h) => h.kind === kind && !exhausted(h)) as never;
    },
    async invoke(handler, resolver, input, context) {
      const fn = resolver as (input: unknown, context: MockRequestContext) => unknown;
      if (!isGeneratorFunction(fn)) return (await fn(input, context)) as never;
      let state = sequences.get(handler);
      if (!state) {
        const generator = fn(input, context) as Generator<unknown, unknown> | AsyncGenerator<unknown, unknown>;
        state = { next: async () => generator.next(), last: undefined, done: false };
        sequences.set(handler, state);
      }
      if (!state.done) {
        const step = await state.next();
        if (step.done) {
          state.done = true;
          if (step.value !== undefined) state.last = step.value;
        } else state.last = step.value;
      }
      const value = state.last;
      // A yielded Error is thrown, so a sequence can mix failures and results.
      if (value instanceof Error) throw value;
      return value as never;
    },
    randomFor(handler, create) {
      let next = randoms.get(handler);
      if (!next) {
        next = create();
        randoms.set(handler, next);
      }
      return next;
    },
    capabilities(version) {
      const cached = capabilityCache.get(version);
      if (cached) return cached;
      const kinds = new Set(handlers.map((h) => h.kind));
      const methods = new Set(handlers.flatMap((h) => (h.kind === 'request' ? [h.method] : [])));
      const caps: JsonObject = {};
      const hasTemplates = handlers.some((h) => h.kind === 'resource' && h.isTemplate);
      if (kinds.has('tool') || methods.has('tools/list')) caps.tools = { listChanged: true };
      if (kinds.has('resource') || methods.has('resources/list')) {
        caps.resources = supports(version, 'resourceSubscribe') ? { subscribe: true, listChanged: true } : { listChanged: true };
      }
      if (kinds.has('prompt') || methods.has('prompts/list')) caps.prompts = { listChanged: true };
      caps.logging = {};
      if (supports(version, 'completionsCapability') && (kinds.has('prompt') || hasTemplates)) caps.completions = {};
      const extra = typeof options.capabilities === 'function' ? options.capabilities(version) : options.capabilities;
      const result = { ...caps, ...(extra ?? {}) };
      capabilityCache.set(version, result);
      return result;
    },
  };
  return server;
}

function isRequestOf(message: unknown, method: string | undefined): boolean {
  return (
    typeof message === 'object' &&
    message !== null &&
    'method' in message &&
    'id' in message &&
    (method === undefined || (message as { method: unknown }).method === method)
  );
}

function isNotificationOf(message: unknown, method: string): boolean {
  return typeof message === 'object' && message !== null && !('id' in message) && (message as { method?: unknown }).method === method;
}

function isGeneratorFunction(fn: unknown): boolean {
  const name = (fn as { constructor?: { name?: string } })?.constructor?.name;
  return name === 'GeneratorFunction' || name === 'AsyncGeneratorFunction';
}

function toolFromSpec(spec: ToolSpec): ToolHandler {
  const { name, inputSchema, result, ...rest } = spec;
  return mcp.tool(name, inputSchema ?? { type: 'object' }, () => result ?? { content: [] }, rest);
}

function resourceFromSpec(spec: ResourceSpec): ResourceHandler {
  const { uri, uriTemplate, text, blob, ...rest } = spec;
  const target = uri ?? uriTemplate;
  if (target === undefined) throw new TypeError(formatMessage('define a resource', 'it has neither uri nor uriTemplate', 'Give one of them.'));
  return mcp.resource(target, ({ uri: actual }) => (blob !== undefined ? { uri: actual, blob } : { uri: actual, text: text ?? '' }), rest);
}

function promptFromSpec(spec: PromptSpec): PromptHandler {
  const { name, arguments: args = [], messages = [], ...rest } = spec;
  return mcp.prompt(
    name,
    args,
    (values) =>
      messages.map((m) => {
        const content = m.content as JsonObject | undefined;
        if (content?.type !== 'text' || typeof content.text !== 'string') return m;
        const text = content.text.replace(/\{\{(\w+)\}\}/g, (_all, key: string) => values[key] ?? '');
        return { ...m, content: { ...content, text } };
      }),
    rest,
  );
}

/** Whether a mock speaks the 2026-07-28 wire. */
export function speaksModern(server: MockServer): boolean {
  return server.options.protocolVersions.some((v) => eraOf(v) === 'modern');
}

/** Whether a mock speaks any legacy version. */
export function speaksLegacy(server: MockServer): boolean {
  return server.options.protocolVersions.some((v) => eraOf(v) === 'legacy');
}
