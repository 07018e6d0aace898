import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createLineDecoder, encodeLine } from './framing.js';
import type { LineDecoderIssue } from './framing.js';

const encoder = new TextEncoder();

/** Cuts `bytes` at the given offsets (any order, duplicates allowed), so that empty chunks happen too. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    chunks.push(bytes.slice(start, point));
    start = point;
  }
  chunks.push(bytes.slice(start));
  return chunks;
}

function decode(chunks: Uint8Array[], maxLineBytes?: number) {
  const lines: string[] = [];
  const issues: LineDecoderIssue[] = [];
  const decoder = createLineDecoder({
    onLine: (line) => lines.push(line),
    onIssue: (issue) => issues.push(issue),
    ...(maxLineBytes === undefined ? {} : { maxLineBytes }),
  });
  for (const chunk of chunks) decoder.push(chunk);
  return { lines, issues, rest: decoder.end(), decoder };
}

/** A line's text: any Unicode (multi-byte too), never a newline, never ending in `\r`. */
const lineText = fc
  .string({ unit: 'binary', maxLength: 12 })
  .map((text) => text.replaceAll('\n', ' '))
  .map((text) => (text.endsWith('\r') ? `${text}x` : text));
const terminated = fc.record({ text: lineText, crlf: fc.boolean() });
/** An ASCII line of up to 20 bytes, never ending in `\r`. */
const asciiLine = fc
  .string({ unit: 'binary-ascii', maxLength: 20 })
  .map((text) => text.replaceAll('\n', '.').replace(/\r$/, '.'));
const cuts = fc.array(fc.nat(), { maxLength: 12 });

describe('createLineDecoder', () => {
  it('yields the same lines, blank ones included, however the byte stream is split', () => {
    fc.assert(
      fc.property(fc.array(terminated, { maxLength: 8 }), lineText, cuts, (lines, tail, at) => {
        const text = lines.map((l) => `${l.text}${l.crlf ? '\r\n' : '\n'}`).join('') + tail;
        const { lines: out, issues, rest } = decode(split(encoder.encode(text), at));
        expect(out).toEqual(lines.map((l) => l.text));
        expect(issues).toEqual([]);
        expect(rest).toBe(tail === '' ? undefined : tail);
      }),
    );
  });

  it('keeps a multi-byte character whole when a chunk boundary falls inside it', () => {
    const bytes = encoder.encode('é€😀\n');
    for (let cut = 1; cut < bytes.length - 1; cut++) {
      expect(decode([bytes.slice(0, cut), bytes.slice(cut)]).lines).toEqual(['é€😀']);
    }
  });

  it('reports each too-long line once, skips it to its newline and goes on, however the stream is split', () => {
    const max = 8;
    fc.assert(
      fc.property(fc.array(asciiLine, { maxLength: 8 }), cuts, (lines, at) => {
        const bytes = encoder.encode(lines.map((l) => `${l}\n`).join(''));
        const { lines: out, issues } = decode(split(bytes, at), max);
        // The limit counts every byte before the newline.
        expect(out).toEqual(lines.filter((l) => encoder.encode(l).length <= max));
        const tooLong = lines.filter((l) => encoder.encode(l).length > max);
        expect(issues.map((i) => i.kind)).toEqual(tooLong.map(() => 'line-too-long'));
        for (const issue of issues) {
          expect(issue.bytes).toBeGreaterThan(max);
          expect(issue.message).toBe(`a line is longer than ${max} bytes; it was skipped up to its newline`);
        }
      }),
    );
  });

  it('reports a line that is not UTF-8, passes it on decoded leniently, and goes on', () => {
    fc.assert(
      fc.property(cuts, (at) => {
        const bytes = new Uint8Array([0x61, 0xff, 0x62, 0x0a, 0x63, 0x0a]);
        const { lines, issues } = decode(split(bytes, at));
        expect(lines).toEqual(['a\uFFFDb', 'c']);
        expect(issues).toEqual([
          {
            kind: 'invalid-utf8',
            message: 'a line is not valid UTF-8 ("JSON-RPC messages MUST be UTF-8 encoded")',
            bytes: 3,
            excerpt: 'a\uFFFDb',
          },
        ]);
      }),
    );
  });

  it('returns the unterminated rest from end(), and nothing for the rest of a too-long line', () => {
    const partial = decode([encoder.encode('{"a":1}\n{"b"')]);
    expect(partial.lines).toEqual(['{"a":1}']);
    expect(partial.rest).toBe('{"b"');
    const skipped = decode([encoder.encode('0123456789abc')], 4);
    expect(skipped.rest).toBeUndefined();
    expect(skipped.issues).toHaveLength(1);
  });

  it('can be reused after end(): a skipped line does not swallow the next stream', () => {
    const lines: string[] = [];
    const decoder = createLineDecoder({ onLine: (line) => lines.push(line), maxLineBytes: 4 });
    decoder.push('0123456789');
    expect(decoder.end()).toBeUndefined();
    decoder.push('ok\n');
    expect(lines).toEqual(['ok']);
  });

  it('counts the bytes held for an unfinished line', () => {
    const decoder = createLineDecoder({ onLine: () => undefined });
    decoder.push('abc');
    decoder.push(new Uint8Array([0xc3]));
    expect(decoder.pendingBytes).toBe(4);
    decoder.push(new Uint8Array([0xa9, 0x0a]));
    expect(decoder.pendingBytes).toBe(0);
  });

  it('does not keep a reference to a chunk the caller reuses', () => {
    const lines: string[] = [];
    const decoder = createLineDecoder({ onLine: (line) => lines.push(line) });
    const buffer = encoder.encode('abc');
    decoder.push(buffer);
    buffer.set(encoder.encode('xyz'));
    decoder.push('\n');
    expect(lines).toEqual(['abc']);
  });
});

describe('createLineDecoder with Node Buffers (decoded in place)', () => {
  const asBuffers = (chunks: Uint8Array[]) => chunks.map((chunk) => Buffer.from(chunk));
  /** Bytes of any kind, with newlines, carriage returns, U+FFFD, byte order marks and broken sequences among them. */
  const anyBytes = fc.array(
    fc.oneof(
      fc.integer({ min: 0, max: 255 }).map((byte) => [byte]),
      fc.constantFrom([0x0a], [0x0d, 0x0a], [0xef, 0xbf, 0xbd], [0xef, 0xbb, 0xbf], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98, 0x80]),
    ),
    { maxLength: 40 },
  );

  it('yields exactly the lines, issues and rest of Uint8Array chunks, whatever the bytes and however split', () => {
    fc.assert(
      fc.property(anyBytes, cuts, (pieces, at) => {
        const bytes = new Uint8Array(pieces.flat());
        const chunks = split(bytes, at);
        const { lines, issues, rest } = decode(asBuffers(chunks));
        const expected = decode(chunks);
        expect({ lines, issues, rest }).toEqual({ lines: expected.lines, issues: expected.issues, rest: expected.rest });
      }),
    );
  });

  it('passes a real U+FFFD on without an issue, drops a byte order mark, and reports bytes that are not UTF-8', () => {
    const { lines, issues } = decode([Buffer.from('\uFEFF{"a":"\uFFFD"}\r\n{"b":1}\n'), Buffer.from([0x7b, 0xff, 0x7d, 0x0a])]);
    expect(lines).toEqual(['{"a":"\uFFFD"}', '{"b":1}', '{\uFFFD}']);
    expect(issues.map((issue) => issue.kind)).toEqual(['invalid-utf8']);
  });

  it('does not keep a reference to a Buffer the caller reuses', () => {
    const lines: string[] = [];
    const decoder = createLineDecoder({ onLine: (line) => lines.push(line) });
    const buffer = Buffer.from('abc');
    decoder.push(buffer);
    buffer.write('xyz');
    decoder.push(Buffer.from('\n'));
    expect(lines).toEqual(['abc']);
  });
});

describe('encodeLine', () => {
  it('writes compact JSON and one newline, escaping newlines inside strings', () => {
    expect(encodeLine({ jsonrpc: '2.0', method: 'x', params: { text: 'a\nb' } })).toBe(
      '{"jsonrpc":"2.0","method":"x","params":{"text":"a\\nb"}}\n',
    );
  });
});
