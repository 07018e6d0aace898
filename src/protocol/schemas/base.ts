/**
 * Building blocks shared by every MCP message: JSON values, `_meta`, cursors, progress tokens, roles, annotations,
 * icons, logging levels.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/index#general-fields
 */
import { z } from 'zod';
import { integer, uriString } from './profile.js';
import type { SchemaProfile } from './profile.js';
import { withMetaKeyRule } from './meta-keys.js';

/**
 * The logging levels, least severe first (RFC 5424 severities).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/utilities/logging#log-levels
 */
export const LOGGING_LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'] as const;

/** Defines the building blocks for a profile. */
export function defineBaseSchemas(p: SchemaProfile) {
  /** Any JSON value. */
  const JsonValue = z.json();
  /** A JSON object. */
  const JsonObject = z.record(z.string(), z.unknown());
  /** `_meta`: metadata attached to a message; keys follow the `_meta` naming rules. */
  const Meta = withMetaKeyRule(p, z.record(z.string(), z.unknown()));
  /** "An opaque token used to represent a cursor for pagination." */
  const Cursor = z.string();
  /** A progress token: a string or an integer. */
  const ProgressToken = z.union([z.string(), integer()]);
  /** The sender or recipient of messages and data in a conversation. */
  const Role = z.enum(['user', 'assistant']);
  /** Hints about how a client uses or displays an object. */
  const Annotations = z.looseObject({
    audience: z.array(Role).optional(),
    priority: z.number().min(0).max(1).optional(),
    lastModified: z.string().optional(),
  });
  /** An icon for display in a user interface (2025-11-25 and later). */
  const Icon = z.looseObject({
    src: uriString(p),
    mimeType: z.string().optional(),
    sizes: z.array(z.string()).optional(),
    theme: z.enum(['light', 'dark']).optional(),
  });
  /** A logging level. */
  const LoggingLevel = z.enum(LOGGING_LEVELS);
  return { JsonValue, JsonObject, Meta, Cursor, ProgressToken, Role, Annotations, Icon, LoggingLevel };
}

/** The building blocks of one profile. */
export type BaseSchemas = ReturnType<typeof defineBaseSchemas>;
