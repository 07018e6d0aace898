/**
 * Prompts: templates a server offers, listed by `prompts/list` and filled in by `prompts/get`.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/prompts
 */
import { z } from 'zod';
import type { BaseSchemas } from './base.js';
import type { MetaSchemas } from './meta.js';
import type { ContentSchemas } from './content.js';

/** Defines the prompt schemas for a profile. */
export function definePromptSchemas(base: BaseSchemas, meta: MetaSchemas, content: ContentSchemas) {
  const { Meta, Icon, Cursor, Role } = base;
  const { resultFields, cacheFields } = meta;
  /** An argument a prompt accepts. */
  const PromptArgument = z.looseObject({
    name: z.string(),
    title: z.string().optional(),
    description: z.string().optional(),
    required: z.boolean().optional(),
  });
  /** A prompt or prompt template. */
  const Prompt = z.looseObject({
    _meta: Meta.optional(),
    name: z.string(),
    title: z.string().optional(),
    description: z.string().optional(),
    arguments: z.array(PromptArgument).optional(),
    icons: z.array(Icon).optional(),
  });
  /** One message of a prompt. */
  const PromptMessage = z.looseObject({ role: Role, content: content.ContentBlock });
  /** The `prompts/list` result. */
  const ListPromptsResult = z.looseObject({ ...resultFields, ...cacheFields, prompts: z.array(Prompt), nextCursor: Cursor.optional() });
  /** The `prompts/get` result (when complete). */
  const GetPromptResult = z.looseObject({
    ...resultFields,
    description: z.string().optional(),
    messages: z.array(PromptMessage),
  });
  return { PromptArgument, Prompt, PromptMessage, ListPromptsResult, GetPromptResult };
}

/** The prompt schemas of one profile. */
export type PromptSchemas = ReturnType<typeof definePromptSchemas>;
