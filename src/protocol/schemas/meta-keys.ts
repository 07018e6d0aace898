/**
 * The naming rules of `_meta` keys (2025-06-18 and later): "Valid keys have two segments": an optional prefix of
 * dot-separated labels followed by `/` ("Labels MUST start with a letter and end with a letter or digit"), and a
 * name that, "Unless empty, MUST start and end with an alphanumeric character".
 * @see https://modelcontextprotocol.io/specification/2025-06-18/basic/index#meta
 */
import type { z } from 'zod';
import type { SchemaProfile } from './profile.js';

const LABEL = '[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const NAME = '[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?';

/** A valid `_meta` key. */
export const META_KEY_PATTERN = new RegExp(`^(?:${LABEL}(?:\\.${LABEL})*/)?(?:${NAME})?$`);

/** Whether a `_meta` key follows the naming rules. */
export function isValidMetaKey(key: string): boolean {
  return META_KEY_PATTERN.test(key);
}

/** Adds the key-naming rule to a `_meta` schema, in the strict profiles of versions that have it. */
export function withMetaKeyRule<T extends z.ZodType<Record<string, unknown>>>(p: SchemaProfile, schema: T): T {
  if (!p.only('2025-06-18')) return schema;
  return schema.superRefine((meta, ctx) => {
    for (const key of Object.keys(meta)) {
      if (isValidMetaKey(key)) continue;
      ctx.addIssue({
        code: 'custom',
        path: [key],
        input: key,
        message: `Invalid _meta key ${JSON.stringify(key)}: expected an optional prefix (dot-separated labels, each starting with a letter, then "/") and a name that starts and ends with a letter or digit`,
      });
    }
  });
}
