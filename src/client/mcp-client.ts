/**
 * The MCP client: connects over any Transport, negotiates the protocol version (the `initialize` handshake up to
 * 2025-11-25, `server/discover` and per-request `_meta` in 2026-07-28), and offers a typed API whose results are
 * validated with the loose schemas. The session underneath stays reachable for checks that need raw access.
 */
import { createRequire } from 'node:module';
import {
  CallToolResultSchema,
  CapabilityError,
  CompleteResultSchema,
  ConnectionError,
  EmptyResultSchema,
  eraOf,
  ErrorCode,
  HttpStatusError,
  isObservableTransport,
  formatMessage,
  GetPromptResultSchema,
  isProtocolVersion,
  LATEST_LEGACY_PROTOCOL_VERSION,
  ListPromptsResultSchema,
  ListResourcesResultSchema,
  ListResourceTemplatesResultSchema,
  JsonRpcError,
  ListToolsResultSchema,
  META_KEYS,
  ProtocolError,
  ReadResourceResultSchema,
  supports,
  ToolError,
  type CallToolRequestParams,
  type CallToolResult,
  type ClientCapabilities,
  type CompleteRequestParams,
  type CompleteResult,
  type GetPromptRequestParams,
  type GetPromptResult,
  type Implementation,
  type JsonRpcNotification,
  type LoggingLevel,
  type Prompt,
  type ProtocolFeature,
  type ProtocolVersion,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplate,
  type ServerCapabilities,
  type Tool,
  type Transport,
  type WireLog,
} from '../protocol/index.js';
import { capabilitiesOf, registerClientHandlers, type ClientHandlers } from './client-handlers.js';
import { discoverHandshake, initializeHandshake, type ServerDescription } from './handshake.js';
import { completeWithInput, MAX_INPUT_REQUIRED_ROUNDS } from './input-required.js';
import { createListCache, type ListCache } from './list-cache.js';
import { collectPages, DEFAULT_MAX_PAGES } from './paginate.js';
import { parseResult } from './parse-result.js';
import { readPlainToolResult } from './plain-tool-result.js';
import { readParamHeaders } from './transports/http-param-headers.js';
import type { ProtocolViolation } from './session/protocol-violation.js';
import { createNotificationRouter, type NotificationHandler } from './session/notification-router.js';
import { Session, type RequestOptions } from './session/session.js';

const packageJson = createRequire(import.meta.url)('../../package.json') as { version: string };

/** The client's own `Implementation`, sent in `initialize` and in 2026-07-28 `_meta`. */
export const DEFAULT_CLIENT_INFO: Implementation = { name: 'mcp-conform', version: packageJson.version };

/** Options of {@link McpClient}. */
export interface McpClientOptions {
  /** @default DEFAULT_CLIENT_INFO */
  clientInfo?: Implementation;
  /**
   * The protocol version to propose. Any string goes (checks propose unknown ones); `2026-07-28` selects the
   * stateless protocol (`server/discover`, `_meta` on every request).
   * @default LATEST_LEGACY_PROTOCOL_VERSION ('2025-11-25')
   */
  protocolVersion?: string;
  /** The capabilities to declare. @default those the handlers imply */
  capabilities?: ClientCapabilities;
  /** Answers to the server's requests (roots, sampling, elicitation). */
  handlers?: ClientHandlers;
  /** Whether to send `notifications/initialized` after `initialize` (checks turn it off). @default true */
  sendInitialized?: boolean;
  /**
   * When proposing 2026-07-28: if the server answers `server/discover` as an older server would (an error, or no
   * common version), fall back to the `initialize` handshake with the newest legacy version on the same connection.
   * @default false
   */
  fallbackToInitialize?: boolean;
  /** Whether a method the server did not declare a capability for throws CapabilityError before sending. @default true */
  strictCapabilities?: boolean;
  /** Whether results are validated with the loose schemas. @default true */
  validateResults?: boolean;
  /** Default timeout of each request. @default DEFAULT_REQUEST_TIMEOUT_MS */
  requestTimeoutMs?: number;
  /** Whether progress restarts a request's wait, unless the call says otherwise. @default false */
  resetTimeoutOnProgress?: boolean;
  /** The hard limit of each request whatever progress comes, unless the call says otherwise. @default no limit */
  maxTotalTimeoutMs?: number;
  /** 2026-07-28: the log level sent in every request's `_meta` (no logs are sent without it). */
  logLevel?: LoggingLevel;
  /** @default MAX_INPUT_REQUIRED_ROUNDS */
  maxInputRounds?: number;
  /** @default DEFAULT_MAX_PAGES */
  maxPages?: number;
  /** Every notification from the server. */
  onNotification?: (method: string, params: Record<string, unknown> | undefined) => void;
  /** Every protocol violation the server commits (also kept in `session.violations`). */
  onProtocolViolation?: (violation: ProtocolViolation) => void;
  /** Transport errors that do not close the connection. */
  onError?: (error: Error) => void;
  /** Called once when the connection closes, with the reason when it was not asked to. */
  onClose?: (reason: Error | undefined) => void;
}

/** Options of the list methods. */
export interface ListOptions extends RequestOptions {
  /** Ignore the cached list and fetch it again. @default false */
  refresh?: boolean;
}

/** Options of {@link McpClient.callTool}. */
export interface CallToolOptions extends RequestOptions {
  /** Throw a ToolError when the result has `isError: true`. @default false */
  throwOnToolError?: boolean;
}

type ListKind = 'tools' | 'resources' | 'resourceTemplates' | 'prompts';

const LIST_CHANGED: Record<string, ListKind[]> = {
  'notifications/tools/list_changed': ['tools'],
  'notifications/resources/list_changed': ['resources', 'resourceTemplates'],
  'notifications/prompts/list_changed': ['prompts'],
};

/**
 * A client of one MCP server.
 * @example
 * await using client = new McpClient();
 * await client.connect(new StdioClientTransport({ command: 'node server.js' }));
 * const tools = await client.listTools();
 * const result = await client.callTool({ name: 'echo', arguments: { message: 'hi' } });
 */
export class McpClient {
  readonly #options: McpClientOptions;
  readonly #handlers: ClientHandlers;
  readonly #capabilities: ClientCapabilities;
  #session: Session | undefined;
  #server: ServerDescription | undefined;
  readonly #notificationHandlers = createNotificationRouter();
  readonly #caches = {
    tools: createListCache<Tool[]>(),
    resources: createListCache<Resource[]>(),
    resourceTemplates: createListCache<ResourceTemplate[]>(),
    prompts: createListCache<Prompt[]>(),
  } satisfies Record<ListKind, ListCache<unknown[]>>;

  constructor(options: McpClientOptions = {}) {
    this.#options = options;
    this.#handlers = options.handlers ?? {};
    this.#capabilities = options.capabilities ?? capabilitiesOf(this.#handlers);
  }

  /** The session underneath (raw requests, `sendRaw`, violations), once connected. */
  get session(): Session {
    if (!this.#session) throw notConnected('use the session');
    return this.#session;
  }

  /** The transport's wire log, when the transport is one of ours. */
  get wire(): WireLog | undefined {
    return this.#session?.wire;
  }

  /** The negotiated protocol version. */
  get protocolVersion(): ProtocolVersion {
    return this.#described('read the protocol version').protocolVersion;
  }

  /** What the server said about itself (`initialize` or `server/discover` result). */
  get server(): ServerDescription {
    return this.#described('read the server description');
  }

  /** The server's declared capabilities. */
  get serverCapabilities(): ServerCapabilities {
    return this.#described('read the server capabilities').capabilities;
  }

  /** The capabilities this client declares. */
  get clientCapabilities(): ClientCapabilities {
    return this.#capabilities;
  }

  /** Whether the protocol is the stateless one (2026-07-28). */
  get stateless(): boolean {
    return this.#server?.stateless ?? this.#isStateless(this.#proposedVersion());
  }

  /**
   * Connects: starts the transport and runs the handshake. A server that answers an unsupported version is
   * disconnected and the error says which versions would do.
   */
  async connect(transport: Transport, options: RequestOptions = {}): Promise<ServerDescription> {
    if (this.#session && !this.#session.closed) {
      throw new ConnectionError(formatMessage('connect', 'this client is already connected', 'Close it first, or create another client.'));
    }
    const proposed = this.#proposedVersion();
    const stateless = this.#isStateless(proposed);
    const session = new Session(transport, {
      requestTimeoutMs: this.#options.requestTimeoutMs,
      resetTimeoutOnProgress: this.#options.resetTimeoutOnProgress,
      maxTotalTimeoutMs: this.#options.maxTotalTimeoutMs,
      onProtocolViolation: this.#options.onProtocolViolation,
      onError: this.#options.onError,
      onClose: this.#options.onClose,
      onNotification: (notification) => this.#receiveNotification(notification.method, notification.params, notification),
      // "Servers MUST NOT initiate JSON-RPC requests" and "The client MUST NOT write JSON-RPC responses" (2026-07-28).
      answerServerRequests: !stateless,
    });
    this.#session = session;
    this.#server = undefined;
    for (const cache of Object.values(this.#caches)) cache.invalidate();
    if (!stateless) registerClientHandlers(session, this.#handlers);
    await session.start();
    const handshake = {
      protocolVersion: proposed,
      capabilities: this.#capabilities,
      clientInfo: this.#clientInfo(),
      sendInitialized: this.#options.sendInitialized ?? true,
      validate: this.#options.validateResults ?? true,
      requestOptions: options,
    };
    try {
      if (!stateless) this.#server = await initializeHandshake(session, handshake);
      else {
        try {
          this.#server = await discoverHandshake(session, { ...handshake, meta: this.#statelessMeta(proposed) });
        } catch (error) {
          if (!this.#options.fallbackToInitialize || !isLegacyAnswer(error)) throw error;
          // The server answered, but not as a 2026-07-28 server: speak the initialize handshake on the same connection.
          session.answerServerRequests = true;
          registerClientHandlers(session, this.#handlers);
          this.#server = await initializeHandshake(session, { ...handshake, protocolVersion: LATEST_LEGACY_PROTOCOL_VERSION });
        }
      }
    } catch (error) {
      await session.close();
      throw error;
    }
    return this.#server;
  }

  /**
   * Sends any request (with the 2026-07-28 `_meta` and input-required retries where they apply) and resolves with
   * its raw result.
   */
  request(method: string, params: Record<string, unknown> = {}, options: RequestOptions = {}): Promise<Record<string, unknown>> {
    const session = this.#session;
    const server = this.#server;
    if (!session || !server || session.closed) return Promise.reject(notConnected(`send "${method}"`));
    if (!server.stateless) return session.request(method, params, options);
    const meta = { ...this.#statelessMeta(server.protocolVersion), ...options.meta };
    return completeWithInput(method, params, (retry) => session.request(method, retry, { ...options, meta }), {
      handlers: this.#handlers,
      maxRounds: this.#options.maxInputRounds ?? MAX_INPUT_REQUIRED_ROUNDS,
      signal: options.signal,
    });
  }

  /** Sends a notification. */
  async notify(method: string, params?: Record<string, unknown>): Promise<void> {
    await this.session.notify(method, params);
  }

  /** Sends one frame exactly as given (for checks); see {@link Session.sendRaw}. */
  sendRaw(frame: string, options?: Parameters<Session['sendRaw']>[1]): ReturnType<Session['sendRaw']> {
    return this.session.sendRaw(frame, options);
  }

  /**
   * Adds a handler for a notification method (before or after connecting; it survives reconnections); returns a
   * function that removes it.
   */
  onNotification(method: string, handler: NotificationHandler): () => void {
    return this.#notificationHandlers.on(method, handler);
  }

  /**
   * Checks that the server is alive: `ping` up to 2025-11-25; in 2026-07-28, which has no ping, a `server/discover`
   * round trip.
   */
  async ping(options?: RequestOptions): Promise<void> {
    if (this.#described('ping').stateless) await this.request('server/discover', {}, options);
    else parseResult(EmptyResultSchema, await this.session.request('ping', undefined, options), 'ping');
  }

  /** Every tool, all pages followed (cached until the server says the list changed). */
  async listTools(options: ListOptions = {}): Promise<Tool[]> {
    this.#require('tools', 'list tools');
    const tools = await this.#list<Tool, 'tools'>('tools', 'tools/list', 'tools', ListToolsResultSchema, options);
    // 2026-07-28: "Clients using the Streamable HTTP transport MUST reject tool definitions where any x-mcp-header
    // value violates these constraints" and "MUST exclude the invalid tool" from what they offer.
    return this.#mirrorsParamHeaders() ? tools.filter((tool) => readParamHeaders(tool.inputSchema).ok) : tools;
  }

  /** Every resource, all pages followed (cached). */
  async listResources(options: ListOptions = {}): Promise<Resource[]> {
    this.#require('resources', 'list resources');
    return this.#list('resources', 'resources/list', 'resources', ListResourcesResultSchema, options);
  }

  /** Every resource template, all pages followed (cached). */
  async listResourceTemplates(options: ListOptions = {}): Promise<ResourceTemplate[]> {
    this.#require('resources', 'list resource templates');
    return this.#list('resourceTemplates', 'resources/templates/list', 'resourceTemplates', ListResourceTemplatesResultSchema, options);
  }

  /** Every prompt, all pages followed (cached). */
  async listPrompts(options: ListOptions = {}): Promise<Prompt[]> {
    this.#require('prompts', 'list prompts');
    return this.#list('prompts', 'prompts/list', 'prompts', ListPromptsResultSchema, options);
  }

  /** Calls a tool. A result with `isError: true` is returned (or thrown as ToolError with `throwOnToolError`). */
  callTool(params: CallToolRequestParams, options: CallToolOptions = NO_OPTIONS): Promise<CallToolResult> {
    const session = this.#session;
    // The common case, a connected session of the legacy era that declared tools, goes straight to the session and reads
    // the result as it arrives; everything else (not connected, no tools, 2026-07-28) takes the general path below.
    if (session && !session.closed && this.#server?.stateless === false && this.#declares('tools')) {
      return session.requestAs('tools/call', params, options, (raw) => this.#readToolResult(raw, params, options));
    }
    return this.#callTool(params, options);
  }

  async #callTool(params: CallToolRequestParams, options: CallToolOptions): Promise<CallToolResult> {
    this.#require('tools', `call the tool "${params.name}"`);
    let raw: Record<string, unknown>;
    try {
      raw = await this.request('tools/call', params, options);
    } catch (error) {
      // 2026-07-28: a HeaderMismatch may mean the Mcp-Param-* headers we mirrored follow a stale tool definition.
      // Learn the definitions again and retry once; a second mismatch is the server's answer.
      if (!this.#mirrorsParamHeaders() || !isHeaderMismatch(error)) throw error;
      await this.listTools({ refresh: true, ...(options.signal ? { signal: options.signal } : {}) });
      raw = await this.request('tools/call', params, options);
    }
    return this.#readToolResult(raw, params, options);
  }

  /** Validates a tools/call result, and throws it as a ToolError when asked to. */
  #readToolResult(raw: Record<string, unknown>, params: CallToolRequestParams, options: CallToolOptions): CallToolResult {
    // The commonest result (text blocks only) is checked by hand; anything else by the schema.
    const result = (this.#options.validateResults === false ? undefined : readPlainToolResult(raw)) ?? this.#parse(CallToolResultSchema, raw, 'tools/call');
    if (result.isError === true && options.throwOnToolError) {
      const text = result.content?.find((block) => block.type === 'text') as { text?: string } | undefined;
      throw new ToolError(formatMessage(`call the tool "${params.name}"`, `it returned an error${text?.text ? `: ${text.text}` : ''}`), {
        tool: params.name,
        result,
      });
    }
    return result;
  }

  /** Reads a resource. */
  async readResource(params: { uri: string }, options: RequestOptions = {}): Promise<ReadResourceResult> {
    this.#require('resources', `read the resource ${JSON.stringify(params.uri)}`);
    return this.#parse(ReadResourceResultSchema, await this.request('resources/read', params, options), 'resources/read');
  }

  /** Gets a prompt. */
  async getPrompt(params: GetPromptRequestParams, options: RequestOptions = {}): Promise<GetPromptResult> {
    this.#require('prompts', `get the prompt "${params.name}"`);
    return this.#parse(GetPromptResultSchema, await this.request('prompts/get', params, options), 'prompts/get');
  }

  /** Asks for argument completions. */
  async complete(params: CompleteRequestParams, options: RequestOptions = {}): Promise<CompleteResult> {
    // The completions capability exists from 2025-03-26; before it, servers completed without declaring it.
    if (this.#has('completionsCapability')) this.#require('completions', 'complete an argument');
    return this.#parse(CompleteResultSchema, await this.request('completion/complete', params, options), 'completion/complete');
  }

  /** Sets the server's logging level (up to 2025-11-25; 2026-07-28 sets it per request with the `logLevel` option). */
  async setLoggingLevel(level: LoggingLevel, options: RequestOptions = {}): Promise<void> {
    this.#requireFeature('setLevel', 'logging/setLevel', 'Set the logLevel option instead: it goes in every request\'s _meta.');
    this.#require('logging', 'set the logging level');
    this.#parse(EmptyResultSchema, await this.request('logging/setLevel', { level }, options), 'logging/setLevel');
  }

  /** Subscribes to a resource's updates (up to 2025-11-25). */
  async subscribe(params: { uri: string }, options: RequestOptions = {}): Promise<void> {
    this.#requireFeature('resourceSubscribe', 'resources/subscribe', 'Use subscriptions/listen.');
    this.#require('resources.subscribe', `subscribe to ${JSON.stringify(params.uri)}`);
    this.#parse(EmptyResultSchema, await this.request('resources/subscribe', params, options), 'resources/subscribe');
  }

  /** Unsubscribes from a resource's updates (up to 2025-11-25). */
  async unsubscribe(params: { uri: string }, options: RequestOptions = {}): Promise<void> {
    this.#requireFeature('resourceSubscribe', 'resources/unsubscribe', 'Use subscriptions/listen.');
    this.#require('resources.subscribe', `unsubscribe from ${JSON.stringify(params.uri)}`);
    this.#parse(EmptyResultSchema, await this.request('resources/unsubscribe', params, options), 'resources/unsubscribe');
  }

  /** Tells the server that the client's roots changed (legacy versions). */
  async notifyRootsChanged(): Promise<void> {
    await this.notify('notifications/roots/list_changed');
  }

  /** Closes the connection (the transport stops the server it started). Idempotent. */
  async close(): Promise<void> {
    await this.#session?.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #list<Item, Key extends string>(
    kind: ListKind,
    method: string,
    key: Key,
    schema: Parameters<typeof parseResult>[0],
    options: ListOptions,
  ): Promise<Item[]> {
    const cache = this.#caches[kind] as unknown as ListCache<Item[]>;
    if (options.refresh) cache.invalidate();
    const { refresh: _refresh, ...requestOptions } = options;
    return cache.get(async () => {
      let ttlMs: number | undefined;
      const value = await collectPages<Item>(
        async (cursor) => {
          const page = this.#parse(schema, await this.request(method, cursor === undefined ? {} : { cursor }, requestOptions), method) as Record<string, unknown>;
          // 2026-07-28 caching hints: the shortest ttl of the pages bounds the whole list.
          if (typeof page.ttlMs === 'number') ttlMs = Math.min(ttlMs ?? Number.POSITIVE_INFINITY, page.ttlMs);
          return { items: (page[key] as Item[] | undefined) ?? [], nextCursor: page.nextCursor as string | undefined };
        },
        { what: method.replace('/list', '').replace('resources/templates', 'resource templates'), maxPages: this.#options.maxPages ?? DEFAULT_MAX_PAGES },
      );
      return { value, ttlMs };
    });
  }

  /** Whether tool parameters are mirrored into `Mcp-Param-*` headers: 2026-07-28 over Streamable HTTP (or a transport not of ours). */
  #mirrorsParamHeaders(): boolean {
    const transport = this.#session?.transport;
    if (!transport || !this.stateless) return false;
    return !isObservableTransport(transport) || transport.kind === 'streamable-http';
  }

  #parse<Schema extends Parameters<typeof parseResult>[0]>(schema: Schema, value: Record<string, unknown>, method: string) {
    if (this.#options.validateResults === false) return value as ReturnType<typeof parseResult<Schema>>;
    return parseResult(schema, value, method);
  }

  #receiveNotification(method: string, params: Record<string, unknown> | undefined, notification: JsonRpcNotification): void {
    for (const kind of LIST_CHANGED[method] ?? []) this.#caches[kind].invalidate();
    this.#options.onNotification?.(method, params);
    // A throw here reaches the session, which reports it to onError.
    this.#notificationHandlers.dispatch(notification, (handler) => handler(params, notification));
  }

  /** Whether the client is connected and may send a method of this top-level capability (see #require). */
  #declares(capability: string): boolean {
    const server = this.#server;
    if (!server || !this.#session || this.#session.closed) return false;
    if (this.#options.strictCapabilities === false) return true;
    const declared = (server.capabilities as Record<string, unknown>)[capability];
    return declared !== undefined && declared !== null;
  }

  /** Throws CapabilityError when the server did not declare a capability (`tools`, `resources.subscribe`, …). */
  #require(capability: string, action: string): void {
    const capabilities = this.#described(action).capabilities as Record<string, unknown>;
    if (this.#options.strictCapabilities === false) return;
    const [head, sub] = capability.split('.') as [string, string | undefined];
    const declared = capabilities[head];
    const ok = declared !== undefined && declared !== null && (sub === undefined || (declared as Record<string, unknown>)[sub] === true);
    if (ok) return;
    throw new CapabilityError(
      formatMessage(action, `the server did not declare the "${capability}" capability`, 'Pass strictCapabilities: false to send the request anyway.'),
      capability,
    );
  }

  /** Throws when the negotiated version has no such method. */
  #requireFeature(feature: ProtocolFeature, method: string, advice: string): void {
    const version = this.#described(`send "${method}"`).protocolVersion;
    if (supports(version, feature)) return;
    throw new CapabilityError(formatMessage(`send "${method}"`, `protocol version ${version} has no ${method}`, advice), method);
  }

  #has(feature: ProtocolFeature): boolean {
    return supports(this.#described('check a feature').protocolVersion, feature);
  }

  #described(action: string): ServerDescription {
    if (!this.#server || !this.#session || this.#session.closed) throw notConnected(action);
    return this.#server;
  }

  #proposedVersion(): string {
    return this.#options.protocolVersion ?? LATEST_LEGACY_PROTOCOL_VERSION;
  }

  #isStateless(version: string): boolean {
    return isProtocolVersion(version) && eraOf(version) === 'modern';
  }

  #clientInfo(): Implementation {
    return this.#options.clientInfo ?? DEFAULT_CLIENT_INFO;
  }

  /** "Every request carries" the protocol version and client capabilities (required), client info and log level. */
  #statelessMeta(version: string): Record<string, unknown> {
    const meta: Record<string, unknown> = {
      [META_KEYS.protocolVersion]: version,
      [META_KEYS.clientCapabilities]: this.#capabilities,
      [META_KEYS.clientInfo]: this.#clientInfo(),
    };
    if (this.#options.logLevel !== undefined) meta[META_KEYS.logLevel] = this.#options.logLevel;
    return meta;
  }
}

/** Whether a failed `server/discover` came from a server that answered, only not as a 2026-07-28 server. */
function isLegacyAnswer(error: unknown): boolean {
  return error instanceof JsonRpcError || (error instanceof ProtocolError && error.code === 'UNSUPPORTED_PROTOCOL_VERSION');
}

/** Whether an error is a 2026-07-28 HeaderMismatch (-32020), as a JSON-RPC error or in the body of an HTTP 400. */
function isHeaderMismatch(error: unknown): boolean {
  if (error instanceof JsonRpcError) return error.code === ErrorCode.HeaderMismatch;
  if (!(error instanceof HttpStatusError) || error.status !== 400) return false;
  try {
    const body = JSON.parse(error.body) as { error?: { code?: unknown } } | null;
    return body?.error?.code === ErrorCode.HeaderMismatch;
  } catch {
    return false;
  }
}

/** The options of a call that passes none (shared: nothing writes to options). */
const NO_OPTIONS: CallToolOptions = Object.freeze({});

function notConnected(action: string): ConnectionError {
  return new ConnectionError(formatMessage(action, 'the client is not connected', 'Call connect() first.'), { code: 'NOT_CONNECTED' });
}

