/**
 * Compiling the JSON Schemas servers publish (tool `inputSchema` / `outputSchema`) in the dialect the specification
 * gives them, and validating values against them.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic#json-schema-usage
 */
import { createRequire } from 'node:module';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { Ajv, ValidateFunction } from 'ajv';
import { supports, type ProtocolVersion } from '../../protocol/versions.js';

/**
 * ajv and ajv-formats (CommonJS), required on the first compilation: loading them costs ~0.15 s, which a run pays
 * only once a check compiles a schema, and `mcp-conform list` never.
 */
let ajvModules: { Ajv: typeof Ajv; Ajv2020: typeof Ajv2020; addFormats: (ajv: Ajv | Ajv2020) => void } | undefined;
function loadAjv(): NonNullable<typeof ajvModules> {
  if (!ajvModules) {
    const require = createRequire(import.meta.url);
    const formats = require('ajv-formats') as { default?: unknown };
    ajvModules = {
      Ajv: (require('ajv') as { Ajv: typeof Ajv }).Ajv,
      Ajv2020: (require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 }).Ajv2020,
      addFormats: (formats.default ?? formats) as (ajv: Ajv | Ajv2020) => void,
    };
  }
  return ajvModules;
}

/** The `$schema` URIs of draft-07 (with and without the trailing `#`). */
const DRAFT_07 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;
/** The `$schema` URIs of 2020-12. */
const DRAFT_2020 = /^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/;

/** The outcome of compiling a schema. */
export type SchemaCompilation =
  | { ok: true; dialect: '2020-12' | 'draft-07'; validate: ValidateFunction }
  | { ok: false; dialect: string; error: string; graded: 'MUST' | 'SHOULD' };

function createAjv(dialect: '2020-12' | 'draft-07'): Ajv | Ajv2020 {
  const options = { strict: false, allErrors: true, validateFormats: true, loadSchema: undefined } as const;
  const { Ajv, Ajv2020, addFormats } = loadAjv();
  const ajv = dialect === '2020-12' ? new Ajv2020(options) : new Ajv(options);
  addFormats(ajv);
  return ajv;
}

/** One compiler per dialect (building one compiles its meta-schemas, which costs more than most tool schemas). */
const compilers = new Map<string, Ajv | Ajv2020>();
/** Compiled schemas by dialect and text: the same tool schema is compiled once per run, not once per version. */
const compiled = new Map<string, ValidateFunction | string>();
/** The most compiled schemas kept. @default 1_000 */
const MAX_COMPILED = 1_000;

function tryCompile(schema: Record<string, unknown>, dialect: '2020-12' | 'draft-07'): ValidateFunction | string {
  const { $schema: _, ...rest } = schema;
  const key = `${dialect} ${JSON.stringify(rest)}`;
  const known = compiled.get(key);
  if (known !== undefined) return known;
  let outcome: ValidateFunction | string;
  try {
    let ajv = compilers.get(dialect);
    if (!ajv) compilers.set(dialect, (ajv = createAjv(dialect)));
    outcome = ajv.compile(rest);
  } catch (error) {
    // A schema whose $id another schema already took in the shared compiler is compiled alone.
    try {
      outcome = createAjv(dialect).compile(rest);
    } catch {
      outcome = (error as Error).message;
    }
  }
  if (compiled.size >= MAX_COMPILED) compiled.clear();
  compiled.set(key, outcome);
  return outcome;
}

/**
 * Compiles a schema the way its version reads it. From 2025-11-25: "When a schema does not include a $schema field,
 * it defaults to JSON Schema 2020-12" and "Schemas MUST be valid according to their declared or default dialect";
 * a draft-07 `$schema` is compiled as draft-07, any other `$schema` is refused. Before 2025-11-25 no dialect is
 * named, so the schema passes if either dialect compiles it, and a schema neither compiles is graded SHOULD.
 */
export function compileSchema(schema: Record<string, unknown>, version: ProtocolVersion): SchemaCompilation {
  const declared = schema.$schema;
  if (!supports(version, 'jsonSchema2020')) {
    // Either dialect will do; the one the schema declares is tried first, so that a draft-07 schema is compiled once
    // per run, not once per dialect (2025-11-25 compiles it as draft-07 too).
    const order: Array<'2020-12' | 'draft-07'> = typeof declared === 'string' && DRAFT_07.test(declared) ? ['draft-07', '2020-12'] : ['2020-12', 'draft-07'];
    const first = tryCompile(schema, order[0]!);
    if (typeof first !== 'string') return { ok: true, dialect: order[0]!, validate: first };
    const second = tryCompile(schema, order[1]!);
    if (typeof second !== 'string') return { ok: true, dialect: order[1]!, validate: second };
    return { ok: false, dialect: 'draft-07 or 2020-12', error: order[0] === '2020-12' ? first : second, graded: 'SHOULD' };
  }
  if (declared !== undefined && (typeof declared !== 'string' || (!DRAFT_07.test(declared) && !DRAFT_2020.test(declared)))) {
    return { ok: false, dialect: String(declared), error: `the $schema ${JSON.stringify(declared)} is not a dialect the harness knows (2020-12 or draft-07)`, graded: 'SHOULD' };
  }
  const dialect = typeof declared === 'string' && DRAFT_07.test(declared) ? 'draft-07' : '2020-12';
  const compiled = tryCompile(schema, dialect);
  if (typeof compiled === 'string') return { ok: false, dialect, error: compiled, graded: 'MUST' };
  return { ok: true, dialect, validate: compiled };
}

/** The first errors of a failed validation, as one line. */
export function describeSchemaErrors(validate: ValidateFunction, max = 3): string {
  const errors = validate.errors ?? [];
  return errors
    .slice(0, max)
    .map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`)
    .join('; ');
}
