/** The wire: JSON-RPC 2.0 and MCP messages, versions and feature gates, framing, the Transport contract, evidence. */
export {
  PROTOCOL_VERSIONS,
  LATEST_PROTOCOL_VERSION,
  LATEST_LEGACY_PROTOCOL_VERSION,
  DEFAULT_NEGOTIATED_PROTOCOL_VERSION,
  PROTOCOL_FEATURES,
  isProtocolVersion,
  compareVersions,
  isVersionInRange,
  eraOf,
  supports,
  versionsWith,
  resourceNotFoundCode,
  schemaDefinitionsKey,
} from './versions.js';
export type { ProtocolVersion, ProtocolEra, ProtocolFeature } from './versions.js';
export {
  JSONRPC_VERSION,
  ErrorCode,
  RequestIdSchema,
  JsonRpcRequestSchema,
  JsonRpcNotificationSchema,
  JsonRpcResultResponseSchema,
  JsonRpcErrorResponseSchema,
  JsonRpcErrorObjectSchema,
  classifyMessage,
  isJsonRpcRequest,
  isJsonRpcNotification,
  isJsonRpcResultResponse,
  isJsonRpcErrorResponse,
  isJsonRpcResponse,
} from './jsonrpc.js';
export type {
  RequestId,
  JsonRpcRequest,
  JsonRpcNotification,
  JsonRpcResultResponse,
  JsonRpcErrorResponse,
  JsonRpcErrorObject,
  JsonRpcResponse,
  JsonRpcMessage,
  JsonRpcMessageKind,
} from './jsonrpc.js';
export {
  JsonRpcError,
  McpConformError,
  ConnectionError,
  TransportError,
  ProcessError,
  HttpStatusError,
  AuthenticationError,
  TimeoutError,
  CancelledError,
  ProtocolError,
  CapabilityError,
  ToolError,
  ConfigError,
  formatMessage,
} from './errors.js';
export type { McpConformErrorCode, McpConformErrorOptions } from './errors.js';
export { createWireLog, redactHeaders, parseFrame, SECRET_HEADER_NAMES, REDACTED } from './wire.js';
export type {
  TransportKind,
  WireDirection,
  WireEvent,
  WireEventInput,
  WireFrameEvent,
  WireFrameMeta,
  WireStderrEvent,
  WireHttpEvent,
  WireLifecycleEvent,
  WireObserver,
  WireLog,
  WireLogOptions,
} from './wire.js';
export { isObservableTransport } from './transport.js';
export type { Transport, ObservableTransport, TransportSendOptions, MessageExtraInfo } from './transport.js';
export { createLineDecoder, encodeLine, STDIO_MAX_LINE_BYTES } from './framing.js';
export type { LineDecoder, LineDecoderIssue, LineDecoderOptions } from './framing.js';
