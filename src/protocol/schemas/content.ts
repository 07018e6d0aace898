/**
 * Content blocks: what tools return, prompts carry and sampling exchanges.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/tools#tool-result
 */
import { z } from 'zod';
import { base64String, membersOf } from './profile.js';
import type { SchemaProfile } from './profile.js';
import type { BaseSchemas } from './base.js';
import type { ResourceSchemas } from './resources.js';

/** Defines the content schemas for a profile. */
export function defineContentSchemas(p: SchemaProfile, base: BaseSchemas, resources: ResourceSchemas) {
  const { Annotations, Meta } = base;
  const common = { _meta: Meta.optional(), annotations: Annotations.optional() };
  /** Text. */
  const TextContent = z.looseObject({ ...common, type: z.literal('text'), text: z.string() });
  /** A base64-encoded image. */
  const ImageContent = z.looseObject({
    ...common,
    type: z.literal('image'),
    data: base64String(p),
    mimeType: z.string(),
  });
  /** Base64-encoded audio (2025-03-26 and later). */
  const AudioContent = z.looseObject({
    ...common,
    type: z.literal('audio'),
    data: base64String(p),
    mimeType: z.string(),
  });
  /** A link to a resource the client may read (2025-06-18 and later). */
  const ResourceLink = z.looseObject({ ...resources.resourceFields, type: z.literal('resource_link') });
  /** A resource's contents embedded in the message. */
  const EmbeddedResource = z.looseObject({
    ...common,
    type: z.literal('resource'),
    resource: resources.ResourceContents,
  });
  /** Any content block the version has. */
  const ContentBlock = z.discriminatedUnion(
    'type',
    membersOf<[typeof TextContent, typeof ImageContent, typeof AudioContent, typeof ResourceLink, typeof EmbeddedResource]>([
      [TextContent, true],
      [ImageContent, true],
      [AudioContent, p.has('audioContent')],
      [ResourceLink, p.has('resourceLinks')],
      [EmbeddedResource, true],
    ]),
  );
  return { TextContent, ImageContent, AudioContent, ResourceLink, EmbeddedResource, ContentBlock };
}

/** The content schemas of one profile. */
export type ContentSchemas = ReturnType<typeof defineContentSchemas>;
