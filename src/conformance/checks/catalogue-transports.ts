/** Transport checks (Streamable HTTP, legacy HTTP+SSE, WebSocket, stdio framing, the 2026-07-28 HTTP wire), in report order. */
import type { CheckDefinition } from '../define-check.js';
import { HTTP_CHECKS } from './http.js';
import { HTTP_SECURITY_CHECKS } from './http-security.js';
import { HTTP_SESSION_CHECKS } from './http-session.js';
import { HTTP_STREAM_CHECKS } from './http-stream.js';
import { HTTP_VERSION_HEADER_CHECKS } from './http-version-header.js';
import { MODERN_HTTP_CHECKS } from './modern-http.js';
import { SSE_CHECKS } from './sse.js';
import { STDIO_FRAMING_CHECKS } from './stdio-framing.js';
import { WEBSOCKET_CHECKS } from './websocket.js';

export const TRANSPORT_CHECKS: readonly CheckDefinition[] = [
  ...HTTP_CHECKS,
  ...HTTP_SESSION_CHECKS,
  ...HTTP_STREAM_CHECKS,
  ...HTTP_VERSION_HEADER_CHECKS,
  ...HTTP_SECURITY_CHECKS,
  ...MODERN_HTTP_CHECKS,
  ...SSE_CHECKS,
  ...WEBSOCKET_CHECKS,
  ...STDIO_FRAMING_CHECKS,
];
