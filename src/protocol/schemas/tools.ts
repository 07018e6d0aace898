/**
 * Tools: what `tools/list` returns and what `tools/call` answers.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/tools
 */
import { z } from 'zod';
import type { SchemaProfile } from './profile.js';
import type { BaseSchemas } from './base.js';
import type { MetaSchemas } from './meta.js';
import type { ContentSchemas } from './content.js';

/** Defines the tool schemas for a profile. */
export function defineToolSchemas(p: SchemaProfile, base: BaseSchemas, meta: MetaSchemas, content: ContentSchemas) {
  const { Meta, Icon, Cursor, JsonObject, JsonValue } = base;
  const { resultFields, cacheFields } = meta;
  /** Up to 2025-11-25 schema properties are objects; 2026-07-28 takes "any 2020-12 schema" (booleans too). */
  const SchemaProperties =
    p.only('2024-11-05', '2025-11-25') ? z.record(z.string(), JsonObject) : z.record(z.string(), z.unknown());
  /** "Hints … Clients MUST treat them as untrusted" (2025-03-26 and later). */
  const ToolAnnotations = z.looseObject({
    title: z.string().optional(),
    readOnlyHint: z.boolean().optional(),
    destructiveHint: z.boolean().optional(),
    idempotentHint: z.boolean().optional(),
    openWorldHint: z.boolean().optional(),
  });
  /** "A JSON Schema object defining the expected parameters for the tool": `type` MUST be `object`. */
  const InputSchema = z.looseObject({
    $schema: z.string().optional(),
    type: z.literal('object'),
    properties: SchemaProperties.optional(),
    required: z.array(z.string()).optional(),
  });
  /**
   * The tool's output schema: an object schema up to 2025-11-25, "any 2020-12 schema" object from 2026-07-28.
   * The static type is the loose one.
   */
  const OutputSchema = (
    p.only('2025-06-18', '2025-11-25')
      ? InputSchema
      : z.looseObject({ $schema: z.string().optional(), type: z.unknown().optional(), properties: SchemaProperties.optional() })
  ) as z.ZodObject<{ $schema: z.ZodOptional<z.ZodString>; type: z.ZodOptional<z.ZodUnknown>; properties: z.ZodOptional<typeof SchemaProperties> }, z.core.$loose>;
  /** A tool the client can call. */
  const Tool = z.looseObject({
    _meta: Meta.optional(),
    name: z.string(),
    title: z.string().optional(),
    description: z.string().optional(),
    inputSchema: InputSchema,
    outputSchema: OutputSchema.optional(),
    annotations: ToolAnnotations.optional(),
    icons: z.array(Icon).optional(),
    execution: z.looseObject({ taskSupport: z.enum(['forbidden', 'optional', 'required']).optional() }).optional(),
  });
  /** The `tools/list` result. */
  const ListToolsResult = z.looseObject({ ...resultFields, ...cacheFields, tools: z.array(Tool), nextCursor: Cursor.optional() });
  /**
   * `structuredContent`: an object in 2025-06-18 and 2025-11-25; "any JSON value" from 2026-07-28.
   * The static type is the loose one.
   */
  const StructuredContent = (p.only('2025-06-18', '2025-11-25') ? JsonObject : JsonValue) as typeof JsonValue;
  /** The `tools/call` result (when complete). */
  const CallToolResult = z.looseObject({
    ...resultFields,
    content: z.array(content.ContentBlock),
    structuredContent: StructuredContent.optional(),
    isError: z.boolean().optional(),
  });
  return { ToolAnnotations, Tool, ListToolsResult, CallToolResult, StructuredContent };
}

/** The tool schemas of one profile. */
export type ToolSchemas = ReturnType<typeof defineToolSchemas>;
