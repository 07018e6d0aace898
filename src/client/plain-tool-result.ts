/**
 * A fast path for the commonest `tools/call` result: only text blocks, maybe `isError`. Checking that shape by hand
 * and copying it costs a fraction of a schema parse; anything else goes to the schema (see `parseResult`).
 */
import type { CallToolResult } from '../protocol/index.js';

/**
 * Returns a copy of `value` when it is a plain text-only tool result (`content` of `{ type: 'text', text }` blocks
 * and at most `isError`, no other field), else `undefined`. The copy equals what the loose CallToolResult schema
 * makes of it (a property test holds them equal), so the caller never shares objects with the wire log.
 */
export function readPlainToolResult(value: Record<string, unknown>): CallToolResult | undefined {
  const content = value.content;
  if (!Array.isArray(content)) return undefined;
  let keys = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) return undefined;
    keys++;
    if (key === 'content') continue;
    if (key !== 'isError' || typeof value.isError !== 'boolean') return undefined;
  }
  const blocks = new Array<{ type: 'text'; text: string }>(content.length);
  for (let i = 0; i < content.length; i++) {
    const block = content[i] as Record<string, unknown> | null;
    if (typeof block !== 'object' || block === null || Array.isArray(block) || block.type !== 'text' || typeof block.text !== 'string') return undefined;
    if (Object.keys(block).length !== 2) return undefined;
    blocks[i] = { type: 'text', text: block.text };
  }
  return keys === 1 ? { content: blocks } : { content: blocks, isError: value.isError as boolean };
}
