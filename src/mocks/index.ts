/**
 * `mcp-conform/mocks`: scriptable mock MCP servers for testing MCP clients. Correct by default in every protocol
 * version, misbehaving on demand (`mcp.fault.*`), served over stdio, Streamable HTTP, legacy HTTP+SSE and
 * WebSocket. MSW handlers live in `mcp-conform/mocks/msw`, WebSocket adapters in `mcp-conform/mocks/ws` and
 * `mcp-conform/mocks/mock-socket`.
 */
export { defineMockServer, DEFAULT_WAIT_TIMEOUT_MS } from './define-mock-server.js';
export type {
  MockServer,
  MockServerOptions,
  ResolvedMockServerOptions,
  RecordedMessage,
  WaitOptions,
  ToolSpec,
  ResourceSpec,
  PromptSpec,
  UnhandledMethodPolicy,
} from './define-mock-server.js';
export { mcp, isMockHandler } from './handlers.js';
export type {
  MockHandler,
  ToolHandler,
  ToolOptions,
  ToolSchema,
  ToolResolverOutput,
  ResourceHandler,
  ResourceOptions,
  ResourceResolverOutput,
  PromptHandler,
  PromptOptions,
  PromptArgument,
  PromptResolverOutput,
  RequestHandler,
  NotificationHandler,
} from './handlers.js';
export { createSeededRandom, DEFAULT_RANDOM_FAULTS } from './faults.js';
export type { FaultSpec, FaultTarget, FaultHandler } from './faults.js';
export { LOG_LEVELS } from './types.js';
export type {
  LogLevel,
  JsonObject,
  MockRequestContext,
  MockSessionInfo,
  MockTransportKind,
  HandlerOptions,
  Resolver,
  ChannelEvent,
  MockChannel,
} from './types.js';
export type { MockSession, MockSessionOptions } from './mock-session.js';
export { serveStdio } from './stdio.js';
export type { StdioMock, StdioMockOptions } from './stdio.js';
export { mockServerCommand } from './mock-server-command.js';
export type { MockCommand } from './mock-server-command.js';
export { loadMockServer, faultsFromJson, isMockServer } from './load-mock-server.js';
export type { MockServerJson, FaultJson } from './load-mock-server.js';
export { defineEverythingServer, RED_PIXEL_PNG_BASE64, SILENT_WAV_BASE64 } from './everything.js';
export { createMockHttpHandler, isStreamingResponse, LOOPBACK_HOSTS } from './http-handler.js';
export type { MockHttpHandler, MockHttpHandlerOptions, ResponseMode } from './http-handler.js';
export { listen } from './listen.js';
export type { ListenOptions, MockListener } from './listen.js';
export { createInMemoryTransport } from './memory.js';
export type { InMemoryMockTransport } from './memory.js';
export { serveSocket } from './socket-session.js';
export type { MockSocketLike, SocketSession } from './socket-session.js';
