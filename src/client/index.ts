/** The MCP client: McpClient, the session under it, and the transports. */
export { McpClient, DEFAULT_CLIENT_INFO } from './mcp-client.js';
export type { McpClientOptions, ListOptions, CallToolOptions } from './mcp-client.js';
export type { ServerDescription } from './handshake.js';
export { capabilitiesOf } from './client-handlers.js';
export type { ClientHandlers, ClientHandlerContext } from './client-handlers.js';
export { MAX_INPUT_REQUIRED_ROUNDS, INPUT_REQUIRED_METHODS, completeWithInput } from './input-required.js';
export { DEFAULT_MAX_PAGES, collectPages } from './paginate.js';
export type { Page, CollectPagesOptions } from './paginate.js';
export { createListCache } from './list-cache.js';
export type { ListCache } from './list-cache.js';
export { parseResult } from './parse-result.js';
export { splitShellWords } from './shell-words.js';
export { Session, MAX_RECORDED_VIOLATIONS, DEFAULT_REQUEST_TIMEOUT_MS } from './session/session.js';
export type { SessionOptions, RequestOptions, ProgressUpdate } from './session/session.js';
export { createNotificationRouter } from './session/notification-router.js';
export type { NotificationHandler, NotificationRouter } from './session/notification-router.js';
export { classifyIncoming } from './session/classify-incoming.js';
export type { ProtocolViolation } from './session/protocol-violation.js';
export type { ServerRequestHandler, ServerRequestContext } from './session/server-requests.js';
export { createCorrelation, SETTLED_IDS_REMEMBERED } from './session/correlation.js';
export type { Correlation, SettledState } from './session/correlation.js';
export {
  StdioClientTransport,
  STDIO_CLOSE_STDIN_GRACE_MS,
  STDIO_SIGTERM_GRACE_MS,
  STDIO_STDERR_TAIL_CHARS,
} from './transports/stdio.js';
export type { StdioClientTransportOptions } from './transports/stdio.js';
export { createInMemoryTransportPair } from './transports/in-memory.js';
export type { InMemoryTransport } from './transports/in-memory.js';
export { StreamableHttpClientTransport, SESSION_DELETE_TIMEOUT_MS } from './transports/streamable-http.js';
export type { StreamableHttpClientTransportOptions, StreamReconnectionOptions, SessionExpiredInfo } from './transports/streamable-http.js';
export { SseClientTransport, DEFAULT_ENDPOINT_TIMEOUT_MS } from './transports/legacy-sse.js';
export type { SseClientTransportOptions } from './transports/legacy-sse.js';
export { WebSocketClientTransport, MCP_WEBSOCKET_SUBPROTOCOL, DEFAULT_WEBSOCKET_OPEN_TIMEOUT_MS } from './transports/websocket.js';
export type { WebSocketClientTransportOptions, WebSocketLike } from './transports/websocket.js';
export { detectHttpTransport, discoverMcpEndpoint, createHttpClientTransport, isLegacyFallbackStatus, DISCOVERY_PATHS } from './transports/detect.js';
export type { HttpTransportChoice, DetectOptions, DetectedTransport, CreateHttpClientTransportOptions } from './transports/detect.js';
export { createNodeHttpRequester, createFetchRequester, resolveHttpRequester, readBodyText } from './transports/http-requester.js';
export type { HttpRequester, HttpRequestInit, HttpResponse, FetchLike, NodeHttpRequesterOptions, ClosableHttpRequester } from './transports/http-requester.js';
export { ResponseStreamError, HTTP_ERROR_BODY_MAX_BYTES, parseResourceMetadataUrl } from './transports/http-errors.js';
export { readParamHeaders, paramHeadersFor } from './transports/http-param-headers.js';
export type { ParamHeader, ParamHeadersResult } from './transports/http-param-headers.js';
export { encodeMcpHeaderValue, WIRE_BODY_MAX_CHARS } from './transports/http-shared.js';
export type { HttpClientTransportBaseOptions } from './transports/http-shared.js';
export {
  createConnectionManager,
  DEFAULT_STARTUP_TIMEOUT_MS,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  DEFAULT_MAX_RECONNECT_ATTEMPTS,
  DEFAULT_HEALTH_CHECK_INTERVAL_MS,
  DEFAULT_HEALTH_CHECK_TIMEOUT_MS,
  DEFAULT_HEALTH_FAILURES_BEFORE_RECONNECT,
} from './connection/connection-manager.js';
export type {
  ConnectionManager,
  ConnectionManagerOptions,
  ConnectionState,
  ConnectionEvents,
  ConnectionMetrics,
  ReconnectOptions,
  HealthCheckOptions,
} from './connection/connection-manager.js';
export { computeBackoffDelay, DEFAULT_BACKOFF } from './connection/backoff.js';
export type { BackoffOptions } from './connection/backoff.js';
export { createHealthTracker } from './connection/health.js';
export type { HealthTracker, HealthSample } from './connection/health.js';
export { systemClock } from './connection/clock.js';
export type { Clock } from './connection/clock.js';
export { createClientPool, DEFAULT_TOOL_SEPARATOR } from './pool/client-pool.js';
export type { ClientPool, ClientPoolOptions, PoolServerConfig, PoolTool, PoolServerHealth, PoolConnectResult } from './pool/client-pool.js';
