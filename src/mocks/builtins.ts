/**
 * The methods every mock answers correctly by default, built from its tool, resource and prompt handlers: the
 * handshake, lists with pagination, calls, reads, completion, logging level and subscriptions.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { JsonRpcError } from '../protocol/errors.js';
import { ErrorCode, type RequestId } from '../protocol/jsonrpc.js';
import { eraOf, resourceNotFoundCode, supports } from '../protocol/versions.js';
import type { MockServerInternals } from './define-mock-server.js';
import type { ToolHandler } from './handlers.js';
import type { MockSessionApi } from './mock-session.js';
import { decodeCursor, encodeCursor, isObject, matchUriTemplate, toCallToolResult, toGetPromptResult, toReadResourceResult } from './results.js';
import { LOG_LEVELS, type JsonObject, type LogLevel, type MockChannel, type MockRequestContext } from './types.js';

/** What a built-in needs besides the request. */
export interface BuiltinDeps {
  server: MockServerInternals;
  session: MockSessionApi;
  channel: MockChannel;
}

type Builtin = (params: JsonObject, context: MockRequestContext, deps: BuiltinDeps) => Promise<JsonObject> | JsonObject;

const invalidParams = (message: string, data?: unknown) => new JsonRpcError(ErrorCode.InvalidParams, `Invalid params: ${message}`, data);

const BUILTINS: Record<string, Builtin> = {
  initialize(params, _context, { server, session }) {
    const legacy = server.options.protocolVersions.filter((v) => eraOf(v) === 'legacy');
    const requested = params.protocolVersion;
    // "If the server supports the requested protocol version, it MUST respond with the same version. Otherwise, the
    // server MUST respond with another protocol version it supports. This SHOULD be the latest version supported."
    const version = legacy.find((v) => v === requested) ?? legacy[legacy.length - 1]!;
    session.initialize(version, params);
    const result: JsonObject = {
      protocolVersion: version,
      capabilities: server.capabilities(version),
      serverInfo: server.options.serverInfo,
    };
    if (server.options.instructions !== undefined) result.instructions = server.options.instructions;
    return result;
  },

  ping: () => ({}),

  'server/discover'(_params, context, { server }) {
    const result: JsonObject = {
      supportedVersions: [...server.options.protocolVersions],
      capabilities: server.capabilities(context.protocolVersion),
    };
    if (server.options.instructions !== undefined) result.instructions = server.options.instructions;
    return result;
  },

  'tools/list'(params, _context, { server }) {
    const tools = unique(server.active('tool'), (h) => h.name).map((h) => h.definition);
    return paginate('tools', tools, params, server.options.pageSize);
  },

  async 'tools/call'(params, context, { server }) {
    const name = params.name;
    if (typeof name !== 'string') throw invalidParams('"name" must be a string');
    const handler = server.active('tool').find((h) => h.name === name && server.take(h, context));
    // "Unknown tools: -32602 (Invalid params)"
    if (!handler) throw invalidParams(`Unknown tool: ${name}`);
    const args = isObject(params.arguments) ? params.arguments : {};
    const invalid = validateArguments(handler, args);
    if (invalid !== undefined) {
      // 2025-11-25 (SEP-1303): input validation errors are tool execution errors, so the model can correct itself.
      if (supports(context.protocolVersion, 'inputValidationIsToolError')) {
        return { content: [{ type: 'text', text: `Invalid arguments for tool ${name}: ${invalid}` }], isError: true };
      }
      throw invalidParams(`Invalid arguments for tool ${name}: ${invalid}`);
    }
    const parsed = handler.zodSchema ? (handler.zodSchema.parse(args) as JsonObject) : args;
    setCallIndex(context, server.usesOf(handler) - 1);
    try {
      return toCallToolResult(await server.invoke(handler, handler.resolver, parsed, context));
    } catch (error) {
      if (error instanceof JsonRpcError || context.signal.aborted || !(error instanceof Error)) throw error;
      // "Tool Execution Errors: Reported in tool results with isError: true"
      return { content: [{ type: 'text', text: error.message }], isError: true };
    }
  },

  'resources/list'(params, _context, { server }) {
    const resources = unique(server.active('resource').filter((h) => !h.isTemplate), (h) => h.uri).map((h) => h.definition);
    return paginate('resources', resources, params, server.options.pageSize);
  },

  'resources/templates/list'(params, _context, { server }) {
    const templates = unique(server.active('resource').filter((h) => h.isTemplate), (h) => h.uri).map((h) => h.definition);
    return paginate('resourceTemplates', templates, params, server.options.pageSize);
  },

  async 'resources/read'(params, context, { server }) {
    const uri = params.uri;
    if (typeof uri !== 'string') throw invalidParams('"uri" must be a string');
    const candidates = server.active('resource');
    const ordered = [...candidates.filter((h) => !h.isTemplate), ...candidates.filter((h) => h.isTemplate)];
    for (const handler of ordered) {
      const variables = handler.isTemplate ? matchUriTemplate(handler.uri, uri) : handler.uri === uri ? {} : undefined;
      if (variables === undefined || !server.take(handler, context)) continue;
      setCallIndex(context, server.usesOf(handler) - 1);
      const output = await server.invoke(handler, handler.resolver, { uri, variables }, context);
      return toReadResourceResult(output, uri, handler.definition.mimeType as string | undefined);
    }
    // "Resource not found: -32002" up to 2025-11-25; 2026-07-28: "-32602 (Invalid Params)", "MUST NOT emit -32002".
    throw new JsonRpcError(resourceNotFoundCode(context.protocolVersion), 'Resource not found', { uri });
  },

  'resources/subscribe'(params, _context, { session }) {
    if (typeof params.uri !== 'string') throw invalidParams('"uri" must be a string');
    session.subscriptions.add(params.uri);
    return {};
  },

  'resources/unsubscribe'(params, _context, { session }) {
    if (typeof params.uri !== 'string') throw invalidParams('"uri" must be a string');
    session.subscriptions.delete(params.uri);
    return {};
  },

  'prompts/list'(params, _context, { server }) {
    const prompts = unique(server.active('prompt'), (h) => h.name).map((h) => h.definition);
    return paginate('prompts', prompts, params, server.options.pageSize);
  },

  async 'prompts/get'(params, context, { server }) {
    const name = params.name;
    if (typeof name !== 'string') throw invalidParams('"name" must be a string');
    const handler = server.active('prompt').find((h) => h.name === name && server.take(h, context));
    if (!handler) throw invalidParams(`Unknown prompt: ${name}`);
    const args = (isObject(params.arguments) ? params.arguments : {}) as Record<string, string>;
    const declared = (handler.definition.arguments as Array<{ name: string; required?: boolean }> | undefined) ?? [];
    const missing = declared.filter((a) => a.required && args[a.name] === undefined).map((a) => a.name);
    if (missing.length > 0) throw invalidParams(`Missing required arguments for prompt ${name}: ${missing.join(', ')}`);
    setCallIndex(context, server.usesOf(handler) - 1);
    return toGetPromptResult(await server.invoke(handler, handler.resolver, args, context), handler.definition.description);
  },

  'completion/complete'(params, _context, { server }) {
    const ref = isObject(params.ref) ? params.ref : {};
    const argument = isObject(params.argument) ? params.argument : {};
    const argName = String(argument.name ?? '');
    const value = String(argument.value ?? '');
    let completer: ((value: string) => string[]) | undefined;
    if (ref.type === 'ref/prompt') {
      const prompt = server.active('prompt').find((h) => h.name === ref.name);
      if (!prompt) throw invalidParams(`Unknown prompt: ${String(ref.name)}`);
      completer = prompt.complete[argName];
    } else if (ref.type === 'ref/resource') {
      const resource = server.active('resource').find((h) => h.uri === ref.uri);
      if (!resource) throw invalidParams(`Unknown resource template: ${String(ref.uri)}`);
      completer = resource.complete[argName];
    } else {
      throw invalidParams('"ref.type" must be "ref/prompt" or "ref/resource"');
    }
    const all = completer ? completer(value) : [];
    // "values: array of strings (max 100 items)"
    return { completion: { values: all.slice(0, 100), total: all.length, hasMore: all.length > 100 } };
  },

  'logging/setLevel'(params, _context, { session }) {
    if (!LOG_LEVELS.includes(params.level as LogLevel)) throw invalidParams(`"level" must be one of ${LOG_LEVELS.join(', ')}`);
    session.setLogLevel(params.level as LogLevel);
    return {};
  },

  async 'subscriptions/listen'(params, context, { server, session, channel }) {
    const requested = isObject(params.notifications) ? params.notifications : {};
    const capabilities = server.capabilities(context.protocolVersion);
    const agreed: JsonObject = {};
    // "Only includes notification types the server actually supports."
    if (requested.toolsListChanged === true && isObject(capabilities.tools)) agreed.toolsListChanged = true;
    if (requested.promptsListChanged === true && isObject(capabilities.prompts)) agreed.promptsListChanged = true;
    if (requested.resourcesListChanged === true && isObject(capabilities.resources)) agreed.resourcesListChanged = true;
    if (Array.isArray(requested.resourceSubscriptions) && isObject(capabilities.resources)) {
      agreed.resourceSubscriptions = requested.resourceSubscriptions;
    }
    const listening = session.listen(context.id as RequestId, agreed, channel, context.signal);
    session.emit(channel, {
      jsonrpc: '2.0',
      method: 'notifications/subscriptions/acknowledged',
      params: { notifications: agreed, _meta: { 'io.modelcontextprotocol/subscriptionId': context.id } },
    });
    return listening;
  },
};

/** Runs the built-in behaviour of a method; `undefined` when there is none (or its feature has no handlers). */
export async function runBuiltin(
  method: string,
  params: JsonObject,
  context: MockRequestContext,
  deps: BuiltinDeps,
): Promise<JsonObject | undefined> {
  const builtin = BUILTINS[method];
  if (!builtin) return undefined;
  const capabilities = deps.server.capabilities(context.protocolVersion);
  const feature = method.split('/')[0];
  // A method of a feature the server did not declare is unknown to it.
  if (feature === 'tools' && !isObject(capabilities.tools)) return undefined;
  if (feature === 'resources' && !isObject(capabilities.resources)) return undefined;
  if (feature === 'prompts' && !isObject(capabilities.prompts)) return undefined;
  if (feature === 'completion' && deps.server.active('prompt').length + deps.server.active('resource').length === 0) return undefined;
  return builtin(params, context, deps);
}

/** "Pagination": opaque cursors, `nextCursor` while more items remain. */
function paginate(key: string, items: JsonObject[], params: JsonObject, pageSize: number | undefined): JsonObject {
  let offset = 0;
  if (params.cursor !== undefined) {
    const decoded = typeof params.cursor === 'string' ? decodeCursor(params.cursor) : undefined;
    // "Invalid cursors SHOULD result in an error with code -32602 (Invalid params)."
    if (decoded === undefined || decoded > items.length) throw invalidParams('invalid cursor');
    offset = decoded;
  }
  if (pageSize === undefined) return { [key]: items.slice(offset) };
  const page = items.slice(offset, offset + pageSize);
  const next = offset + page.length;
  return next < items.length ? { [key]: page, nextCursor: encodeCursor(next) } : { [key]: page };
}

function unique<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
const compiled = new WeakMap<object, ReturnType<typeof ajv.compile>>();

function validateArguments(handler: ToolHandler, args: JsonObject): string | undefined {
  if (handler.zodSchema) {
    const result = handler.zodSchema.safeParse(args);
    return result.success ? undefined : result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  }
  const schema = handler.definition.inputSchema as JsonObject;
  let validate = compiled.get(schema);
  if (!validate) {
    try {
      validate = ajv.compile(schema);
    } catch {
      // A schema ajv cannot compile (a test's deliberately odd schema) validates nothing.
      return undefined;
    }
    compiled.set(schema, validate);
  }
  if (validate(args)) return undefined;
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`).join('; ');
}

function setCallIndex(context: MockRequestContext, index: number): void {
  const ref = (context as MockRequestContext & { callIndexRef?: { value: number } }).callIndexRef;
  if (ref) ref.value = index;
}
