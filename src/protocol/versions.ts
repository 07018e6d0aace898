/**
 * The protocol versions mcp-conform speaks, and the feature gates that every check and transport asks instead of
 * comparing date strings by hand.
 * @see https://modelcontextprotocol.io/specification/versioning
 */

/** Every released protocol version, oldest first. */
export const PROTOCOL_VERSIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28'] as const;

/** A released protocol version. */
export type ProtocolVersion = (typeof PROTOCOL_VERSIONS)[number];

/** The newest released version (the stateless one). */
export const LATEST_PROTOCOL_VERSION: ProtocolVersion = '2026-07-28';

/** The newest version that still uses the `initialize` handshake. */
export const LATEST_LEGACY_PROTOCOL_VERSION: ProtocolVersion = '2025-11-25';

/**
 * The version a Streamable HTTP server assumes when the `MCP-Protocol-Version` header is missing.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#protocol-version-header
 */
export const DEFAULT_NEGOTIATED_PROTOCOL_VERSION: ProtocolVersion = '2025-03-26';

/** `legacy` versions negotiate with `initialize`; `modern` ones carry the version in every request's `_meta`. */
export type ProtocolEra = 'legacy' | 'modern';

/** Whether a string is a released protocol version. */
export function isProtocolVersion(value: unknown): value is ProtocolVersion {
  return typeof value === 'string' && (PROTOCOL_VERSIONS as readonly string[]).includes(value);
}

/** Orders two released versions (negative when `a` is older). */
export function compareVersions(a: ProtocolVersion, b: ProtocolVersion): number {
  return PROTOCOL_VERSIONS.indexOf(a) - PROTOCOL_VERSIONS.indexOf(b);
}

/** Whether `version` is `from` or newer (and, when given, `to` or older). */
export function isVersionInRange(version: ProtocolVersion, from: ProtocolVersion, to?: ProtocolVersion): boolean {
  return compareVersions(version, from) >= 0 && (to === undefined || compareVersions(version, to) <= 0);
}

/** The era of a version. */
export function eraOf(version: ProtocolVersion): ProtocolEra {
  return version === '2026-07-28' ? 'modern' : 'legacy';
}

type Range = readonly [from: ProtocolVersion, to?: ProtocolVersion];

/**
 * Each feature gate and the versions that have it (inclusive ranges). VERSIONS.md in the requirements catalogue is
 * the source of every row.
 */
const FEATURE_RANGES = {
  /** `initialize` / `notifications/initialized` handshake. */
  initialize: ['2024-11-05', '2025-11-25'],
  /** Stateless protocol: per-request `_meta`, `server/discover`, `resultType`. */
  stateless: ['2026-07-28'],
  /** `server/discover`. */
  discover: ['2026-07-28'],
  /** `resultType` on every result. */
  resultType: ['2026-07-28'],
  /** Input-required results with client retries (MRTR) instead of server→client requests. */
  inputRequired: ['2026-07-28'],
  /** JSON-RPC batches (MUST receive): only 2025-03-26. */
  batching: ['2025-03-26', '2025-03-26'],
  /** `ping`. */
  ping: ['2024-11-05', '2025-11-25'],
  /** Server→client JSON-RPC requests (sampling, roots, elicitation, ping). */
  serverRequests: ['2024-11-05', '2025-11-25'],
  /** `logging/setLevel`. */
  setLevel: ['2024-11-05', '2025-11-25'],
  /** `resources/subscribe` and `resources/unsubscribe`. */
  resourceSubscribe: ['2024-11-05', '2025-11-25'],
  /** `subscriptions/listen`. */
  subscriptionsListen: ['2026-07-28'],
  /** `notifications/progress` carries `message`. */
  progressMessage: ['2025-03-26'],
  /** The `completions` server capability. */
  completionsCapability: ['2025-03-26'],
  /** `completion/complete` `context.arguments`. */
  completionContext: ['2025-06-18'],
  /** Audio content. */
  audioContent: ['2025-03-26'],
  /** Tool annotations. */
  toolAnnotations: ['2025-03-26'],
  /** `outputSchema` and `structuredContent`. */
  structuredContent: ['2025-06-18'],
  /** `resource_link` content. */
  resourceLinks: ['2025-06-18'],
  /** `title` on named things. */
  titles: ['2025-06-18'],
  /** `icons`, `Implementation.description`. */
  icons: ['2025-11-25'],
  /** `elicitation/create` (form mode). */
  elicitation: ['2025-06-18'],
  /** URL-mode elicitation. */
  urlElicitation: ['2025-11-25'],
  /** Experimental tasks. */
  tasks: ['2025-11-25', '2025-11-25'],
  /** Tool-name guidance (1–128 chars of `[A-Za-z0-9_.-]`). */
  toolNameRules: ['2025-11-25'],
  /** Input-validation failures are tool execution errors (`isError`), not protocol errors. */
  inputValidationIsToolError: ['2025-11-25'],
  /** An error response may omit an `id` it could not read. */
  errorIdOptional: ['2025-11-25'],
  /** JSON Schema 2020-12 is the default dialect. */
  jsonSchema2020: ['2025-11-25'],
  /** Streamable HTTP transport. */
  streamableHttp: ['2025-03-26'],
  /** Legacy HTTP+SSE transport (deprecated from 2025-03-26, still specified for back-compat). */
  legacySse: ['2024-11-05', '2025-11-25'],
  /** `Mcp-Session-Id` sessions. */
  sessions: ['2025-03-26', '2025-11-25'],
  /** `MCP-Protocol-Version` HTTP header. */
  protocolVersionHeader: ['2025-06-18'],
  /** The standalone GET SSE stream. */
  getStream: ['2025-03-26', '2025-11-25'],
  /** SSE resumption with `Last-Event-ID`. */
  resumability: ['2025-03-26', '2025-11-25'],
  /** SSE polling: priming events, `retry`, early close (SEP-1699). */
  ssePolling: ['2025-11-25', '2025-11-25'],
  /** An invalid `Origin` gets exactly 403. */
  origin403: ['2025-11-25'],
  /** `Mcp-Method` / `Mcp-Name` headers. */
  methodHeaders: ['2026-07-28'],
  /** Caching hints `ttlMs` / `cacheScope`. */
  cachingHints: ['2026-07-28'],
  /** An unknown method over HTTP gets 404. */
  unknownMethodHttp404: ['2026-07-28'],
  /** Closing an HTTP response stream cancels its request. */
  disconnectIsCancel: ['2026-07-28'],
  /** `notifications/cancelled` in both directions on every transport. */
  cancelledBothDirections: ['2024-11-05', '2025-11-25'],
} as const satisfies Record<string, Range>;

/** A feature gate name. */
export type ProtocolFeature = keyof typeof FEATURE_RANGES;

/** Every feature gate name. */
export const PROTOCOL_FEATURES = Object.keys(FEATURE_RANGES) as ProtocolFeature[];

/**
 * Whether a protocol version has a feature.
 * @example supports('2025-03-26', 'batching') // true
 */
export function supports(version: ProtocolVersion, feature: ProtocolFeature): boolean {
  const [from, to] = FEATURE_RANGES[feature] as Range;
  return isVersionInRange(version, from, to);
}

/** The versions that have a feature, oldest first. */
export function versionsWith(feature: ProtocolFeature): ProtocolVersion[] {
  return PROTOCOL_VERSIONS.filter((v) => supports(v, feature));
}

/**
 * The error code a server uses for a resource that does not exist: -32002 up to 2025-11-25, -32602 from 2026-07-28.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/server/resources#error-handling
 */
export function resourceNotFoundCode(version: ProtocolVersion): number {
  return eraOf(version) === 'modern' ? -32602 : -32002;
}

/** Where a version's official JSON Schema keeps its named types (`definitions` in draft-07, `$defs` in 2020-12). */
export function schemaDefinitionsKey(version: ProtocolVersion): 'definitions' | '$defs' {
  return supports(version, 'jsonSchema2020') ? '$defs' : 'definitions';
}
