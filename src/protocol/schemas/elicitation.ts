/**
 * Elicitation: a server asks the user for information through the client (`elicitation/create`), with a form
 * (2025-06-18 and later) or a URL (2025-11-25 and later). From 2026-07-28 it travels inside an
 * `InputRequiredResult`.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/client/elicitation
 */
import { z } from 'zod';
import { integer, membersOf, requiredIf, uriString } from './profile.js';
import type { SchemaProfile } from './profile.js';
import type { BaseSchemas } from './base.js';

/** Defines the elicitation schemas for a profile. */
export function defineElicitationSchemas(p: SchemaProfile, base: BaseSchemas) {
  const { Meta } = base;
  const reworkedEnums = p.within('2025-11-25');
  const described = { title: z.string().optional(), description: z.string().optional() };
  const StringSchema = z.looseObject({
    ...described,
    type: z.literal('string'),
    minLength: integer().optional(),
    maxLength: integer().optional(),
    format: z.enum(['email', 'uri', 'date', 'date-time']).optional(),
    default: z.string().optional(),
  });
  const NumberSchema = z.looseObject({
    ...described,
    type: z.enum(['number', 'integer']),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    default: z.number().optional(),
  });
  const BooleanSchema = z.looseObject({ ...described, type: z.literal('boolean'), default: z.boolean().optional() });
  /** `enum` with optional `enumNames` (the only enum form in 2025-06-18; "legacy" from 2025-11-25). */
  const LegacyEnumSchema = z.looseObject({
    ...described,
    type: z.literal('string'),
    enum: z.array(z.string()),
    enumNames: z.array(z.string()).optional(),
    default: z.string().optional(),
  });
  const TitledOption = z.looseObject({ const: z.string(), title: z.string() });
  const TitledSingleSelectEnumSchema = z.looseObject({
    ...described,
    type: z.literal('string'),
    oneOf: z.array(TitledOption),
    default: z.string().optional(),
  });
  const multiSelect = {
    ...described,
    type: z.literal('array'),
    minItems: integer().optional(),
    maxItems: integer().optional(),
    default: z.array(z.string()).optional(),
  };
  const UntitledMultiSelectEnumSchema = z.looseObject({
    ...multiSelect,
    items: z.looseObject({ type: z.literal('string'), enum: z.array(z.string()) }),
  });
  const TitledMultiSelectEnumSchema = z.looseObject({ ...multiSelect, items: z.looseObject({ anyOf: z.array(TitledOption) }) });
  /** A flat primitive field of a requested form. */
  const PrimitiveSchemaDefinition = z.union(
    membersOf<
      [
        typeof StringSchema,
        typeof NumberSchema,
        typeof BooleanSchema,
        typeof LegacyEnumSchema,
        typeof TitledSingleSelectEnumSchema,
        typeof UntitledMultiSelectEnumSchema,
        typeof TitledMultiSelectEnumSchema,
      ]
    >([
      [StringSchema, true],
      [NumberSchema, true],
      [BooleanSchema, true],
      [LegacyEnumSchema, true],
      [TitledSingleSelectEnumSchema, reworkedEnums],
      [UntitledMultiSelectEnumSchema, reworkedEnums],
      [TitledMultiSelectEnumSchema, reworkedEnums],
    ]),
  );
  /** Form mode: "a flat object with primitive properties only". */
  const ElicitRequestFormParams = z.looseObject({
    _meta: Meta.optional(),
    mode: z.literal('form').optional(),
    message: z.string(),
    requestedSchema: z.looseObject({
      $schema: z.string().optional(),
      type: z.literal('object'),
      properties: z.record(z.string(), PrimitiveSchemaDefinition),
      required: z.array(z.string()).optional(),
    }),
  });
  /** URL mode (2025-11-25 and later): `elicitationId` exists only in 2025-11-25. */
  const ElicitRequestUrlParams = z.looseObject({
    _meta: Meta.optional(),
    mode: z.literal('url'),
    message: z.string(),
    url: uriString(p),
    elicitationId: requiredIf(p.only('2025-11-25', '2025-11-25'), z.string()),
  });
  /** `elicitation/create` params. */
  const ElicitRequestParams = z.union(
    membersOf<[typeof ElicitRequestFormParams, typeof ElicitRequestUrlParams]>([
      [ElicitRequestFormParams, true],
      [ElicitRequestUrlParams, p.has('urlElicitation')],
    ]),
  );
  /**
   * A submitted value: schema.ts says `string | number | boolean` (and `string[]` from 2025-11-25). (The generated
   * schema.json says `integer`, which would reject 9.5 for a `number` field; we follow schema.ts.)
   */
  const ElicitValue = z.union(
    membersOf<[z.ZodString, z.ZodNumber, z.ZodBoolean, z.ZodArray<z.ZodString>]>([
      [z.string(), true],
      [z.number(), true],
      [z.boolean(), true],
      [z.array(z.string()), reworkedEnums],
    ]),
  );
  /** The client's answer to `elicitation/create`. */
  const ElicitResult = z.looseObject({
    _meta: Meta.optional(),
    action: z.enum(['accept', 'decline', 'cancel']),
    content: z.record(z.string(), ElicitValue).optional(),
  });
  /** The `data` of a URL-elicitation-required error (-32042, 2025-11-25). */
  const UrlElicitationRequiredErrorData = z.looseObject({ elicitations: z.array(ElicitRequestUrlParams) });
  return {
    UrlElicitationRequiredErrorData,
    PrimitiveSchemaDefinition, ElicitRequestFormParams, ElicitRequestUrlParams, ElicitRequestParams, ElicitResult };
}

/** The elicitation schemas of one profile. */
export type ElicitationSchemas = ReturnType<typeof defineElicitationSchemas>;
