import { describe, expect, it } from 'vitest';
import { createSseDecoder, encodeSseComment, encodeSseEvent, type SseEvent } from './sse.js';

function decodeAll(chunks: (string | Uint8Array)[]) {
  const events: SseEvent[] = [];
  const ids: string[] = [];
  const retries: number[] = [];
  const comments: string[] = [];
  const decoder = createSseDecoder({
    onEvent: (e) => events.push(e),
    onId: (id) => ids.push(id),
    onRetry: (r) => retries.push(r),
    onComment: (c) => comments.push(c),
  });
  for (const chunk of chunks) decoder.push(chunk);
  decoder.end();
  return { events, ids, retries, comments };
}

describe('createSseDecoder', () => {
  it('joins multi-line data with a newline and defaults the event type to message', () => {
    const { events } = decodeAll(['data: a\ndata: b\n\n']);
    expect(events).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('reassembles an event split across chunks, even inside a UTF-8 character', () => {
    const bytes = new TextEncoder().encode('id: 7\nevent: message\ndata: {"x":"é"}\n\n');
    const cut = bytes.indexOf(0xc3) + 1;
    const { events } = decodeAll([bytes.slice(0, 3), bytes.slice(3, cut), bytes.slice(cut)]);
    expect(events).toEqual([{ event: 'message', data: '{"x":"é"}', id: '7' }]);
  });

  it('reports the id and retry of a priming event that carries no data, without dispatching it', () => {
    const { events, ids, retries } = decodeAll(['id: prime-1\nretry: 250\ndata:\n\n', ': keep-alive\n\n']);
    expect(events).toEqual([{ event: 'message', data: '', id: 'prime-1' }]);
    expect(ids).toEqual(['prime-1']);
    expect(retries).toEqual([250]);
    const idOnly = decodeAll(['id: prime-2\n\n']);
    expect(idOnly.events).toEqual([]);
    expect(idOnly.ids).toEqual(['prime-2']);
  });

  it('accepts CRLF and CR line endings and reports comments', () => {
    const { events, comments } = decodeAll([': hi\r\n\r\nevent: endpoint\rdata: /messages?sessionId=1\r\r']);
    expect(comments).toEqual(['hi']);
    expect(events).toEqual([{ event: 'endpoint', data: '/messages?sessionId=1' }]);
  });

  it('drops an unterminated last event at the end of the stream', () => {
    expect(decodeAll(['data: complete\n\ndata: cut']).events).toEqual([{ event: 'message', data: 'complete' }]);
  });
});

describe('encodeSseEvent', () => {
  it('round-trips through the decoder, multi-line data included', () => {
    const wire = encodeSseEvent({ event: 'message', id: '42', retry: 1000, data: 'line 1\nline 2' }) + encodeSseComment('ping');
    expect(wire).toBe('event: message\nid: 42\nretry: 1000\ndata: line 1\ndata: line 2\n\n: ping\n\n');
    const { events, retries, comments } = decodeAll([wire]);
    expect(events).toEqual([{ event: 'message', id: '42', data: 'line 1\nline 2' }]);
    expect(retries).toEqual([1000]);
    expect(comments).toEqual(['ping']);
  });

  it('refuses an id with a line break, which would inject fields', () => {
    expect(() => encodeSseEvent({ id: 'a\ndata: x', data: '' })).toThrow('SSE id must not contain a line break');
  });
});

describe('SSE round trip under any chunking (property)', () => {
  it('decodes what encodeSseEvent wrote, however the bytes are split', async () => {
    const fc = await import('fast-check');
    const line = fc.string({ unit: fc.constantFrom('a', 'é', '世', '{', '"', ':', ' ', 'x'), maxLength: 12 });
    const event = fc.record({
      id: fc.option(fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/), { nil: undefined }),
      event: fc.option(fc.constantFrom('message', 'endpoint', 'custom'), { nil: undefined }),
      data: fc.array(line, { minLength: 1, maxLength: 3 }).map((lines) => lines.join('\n')),
    });
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 10 }), (events, cuts) => {
        const bytes = new TextEncoder().encode(events.map((e) => encodeSseEvent(e)).join(''));
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks: Uint8Array[] = [];
        let from = 0;
        for (const at of points) {
          chunks.push(bytes.slice(from, at));
          from = at;
        }
        chunks.push(bytes.slice(from));
        const decoded = decodeAll(chunks).events;
        expect(decoded).toEqual(
          events.map((e) => ({ event: e.event ?? 'message', data: e.data, ...(e.id === undefined ? {} : { id: e.id }) })),
        );
      }),
      { numRuns: 200 },
    );
  });
});
