import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallToolResultSchema } from '../protocol/index.js';
import { readPlainToolResult } from './plain-tool-result.js';

const block = fc.oneof(
  fc.record({ type: fc.constant('text'), text: fc.string() }),
  fc.record({ type: fc.constantFrom('text', 'image', 'Text'), text: fc.oneof(fc.string(), fc.integer(), fc.constant(null)) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('text'), text: fc.string(), annotations: fc.record({ priority: fc.double() }) }),
  fc.constant(null),
  fc.string(),
);
const plainBlock = fc.record({ type: fc.constant('text'), text: fc.string() });
/** Plain results (the fast path's) and near misses (one odd block or field), so both sides of the check are exercised. */
const result = fc.oneof(
  fc.record({ content: fc.array(plainBlock, { maxLength: 4 }), isError: fc.boolean() }, { requiredKeys: ['content'] }),
  fc.record({ content: fc.array(fc.oneof(plainBlock, block), { maxLength: 4 }), isError: fc.oneof(fc.boolean(), fc.constant('yes')) }, { requiredKeys: ['content'] }),
  fc.record(
    {
      content: fc.oneof(fc.array(block, { maxLength: 4 }), fc.constant('text'), fc.constant(null)),
      isError: fc.oneof(fc.boolean(), fc.constant('yes')),
      structuredContent: fc.record({ x: fc.integer() }),
      _meta: fc.record({ k: fc.string() }),
    },
    { requiredKeys: [] },
  ),
);

describe('readPlainToolResult', () => {
  it('agrees with the CallToolResult schema on every result it accepts, and never returns the objects it was given', () => {
    let accepted = 0;
    fc.assert(
      fc.property(result, (value) => {
        const fast = readPlainToolResult(value as Record<string, unknown>);
        if (fast === undefined) return;
        accepted++;
        const parsed = CallToolResultSchema.safeParse(value);
        expect(parsed.success).toBe(true);
        expect(fast).toEqual(parsed.data);
        expect(fast).not.toBe(value);
        fast.content.forEach((b, i) => expect(b).not.toBe((value as { content: unknown[] }).content[i]));
      }),
      { numRuns: 2000 },
    );
    // The generator reaches the fast path often enough for the agreement to mean something.
    expect(accepted).toBeGreaterThan(500);
  });

  it('takes text-only results and leaves everything else to the schema', () => {
    expect(readPlainToolResult({ content: [{ type: 'text', text: 'hi' }] })).toEqual({ content: [{ type: 'text', text: 'hi' }] });
    expect(readPlainToolResult({ content: [], isError: true })).toEqual({ content: [], isError: true });
    expect(readPlainToolResult({ content: [{ type: 'text', text: 'hi', _meta: {} }] })).toBeUndefined();
    expect(readPlainToolResult({ content: [{ type: 'image', data: 'AA==', mimeType: 'image/png' }] })).toBeUndefined();
    expect(readPlainToolResult({ content: [], structuredContent: {} })).toBeUndefined();
    expect(readPlainToolResult({ content: [], isError: 'no' })).toBeUndefined();
    expect(readPlainToolResult({})).toBeUndefined();
  });
});
