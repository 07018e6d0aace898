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
export { Session, MAX_RECORDED_VIOLATIONS } from './session/session.js';
export type { SessionOptions, RequestOptions, ProgressUpdate, NotificationHandler } from './session/session.js';
export type { ProtocolViolation } from './session/protocol-violation.js';
export type { ServerRequestHandler, ServerRequestContext } from './session/server-requests.js';
export { DEFAULT_REQUEST_TIMEOUT_MS, createRequestTimer } from './session/request-timer.js';
export type { RequestTimer, RequestTimerOptions } from './session/request-timer.js';
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
