/** Transport checks (Streamable HTTP, legacy HTTP+SSE, WebSocket, stdio framing, the 2026-07-28 HTTP wire), in report order. */
import type { CheckDefinition } from '../define-check.js';

export const TRANSPORT_CHECKS: readonly CheckDefinition[] = [];
