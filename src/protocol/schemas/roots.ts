/**
 * Roots: the directories or files a client exposes to a server (`roots/list`). Deprecated in 2026-07-28.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/client/roots
 */
import { z } from 'zod';
import { uriString } from './profile.js';
import type { SchemaProfile } from './profile.js';
import type { BaseSchemas } from './base.js';

/** Defines the roots schemas for a profile. */
export function defineRootSchemas(p: SchemaProfile, base: BaseSchemas) {
  /** A root: "This MUST be a `file://` URI in the current specification." */
  const Root = z.looseObject({ _meta: base.Meta.optional(), uri: uriString(p), name: z.string().optional() });
  /** The client's answer to `roots/list`. */
  const ListRootsResult = z.looseObject({ _meta: base.Meta.optional(), roots: z.array(Root) });
  return { Root, ListRootsResult };
}

/** The roots schemas of one profile. */
export type RootSchemas = ReturnType<typeof defineRootSchemas>;
