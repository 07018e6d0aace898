/**
 * The official JSON Schema of each protocol version, compiled with ajv (draft-07 `definitions` up to 2025-06-18,
 * 2020-12 `$defs` from 2025-11-25), and how its named types map onto methods.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { schemaDefinitionsKey } from '../../../src/protocol/versions.js';
import type { ProtocolVersion } from '../../../src/protocol/versions.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** Where the team's copy of the specification lives. */
export const SPEC_ROOT = join(repoRoot, '..', 'shared', 'spec');
/** Whether the specification copy is present (the cross-checks skip without it). */
export const HAS_SPEC = existsSync(join(SPEC_ROOT, 'schema'));

type JsonSchema = Record<string, any>;

/** One version's official schema, compiled. */
export interface OfficialSchema {
  readonly definitions: Record<string, JsonSchema>;
  /** Validates a value against a named type; returns the ajv errors, or an empty list. */
  errorsFor(name: string, value: unknown): string[];
  /** Whether the named type exists. */
  has(name: string): boolean;
  /** The official type names of a union (e.g. `ClientRequest`), by the `method` each fixes. */
  methodsOf(union: string): Map<string, string>;
}

const cache = new Map<string, OfficialSchema>();

/**
 * Where the generated schema.json disagrees with the schema.ts it is generated from, we follow schema.ts (the
 * source of truth) and patch the JSON Schema here. A test proves each patch is still needed.
 * - `JSONValue` (2026-07-28): schema.ts says `string | number | boolean | null | JSONObject | JSONArray`; the JSON
 *   Schema says `string | integer | boolean | object | array` (no `null`, no fractional numbers).
 * - `ElicitResult.content` values (2025-06-18 and later): schema.ts says `string | number | boolean` (`| string[]`
 *   from 2025-11-25); the JSON Schema says `integer` for `number`, so 9.5 for a `number` field is rejected.
 */
export const OFFICIAL_SCHEMA_ERRATA = ['JSONValue', 'ElicitResult.content'] as const;

function applyErrata(definitions: Record<string, JsonSchema>): void {
  const jsonValue = definitions.JSONValue;
  if (jsonValue !== undefined) {
    jsonValue.anyOf = [
      { $ref: '#/$defs/JSONObject' },
      { type: 'array', items: { $ref: '#/$defs/JSONValue' } },
      { type: ['string', 'number', 'boolean', 'null'] },
    ];
  }
  const content = definitions.ElicitResult?.properties?.content?.additionalProperties as JsonSchema | undefined;
  for (const branch of content === undefined ? [] : (content.anyOf ?? [content])) {
    if (Array.isArray(branch.type)) branch.type = branch.type.map((t: string) => (t === 'integer' ? 'number' : t));
  }
}

/** Loads and compiles one version's official schema. */
export function officialSchemaOf(version: ProtocolVersion, options: { applyErrata?: boolean } = {}): OfficialSchema {
  const cacheKey = `${version}:${options.applyErrata !== false}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const raw = JSON.parse(readFileSync(join(SPEC_ROOT, 'schema', version, 'schema.json'), 'utf8')) as JsonSchema;
  const key = schemaDefinitionsKey(version);
  const ajv = key === '$defs' ? new Ajv2020({ strict: false, allErrors: true }) : new Ajv({ strict: false, allErrors: true });
  addFormats(ajv as Ajv);
  const id = `https://mcp-conform.test/schema/${version}.json`;
  ajv.addSchema({ ...raw, $id: id });
  const definitions = raw[key] as Record<string, JsonSchema>;
  if (options.applyErrata !== false) applyErrata(definitions);
  const compiled = new Map<string, ValidateFunction>();
  const official: OfficialSchema = {
    definitions,
    has: (name) => Object.hasOwn(definitions, name),
    errorsFor(name, value) {
      let validate = compiled.get(name);
      if (!validate) {
        validate = ajv.compile({ $ref: `${id}#/${key}/${name}` });
        compiled.set(name, validate);
      }
      return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
    },
    methodsOf(union) {
      const out = new Map<string, string>();
      const def = definitions[union];
      const members = (def === undefined ? [] : (def.anyOf ?? [def])) as JsonSchema[];
      for (const member of members) {
        const name = member.$ref === undefined ? union : String(member.$ref).split('/').pop()!;
        const method = definitions[name]?.properties?.method?.const;
        if (typeof method === 'string') out.set(method, name);
      }
      return out;
    },
  };
  cache.set(cacheKey, official);
  return official;
}

/** Which official union holds a message a sender sends. */
function unionOf(direction: 'client-to-server' | 'server-to-client', kind: 'request' | 'notification'): string {
  const side = direction === 'client-to-server' ? 'Client' : 'Server';
  return `${side}${kind === 'request' ? 'Request' : 'Notification'}`;
}

/**
 * Validates one message as the official schema would: the JSON-RPC envelope (`JSONRPCMessage`), then the
 * named type of its method (request or notification), or the result type of the method it answers.
 */
export function officialErrorsOf(
  version: ProtocolVersion,
  direction: 'client-to-server' | 'server-to-client',
  message: unknown,
  requestMethod?: string,
): string[] {
  const official = officialSchemaOf(version);
  const errors = official.errorsFor('JSONRPCMessage', message);
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return errors;
  const m = message as Record<string, unknown>;
  if (typeof m.method === 'string') {
    const kind = Object.hasOwn(m, 'id') ? 'request' : 'notification';
    const name = official.methodsOf(unionOf(direction, kind)).get(m.method);
    if (name !== undefined) errors.push(...official.errorsFor(name, message));
    return errors;
  }
  if (Object.hasOwn(m, 'result') && requestMethod !== undefined) {
    const requester = direction === 'server-to-client' ? 'client-to-server' : 'server-to-client';
    const requestName = official.methodsOf(unionOf(requester, 'request')).get(requestMethod);
    if (requestName === undefined) return errors;
    const responseName = requestName.replace(/Request$/, 'ResultResponse');
    if (official.has(responseName)) return [...errors, ...official.errorsFor(responseName, message)];
    const resultName = requestName.replace(/Request$/, 'Result');
    const resultErrors = official.errorsFor(official.has(resultName) ? resultName : 'EmptyResult', m.result);
    // 2025-11-25: "a task-augmented request" is answered with a CreateTaskResult instead.
    const isTask = official.has('CreateTaskResult') && official.errorsFor('CreateTaskResult', m.result).length === 0;
    return isTask ? errors : [...errors, ...resultErrors];
  }
  if (Object.hasOwn(m, 'error')) {
    const code = (m.error as { code?: unknown } | null)?.code;
    const named: Record<number, string> = { [-32022]: 'UnsupportedProtocolVersionError', [-32021]: 'MissingRequiredClientCapabilityError', [-32042]: 'URLElicitationRequiredError' };
    const name = typeof code === 'number' ? named[code] : undefined;
    if (name !== undefined && official.has(name)) errors.push(...official.errorsFor(name, message));
  }
  return errors;
}
