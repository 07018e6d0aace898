/**
 * Server-Sent Events as MCP uses them: a decoder over `eventsource-parser` (events split across chunks, `data:` lines
 * joined with `\n`, `id`, `event` and `retry` fields) and an encoder that servers and mocks share.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
import { createParser } from 'eventsource-parser';

/** One dispatched SSE event. `event` is `message` when the stream did not name it. */
export interface SseEvent {
  /** The event type (`message` unless an `event:` field named another). */
  event: string;
  /** The `data:` lines, joined with `\n`. */
  data: string;
  /** The `id:` field of this event, when it had one. */
  id?: string;
}

/** What an {@link SseDecoder} reports. */
export interface SseDecoderCallbacks {
  /** Each complete event, in order. */
  onEvent: (event: SseEvent) => void;
  /**
   * Every `id:` field, including those of events that carry no data and are never dispatched (a 2025-11-25 priming
   * event): this is the stream's last event id for `Last-Event-ID`.
   */
  onId?: (id: string) => void;
  /** A `retry:` field: the reconnection delay the server asks for, in milliseconds. */
  onRetry?: (retryMs: number) => void;
  /** A comment line (`: keep-alive`). */
  onComment?: (comment: string) => void;
  /** A line the parser could not use (an unknown field, an invalid retry). */
  onIssue?: (message: string) => void;
}

/** An incremental SSE decoder: feed it bytes or text as they arrive. */
export interface SseDecoder {
  /** Feeds one chunk (a chunk may end in the middle of a line, or of a UTF-8 character). */
  push(chunk: Uint8Array | string): void;
  /** Signals the end of the stream: flushes the UTF-8 decoder; an unterminated last event is dropped, as browsers do. */
  end(): void;
}

/** The largest buffered, unterminated line the decoder accepts before reporting it. @default 16 MiB */
export const SSE_MAX_BUFFER_BYTES = 16 * 1024 * 1024;

/**
 * Creates an incremental SSE decoder.
 * @example
 * const decoder = createSseDecoder({ onEvent: (e) => console.log(e.event, e.data) });
 * decoder.push('event: endpoint\ndata: /messages?sessionId=1\n\n');
 */
export function createSseDecoder(callbacks: SseDecoderCallbacks): SseDecoder {
  const text = new TextDecoder('utf-8');
  const parser = createParser({
    maxBufferSize: SSE_MAX_BUFFER_BYTES,
    onEvent: (message) => {
      const event: SseEvent = { event: message.event ?? 'message', data: message.data };
      if (message.id !== undefined) event.id = message.id;
      callbacks.onEvent(event);
    },
    onId: (id) => callbacks.onId?.(id),
    onRetry: (retry) => callbacks.onRetry?.(retry),
    onComment: (comment) => callbacks.onComment?.(comment),
    onError: (error) => callbacks.onIssue?.(error.message),
  });
  return {
    push(chunk) {
      const input = typeof chunk === 'string' ? chunk : text.decode(chunk, { stream: true });
      try {
        parser.feed(input);
      } catch (error) {
        // The only throw is a buffer overflow: report it, drop the oversized line and go on with the stream.
        callbacks.onIssue?.((error as Error).message);
        parser.reset({ consume: false });
      }
    },
    end() {
      const rest = text.decode();
      if (rest) parser.feed(rest);
      parser.reset({ consume: false });
    },
  };
}

/** The fields of one event to encode. */
export interface SseEventInit {
  event?: string;
  data?: string;
  id?: string;
  retry?: number;
}

/**
 * Encodes one SSE event. Multi-line data becomes one `data:` line per line; an event with neither data nor event type
 * (only `id` and/or `retry`) is still terminated, which is how a 2025-11-25 server writes a priming event.
 * @example encodeSseEvent({ id: '1', data: '{"jsonrpc":"2.0"}' }) // 'id: 1\ndata: {"jsonrpc":"2.0"}\n\n'
 */
export function encodeSseEvent(init: SseEventInit): string {
  let out = '';
  if (init.event !== undefined) out += `event: ${assertSingleLine(init.event, 'event')}\n`;
  if (init.id !== undefined) out += `id: ${assertSingleLine(init.id, 'id')}\n`;
  if (init.retry !== undefined) out += `retry: ${Math.max(0, Math.trunc(init.retry))}\n`;
  if (init.data !== undefined) {
    for (const line of init.data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  }
  return `${out}\n`;
}

/** Encodes a comment line, used as a keep-alive. */
export function encodeSseComment(comment: string): string {
  return `: ${comment.replace(/[\r\n]+/g, ' ')}\n\n`;
}

function assertSingleLine(value: string, field: string): string {
  if (/[\r\n]/.test(value)) throw new TypeError(`SSE ${field} must not contain a line break`);
  return value;
}
