/**
 * Behaviour is a value: `mcp.tool(...)`, `mcp.resource(...)`, `mcp.prompt(...)`, `mcp.request(...)` and
 * `mcp.fault.*` build handler values that a mock server tries in order (msw's handlers, for MCP).
 */
import { z } from 'zod';
import { faultBuilders, type FaultHandler } from './faults.js';
import type { HandlerOptions, JsonObject, Resolver } from './types.js';

/** What a tool resolver may return: a full `CallToolResult`, a string (one text item), or content items. */
export type ToolResolverOutput = JsonObject | string | JsonObject[];

/** A JSON Schema object, or a zod schema (converted with `z.toJSONSchema` and used to validate arguments). */
export type ToolSchema = JsonObject | z.ZodType;

/** Extra fields of a tool's definition. */
export interface ToolOptions extends HandlerOptions {
  description?: string;
  title?: string;
  outputSchema?: JsonObject;
  annotations?: JsonObject;
  icons?: JsonObject[];
  _meta?: JsonObject;
}

/** A tool handler value. */
export interface ToolHandler {
  readonly kind: 'tool';
  readonly name: string;
  /** The tool as `tools/list` shows it. */
  readonly definition: JsonObject;
  /** The zod schema arguments are parsed with, when the tool was defined with one. */
  readonly zodSchema: z.ZodType | undefined;
  readonly resolver: Resolver<JsonObject, ToolResolverOutput>;
  readonly options: HandlerOptions;
}

/** What a resource resolver may return: text, bytes, one contents object, or a full `ReadResourceResult`. */
export type ResourceResolverOutput = string | Uint8Array | JsonObject;

/** Extra fields of a resource's definition. */
export interface ResourceOptions extends HandlerOptions {
  name?: string;
  title?: string;
  description?: string;
  mimeType?: string;
  size?: number;
  annotations?: JsonObject;
  icons?: JsonObject[];
  /** For templates: completions of a variable, by name. */
  complete?: Record<string, (value: string) => string[]>;
}

/** A resource (fixed URI) or resource template (URI with `{variables}`) handler value. */
export interface ResourceHandler {
  readonly kind: 'resource';
  readonly uri: string;
  readonly isTemplate: boolean;
  readonly definition: JsonObject;
  readonly resolver: Resolver<{ uri: string; variables: Record<string, string> }, ResourceResolverOutput>;
  readonly complete: Record<string, (value: string) => string[]>;
  readonly options: HandlerOptions;
}

/** A prompt argument. */
export interface PromptArgument {
  name: string;
  description?: string;
  required?: boolean;
  title?: string;
}

/** What a prompt resolver may return: a string (one user message), messages, or a full `GetPromptResult`. */
export type PromptResolverOutput = string | JsonObject[] | JsonObject;

/** Extra fields of a prompt's definition. */
export interface PromptOptions extends HandlerOptions {
  description?: string;
  title?: string;
  icons?: JsonObject[];
  /** Completions of an argument, by name. */
  complete?: Record<string, (value: string) => string[]>;
}

/** A prompt handler value. */
export interface PromptHandler {
  readonly kind: 'prompt';
  readonly name: string;
  readonly definition: JsonObject;
  readonly resolver: Resolver<Record<string, string>, PromptResolverOutput>;
  readonly complete: Record<string, (value: string) => string[]>;
  readonly options: HandlerOptions;
}

/** A handler for any request method (it overrides the built-in one). */
export interface RequestHandler {
  readonly kind: 'request';
  readonly method: string;
  readonly resolver: Resolver<JsonObject, JsonObject>;
  readonly options: HandlerOptions;
}

/** A listener for a notification the client sends (`when` does not apply: there is no request context). */
export interface NotificationHandler {
  readonly kind: 'notification';
  readonly method: string;
  readonly listener: (params: JsonObject) => void;
  readonly options: Omit<HandlerOptions, 'when'>;
}

/** Any handler value a mock server accepts. */
export type MockHandler = ToolHandler | ResourceHandler | PromptHandler | RequestHandler | NotificationHandler | FaultHandler;

function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

function splitOptions<T extends HandlerOptions>(options: T | undefined): [HandlerOptions, Omit<T, keyof HandlerOptions>] {
  const { once, times, when, ...rest } = options ?? ({} as T);
  const handlerOptions: HandlerOptions = {};
  if (once !== undefined) handlerOptions.once = once;
  if (times !== undefined) handlerOptions.times = times;
  if (when !== undefined) handlerOptions.when = when;
  return [handlerOptions, rest];
}

function defined(fields: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/**
 * Defines a tool.
 * @example mcp.tool('echo', { type: 'object', properties: { text: { type: 'string' } } }, ({ text }) => String(text))
 */
function tool(
  name: string,
  schema: ToolSchema | undefined,
  resolver: Resolver<JsonObject, ToolResolverOutput>,
  options?: ToolOptions,
): ToolHandler {
  const [handlerOptions, rest] = splitOptions(options);
  const zodSchema = isZodSchema(schema) ? schema : undefined;
  const inputSchema = zodSchema
    ? (z.toJSONSchema(zodSchema, { target: 'draft-2020-12' }) as JsonObject)
    : ((schema as JsonObject | undefined) ?? { type: 'object' });
  if (zodSchema) delete inputSchema.$schema;
  const definition = defined({ name, ...rest, inputSchema });
  return { kind: 'tool', name, definition, zodSchema, resolver, options: handlerOptions };
}

/**
 * Defines a resource (`test://a`) or a resource template (`test://items/{id}`).
 * @example mcp.resource('test://hello', () => 'Hello', { mimeType: 'text/plain' })
 */
function resource(
  uri: string,
  resolver: ResourceHandler['resolver'],
  options?: ResourceOptions,
): ResourceHandler {
  const [handlerOptions, rest] = splitOptions(options);
  const { complete = {}, ...fields } = rest;
  const isTemplate = /\{[^}]+\}/.test(uri);
  const definition = defined({
    ...(isTemplate ? { uriTemplate: uri } : { uri }),
    name: fields.name ?? uri,
    ...fields,
  });
  return { kind: 'resource', uri, isTemplate, definition, resolver, complete, options: handlerOptions };
}

/**
 * Defines a prompt; `args` lists its arguments (names, or full argument objects).
 * @example mcp.prompt('greet', ['who'], ({ who }) => `Say hello to ${who}`)
 */
function prompt(
  name: string,
  args: Array<string | PromptArgument>,
  resolver: PromptHandler['resolver'],
  options?: PromptOptions,
): PromptHandler {
  const [handlerOptions, rest] = splitOptions(options);
  const { complete = {}, ...fields } = rest;
  const argumentsList = args.map((a) => (typeof a === 'string' ? { name: a, required: true } : a));
  const definition = defined({ name, ...fields, arguments: argumentsList.length > 0 ? argumentsList : undefined });
  return { kind: 'prompt', name, definition, resolver, complete, options: handlerOptions };
}

/**
 * Answers any request method; it takes precedence over the built-in behaviour for that method.
 * @example mcp.request('tools/list', () => ({ tools: [] }), { once: true })
 */
function request(method: string, resolver: Resolver<JsonObject, JsonObject>, options?: HandlerOptions): RequestHandler {
  return { kind: 'request', method, resolver, options: options ?? {} };
}

/** Listens for a notification from the client (`notifications/initialized`, `notifications/roots/list_changed`, …). */
function notification(method: string, listener: (params: JsonObject) => void, options?: Omit<HandlerOptions, 'when'>): NotificationHandler {
  return { kind: 'notification', method, listener, options: options ?? {} };
}

/** Builders of mock behaviour. */
export const mcp = { tool, resource, prompt, request, notification, fault: faultBuilders };

/** Whether a value is a handler value (as opposed to a plain declarative definition). */
export function isMockHandler(value: unknown): value is MockHandler {
  return (
    typeof value === 'object' &&
    value !== null &&
    'kind' in value &&
    ['tool', 'resource', 'prompt', 'request', 'notification', 'fault'].includes(String((value as { kind: unknown }).kind))
  );
}
