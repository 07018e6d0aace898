/**
 * Newline-delimited JSON framing (stdio, and any byte stream): "Messages are delimited by newlines, and MUST NOT
 * contain embedded newlines." Works on bytes so that any chunking (partial lines, `\r\n`, a multi-byte UTF-8
 * character split across chunks) yields the same lines.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#stdio
 */

/** The longest line accepted before it is reported and skipped (every byte before its `\n` counts). @default 16 MiB */
export const STDIO_MAX_LINE_BYTES = 16 * 1024 * 1024;

/** Something wrong with the byte stream that did not stop it. */
export interface LineDecoderIssue {
  kind: 'line-too-long' | 'invalid-utf8';
  message: string;
  /** How many bytes of the offending line were seen (for `line-too-long`, at least `maxLineBytes + 1`). */
  bytes: number;
  /** The first bytes of the offending line, decoded leniently, for evidence. */
  excerpt: string;
}

/** Options of {@link createLineDecoder}. */
export interface LineDecoderOptions {
  /** Called with each complete line, without its `\n` or `\r\n`. Blank lines are passed too (callers decide). */
  onLine: (line: string) => void;
  /** Called when a line is too long (it is skipped up to its newline, and decoding goes on) or not UTF-8. */
  onIssue?: (issue: LineDecoderIssue) => void;
  /** @default STDIO_MAX_LINE_BYTES */
  maxLineBytes?: number;
}

/** Splits a byte stream into lines. */
export interface LineDecoder {
  /** Feeds a chunk. */
  push(chunk: Uint8Array | string): void;
  /** Ends the stream: returns the unterminated rest, if any (it is not passed to `onLine`: it was never framed). */
  end(): string | undefined;
  /** Bytes held for an unfinished line. */
  readonly pendingBytes: number;
}

const NEWLINE = 0x0a;
const BYTE_ORDER_MARK = 0xfeff;
const REPLACEMENT_CHARACTER = '\ufffd';
/** Node's Buffer, when there is one (the decoder also runs where there is not). */
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;
const CARRIAGE_RETURN = 0x0d;
const EXCERPT_BYTES = 200;

/**
 * Creates a decoder that frames a byte stream into lines.
 * @example
 * const decoder = createLineDecoder({ onLine: (line) => handle(JSON.parse(line)) });
 * child.stdout.on('data', (chunk) => decoder.push(chunk));
 */
export function createLineDecoder(options: LineDecoderOptions): LineDecoder {
  const maxLineBytes = options.maxLineBytes ?? STDIO_MAX_LINE_BYTES;
  const strict = new TextDecoder('utf-8', { fatal: true });
  const lenient = new TextDecoder('utf-8');
  let parts: Uint8Array[] = [];
  let pending = 0;
  /** Skipping the rest of a too-long line until its newline. */
  let skipping = false;

  /** Decodes bytes `start` to `end` of `bytes` (a line without its `\n`) and passes it on. */
  const emit = (bytes: Uint8Array, start: number, end: number): void => {
    if (end > start && bytes[end - 1] === CARRIAGE_RETURN) end--;
    // A Node Buffer decodes a range without a view. It replaces what is not UTF-8 with U+FFFD, so a line without one
    // was valid; one with it (invalid, or a real U+FFFD) goes to the strict decoder, which tells them apart.
    if (NodeBuffer?.isBuffer(bytes)) {
      const line = bytes.toString('utf8', start, end);
      if (!line.includes(REPLACEMENT_CHARACTER)) {
        // As TextDecoder does, a byte order mark is not part of the text.
        options.onLine(line.charCodeAt(0) === BYTE_ORDER_MARK ? line.slice(1) : line);
        return;
      }
    }
    const body = bytes.subarray(start, end);
    let line: string;
    try {
      line = strict.decode(body);
    } catch {
      line = lenient.decode(body);
      options.onIssue?.({
        kind: 'invalid-utf8',
        message: 'a line is not valid UTF-8 ("JSON-RPC messages MUST be UTF-8 encoded")',
        bytes: body.length,
        excerpt: line.slice(0, EXCERPT_BYTES),
      });
    }
    options.onLine(line);
  };

  const take = (): Uint8Array => {
    const joined = parts.length === 1 ? parts[0]! : concat(parts, pending);
    parts = [];
    pending = 0;
    return joined;
  };

  const reportTooLong = (excerptSource: Uint8Array, seen: number): void => {
    options.onIssue?.({
      kind: 'line-too-long',
      message: `a line is longer than ${maxLineBytes} bytes; it was skipped up to its newline`,
      bytes: seen,
      excerpt: lenient.decode(excerptSource.subarray(0, EXCERPT_BYTES)),
    });
  };

  return {
    get pendingBytes() {
      return pending;
    },
    push(input) {
      const chunk = typeof input === 'string' ? new TextEncoder().encode(input) : input;
      let start = 0;
      while (start < chunk.length) {
        const newline = chunk.indexOf(NEWLINE, start);
        const stop = newline === -1 ? chunk.length : newline;
        const length = stop - start;
        if (skipping) {
          if (newline !== -1) skipping = false;
        } else if (pending + length > maxLineBytes) {
          // Report once, as soon as the line is known to be too long, then drop it up to its newline.
          const seen = pending + length;
          const head = pending > 0 ? take() : chunk.subarray(start, stop);
          reportTooLong(head, seen);
          skipping = newline === -1;
        } else if (newline === -1) {
          // Copy (a Buffer's own slice() would not): the caller may reuse its buffer.
          parts.push(Uint8Array.prototype.slice.call(chunk, start, stop));
          pending += length;
        } else if (pending === 0) {
          // The common case: a whole line in this chunk, decoded in place.
          emit(chunk, start, newline);
        } else {
          parts.push(chunk.subarray(start, stop));
          pending += length;
          const joined = take();
          emit(joined, 0, joined.length);
        }
        if (newline === -1) break;
        start = newline + 1;
      }
    },
    end() {
      if (skipping || pending === 0) {
        // The stream is over: a line being skipped ends with it, so the decoder can be reused.
        skipping = false;
        parts = [];
        pending = 0;
        return undefined;
      }
      const rest = take();
      return lenient.decode(rest);
    },
  };
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Serializes one message (or batch) as a single line: compact JSON plus `\n`. */
export function encodeLine(message: unknown): string {
  return `${JSON.stringify(message)}\n`;
}
