/**
 * Sampling: a server asks the client's model for a completion (`sampling/createMessage`). From 2026-07-28 the
 * request travels inside an `InputRequiredResult`, and the feature is deprecated.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/client/sampling
 */
import { z } from 'zod';
import { integer, membersOf } from './profile.js';
import type { SchemaProfile } from './profile.js';
import type { BaseSchemas } from './base.js';
import type { ContentSchemas } from './content.js';
import type { ToolSchemas } from './tools.js';

/** Defines the sampling schemas for a profile. */
export function defineSamplingSchemas(p: SchemaProfile, base: BaseSchemas, content: ContentSchemas, tools: ToolSchemas) {
  const { Meta, Role, JsonObject } = base;
  const withTools = p.within('2025-11-25');
  /** A model's request to call a tool (2025-11-25 and later). */
  const ToolUseContent = z.looseObject({
    _meta: Meta.optional(),
    type: z.literal('tool_use'),
    id: z.string(),
    name: z.string(),
    input: JsonObject,
  });
  /** The result of a tool use, sent back to the model (2025-11-25 and later). */
  const ToolResultContent = z.looseObject({
    _meta: Meta.optional(),
    type: z.literal('tool_result'),
    toolUseId: z.string(),
    content: z.array(content.ContentBlock),
    structuredContent: tools.StructuredContent.optional(),
    isError: z.boolean().optional(),
  });
  /** A content block of a sampling message. */
  const SamplingContentBlock = z.discriminatedUnion(
    'type',
    membersOf<
      [
        typeof content.TextContent,
        typeof content.ImageContent,
        typeof content.AudioContent,
        typeof ToolUseContent,
        typeof ToolResultContent,
      ]
    >([
      [content.TextContent, true],
      [content.ImageContent, true],
      [content.AudioContent, p.has('audioContent')],
      [ToolUseContent, withTools],
      [ToolResultContent, withTools],
    ]),
  );
  /** One block, or (2025-11-25 and later) several. The static type is the loose one. */
  const SamplingContent = (
    withTools ? z.union([SamplingContentBlock, z.array(SamplingContentBlock)]) : SamplingContentBlock
  ) as z.ZodUnion<[typeof SamplingContentBlock, z.ZodArray<typeof SamplingContentBlock>]>;
  /** A message in a sampling conversation. */
  const SamplingMessage = z.looseObject({ _meta: Meta.optional(), role: Role, content: SamplingContent });
  const Priority = z.number().min(0).max(1);
  /** The server's preferences for model selection. */
  const ModelPreferences = z.looseObject({
    hints: z.array(z.looseObject({ name: z.string().optional() })).optional(),
    costPriority: Priority.optional(),
    speedPriority: Priority.optional(),
    intelligencePriority: Priority.optional(),
  });
  /** `sampling/createMessage` params. */
  const CreateMessageRequestParams = z.looseObject({
    _meta: Meta.optional(),
    messages: z.array(SamplingMessage),
    modelPreferences: ModelPreferences.optional(),
    systemPrompt: z.string().optional(),
    includeContext: z.enum(['none', 'thisServer', 'allServers']).optional(),
    temperature: z.number().optional(),
    maxTokens: integer(),
    stopSequences: z.array(z.string()).optional(),
    metadata: JsonObject.optional(),
    tools: z.array(tools.Tool).optional(),
    toolChoice: z.looseObject({ mode: z.enum(['auto', 'required', 'none']).optional() }).optional(),
    task: z.looseObject({ ttl: integer().optional() }).optional(),
  });
  /** The client's answer to `sampling/createMessage`. */
  const CreateMessageResult = z.looseObject({
    _meta: Meta.optional(),
    role: Role,
    content: SamplingContent,
    model: z.string(),
    stopReason: z.string().optional(),
  });
  return { ToolUseContent, ToolResultContent, SamplingMessage, ModelPreferences, CreateMessageRequestParams, CreateMessageResult };
}

/** The sampling schemas of one profile. */
export type SamplingSchemas = ReturnType<typeof defineSamplingSchemas>;
