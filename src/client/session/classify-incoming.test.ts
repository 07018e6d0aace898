import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyMessage } from '../../protocol/index.js';
import { classifyIncoming } from './classify-incoming.js';

describe('classifyIncoming', () => {
  it('agrees with classifyMessage on any JSON value shaped like a message', () => {
    const id = fc.oneof(fc.integer(), fc.string(), fc.double(), fc.constant(null), fc.constant(undefined));
    const field = fc.oneof(fc.constant(undefined), fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue()));
    const message = fc.record(
      {
        jsonrpc: fc.oneof(fc.constant('2.0'), fc.constant('1.0'), fc.constant(undefined)),
        id,
        method: fc.oneof(fc.constant(undefined), fc.string()),
        result: field,
        error: fc.oneof(fc.constant(undefined), fc.record({ code: fc.integer(), message: fc.string() })),
        params: field,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(message, (value) => {
        const json = JSON.parse(JSON.stringify(value)) as unknown;
        expect(classifyIncoming(json)).toBe(classifyMessage(json));
      }),
      { numRuns: 2000 },
    );
  });
});
