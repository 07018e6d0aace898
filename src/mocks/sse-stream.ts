/**
 * A writable Server-Sent Events body for a web-standard `Response`, with a slow-drip mode and a way to die
 * mid-stream (a crash).
 */
import { encodeSseComment, encodeSseEvent, type SseEventInit } from '../protocol/sse.js';

/** One SSE response body being written. */
export interface SseStream {
  readonly body: ReadableStream<Uint8Array>;
  /** Whether the stream is still open (not closed, errored or cancelled by the client). */
  readonly open: boolean;
  /** Writes one event; with `drip`, its bytes go out a few at a time. */
  write(event: SseEventInit, drip?: { chunkBytes: number; intervalMs: number }): Promise<void>;
  /** Writes text as it is (the `endpoint` event of the legacy transport is written with `write`). */
  writeRaw(text: string): Promise<void>;
  /** Closes the stream cleanly, after pending writes. */
  close(): Promise<void>;
  /** Breaks the stream (the client sees a network error). */
  error(reason: Error): void;
}

const encoder = new TextEncoder();

/**
 * Creates an SSE body; `onCancel` runs when the client goes away. With `keepAliveMs`, a comment line is written at
 * that interval while the stream is open ("servers are encouraged to periodically emit an SSE comment line … as a
 * keep-alive"); the timer never keeps the process alive.
 */
export function createSseStream(onCancel?: () => void, keepAliveMs = 0): SseStream {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let open = true;
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  const stopKeepAlive = () => {
    if (keepAlive !== undefined) clearInterval(keepAlive);
    keepAlive = undefined;
  };
  // Writes are chained, so a dripping event keeps the next one behind it.
  let queue: Promise<void> = Promise.resolve();
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      open = false;
      stopKeepAlive();
      onCancel?.();
    },
  });
  if (keepAliveMs > 0) {
    keepAlive = setInterval(() => void writeRaw(encodeSseComment('keep-alive')), keepAliveMs);
    keepAlive.unref?.();
  }
  const enqueue = (text: string) => {
    if (!open) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      open = false;
    }
  };
  const writeRaw = (text: string, drip?: { chunkBytes: number; intervalMs: number }) => {
    queue = queue.then(async () => {
      if (!drip) return enqueue(text);
      for (let i = 0; i < text.length && open; i += drip.chunkBytes) {
        enqueue(text.slice(i, i + drip.chunkBytes));
        await new Promise((r) => setTimeout(r, drip.intervalMs));
      }
    });
    return queue;
  };
  return {
    body,
    get open() {
      return open;
    },
    write: (event, drip) => writeRaw(encodeSseEvent(event), drip),
    writeRaw: (text) => writeRaw(text),
    close() {
      stopKeepAlive();
      queue = queue.then(() => {
        if (!open) return;
        open = false;
        try {
          controller.close();
        } catch {
          // Already closed by the client.
        }
      });
      return queue;
    },
    error(reason) {
      stopKeepAlive();
      if (!open) return;
      open = false;
      try {
        controller.error(reason);
      } catch {
        // Already gone.
      }
    },
  };
}

/** The headers of every SSE response ("X-Accel-Buffering: no" keeps proxies from buffering it). */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};
