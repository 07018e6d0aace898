/**
 * Cross-checks our strict per-version schemas against each version's official JSON Schema (ajv): the registry
 * defines the same methods per direction; a corpus of valid messages passes both; and any mutation of a valid
 * message that the official schema rejects, we reject too (fast-check).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PROTOCOL_VERSIONS } from '../../../src/protocol/versions.js';
import type { ProtocolVersion } from '../../../src/protocol/versions.js';
import { methodsOf, validateMessage } from '../../../src/protocol/index.js';
import type { MessageDirection } from '../../../src/protocol/index.js';
import { HAS_SPEC, SPEC_ROOT, officialErrorsOf, officialSchemaOf } from './official-schema.js';
import { corpusOf } from './corpus.js';
import { arbitraryOf } from './zod-arbitrary.js';
import type { CorpusEntry } from './corpus.js';

const sides: [MessageDirection, 'request' | 'notification', string][] = [
  ['client-to-server', 'request', 'ClientRequest'],
  ['server-to-client', 'request', 'ServerRequest'],
  ['client-to-server', 'notification', 'ClientNotification'],
  ['server-to-client', 'notification', 'ServerNotification'],
];

const title = HAS_SPEC ? 'official JSON Schema cross-checks' : `official JSON Schema cross-checks (skipped: ${SPEC_ROOT} is absent)`;

describe.skipIf(!HAS_SPEC)(title, () => {
  it('still needs its errata: the published 2026-07-28 JSONValue rejects null and fractional numbers', () => {
    const published = officialSchemaOf('2026-07-28', { applyErrata: false });
    expect(published.errorsFor('JSONValue', null)).not.toEqual([]);
    expect(published.errorsFor('JSONValue', 1.5)).not.toEqual([]);
    expect(officialSchemaOf('2026-07-28').errorsFor('JSONValue', null)).toEqual([]);
  });

  it.each(['2025-06-18', '2025-11-25', '2026-07-28'] as const)(
    'still needs its errata: the published %s ElicitResult rejects a fractional number',
    (version) => {
      const answer = { action: 'accept', content: { price: 9.5 } };
      expect(officialSchemaOf(version, { applyErrata: false }).errorsFor('ElicitResult', answer)).not.toEqual([]);
      expect(officialSchemaOf(version).errorsFor('ElicitResult', answer)).toEqual([]);
    },
  );

  describe.each(PROTOCOL_VERSIONS)('%s', (version) => {
    it.each(sides)('defines the same %s %ss as the official %s union', (direction, kind, union) => {
      const ours = methodsOf(version)
        .filter((m) => m.direction === direction && m.kind === kind)
        .map((m) => m.method)
        .sort();
      const official = [...officialSchemaOf(version).methodsOf(union).keys()].sort();
      expect(ours).toEqual(official);
    });

    it.each(corpusOf(version).map((entry) => [entry.name, entry] as const))(
      'accepts the corpus message %s, and so does the official schema',
      (_name, entry) => {
        expect(validateMessage(version, entry.message, optionsOf(entry)).issues).toEqual([]);
        expect(officialErrorsOf(version, entry.direction, entry.message, entry.requestMethod)).toEqual([]);
      },
    );

    it.each(methodsOf(version).map((m) => [m.kind, m.method, m.direction, m] as const))(
      'generates %s %s (%s) params and results from our schemas that the official schema accepts',
      (_kind, method, direction, definition) => {
        const message = fc.record({ params: arbitraryOf(definition.params), id: fc.nat() }).map(({ params, id }) => ({
          jsonrpc: '2.0',
          ...(definition.kind === 'request' ? { id } : {}),
          method,
          ...(params === undefined ? {} : { params }),
        }));
        const response = definition.result === undefined ? fc.constant(undefined) : arbitraryOf(definition.result);
        fc.assert(
          fc.property(message, response, (request, result) => {
            expect(officialErrorsOf(version, direction, request)).toEqual([]);
            if (result === undefined) return;
            const back = direction === 'client-to-server' ? 'server-to-client' : 'client-to-server';
            const reply = { jsonrpc: '2.0', id: 1, result };
            expect(validateMessage(version, reply, { direction: back, requestMethod: method }).issues).toEqual([]);
            expect(officialErrorsOf(version, back, reply, method)).toEqual([]);
          }),
          { numRuns: 10, seed: seedOf(version) },
        );
      },
    );

    it('rejects (or warns about) every mutation of a corpus message that the official schema rejects', () => {
      const corpus = corpusOf(version);
      fc.assert(
        fc.property(fc.nat(corpus.length - 1), fc.nat(), mutationArbitrary, (which, where, mutation) => {
          const entry = corpus[which]!;
          const message = mutate(entry.message, where, mutation);
          const officialErrors = officialErrorsOf(version, entry.direction, message, entry.requestMethod);
          if (officialErrors.length === 0) return;
          const ours = validateMessage(version, message, optionsOf(entry));
          // A warning counts: it is how we flag what the schema forbids but JSON-RPC 2.0 tolerates (a null error id).
          expect({ message, officialErrors, flagged: !ours.valid || ours.warnings.length > 0 }).toMatchObject({ flagged: true });
        }),
        { numRuns: 300, seed: seedOf(version) },
      );
    });
  });
});

function optionsOf(entry: CorpusEntry) {
  return entry.requestMethod === undefined
    ? { direction: entry.direction }
    : { direction: entry.direction, requestMethod: entry.requestMethod };
}

type Mutation = { op: 'delete' } | { op: 'replace'; value: unknown };

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant({ op: 'delete' } as const),
  fc.record({
    op: fc.constant('replace' as const),
    value: fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom(null, '', 'text', -1, 1.5, 'not a uri', [], {}),
    ),
  }),
);

/** Deletes or replaces the `where`-th (modulo their count) field or element of a deep copy of `message`. */
function mutate(message: Record<string, unknown>, where: number, mutation: Mutation): unknown {
  const copy = structuredClone(message);
  const slots: [Record<string, unknown> | unknown[], string | number][] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach((child, index) => (slots.push([node, index]), visit(child)));
    else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        slots.push([node as Record<string, unknown>, key]);
        visit(child);
      }
    }
  };
  visit(copy);
  const [parent, key] = slots[where % slots.length]!;
  if (mutation.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else if (Array.isArray(parent)) parent[key as number] = mutation.value;
  else parent[key as string] = mutation.value;
  return copy;
}

function seedOf(version: ProtocolVersion): number {
  return Number(version.replaceAll('-', ''));
}
