/**
 * The per-version message registry: for each released version, which methods exist in which direction, and the
 * strict schemas of their params and results, per that version.
 * @see https://modelcontextprotocol.io/specification/versioning
 */
import type { z } from 'zod';
import type { ProtocolVersion } from '../versions.js';
import { profileOf } from './profile.js';
import { defineSchemas } from './define-schemas.js';
import type { MessageSchemas } from './define-schemas.js';
import { defineMethodTable } from './method-table.js';
import type { MessageDirection, MethodDefinition } from './method-table.js';

interface VersionEntry {
  schemas: MessageSchemas;
  methods: MethodDefinition[];
}

const entries = new Map<ProtocolVersion, VersionEntry>();

function entryOf(version: ProtocolVersion): VersionEntry {
  let entry = entries.get(version);
  if (entry === undefined) {
    const schemas = defineSchemas(profileOf(version));
    entry = { schemas, methods: defineMethodTable(version, schemas) };
    entries.set(version, entry);
  }
  return entry;
}

/** The strict schemas of one version (every named type, as that version defines it). */
export function schemasOf(version: ProtocolVersion): MessageSchemas {
  return entryOf(version).schemas;
}

/** Every method a version defines, each in the direction it is sent. */
export function methodsOf(version: ProtocolVersion): readonly MethodDefinition[] {
  return entryOf(version).methods;
}

/** A method's definition, if the version defines it in that direction (or, without a direction, in either). */
export function methodOf(
  version: ProtocolVersion,
  method: string,
  direction?: MessageDirection,
): MethodDefinition | undefined {
  return entryOf(version).methods.find(
    (entry) => entry.method === method && (direction === undefined || entry.direction === direction),
  );
}

/** The strict params schema of a request (accepts `undefined` when params are optional). */
export function requestSchemaOf(
  version: ProtocolVersion,
  method: string,
  direction?: MessageDirection,
): z.ZodType | undefined {
  return requestOf(version, method, direction)?.params;
}

/** The strict result schema of a request's response. */
export function resultSchemaOf(
  version: ProtocolVersion,
  method: string,
  direction?: MessageDirection,
): z.ZodType | undefined {
  return requestOf(version, method, direction)?.result;
}

/** The strict params schema of a notification (accepts `undefined` when params are optional). */
export function notificationSchemaOf(
  version: ProtocolVersion,
  method: string,
  direction?: MessageDirection,
): z.ZodType | undefined {
  return entryOf(version).methods.find(
    (entry) =>
      entry.kind === 'notification' && entry.method === method && (direction === undefined || entry.direction === direction),
  )?.params;
}

function requestOf(version: ProtocolVersion, method: string, direction?: MessageDirection): MethodDefinition | undefined {
  return entryOf(version).methods.find(
    (entry) => entry.kind === 'request' && entry.method === method && (direction === undefined || entry.direction === direction),
  );
}
