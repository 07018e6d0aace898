/**
 * Pieces the HTTP transports share: recording heads and frames on the wire log, describing a message for an error,
 * and the header value encoding of 2026-07-28.
 */
import { parseFrame, redactHeaders, type JsonRpcMessage, type RequestId, type TransportKind, type WireLog } from '../../protocol/index.js';
import type { FetchLike, HttpRequester } from './http-requester.js';

/** How much of a non-frame body (an HTML page, a 202 body) the wire log keeps. @default 2 KiB */
export const WIRE_BODY_MAX_CHARS = 2048;

/** What a transport needs to record HTTP traffic. */
export interface HttpWireRecorder {
  head(direction: 'in' | 'out', exchange: number, head: { method?: string; url?: string; status?: number; headers: Record<string, string>; body?: string }): void;
  /** Records a frame and returns its parsed message; pass `parsed` when the caller already has it (no second parse). */
  frame(direction: 'in' | 'out', raw: string, meta: { exchange?: number; sseEventId?: string; sseEventType?: string }, parsed?: { message: unknown }): unknown;
}

/** Creates the recorder of one transport: heads are redacted, frames are parsed (or kept with why they are not JSON). */
export function createHttpWireRecorder(wire: WireLog, transport: TransportKind, secretHeaders: readonly string[]): HttpWireRecorder {
  return {
    head(direction, exchange, head) {
      wire.record({
        kind: 'http',
        transport,
        direction,
        exchange,
        headers: redactHeaders(head.headers, secretHeaders),
        ...(head.method === undefined ? {} : { method: head.method }),
        ...(head.url === undefined ? {} : { url: head.url }),
        ...(head.status === undefined ? {} : { status: head.status }),
        ...(head.body ? { body: head.body.length > WIRE_BODY_MAX_CHARS ? `${head.body.slice(0, WIRE_BODY_MAX_CHARS)}…` : head.body } : {}),
      });
    },
    frame(direction, raw, meta, known) {
      const parsed = known ?? parseFrame(raw);
      const cleanMeta: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(meta)) if (v !== undefined) cleanMeta[k] = v;
      wire.record({ kind: 'frame', transport, direction, raw, ...parsed, meta: cleanMeta });
      return parsed.message;
    },
  };
}

/** The messages of a parsed frame (one message or a batch); values that are not objects are dropped. */
export function messagesOf(value: unknown): JsonRpcMessage[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((m): m is JsonRpcMessage => typeof m === 'object' && m !== null && !Array.isArray(m));
}

/** The ids of the requests in a parsed frame (messages with a method and an id). */
export function requestIdsOf(value: unknown): RequestId[] {
  return messagesOf(value)
    .filter((m) => 'method' in m && 'id' in m && (typeof m.id === 'string' || typeof m.id === 'number'))
    .map((m) => (m as { id: RequestId }).id);
}

/** Whether a message is a response (has an id and a result or an error, no method). */
export function isResponseLike(m: JsonRpcMessage): m is JsonRpcMessage & { id: RequestId } {
  return !('method' in m) && 'id' in m && ('result' in m || 'error' in m);
}

/** Names a frame for a message: `initialize request 1`, `notifications/initialized`, `response 3`. */
export function describeFrame(value: unknown): string {
  const list = messagesOf(value);
  if (list.length === 0) return 'a frame that is not a JSON-RPC message';
  if (Array.isArray(value)) return `a batch of ${list.length} messages`;
  const m = list[0]!;
  if ('method' in m) return 'id' in m ? `${String(m.method)} request ${JSON.stringify(m.id)}` : `${String(m.method)} notification`;
  return `response ${JSON.stringify((m as { id?: unknown }).id ?? null)}`;
}

/**
 * Encodes a header value as 2026-07-28 asks: as it is when it is printable ASCII without surrounding spaces, else
 * `=?base64?{Base64EncodedValue}?=`.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/transports#value-encoding
 */
export function encodeMcpHeaderValue(value: string): string {
  // "clients MUST also Base64-encode any plain-ASCII value that matches the sentinel pattern"
  const isSentinel = value.startsWith('=?base64?') && value.endsWith('?=');
  if (!isSentinel && /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(value)) return value;
  return `=?base64?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

/** The options every HTTP client transport shares: static headers, what is secret, how requests are made, the wire log. */
export interface HttpClientTransportBaseOptions {
  /** Headers sent on every request (an `Authorization: Bearer …` token): every one is redacted in the wire log. */
  headers?: Record<string, string>;
  /** More header names whose values are secret (beside the static headers and Authorization, Cookie, X-Api-Key). */
  secretHeaders?: readonly string[];
  /** Use this `fetch` instead of the default keep-alive `node:http` agent (MSW, a web-standard handler). */
  fetch?: FetchLike;
  /** Use this requester (lower level than `fetch`); wins over `fetch`. */
  requester?: HttpRequester;
  /** The wire log to record to. @default a new log */
  wire?: WireLog;
}
