/**
 * The params of client→server requests that name a thing: `tools/call`, `prompts/get`, `resources/read`,
 * `completion/complete`, `logging/setLevel`. From 2026-07-28 `tools/call`, `prompts/get` and `resources/read` also
 * carry a retry's `inputResponses` and `requestState`.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/patterns/multi-round-trip
 */
import { z } from 'zod';
import { integer, uriString, uriTemplateString } from './profile.js';
import type { SchemaProfile } from './profile.js';
import type { BaseSchemas } from './base.js';
import type { MetaSchemas } from './meta.js';
import type { StatelessSchemas } from './stateless.js';

/** Defines the request-params schemas for a profile. */
export function defineRequestSchemas(p: SchemaProfile, base: BaseSchemas, meta: MetaSchemas, stateless: StatelessSchemas) {
  const { requestMetaField } = meta;
  const { retryFields } = stateless;
  /** `tools/call` params. */
  const CallToolRequestParams = z.looseObject({
    ...requestMetaField,
    ...retryFields,
    name: z.string(),
    arguments: base.JsonObject.optional(),
    task: z.looseObject({ ttl: integer().optional() }).optional(),
  });
  /** `prompts/get` params: argument values are strings. */
  const GetPromptRequestParams = z.looseObject({
    ...requestMetaField,
    ...retryFields,
    name: z.string(),
    arguments: z.record(z.string(), z.string()).optional(),
  });
  /** `resources/read` params. */
  const ReadResourceRequestParams = z.looseObject({ ...requestMetaField, ...retryFields, uri: uriString(p) });
  /** A reference to a prompt, for completion. */
  const PromptReference = z.looseObject({ type: z.literal('ref/prompt'), name: z.string(), title: z.string().optional() });
  /** A reference to a resource template, for completion. */
  const ResourceTemplateReference = z.looseObject({ type: z.literal('ref/resource'), uri: uriTemplateString(p) });
  /** `completion/complete` params. */
  const CompleteRequestParams = z.looseObject({
    ...requestMetaField,
    ref: z.discriminatedUnion('type', [PromptReference, ResourceTemplateReference]),
    argument: z.looseObject({ name: z.string(), value: z.string() }),
    context: z.looseObject({ arguments: z.record(z.string(), z.string()).optional() }).optional(),
  });
  /** The `completion/complete` result: "values … Must not exceed 100 items." */
  const CompleteResult = z.looseObject({
    ...meta.resultFields,
    completion: z.looseObject({
      values: z.array(z.string()).max(100),
      total: integer().optional(),
      hasMore: z.boolean().optional(),
    }),
  });
  /** `logging/setLevel` params (up to 2025-11-25). */
  const SetLevelRequestParams = z.looseObject({ ...requestMetaField, level: base.LoggingLevel });
  return {
    CallToolRequestParams,
    GetPromptRequestParams,
    ReadResourceRequestParams,
    PromptReference,
    ResourceTemplateReference,
    CompleteRequestParams,
    CompleteResult,
    SetLevelRequestParams,
  };
}

/** The request-params schemas of one profile. */
export type RequestSchemas = ReturnType<typeof defineRequestSchemas>;
