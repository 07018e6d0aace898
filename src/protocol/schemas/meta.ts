/**
 * The `_meta` objects of requests, results and notifications, the reserved `io.modelcontextprotocol/*` keys of the
 * stateless protocol (2026-07-28), `resultType`, and the caching hints.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/index#meta
 */
import { z } from 'zod';
import { integer, requiredIf } from './profile.js';
import { withMetaKeyRule } from './meta-keys.js';
import type { SchemaProfile } from './profile.js';
import type { BaseSchemas } from './base.js';
import type { LifecycleSchemas } from './lifecycle.js';

/**
 * The reserved `_meta` keys of 2026-07-28.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/lifecycle
 */
export const META_KEYS = {
  /** Request: "The MCP Protocol Version being used for this request. Required." */
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  /** Request: "The client's capabilities for this specific request. Required." */
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  /** Request: "Clients SHOULD include this field on every request." */
  clientInfo: 'io.modelcontextprotocol/clientInfo',
  /** Request: "If absent, the server MUST NOT send any notifications/message notifications for this request." */
  logLevel: 'io.modelcontextprotocol/logLevel',
  /** Result: the server's `Implementation`. */
  serverInfo: 'io.modelcontextprotocol/serverInfo',
  /** Notification on a `subscriptions/listen` stream, and that request's result: the subscription's id. */
  subscriptionId: 'io.modelcontextprotocol/subscriptionId',
} as const;

/**
 * The values of `resultType` (2026-07-28).
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/index#result-types
 */
export const RESULT_TYPES = ['complete', 'input_required'] as const;

/** The values of `cacheScope`: "analogous to HTTP `Cache-Control: public` vs `Cache-Control: private`". */
export const CACHE_SCOPES = ['public', 'private'] as const;

/** Defines the `_meta` and result-field schemas for a profile. */
export function defineMetaSchemas(p: SchemaProfile, base: BaseSchemas, lifecycle: LifecycleSchemas) {
  const stateless = p.requires('stateless');
  /**
   * A request's `_meta`. In 2026-07-28 it carries the protocol version and client capabilities (both required),
   * client info and log level.
   */
  const RequestMeta = withMetaKeyRule(p, z.looseObject({
    progressToken: base.ProgressToken.optional(),
    [META_KEYS.protocolVersion]: requiredIf(stateless, z.string()),
    [META_KEYS.clientCapabilities]: requiredIf(stateless, lifecycle.ClientCapabilities),
    [META_KEYS.clientInfo]: lifecycle.Implementation.optional(),
    [META_KEYS.logLevel]: base.LoggingLevel.optional(),
  }));
  /** A result's `_meta`: "Results SHOULD carry `io.modelcontextprotocol/serverInfo`" (2026-07-28). */
  const ResultMeta = withMetaKeyRule(p, z.looseObject({ [META_KEYS.serverInfo]: lifecycle.Implementation.optional() }));
  /** A notification's `_meta`: on a `subscriptions/listen` stream it carries the subscription id. */
  const NotificationMeta = withMetaKeyRule(
    p,
    z.looseObject({ [META_KEYS.subscriptionId]: z.union([z.string(), integer()]).optional() }),
  );
  /** `resultType`: `complete` or `input_required`. */
  const ResultType = z.enum(RESULT_TYPES);
  /** `cacheScope`: who may reuse a cached result. */
  const CacheScope = z.enum(CACHE_SCOPES);
  /** The fields of every result: `resultType` is required from 2026-07-28 ("Servers … MUST include this field"). */
  const resultFields = {
    _meta: ResultMeta.optional(),
    resultType: requiredIf(p.requires('resultType'), z.literal('complete')),
  };
  /** The caching hints: "MUST" on discover, the lists and `resources/read` from 2026-07-28. */
  const cacheFields = {
    ttlMs: requiredIf(p.requires('cachingHints'), integer().min(0)),
    cacheScope: requiredIf(p.requires('cachingHints'), CacheScope),
  };
  /** The `_meta` of a request's params: required (with its required keys) from 2026-07-28. */
  const requestMetaField = { _meta: requiredIf(stateless, RequestMeta) };
  /** An empty result: only the common result fields. */
  const EmptyResult = z.looseObject(resultFields);
  /** A paginated list request's params. */
  const PaginatedRequestParams = z.looseObject({ ...requestMetaField, cursor: base.Cursor.optional() });
  return {
    RequestMeta,
    ResultMeta,
    NotificationMeta,
    ResultType,
    CacheScope,
    EmptyResult,
    PaginatedRequestParams,
    resultFields,
    cacheFields,
    requestMetaField,
  };
}

/** The `_meta` and result-field schemas of one profile. */
export type MetaSchemas = ReturnType<typeof defineMetaSchemas>;
