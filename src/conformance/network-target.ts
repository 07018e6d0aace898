/**
 * Network targets: `--url` (Streamable HTTP, or legacy HTTP+SSE when detected or asked for) and `--ws` (WebSocket).
 * Each session is a new connection (a new HTTP session); header values never appear in a report.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#streamable-http
 */
import { detectHttpTransport, type HttpTransportChoice } from '../client/transports/detect.js';
import { SseClientTransport } from '../client/transports/legacy-sse.js';
import { StreamableHttpClientTransport } from '../client/transports/streamable-http.js';
import { WebSocketClientTransport } from '../client/transports/websocket.js';
import { ConfigError, formatMessage } from '../protocol/errors.js';
import type { ConformanceTarget } from './target.js';

/** Options of {@link createHttpTarget}. */
export interface HttpTargetOptions {
  url: string;
  /** @default 'auto' (Streamable HTTP, falling back to legacy HTTP+SSE as the specification describes) */
  transport?: HttpTransportChoice;
  /** Headers on every request (e.g. Authorization); their values never appear in a report. */
  headers?: Record<string, string>;
  maxConcurrency?: number;
}

function parseUrl(url: string, protocols: readonly string[], flag: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(formatMessage(`read ${flag}`, `"${url}" is not a URL`, `Pass an absolute URL, e.g. ${flag} ${protocols[0]}//127.0.0.1:3000/mcp.`));
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(formatMessage(`read ${flag}`, `"${url}" is not a ${protocols.join(' or ')} URL`, `Pass a ${protocols[0]} URL.`));
  }
  return parsed;
}

/** The description of a URL for reports: no credentials, no query (it may hold a token). */
function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * Creates an HTTP target. With `transport: 'auto'` it first detects, once, which HTTP transport the server speaks.
 * @example
 * const target = await createHttpTarget({ url: 'http://127.0.0.1:3000/mcp' });
 */
export async function createHttpTarget(options: HttpTargetOptions): Promise<ConformanceTarget> {
  const url = parseUrl(options.url, ['http:', 'https:'], '--url');
  const headers = options.headers ?? {};
  const choice = options.transport ?? 'auto';
  const kind = choice === 'auto' ? (await detectHttpTransport(url, { headers })).kind : choice;
  return {
    kind,
    description: { transport: kind, url: describeUrl(url) },
    // Every header value the user passed is treated as a secret: `--header` is how tokens reach a server.
    secrets: Object.values(headers),
    http: { url: new URL(url), headers: { ...headers } },
    ...(options.maxConcurrency === undefined ? {} : { maxConcurrency: options.maxConcurrency }),
    createTransport: () => (kind === 'sse' ? new SseClientTransport(url, { headers }) : new StreamableHttpClientTransport(url, { headers })),
  };
}

/** Options of {@link createWebSocketTarget}. */
export interface WebSocketTargetOptions {
  url: string;
  headers?: Record<string, string>;
  maxConcurrency?: number;
}

/** Creates a WebSocket target (subprotocol `mcp`). */
export function createWebSocketTarget(options: WebSocketTargetOptions): ConformanceTarget {
  const url = parseUrl(options.url, ['ws:', 'wss:'], '--ws');
  const headers = options.headers ?? {};
  return {
    kind: 'websocket',
    description: { transport: 'websocket', url: describeUrl(url) },
    secrets: Object.values(headers),
    ...(options.maxConcurrency === undefined ? {} : { maxConcurrency: options.maxConcurrency }),
    createTransport: () => new WebSocketClientTransport(url, { headers }),
  };
}
