/**
 * A schema profile says which shape of the protocol a set of schemas accepts: the loose cross-version profile
 * (any released version's shape, nothing version-specific required) or one released version, strictly.
 * @see https://modelcontextprotocol.io/specification/versioning
 */
import { z } from 'zod';
import { PROTOCOL_VERSIONS, isVersionInRange, supports } from '../versions.js';
import type { ProtocolFeature, ProtocolVersion } from '../versions.js';

/** Which shape schemas accept: one version strictly, or every released version loosely. */
export interface SchemaProfile {
  /** The version, or `undefined` for the loose cross-version profile. */
  readonly version: ProtocolVersion | undefined;
  /** Whether a feature's fields and values are allowed (the loose profile allows every feature). */
  has(feature: ProtocolFeature): boolean;
  /** Whether the version makes a feature's fields required (the loose profile requires none). */
  requires(feature: ProtocolFeature): boolean;
  /** Whether the version is `from` or newer, and `to` or older (the loose profile spans every version). */
  within(from: ProtocolVersion, to?: ProtocolVersion): boolean;
  /**
   * Whether this is the strict profile of a version in the range: for rules that narrow a shape in some versions
   * only (the loose profile never narrows).
   */
  only(from: ProtocolVersion, to?: ProtocolVersion): boolean;
  /** Whether string formats (`uri`, base64 `byte`) are checked as the official JSON Schema does. */
  readonly checksFormats: boolean;
}

/** The cross-version profile: accepts any released version's shape. */
export const LOOSE_PROFILE: SchemaProfile = {
  version: undefined,
  has: () => true,
  requires: () => false,
  within: () => true,
  only: () => false,
  checksFormats: false,
};

/** The strict profile of one released version. */
export function profileOf(version: ProtocolVersion): SchemaProfile {
  return {
    version,
    has: (feature) => supports(version, feature),
    requires: (feature) => supports(version, feature),
    within: (from, to) => isVersionInRange(version, from, to),
    only: (from, to) => isVersionInRange(version, from, to),
    checksFormats: true,
  };
}

/** The message zod keeps for a value that should be an integer and is no number at all (see `issues.ts`). */
export const EXPECTED_INTEGER = 'expected integer';

/** An integer (JSON Schema `integer`), reported as such even when the value is no number at all. */
export function integer(): z.ZodNumber {
  return z.number({ error: EXPECTED_INTEGER }).int();
}

/** The oldest and newest versions, for `within` ranges that are open on one side. */
export const OLDEST_VERSION: ProtocolVersion = PROTOCOL_VERSIONS[0];

/**
 * A field that a version requires and others leave optional. Its static type is the loose (optional) one; at run
 * time it is required when `required` is true.
 */
export function requiredIf<T extends z.ZodType>(required: boolean, schema: T): z.ZodOptional<T> {
  return (required ? schema : schema.optional()) as unknown as z.ZodOptional<T>;
}

/**
 * The members of a union that a version has. The static type is the full (loose) union.
 */
export function membersOf<T extends readonly z.ZodType[]>(entries: { [K in keyof T]: [T[K], boolean] }): T {
  return entries.filter(([, present]) => present).map(([schema]) => schema) as unknown as T;
}

/**
 * "ajv-formats" fast `uri`: a scheme, then anything without whitespace.
 * @see https://github.com/ajv-validator/ajv-formats/blob/master/src/formats.ts
 */
const URI_PATTERN = /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/)?[^\s]*$/i;
/** "ajv-formats" `byte`: base64 (RFC 4648 §4). */
const BASE64_PATTERN = /^(?:[a-z0-9+/]{4})*(?:[a-z0-9+/]{2}==|[a-z0-9+/]{3}=)?$/i;

/** "ajv-formats" `uri-template` (RFC 6570). */
const URI_TEMPLATE_PATTERN =
  /^(?:(?:[^\x00-\x20"'<>%\\^`{|}]|%[0-9a-f]{2})|\{[+#./;?&=,!@|]?(?:[a-z0-9_]|%[0-9a-f]{2})+(?::[1-9][0-9]{0,3}|\*)?(?:,(?:[a-z0-9_]|%[0-9a-f]{2})+(?::[1-9][0-9]{0,3}|\*)?)*\})*$/i;

/** A string with JSON Schema `format: "uri-template"`: checked in strict profiles only. */
export function uriTemplateString(p: SchemaProfile): z.ZodString {
  return p.checksFormats ? z.string().regex(URI_TEMPLATE_PATTERN, 'Expected an RFC 6570 URI template') : z.string();
}

/** A string with JSON Schema `format: "uri"`: checked in strict profiles only. */
export function uriString(p: SchemaProfile): z.ZodString {
  return p.checksFormats ? z.string().regex(URI_PATTERN, 'Expected an absolute URI (a scheme such as "file:")') : z.string();
}

/** A string with JSON Schema `format: "byte"` (base64): checked in strict profiles only. */
export function base64String(p: SchemaProfile): z.ZodString {
  return p.checksFormats ? z.string().regex(BASE64_PATTERN, 'Expected base64-encoded data') : z.string();
}
