/**
 * Builds fast-check arbitraries from our zod schemas, so that property tests can generate values our strict
 * schemas accept and check that the official JSON Schema accepts them too. It knows the zod kinds our message
 * schemas use, and the three string formats they check.
 */
import fc from 'fast-check';
import type { z } from 'zod';

interface Def {
  type: string;
  [key: string]: any;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (def: Def): Def[] => ((def.checks ?? []) as { _zod: { def: Def } }[]).map((check) => check._zod.def);

/** An arbitrary of values `schema` accepts (refinements are honoured by filtering). */
export function arbitraryOf(schema: z.ZodType): fc.Arbitrary<unknown> {
  return build(schema).filter((value) => schema.safeParse(value).success);
}

/** Schemas share sub-schemas: building each once keeps the arbitrary graph as small as the schema graph. */
const built = new WeakMap<z.ZodType, fc.Arbitrary<unknown>>();

function build(schema: z.ZodType): fc.Arbitrary<unknown> {
  let arbitrary = built.get(schema);
  if (arbitrary === undefined) {
    arbitrary = buildNew(schema);
    built.set(schema, arbitrary);
  }
  return arbitrary;
}

function buildNew(schema: z.ZodType): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      const requiredKeys = Object.keys(shape).filter((key) => defOf(shape[key]!).type !== 'optional');
      const model = Object.fromEntries(Object.entries(shape).map(([key, value]) => [key, build(value)]));
      return fc.record(model, { requiredKeys });
    }
    case 'optional':
      return build(def.innerType);
    case 'nullable':
      return fc.option(build(def.innerType), { nil: null });
    case 'string':
      return stringOf(def);
    case 'number':
      return numberOf(def);
    case 'boolean':
      return fc.boolean();
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
    case 'array': {
      const max = checksOf(def).find((c) => c.check === 'max_length')?.maximum as number | undefined;
      return fc.array(build(def.element), { maxLength: Math.min(max ?? 2, 2) });
    }
    case 'record':
      return fc.dictionary(recordKey, build(def.valueType), { maxKeys: 2 });
    case 'union':
      return fc.oneof(...(def.options as z.ZodType[]).map(build));
    case 'lazy':
      // z.json(): any JSON value.
      return fc.jsonValue({ maxDepth: 2 });
    case 'unknown':
    case 'any':
      return fc.jsonValue({ maxDepth: 1 });
    default:
      throw new Error(`arbitraryOf: no arbitrary for zod type ${def.type}`);
  }
}

// Built once: fast-check's URL and pattern arbitraries are costly to construct.
const anyString = fc.string({ maxLength: 8 });
const base64 = fc.base64String({ maxLength: 12 });
const uriTemplate = fc.constantFrom('file:///{path}', 'https://example.com/{a}{?b,c}', 'plain');
const uri = fc.oneof(fc.webUrl(), fc.constantFrom('file:///home/user/a.txt', 'urn:isbn:0451450523', 'custom-scheme:x'));
/** Plain names: valid as `_meta` keys too. */
const recordKey = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);

function stringOf(def: Def): fc.Arbitrary<string> {
  const pattern = checksOf(def).find((c) => c.format === 'regex')?.pattern as RegExp | undefined;
  if (pattern === undefined) return anyString;
  if (pattern.test('AAAA') && !pattern.test('file:///a')) return base64;
  if (pattern.test('file:///{path}') && pattern.test('no scheme')) return uriTemplate;
  return uri;
}

function numberOf(def: Def): fc.Arbitrary<number> {
  const checks = checksOf(def);
  const min = checks.find((c) => c.check === 'greater_than')?.value as number | undefined;
  const max = checks.find((c) => c.check === 'less_than')?.value as number | undefined;
  if (checks.some((c) => c.format === 'safeint')) return fc.integer({ min: min ?? -1000, max: max ?? 1_000_000 });
  return fc.double({ min: min ?? -1e6, max: max ?? 1e6, noNaN: true, noDefaultInfinity: true });
}
