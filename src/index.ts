/**
 * mcp-conform: the root entry names the main API of each layer. Everything else has its own subpath
 * (`mcp-conform/protocol`, `/client`, `/mocks`, `/conformance`, `/report`); optional peers (msw, mock-socket,
 * vitest) are reached only through `mcp-conform/mocks/msw`, `/mocks/mock-socket` and `/vitest`.
 * @example
 * import { runConformance, createStdioTarget, renderHtml } from 'mcp-conform';
 */
export { PROTOCOL_VERSIONS, LATEST_PROTOCOL_VERSION, supports } from './protocol/versions.js';
export type { ProtocolVersion, ProtocolFeature } from './protocol/versions.js';
export { JsonRpcError, McpConformError } from './protocol/errors.js';
export { McpClient } from './client/mcp-client.js';
export type { McpClientOptions } from './client/mcp-client.js';
export { StdioClientTransport } from './client/transports/stdio.js';
export { StreamableHttpClientTransport } from './client/transports/streamable-http.js';
export { SseClientTransport } from './client/transports/legacy-sse.js';
export { WebSocketClientTransport } from './client/transports/websocket.js';
export { defineMockServer } from './mocks/define-mock-server.js';
export { mcp } from './mocks/handlers.js';
export { listen } from './mocks/listen.js';
export { mockServerCommand } from './mocks/mock-server-command.js';
export { defineCheck } from './conformance/define-check.js';
export { ALL_CHECKS } from './conformance/checks/index.js';
export { runConformance } from './conformance/run-conformance.js';
export type { RunConformanceOptions } from './conformance/run-conformance.js';
export { createStdioTarget } from './conformance/stdio-target.js';
export { createHttpTarget, createWebSocketTarget } from './conformance/network-target.js';
export { exitCodeOf } from './conformance/run-report.js';
export type { RunReport, CheckResult, CheckStatus } from './conformance/run-report.js';
export { renderJson } from './report/render-json.js';
export { renderHtml } from './report/render-html.js';
export { renderJunit } from './report/render-junit.js';
export { renderMarkdown } from './report/render-markdown.js';
