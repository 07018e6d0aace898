/**
 * Resources: what a server exposes by URI, its templates, and the contents `resources/read` returns.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/resources
 */
import { z } from 'zod';
import { base64String, integer, uriString, uriTemplateString } from './profile.js';
import type { SchemaProfile } from './profile.js';
import type { BaseSchemas } from './base.js';
import type { MetaSchemas } from './meta.js';

/** Defines the resource schemas for a profile. */
export function defineResourceSchemas(p: SchemaProfile, base: BaseSchemas, meta: MetaSchemas) {
  const { Annotations, Icon, Meta, Cursor } = base;
  const { resultFields, cacheFields, requestMetaField } = meta;
  /** The fields a resource and a `resource_link` share. */
  const resourceFields = {
    _meta: Meta.optional(),
    uri: uriString(p),
    name: z.string(),
    title: z.string().optional(),
    description: z.string().optional(),
    mimeType: z.string().optional(),
    annotations: Annotations.optional(),
    size: integer().optional(),
    icons: z.array(Icon).optional(),
  };
  /** A resource the server can read. */
  const Resource = z.looseObject(resourceFields);
  /** A template for resources (RFC 6570 URI template). */
  const ResourceTemplate = z.looseObject({
    _meta: Meta.optional(),
    uriTemplate: uriTemplateString(p),
    name: z.string(),
    title: z.string().optional(),
    description: z.string().optional(),
    mimeType: z.string().optional(),
    annotations: Annotations.optional(),
    icons: z.array(Icon).optional(),
  });
  /** Text contents of a resource. */
  const TextResourceContents = z.looseObject({
    _meta: Meta.optional(),
    uri: uriString(p),
    mimeType: z.string().optional(),
    text: z.string(),
  });
  /** Binary contents of a resource, base64-encoded. */
  const BlobResourceContents = z.looseObject({
    _meta: Meta.optional(),
    uri: uriString(p),
    mimeType: z.string().optional(),
    blob: base64String(p),
  });
  /** Text or blob contents. */
  const ResourceContents = z.union([TextResourceContents, BlobResourceContents]);
  /** The `resources/list` result. */
  const ListResourcesResult = z.looseObject({
    ...resultFields,
    ...cacheFields,
    resources: z.array(Resource),
    nextCursor: Cursor.optional(),
  });
  /** The `resources/templates/list` result. */
  const ListResourceTemplatesResult = z.looseObject({
    ...resultFields,
    ...cacheFields,
    resourceTemplates: z.array(ResourceTemplate),
    nextCursor: Cursor.optional(),
  });
  /** The `resources/read` result (when complete). */
  const ReadResourceResult = z.looseObject({ ...resultFields, ...cacheFields, contents: z.array(ResourceContents) });
  /** Params naming one resource (`resources/subscribe`, `resources/unsubscribe`). */
  const ResourceRequestParams = z.looseObject({ ...requestMetaField, uri: uriString(p) });
  return {
    resourceFields,
    Resource,
    ResourceTemplate,
    TextResourceContents,
    BlobResourceContents,
    ResourceContents,
    ListResourcesResult,
    ListResourceTemplatesResult,
    ReadResourceResult,
    ResourceRequestParams,
  };
}

/** The resource schemas of one profile. */
export type ResourceSchemas = ReturnType<typeof defineResourceSchemas>;
