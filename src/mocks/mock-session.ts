/**
 * The engine: one session of a mock server. A message comes in with the channel its answers go to; frames and
 * transport faults go out. It speaks both eras: the `initialize` handshake (2024-11-05 … 2025-11-25) and the
 * stateless 2026-07-28 wire, where every request carries its version and capabilities in `_meta`.
 */
import { randomUUID } from 'node:crypto';
import { JsonRpcError } from '../protocol/errors.js';
import { ErrorCode, classifyMessage, type JsonRpcMessage, type JsonRpcRequest, type RequestId } from '../protocol/jsonrpc.js';
import { validateMessage } from '../protocol/validate.js';
import { eraOf, isProtocolVersion, supports, type ProtocolVersion } from '../protocol/versions.js';
import { runBuiltin } from './builtins.js';
import type { MockServerInternals } from './define-mock-server.js';
import { createSeededRandom, describeFault, type FaultHandler, type FaultSpec } from './faults.js';
import { isObject } from './results.js';
import {
  LOG_LEVELS,
  type ChannelEvent,
  type JsonObject,
  type LogLevel,
  type MockChannel,
  type MockRequestContext,
  type MockSessionInfo,
  type MockTransportKind,
} from './types.js';

/** `_meta` keys of the 2026-07-28 wire. */
export const META = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  clientInfo: 'io.modelcontextprotocol/clientInfo',
  logLevel: 'io.modelcontextprotocol/logLevel',
  serverInfo: 'io.modelcontextprotocol/serverInfo',
  subscriptionId: 'io.modelcontextprotocol/subscriptionId',
} as const;

/** Methods that no longer exist on the 2026-07-28 wire. */
const LEGACY_ONLY_METHODS = new Set(['initialize', 'ping', 'logging/setLevel', 'resources/subscribe', 'resources/unsubscribe']);
/** Methods that only exist on the 2026-07-28 wire. */
const MODERN_ONLY_METHODS = new Set(['server/discover', 'subscriptions/listen']);
/**
 * "InputRequiredResult … is allowed only on `tools/call`, `prompts/get` and `resources/read`."
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/patterns/mrtr
 */
const INPUT_REQUIRED_METHODS = new Set(['tools/call', 'prompts/get', 'resources/read']);

/** Thrown inside a resolver on the 2026-07-28 wire when it asks the client something not yet answered. */
class InputRequiredSignal {
  constructor(
    readonly key: string,
    readonly request: JsonObject,
    readonly answers: JsonObject,
  ) {}
}

/** A modern `subscriptions/listen` stream. */
interface Listener {
  id: RequestId;
  filter: JsonObject;
  channel: MockChannel;
}

/** One live session of a mock server. */
export interface MockSession {
  readonly id: string;
  readonly info: MockSessionInfo;
  /** Whether `initialize` was answered (legacy). */
  readonly initialized: boolean;
  /** Set by the `expire-session` fault: HTTP answers the next request with 404. */
  readonly expired: boolean;
  /** Handles a frame's text (parse errors are answered with -32700). */
  receiveText(text: string, channel: MockChannel): Promise<void>;
  /** Handles a parsed message (a request, notification, response, or a 2025-03-26 batch). */
  receive(message: unknown, channel: MockChannel): Promise<void>;
  /** Where notifications not tied to a request go (stdout, the HTTP GET stream, the WebSocket). */
  setStandaloneChannel(channel: MockChannel | undefined): void;
  readonly hasStandaloneChannel: boolean;
  /** Cancels a request as if the client had sent `notifications/cancelled` (a closed HTTP stream on 2026-07-28). */
  abortRequest(id: RequestId, reason?: string): void;
  /** Sends a notification to the client on the standalone channel (legacy) or matching listen streams (modern). */
  broadcast(method: string, params: JsonObject | undefined, topic?: BroadcastTopic): void;
  /** Serves later requests in `version` without a handshake (stateless HTTP, where each POST stands alone). */
  assumeVersion(version: ProtocolVersion): void;
  /** Ends the session: aborts in-flight requests. */
  close(): void;
}

/** What a broadcast notification is about, so that subscriptions can filter it. */
export type BroadcastTopic =
  | { kind: 'tools' | 'prompts' | 'resources' }
  | { kind: 'resource-updated'; uri: string }
  | { kind: 'other' };

/** Options of {@link createMockSession}. */
export interface MockSessionOptions {
  transport: MockTransportKind;
  id?: string;
}

/** Creates a session of `server` (adapters call this once per connection, or per `Mcp-Session-Id`). */
export function createMockSession(server: MockServerInternals, options: MockSessionOptions): MockSession {
  const id = options.id ?? randomUUID();
  let negotiated: ProtocolVersion | undefined;
  let clientInfo: JsonObject | undefined;
  let clientCapabilities: JsonObject = {};
  let initialized = false;
  let expired = false;
  let closed = false;
  let logLevel: LogLevel | undefined;
  let standalone: MockChannel | undefined;
  let serverRequestSeq = 0;
  const subscriptions = new Set<string>();
  const inFlight = new Map<RequestId, LazyAbort>();
  const pendingServerRequests = new Map<RequestId, { resolve: (r: JsonObject) => void; reject: (e: Error) => void }>();
  const listeners = new Map<RequestId, Listener>();

  const info: MockSessionInfo = {
    id,
    transport: options.transport,
    get protocolVersion() {
      return negotiated;
    },
    get clientInfo() {
      return clientInfo;
    },
    get clientCapabilities() {
      return clientCapabilities;
    },
  };

  const record = (direction: 'in' | 'out', message: unknown, raw?: string) =>
    server.record({ direction, sessionId: id, transport: options.transport, message, raw });

  const emitMessage = (channel: MockChannel, message: JsonRpcMessage, extra?: Partial<Extract<ChannelEvent, { type: 'frame' }>>) => {
    const text = JSON.stringify(message);
    record('out', message, text);
    channel.emit({ type: 'frame', text, message, ...extra });
  };

  const errorResponse = (requestId: RequestId | null, code: number, message: string, data?: unknown): JsonRpcMessage =>
    ({ jsonrpc: '2.0', id: requestId, error: data === undefined ? { code, message } : { code, message, data } }) as JsonRpcMessage;

  async function receiveText(text: string, channel: MockChannel): Promise<void> {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      record('in', undefined, text);
      // "Parse error: Invalid JSON was received by the server." (JSON-RPC 2.0 §5.1); the id could not be read.
      emitMessage(channel, errorResponse(null, ErrorCode.ParseError, `Parse error: ${(error as Error).message}`), { responseTo: null });
      channel.emit({ type: 'end' });
      return;
    }
    await receive(value, channel);
  }

  async function receive(value: unknown, channel: MockChannel): Promise<void> {
    if (closed) return;
    if (Array.isArray(value)) return receiveBatch(value, channel);
    record('in', value);
    const kind = classifyMessage(value);
    switch (kind) {
      case 'request':
        return handleRequest(value as JsonRpcRequest, channel);
      case 'notification':
        return handleNotification(value as { method: string; params?: JsonObject });
      case 'result':
      case 'error':
        return handleResponse(value as { id: RequestId; result?: JsonObject; error?: { code: number; message: string; data?: unknown } });
      default: {
        const readableId = isObject(value) && (typeof value.id === 'string' || typeof value.id === 'number') ? value.id : null;
        emitMessage(channel, errorResponse(readableId, ErrorCode.InvalidRequest, 'Invalid Request: not a JSON-RPC 2.0 message'), { responseTo: readableId });
        channel.emit({ type: 'end' });
      }
    }
  }

  /** "MUST support receiving JSON-RPC batches" holds only for 2025-03-26; other versions reject them. */
  async function receiveBatch(items: unknown[], channel: MockChannel): Promise<void> {
    record('in', items);
    const version = negotiated;
    if (items.length === 0 || version === undefined || !supports(version, 'batching')) {
      emitMessage(channel, errorResponse(null, ErrorCode.InvalidRequest, 'Invalid Request: batches are not supported in this protocol version'), {
        responseTo: null,
      });
      channel.emit({ type: 'end' });
      return;
    }
    const responses: JsonRpcMessage[] = [];
    let open = 0;
    const collector: MockChannel = {
      emit(event) {
        if (event.type === 'frame' && event.responseTo !== undefined && event.message) responses.push(event.message);
        else if (event.type !== 'end') channel.emit(event);
      },
    };
    await Promise.all(
      items.map(async (item) => {
        if (classifyMessage(item) === 'request') open++;
        await receive(item, collector);
      }),
    );
    if (open > 0) {
      const text = JSON.stringify(responses);
      channel.emit({ type: 'frame', text, responseTo: (responses[0] as { id: RequestId }).id });
    }
    channel.emit({ type: 'end' });
  }

  function handleNotification(message: { method: string; params?: JsonObject }): void {
    const params = message.params ?? {};
    if (message.method === 'notifications/initialized') initialized = true;
    if (message.method === 'notifications/cancelled') {
      const requestId = params.requestId as RequestId | undefined;
      if (requestId !== undefined) abortRequest(requestId, typeof params.reason === 'string' ? params.reason : 'cancelled by the client');
    }
    for (const handler of server.handlers) {
      if (handler.kind !== 'notification' || handler.method !== message.method) continue;
      if (!server.take(handler, undefined)) continue;
      handler.listener(params);
    }
  }

  function handleResponse(message: { id: RequestId; result?: JsonObject; error?: { code: number; message: string; data?: unknown } }): void {
    const pending = pendingServerRequests.get(message.id);
    if (!pending) return;
    pendingServerRequests.delete(message.id);
    if (message.error) pending.reject(new JsonRpcError(message.error.code, message.error.message, message.error.data));
    else pending.resolve(message.result ?? {});
  }

  function abortRequest(requestId: RequestId, reason = 'cancelled'): void {
    inFlight.get(requestId)?.abort(new Error(reason));
  }

  /** The version a request is served in, or the error that refuses it. */
  function versionOf(request: JsonRpcRequest): { version: ProtocolVersion; meta: JsonObject } | { error: JsonRpcMessage } {
    const params = isObject(request.params) ? request.params : {};
    const meta = isObject(params._meta) ? params._meta : {};
    const requested = meta[META.protocolVersion];
    const modernVersions = server.options.protocolVersions.filter((v) => eraOf(v) === 'modern');
    const legacyVersions = server.options.protocolVersions.filter((v) => eraOf(v) === 'legacy');
    const modernRequest = requested !== undefined || MODERN_ONLY_METHODS.has(request.method);
    if (!modernRequest && legacyVersions.length > 0) {
      return { version: negotiated ?? legacyVersions[legacyVersions.length - 1]!, meta };
    }
    if (requested === undefined) {
      if (request.method === 'initialize') {
        // A 2026-07-28-only server refuses the legacy handshake with the version error, so the client can fall back.
        return {
          error: errorResponse(request.id, ErrorCode.UnsupportedProtocolVersion, 'Unsupported protocol version', {
            supported: server.options.protocolVersions,
            requested: isObject(request.params) ? request.params.protocolVersion : undefined,
          }),
        };
      }
      return { error: errorResponse(request.id, ErrorCode.InvalidParams, `Invalid params: _meta["${META.protocolVersion}"] is required`) };
    }
    // "the server MUST respond with an UnsupportedProtocolVersionError (-32022) … data.supported".
    if (typeof requested !== 'string' || !isProtocolVersion(requested) || !modernVersions.includes(requested)) {
      return {
        error: errorResponse(request.id, ErrorCode.UnsupportedProtocolVersion, 'Unsupported protocol version', {
          supported: server.options.protocolVersions,
          requested,
        }),
      };
    }
    if (!isObject(meta[META.clientCapabilities])) {
      return { error: errorResponse(request.id, ErrorCode.InvalidParams, `Invalid params: _meta["${META.clientCapabilities}"] is required`) };
    }
    return { version: requested, meta };
  }

  async function handleRequest(request: JsonRpcRequest, channel: MockChannel): Promise<void> {
    const resolved = versionOf(request);
    if ('error' in resolved) {
      emitMessage(channel, resolved.error, { responseTo: request.id });
      channel.emit({ type: 'end' });
      return;
    }
    const { version, meta } = resolved;
    const era = eraOf(version);
    if (era === 'modern') {
      clientCapabilities = meta[META.clientCapabilities] as JsonObject;
      if (isObject(meta[META.clientInfo])) clientInfo = meta[META.clientInfo] as JsonObject;
      negotiated = version;
    }

    const controller = createLazyAbort();
    inFlight.set(request.id, controller);
    const params = isObject(request.params) ? request.params : {};
    const context = createContext(request, params, version, channel, controller, meta);
    const faults = collectFaults(request, params, context);

    try {
      // Faults that act before the work: they may end the request here.
      for (const spec of faults) {
        if (spec.type === 'delay') await sleep(spec.ms, controller.signal);
        else if (spec.type === 'hang') return;
        else if (spec.type === 'crash') return channel.emit({ type: 'crash', exitCode: spec.exitCode });
        else if (spec.type === 'http-status') {
          const event: ChannelEvent = { type: 'http-status', status: spec.status };
          if (spec.headers) event.headers = spec.headers;
          if (spec.body !== undefined) event.body = spec.body;
          return channel.emit(event);
        } else if (spec.type === 'stderr-flood') channel.emit({ type: 'stderr', text: stderrFlood(spec.bytes) });
        else if (spec.type === 'noise') channel.emit({ type: 'frame', text: spec.text ?? 'mock: this line is not JSON-RPC' });
        else if (spec.type === 'cut-stream') channel.emit({ type: 'cut-stream', eventIds: spec.eventIds });
      }

      let response: JsonRpcMessage;
      const injectedError = faults.find((f): f is Extract<FaultSpec, { type: 'error' }> => f.type === 'error');
      if (injectedError) {
        response = errorResponse(request.id, injectedError.code, injectedError.message, injectedError.data);
      } else {
        response = await answer(request, params, version, context, channel);
      }
      if (controller.aborted) {
        // "Receivers … SHOULD NOT send a response for the cancelled request."
        channel.emit({ type: 'end' });
        return;
      }
      sendResponse(response, faults, request, channel);
    } catch (error) {
      if (controller.aborted) {
        channel.emit({ type: 'end' });
        return;
      }
      throw error;
    } finally {
      inFlight.delete(request.id);
    }
  }

  function sendResponse(response: JsonRpcMessage, faults: FaultSpec[], request: JsonRpcRequest, channel: MockChannel): void {
    let message = response as JsonObject;
    for (const spec of faults) {
      const current = message.result;
      if (spec.type === 'protocol-version' && isObject(current)) {
        if (request.method === 'initialize') message = { ...message, result: { ...current, protocolVersion: spec.version } };
        if (request.method === 'server/discover') message = { ...message, result: { ...current, supportedVersions: [spec.version] } };
      }
      if (spec.type === 'huge' && isObject(message.result)) {
        const result = message.result;
        const meta = isObject(result._meta) ? result._meta : {};
        message = { ...message, result: { ...result, _meta: { ...meta, 'dev.mcp-conform/padding': 'x'.repeat(spec.bytes) } } };
      }
      if (spec.type === 'wrong-id') {
        const wrong = spec.id ?? (typeof request.id === 'number' ? request.id + 1_000_000 : `${request.id}-wrong`);
        message = { ...message, id: wrong };
      }
    }
    if (faults.some((f) => f.type === 'drop')) {
      record('out', undefined, '(dropped response)');
      return;
    }
    const pretty = faults.find((f): f is Extract<FaultSpec, { type: 'pretty' }> => f.type === 'pretty');
    const malformed = faults.find((f): f is Extract<FaultSpec, { type: 'malformed' }> => f.type === 'malformed');
    const drip = faults.find((f): f is Extract<FaultSpec, { type: 'drip' }> => f.type === 'drip');
    const text = malformed
      ? (malformed.text ?? JSON.stringify(message).slice(0, -7))
      : JSON.stringify(message, null, pretty ? (pretty.indent ?? 2) : undefined);
    record('out', malformed ? undefined : message, text);
    const frame: Extract<ChannelEvent, { type: 'frame' }> = { type: 'frame', text, responseTo: request.id };
    if (!malformed) frame.message = message as JsonRpcMessage;
    if (drip) frame.drip = { chunkBytes: drip.chunkBytes, intervalMs: drip.intervalMs };
    channel.emit(frame);
    if (faults.some((f) => f.type === 'duplicate')) {
      record('out', message, text);
      channel.emit({ ...frame });
    }
    channel.emit({ type: 'end' });
    if (faults.some((f) => f.type === 'expire-session')) expired = true;
  }

  /** Faults whose target matches this call, in handler order, each counted as used; `random` ones resolved. */
  function collectFaults(request: JsonRpcRequest, params: JsonObject, context: MockRequestContext): FaultSpec[] {
    const name = request.method === 'resources/read' ? params.uri : params.name;
    const out: FaultSpec[] = [];
    for (const handler of server.handlers) {
      if (handler.kind !== 'fault') continue;
      if (handler.method !== '*' && handler.method !== request.method) continue;
      if (handler.name !== undefined && handler.name !== name) continue;
      if (!server.take(handler, context)) continue;
      const spec = handler.fault.type === 'random' ? pickRandom(handler) : handler.fault;
      if (spec) {
        out.push(spec);
        server.record({ direction: 'fault', sessionId: id, transport: options.transport, message: { requestId: request.id, method: request.method, fault: describeFault(spec) } });
      }
    }
    return out;
  }

  function pickRandom(handler: FaultHandler): FaultSpec | undefined {
    const spec = handler.fault as Extract<FaultSpec, { type: 'random' }>;
    const next = server.randomFor(handler, () => createSeededRandom(spec.seed));
    const roll = next();
    const choice = next();
    if (roll >= spec.rate || spec.faults.length === 0) return undefined;
    return spec.faults[Math.floor(choice * spec.faults.length)];
  }

  function createContext(
    request: JsonRpcRequest,
    params: JsonObject,
    version: ProtocolVersion,
    channel: MockChannel,
    abort: LazyAbort,
    meta: JsonObject,
  ): MockRequestContext & { callIndexRef: { value: number } } {
    const era = eraOf(version);
    const progressToken = meta.progressToken;
    const requestLevel = era === 'modern' ? (meta[META.logLevel] as LogLevel | undefined) : undefined;
    const callIndexRef = { value: 0 };
    // On the 2026-07-28 wire, questions are keyed by their order; earlier answers travel in `requestState`.
    let askSeq = 0;
    const previousAnswers = era === 'modern' ? decodeRequestState(params.requestState) : {};
    const inputResponses = era === 'modern' && isObject(params.inputResponses) ? params.inputResponses : {};

    const ask = async (method: string, capability: string, askParams: JsonObject): Promise<JsonObject> => {
      if (!isObject(clientCapabilities[capability])) {
        const message = `the client did not declare the "${capability}" capability this request needs`;
        throw era === 'modern'
          ? new JsonRpcError(ErrorCode.MissingRequiredClientCapability, `Missing required client capability: ${message}`, { requiredCapabilities: { [capability]: {} } })
          : new JsonRpcError(ErrorCode.InvalidRequest, `Invalid request: ${message}`);
      }
      if (era === 'modern') {
        askSeq++;
        const key = `${capability}-${askSeq}`;
        const answered = (previousAnswers[key] ?? inputResponses[key]) as JsonObject | undefined;
        if (answered !== undefined) return answered;
        const answers: JsonObject = { ...previousAnswers };
        for (const [k, v] of Object.entries(inputResponses)) answers[k] = v;
        throw new InputRequiredSignal(key, { method, params: askParams }, answers);
      }
      const requestId = `mock-${++serverRequestSeq}`;
      const promise = new Promise<JsonObject>((resolve, reject) => {
        pendingServerRequests.set(requestId, { resolve, reject });
        const signal = abort.signal;
        signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
      });
      emitMessage(channel, { jsonrpc: '2.0', id: requestId, method, params: askParams } as JsonRpcMessage);
      return promise;
    };

    return {
      request,
      method: request.method,
      params,
      id: request.id,
      protocolVersion: version,
      era,
      session: info,
      get signal() {
        return abort.signal;
      },
      callIndexRef,
      get callIndex() {
        return callIndexRef.value;
      },
      progress(progress, total, message) {
        if (progressToken === undefined || abort.aborted) return;
        const p: JsonObject = { progressToken, progress };
        if (total !== undefined) p.total = total;
        if (message !== undefined && supports(version, 'progressMessage')) p.message = message;
        emitMessage(channel, { jsonrpc: '2.0', method: 'notifications/progress', params: p } as JsonRpcMessage);
      },
      log(level, data, logger) {
        // 2026-07-28: "If absent, the server MUST NOT send any notifications/message notifications for this request."
        const threshold = era === 'modern' ? requestLevel : logLevel;
        if (era === 'modern' && threshold === undefined) return;
        if (threshold !== undefined && LOG_LEVELS.indexOf(level) < LOG_LEVELS.indexOf(threshold)) return;
        const p: JsonObject = { level, data };
        if (logger !== undefined) p.logger = logger;
        emitMessage(channel, { jsonrpc: '2.0', method: 'notifications/message', params: p } as JsonRpcMessage);
      },
      sample: (p) => ask('sampling/createMessage', 'sampling', p),
      elicit: (p) => ask('elicitation/create', 'elicitation', p),
      listRoots: () => ask('roots/list', 'roots', {}),
      notify(method, p) {
        emitMessage(channel, (p === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params: p }) as JsonRpcMessage);
      },
      sleep: (ms) => sleep(ms, abort.signal),
    };
  }

  async function answer(
    request: JsonRpcRequest,
    params: JsonObject,
    version: ProtocolVersion,
    context: MockRequestContext & { callIndexRef: { value: number } },
    channel: MockChannel,
  ): Promise<JsonRpcMessage> {
    const era = eraOf(version);
    const ok = (result: JsonObject): JsonRpcMessage => ({ jsonrpc: '2.0', id: request.id, result: decorate(request.method, result, era) }) as JsonRpcMessage;
    try {
      if (era === 'modern' && LEGACY_ONLY_METHODS.has(request.method)) {
        return errorResponse(request.id, ErrorCode.MethodNotFound, `Method not found: ${request.method} does not exist in ${version}`);
      }
      if (era === 'legacy' && MODERN_ONLY_METHODS.has(request.method)) {
        return errorResponse(request.id, ErrorCode.MethodNotFound, `Method not found: ${request.method}`);
      }
      const invalid = server.options.validateRequests ? invalidParams(request, version) : undefined;
      if (invalid) return invalid;
      for (const handler of server.handlers) {
        if (handler.kind !== 'request' || handler.method !== request.method) continue;
        if (!server.take(handler, context)) continue;
        context.callIndexRef.value = server.usesOf(handler) - 1;
        return ok(await server.invoke(handler, handler.resolver, params, context));
      }
      const result = await runBuiltin(request.method, params, context, { server, session: sessionApi, channel });
      if (result === undefined) return unhandled(request, context);
      return ok(result);
    } catch (error) {
      if (error instanceof InputRequiredSignal) {
        if (!INPUT_REQUIRED_METHODS.has(request.method)) {
          return errorResponse(request.id, ErrorCode.InternalError, `Internal error: ${request.method} cannot ask the client for input`);
        }
        const result: JsonObject = {
          resultType: 'input_required',
          inputRequests: { [error.key]: error.request },
          requestState: encodeRequestState(error.answers),
          _meta: { [META.serverInfo]: server.options.serverInfo },
        };
        return { jsonrpc: '2.0', id: request.id, result } as JsonRpcMessage;
      }
      if (error instanceof JsonRpcError) return errorResponse(request.id, error.code, error.message, error.data);
      return errorResponse(request.id, ErrorCode.InternalError, `Internal error: ${(error as Error)?.message ?? String(error)}`);
    }
  }

  /**
   * "Servers MUST validate all inputs": a request of a known method whose params do not match its version's schema
   * gets -32602, with the schema's complaints in `data.issues`.
   */
  function invalidParams(request: JsonRpcRequest, version: ProtocolVersion): JsonRpcMessage | undefined {
    const check = validateMessage(version, request, { direction: 'client-to-server' });
    if (check.valid || check.unknownMethod) return undefined;
    const first = check.issues[0];
    const where = first ? `${first.path || '(params)'}: ${first.message}` : 'does not match the schema';
    return errorResponse(request.id, ErrorCode.InvalidParams, `Invalid params: ${where}`, { issues: check.issues });
  }

  async function unhandled(request: JsonRpcRequest, context: MockRequestContext): Promise<JsonRpcMessage> {
    const policy = server.options.onUnhandledMethod;
    if (typeof policy === 'function') {
      const result = await policy(request, context);
      if (result !== undefined) return { jsonrpc: '2.0', id: request.id, result: decorate(request.method, result, context.era) } as JsonRpcMessage;
    } else if (policy !== 'ignore') {
      const text = `[mcp-conform] Failed to answer ${request.method}: the mock server has no handler for it. Add mcp.request('${request.method}', …) or set onUnhandledMethod.`;
      if (policy === 'error') console.error(text);
      else console.warn(text);
    }
    return errorResponse(request.id, ErrorCode.MethodNotFound, `Method not found: ${request.method}`);
  }

  /** 2026-07-28: `resultType` on every result, `serverInfo` in `_meta`, caching hints where they are required. */
  function decorate(method: string, result: JsonObject, era: 'legacy' | 'modern'): JsonObject {
    if (era === 'legacy') return result;
    const meta = isObject(result._meta) ? result._meta : {};
    const out: JsonObject = { resultType: 'complete', ...result, _meta: { [META.serverInfo]: server.options.serverInfo, ...meta } };
    // "ttlMs and cacheScope MUST be present on server/discover, tools/list, prompts/list, resources/list,
    // resources/templates/list and resources/read results."
    if (CACHEABLE_METHODS.has(method)) {
      if (out.ttlMs === undefined) out.ttlMs = server.options.cache.ttlMs;
      if (out.cacheScope === undefined) out.cacheScope = server.options.cache.cacheScope;
    }
    return out;
  }

  const sessionApi = {
    info,
    get logLevel() {
      return logLevel;
    },
    setLogLevel(level: LogLevel) {
      logLevel = level;
    },
    initialize(version: ProtocolVersion, params: JsonObject) {
      negotiated = version;
      clientInfo = isObject(params.clientInfo) ? params.clientInfo : undefined;
      clientCapabilities = isObject(params.capabilities) ? params.capabilities : {};
    },
    subscriptions,
    listen(requestId: RequestId, filter: JsonObject, channel: MockChannel, signal: AbortSignal): Promise<JsonObject> {
      listeners.set(requestId, { id: requestId, filter, channel });
      return new Promise<JsonObject>((_resolve, reject) => {
        signal.addEventListener(
          'abort',
          () => {
            listeners.delete(requestId);
            reject(signal.reason as Error);
          },
          { once: true },
        );
      });
    },
    emit(channel: MockChannel, message: JsonRpcMessage) {
      emitMessage(channel, message);
    },
  };

  function broadcast(method: string, params: JsonObject | undefined, topic: BroadcastTopic = { kind: 'other' }): void {
    if (closed) return;
    if (negotiated !== undefined && eraOf(negotiated) === 'modern') {
      for (const listener of listeners.values()) {
        if (!listenerWants(listener.filter, topic)) continue;
        const p: JsonObject = { ...(params ?? {}) };
        p._meta = { ...(isObject(p._meta) ? p._meta : {}), [META.subscriptionId]: listener.id };
        emitMessage(listener.channel, { jsonrpc: '2.0', method, params: p } as JsonRpcMessage);
      }
      return;
    }
    if (topic.kind === 'resource-updated' && !subscriptions.has(topic.uri)) return;
    if (!standalone) {
      record('out', undefined, `(undelivered ${method}: no standalone stream)`);
      return;
    }
    emitMessage(standalone, (params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params }) as JsonRpcMessage);
  }

  const session: MockSession = {
    id,
    info,
    get initialized() {
      return initialized;
    },
    get expired() {
      return expired;
    },
    receiveText,
    receive,
    setStandaloneChannel(channel) {
      standalone = channel;
    },
    get hasStandaloneChannel() {
      return standalone !== undefined;
    },
    abortRequest,
    broadcast,
    assumeVersion(version) {
      negotiated ??= version;
    },
    close() {
      if (closed) return;
      closed = true;
      for (const controller of inFlight.values()) controller.abort(new Error('session closed'));
      for (const pending of pendingServerRequests.values()) pending.reject(new Error('session closed'));
      pendingServerRequests.clear();
      server.sessions.delete(session);
    },
  };
  server.sessions.add(session);
  return session;
}

/** The internal API builtins get. */
export type MockSessionApi = {
  readonly info: MockSessionInfo;
  readonly logLevel: LogLevel | undefined;
  setLogLevel(level: LogLevel): void;
  initialize(version: ProtocolVersion, params: JsonObject): void;
  readonly subscriptions: Set<string>;
  listen(requestId: RequestId, filter: JsonObject, channel: MockChannel, signal: AbortSignal): Promise<JsonObject>;
  emit(channel: MockChannel, message: JsonRpcMessage): void;
};

const CACHEABLE_METHODS = new Set(['server/discover', 'tools/list', 'prompts/list', 'resources/list', 'resources/templates/list', 'resources/read']);

function listenerWants(filter: JsonObject, topic: BroadcastTopic): boolean {
  switch (topic.kind) {
    case 'tools':
      return filter.toolsListChanged === true;
    case 'prompts':
      return filter.promptsListChanged === true;
    case 'resources':
      return filter.resourcesListChanged === true;
    case 'resource-updated':
      return Array.isArray(filter.resourceSubscriptions) && filter.resourceSubscriptions.includes(topic.uri);
    default:
      return false;
  }
}

function encodeRequestState(answers: JsonObject): string {
  return Buffer.from(JSON.stringify({ answers })).toString('base64url');
}

function decodeRequestState(state: unknown): JsonObject {
  if (typeof state !== 'string') return {};
  try {
    const parsed = JSON.parse(Buffer.from(state, 'base64url').toString('utf8')) as unknown;
    return isObject(parsed) && isObject(parsed.answers) ? parsed.answers : {};
  } catch {
    return {};
  }
}

function stderrFlood(bytes: number): string {
  const line = 'mock stderr flood: lorem ipsum dolor sit amet, consectetur adipiscing elit\n';
  return line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes);
}

/** An `AbortController` made only when its signal is read: most requests are never cancelled nor look. */
interface LazyAbort {
  readonly signal: AbortSignal;
  readonly aborted: boolean;
  abort(reason: Error): void;
}

function createLazyAbort(): LazyAbort {
  let controller: AbortController | undefined;
  let reason: Error | undefined;
  return {
    get signal() {
      if (!controller) {
        controller = new AbortController();
        if (reason !== undefined) controller.abort(reason);
      }
      return controller.signal;
    },
    get aborted() {
      return reason !== undefined;
    },
    abort(why) {
      if (reason !== undefined) return;
      reason = why;
      controller?.abort(why);
    },
  };
}

/** Waits `ms`, rejecting with the signal's reason when it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
