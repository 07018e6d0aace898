/**
 * The JSON-RPC 2.0 envelope as each MCP version's official schema defines it: `jsonrpc: "2.0"`, ids that are
 * strings or integers ("Unlike base JSON-RPC, the ID MUST NOT be null"), params that are objects, and, from
 * 2025-11-25, error responses that may omit an id they could not read.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/index#messages
 */
import { supports } from '../versions.js';
import type { ProtocolVersion } from '../versions.js';
import { JSONRPC_VERSION } from '../jsonrpc.js';
import type { JsonRpcMessageKind } from '../jsonrpc.js';
import { describeValue, expectedGot } from './issues.js';
import type { MessageIssue } from './issues.js';

/** What the envelope of one message is, and what is wrong with it. */
export interface EnvelopeCheck {
  readonly kind: JsonRpcMessageKind;
  readonly issues: MessageIssue[];
  /** Departures that the specification tolerates (an error response's `id: null`). */
  readonly warnings: MessageIssue[];
}

/** Checks the envelope of one (non-batch) message. `prefix` is prepended to every path. */
export function checkEnvelope(version: ProtocolVersion, value: unknown, prefix = ''): EnvelopeCheck {
  const at = (key: string) => (prefix === '' ? key : `${prefix}.${key}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      kind: 'invalid',
      issues: [{ path: prefix, message: `Expected a JSON-RPC message object, got ${describeValue(value)}` }],
      warnings: [],
    };
  }
  const message = value as Record<string, unknown>;
  const issues: MessageIssue[] = [];
  const warnings: MessageIssue[] = [];
  if (message.jsonrpc !== JSONRPC_VERSION) {
    issues.push({ path: at('jsonrpc'), message: expectedGot('"2.0"', message.jsonrpc) });
  }
  const has = (key: string) => Object.hasOwn(message, key);
  const kind = kindOf(has);
  if (kind === 'invalid') {
    issues.push({ path: prefix, message: 'Expected a request or notification (method), or a response (result or error)' });
    return { kind, issues, warnings };
  }
  if (has('method') && (has('result') || has('error'))) {
    issues.push({ path: prefix, message: 'A message cannot be both a request or notification (method) and a response (result or error)' });
  }
  if (kind === 'request' || kind === 'notification') {
    if (typeof message.method !== 'string') {
      issues.push({ path: at('method'), message: expectedGot('string', message.method) });
    }
    if (has('params') && !isPlainObject(message.params)) {
      issues.push({ path: at('params'), message: expectedGot('object (MCP params are named)', message.params) });
    }
  }
  if (kind === 'request') issues.push(...checkId(message.id, at('id')));
  if (kind === 'result') {
    if (has('error')) issues.push({ path: prefix, message: 'A response has either result or error, not both' });
    issues.push(...checkId(message.id, at('id')));
    if (!isPlainObject(message.result)) {
      issues.push({ path: at('result'), message: expectedGot('object', message.result) });
    }
  }
  if (kind === 'error') {
    if (message.id === null) {
      // JSON-RPC 2.0 answers an unreadable id with null; MCP's schemas allow only a string or an integer (or, from
      // 2025-11-25, no id at all). SDKs send null, so this is a warning, not an issue.
      const fix = supports(version, 'errorIdOptional') ? 'omit it' : 'use the request id';
      warnings.push({ path: at('id'), message: `Expected string or integer, got null (JSON-RPC 2.0 allows null here; MCP's schema does not: ${fix})` });
    } else if (has('id') || !supports(version, 'errorIdOptional')) {
      issues.push(...checkId(message.id, at('id'), version));
    }
    issues.push(...checkErrorObject(message.error, at('error')));
  }
  return { kind, issues, warnings };
}

function kindOf(has: (key: string) => boolean): JsonRpcMessageKind {
  if (has('method')) return has('id') ? 'request' : 'notification';
  if (has('result')) return 'result';
  if (has('error')) return 'error';
  return 'invalid';
}

function checkId(id: unknown, path: string, version?: ProtocolVersion): MessageIssue[] {
  if (typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id))) return [];
  if (id === undefined) {
    const hint = version === undefined ? '' : ` (an error response may omit its id only from 2025-11-25; this is ${version})`;
    return [{ path, message: `Missing required field: expected string or integer${hint}` }];
  }
  if (id === null) return [{ path, message: 'Expected string or integer, got null ("the ID MUST NOT be null")' }];
  return [{ path, message: `Expected string or integer, got ${describeValue(id)}` }];
}

function checkErrorObject(error: unknown, path: string): MessageIssue[] {
  if (!isPlainObject(error)) return [{ path, message: expectedGot('object', error) }];
  const issues: MessageIssue[] = [];
  if (typeof error.code !== 'number' || !Number.isInteger(error.code)) {
    issues.push({ path: `${path}.code`, message: expectedGot('integer', error.code) });
  }
  if (typeof error.message !== 'string') {
    issues.push({ path: `${path}.message`, message: expectedGot('string', error.message) });
  }
  return issues;
}

/** Whether a value is a JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
