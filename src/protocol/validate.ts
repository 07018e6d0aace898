/**
 * Validates one message against its protocol version: the JSON-RPC envelope first, then the method's params
 * (requests, notifications) or, for a response, the result schema of the method that was requested. This is how
 * the harness checks "every message the server sends" against its version's schema.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/index#messages
 */
import { PROTOCOL_VERSIONS, supports } from './versions.js';
import type { ProtocolVersion } from './versions.js';
import type { JsonRpcMessageKind } from './jsonrpc.js';
import { ErrorCode } from './jsonrpc.js';
import { checkEnvelope, isPlainObject } from './schemas/envelope.js';
import { issuesOf } from './schemas/issues.js';
import type { MessageIssue } from './schemas/issues.js';
import type { z } from 'zod';
import { methodOf, schemasOf } from './schemas/registry.js';
import type { MessageDirection } from './schemas/method-table.js';

/** Options of {@link validateMessage}. */
export interface ValidateMessageOptions {
  /** Who sent the message. */
  direction: MessageDirection;
  /**
   * For a response: the method of the request it answers (without it, only the envelope is checked). The responses
   * inside a batch get the envelope check only: validate them one by one to check their results.
   */
  requestMethod?: string;
}

/** What {@link validateMessage} found. */
export interface MessageValidation {
  /** True when nothing is wrong (an unknown method is not wrong by itself). */
  readonly valid: boolean;
  readonly kind: JsonRpcMessageKind | 'batch';
  /** The request's or notification's method, or the `requestMethod` a response answers. */
  readonly method?: string;
  /** The method is not defined by this version in this direction (custom methods are allowed). */
  readonly unknownMethod: boolean;
  /** For an unknown method: the versions that do define it in this direction (empty for custom methods). */
  readonly definedIn?: readonly ProtocolVersion[];
  readonly issues: readonly MessageIssue[];
  /** Departures the specification tolerates, which do not make the message invalid (an error response's `id: null`). */
  readonly warnings: readonly MessageIssue[];
  /** For a batch: each message's validation. */
  readonly items?: readonly MessageValidation[];
}

/**
 * Validates a parsed message against a version's official shape.
 * @example
 * const check = validateMessage('2025-11-25', message, { direction: 'server-to-client', requestMethod: 'tools/list' });
 * if (!check.valid) for (const issue of check.issues) console.log(`${issue.path}: ${issue.message}`);
 */
export function validateMessage(version: ProtocolVersion, message: unknown, options: ValidateMessageOptions): MessageValidation {
  if (Array.isArray(message)) return validateBatch(version, message, options);
  return validateOne(version, message, options, '');
}

/**
 * "MCP implementations MAY support sending JSON-RPC batches, but MUST support receiving JSON-RPC batches"
 * (2025-03-26 only; 2025-06-18 removed batching).
 * @see https://modelcontextprotocol.io/specification/2025-03-26/basic#batching
 */
function validateBatch(version: ProtocolVersion, batch: unknown[], options: ValidateMessageOptions): MessageValidation {
  if (!supports(version, 'batching')) {
    return invalid('batch', [{ path: '', message: `JSON-RPC batches are not allowed in ${version} (only 2025-03-26 has them)` }]);
  }
  if (batch.length === 0) return invalid('batch', [{ path: '', message: 'Expected at least one message in a batch' }]);
  const items = batch.map((item, index) => validateOne(version, item, { direction: options.direction }, `[${index}]`));
  const issues = items.flatMap((item) => item.issues);
  const warnings = items.flatMap((item) => item.warnings);
  if (items.some((item) => item.kind === 'request' || item.kind === 'notification') && items.some((item) => item.kind === 'result' || item.kind === 'error')) {
    issues.push({ path: '', message: 'A batch holds either requests and notifications or responses, not both' });
  }
  if (items.some((item) => item.method === 'initialize')) {
    issues.push({ path: '', message: 'The initialize request MUST NOT be part of a JSON-RPC batch' });
  }
  return { valid: issues.length === 0, kind: 'batch', unknownMethod: false, issues, warnings, items };
}

function validateOne(version: ProtocolVersion, value: unknown, options: ValidateMessageOptions, prefix: string): MessageValidation {
  const envelope = checkEnvelope(version, value, prefix);
  const { kind } = envelope;
  const { warnings } = envelope;
  if (kind === 'invalid' || !isPlainObject(value)) return { ...invalid(kind, envelope.issues), warnings };
  const at = (key: string) => (prefix === '' ? key : `${prefix}.${key}`);
  if (kind === 'error') {
    const issues = [...envelope.issues, ...errorDataIssues(version, value.error, at('error.data'))];
    return { valid: issues.length === 0, kind, method: options.requestMethod, unknownMethod: false, issues, warnings };
  }
  const isResponse = kind === 'result';
  const method = isResponse ? options.requestMethod : typeof value.method === 'string' ? value.method : undefined;
  if (method === undefined) {
    return { valid: envelope.issues.length === 0, kind, unknownMethod: false, issues: envelope.issues, warnings };
  }
  // A response travels opposite to the request it answers.
  const requestDirection = isResponse ? opposite(options.direction) : options.direction;
  const definition = methodOf(version, method, requestDirection);
  const issues = [...envelope.issues];
  if (definition === undefined) {
    const other = methodOf(version, method, opposite(requestDirection));
    if (!isResponse && other !== undefined) {
      issues.push({ path: at('method'), message: `${method} is sent ${other.direction} in ${version}, not ${requestDirection}` });
    }
    if (other !== undefined) return { valid: issues.length === 0, kind, method, unknownMethod: false, issues, warnings };
    const definedIn = PROTOCOL_VERSIONS.filter((v) => methodOf(v, method, requestDirection) !== undefined);
    return { valid: issues.length === 0, kind, method, unknownMethod: true, definedIn, issues, warnings };
  }
  const expected = definition.kind === 'request' ? 'request' : 'notification';
  if (!isResponse && kind !== expected) {
    const fix = expected === 'notification' ? 'it must not have an id' : 'it must have an id';
    issues.push({ path: at('id'), message: `${method} is a ${expected} in ${version}: ${fix}` });
  }
  if (isResponse) {
    if (definition.result !== undefined) issues.push(...resultIssues(definition.result, value.result, at('result')));
  } else if (value.params === undefined || isPlainObject(value.params)) {
    // Params that are no object were reported with the envelope.
    issues.push(...issuesOf(definition.params, value.params, at('params')));
  }
  return { valid: issues.length === 0, kind, method, unknownMethod: false, issues, warnings };
}

/** Results shorter than this, as JSON, are parsed every time: their key would cost about what parsing them does. @default 256 */
const CACHED_RESULT_MIN_CHARS = 256;
/** The most results remembered per result schema. @default 256 */
const CACHED_RESULTS_PER_SCHEMA = 256;
/** What each result schema found in results already parsed, by path and JSON text. */
const resultCache = new WeakMap<z.ZodType, Map<string, readonly MessageIssue[]>>();

/**
 * The issues of a response's result. A server answers the same list many times in a run (each check lists what it
 * needs): the same text against the same schema gives the same issues, so a result is parsed once per schema (each
 * version has its own) and text. Parsing a tools/list result costs ~0.2-1 ms; writing its text, a few microseconds.
 */
function resultIssues(schema: z.ZodType, result: unknown, path: string): readonly MessageIssue[] {
  let text: string | undefined;
  try {
    text = JSON.stringify(result);
  } catch {
    // Not JSON (a cycle, a BigInt): not from the wire, so not worth remembering.
  }
  if (text === undefined || text.length < CACHED_RESULT_MIN_CHARS) return issuesOf(schema, result, path);
  let known = resultCache.get(schema);
  if (!known) resultCache.set(schema, (known = new Map()));
  const key = `${path}\u0000${text}`;
  const cached = known.get(key);
  if (cached) return cached;
  const issues = issuesOf(schema, result, path);
  if (known.size >= CACHED_RESULTS_PER_SCHEMA) known.clear();
  known.set(key, issues);
  return issues;
}

/**
 * The `data` of the MCP errors whose data the schema defines: -32022 and -32021 (2026-07-28), -32042 (2025-11-25).
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/lifecycle#version-negotiation
 */
function errorDataIssues(version: ProtocolVersion, error: unknown, path: string): MessageIssue[] {
  if (!isPlainObject(error)) return [];
  const s = schemasOf(version);
  if (supports(version, 'stateless')) {
    if (error.code === ErrorCode.UnsupportedProtocolVersion) return issuesOf(s.UnsupportedProtocolVersionErrorData, error.data, path);
    if (error.code === ErrorCode.MissingRequiredClientCapability) {
      return issuesOf(s.MissingRequiredClientCapabilityErrorData, error.data, path);
    }
  }
  if (supports(version, 'urlElicitation') && !supports(version, 'stateless') && error.code === ErrorCode.UrlElicitationRequired) {
    return issuesOf(s.UrlElicitationRequiredErrorData, error.data, path);
  }
  return [];
}

function opposite(direction: MessageDirection): MessageDirection {
  return direction === 'client-to-server' ? 'server-to-client' : 'client-to-server';
}

function invalid(kind: JsonRpcMessageKind | 'batch', issues: MessageIssue[]): MessageValidation {
  return { valid: false, kind, unknownMethod: false, issues, warnings: [] };
}
