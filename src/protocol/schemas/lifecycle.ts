/**
 * Who is talking and what they can do: `Implementation`, client and server capabilities, and the `initialize`
 * handshake of the legacy era (2024-11-05 to 2025-11-25).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle
 */
import { z } from 'zod';
import { uriString } from './profile.js';
import type { SchemaProfile } from './profile.js';
import type { BaseSchemas } from './base.js';

/** Defines the lifecycle schemas for a profile. */
export function defineLifecycleSchemas(p: SchemaProfile, base: BaseSchemas) {
  const { JsonObject, Icon, Meta } = base;
  /** The name and version of an MCP implementation (client or server). */
  const Implementation = z.looseObject({
    name: z.string(),
    title: z.string().optional(),
    version: z.string(),
    description: z.string().optional(),
    websiteUrl: uriString(p).optional(),
    icons: z.array(Icon).optional(),
  });
  const ListChanged = z.looseObject({ listChanged: z.boolean().optional() });
  /** What a client supports. */
  const ClientCapabilities = z.looseObject({
    experimental: z.record(z.string(), JsonObject).optional(),
    roots: ListChanged.optional(),
    sampling: z.looseObject({ context: JsonObject.optional(), tools: JsonObject.optional() }).optional(),
    elicitation: z.looseObject({ form: JsonObject.optional(), url: JsonObject.optional() }).optional(),
    tasks: JsonObject.optional(),
    extensions: z.record(z.string(), JsonObject).optional(),
  });
  /** What a server supports. */
  const ServerCapabilities = z.looseObject({
    experimental: z.record(z.string(), JsonObject).optional(),
    logging: JsonObject.optional(),
    completions: JsonObject.optional(),
    prompts: ListChanged.optional(),
    resources: z.looseObject({ subscribe: z.boolean().optional(), listChanged: z.boolean().optional() }).optional(),
    tools: ListChanged.optional(),
    tasks: JsonObject.optional(),
    extensions: z.record(z.string(), JsonObject).optional(),
  });
  /** `initialize` params: "the client MUST send the latest protocol version it supports". */
  const InitializeRequestParams = z.looseObject({
    _meta: Meta.optional(),
    protocolVersion: z.string(),
    capabilities: ClientCapabilities,
    clientInfo: Implementation,
  });
  /** The `initialize` result. */
  const InitializeResult = z.looseObject({
    _meta: Meta.optional(),
    protocolVersion: z.string(),
    capabilities: ServerCapabilities,
    serverInfo: Implementation,
    instructions: z.string().optional(),
  });
  return { Implementation, ClientCapabilities, ServerCapabilities, InitializeRequestParams, InitializeResult };
}

/** The lifecycle schemas of one profile. */
export type LifecycleSchemas = ReturnType<typeof defineLifecycleSchemas>;
