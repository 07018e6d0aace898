/**
 * Turns zod issues into the issues mcp-conform reports: a JSON path and what was expected, in plain words.
 */
import type { z } from 'zod';
import { EXPECTED_INTEGER } from './profile.js';

/** One thing wrong with a message: where (`result.content[0].type`; empty for the whole message) and what. */
export interface MessageIssue {
  readonly path: string;
  readonly message: string;
}

/** Formats a path as `a.b[0].c`, after an optional prefix. */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else {
      const name = String(key);
      const plain = /^[A-Za-z_$][\w$]*$/.test(name);
      out += plain ? (out === '' ? name : `.${name}`) : `[${JSON.stringify(name)}]`;
    }
  }
  return out;
}

/** Describes a value briefly: its JSON type and, for scalars, the value. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `string ${excerpt(JSON.stringify(value))}`;
  if (typeof value === 'number') return `${Number.isInteger(value) ? 'integer' : 'number'} ${value}`;
  return `${typeof value} ${String(value)}`;
}

function excerpt(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Parses `value` with `schema` and returns the issues (none when valid), each path after `prefix`. */
export function issuesOf(schema: z.ZodType, value: unknown, prefix: string): MessageIssue[] {
  const parsed = schema.safeParse(value, { reportInput: true });
  return parsed.success ? [] : parsed.error.issues.flatMap((issue) => describeIssue(issue, prefix));
}

function describeIssue(issue: z.core.$ZodIssue, prefix: string, base: readonly PropertyKey[] = []): MessageIssue[] {
  const fullPath = [...base, ...issue.path];
  const path = formatPath(fullPath, prefix);
  const input = 'input' in issue ? issue.input : undefined;
  switch (issue.code) {
    case 'invalid_type': {
      const expected = issue.message === EXPECTED_INTEGER ? 'integer' : issue.expected;
      return [{ path, message: expectedGot(typeName(expected), input) }];
    }
    case 'invalid_value':
      return [{ path, message: expectedGot(issue.values.map((v) => JSON.stringify(v)).join(' or '), input) }];
    case 'invalid_union': {
      if ('discriminator' in issue && typeof issue.discriminator === 'string') {
        const options = (issue as { options?: unknown[] }).options ?? [];
        const got = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[issue.discriminator] : undefined;
        return [{ path, message: expectedGot(options.map((v) => JSON.stringify(v)).join(' or '), got) }];
      }
      const branches = issue.errors.filter((branch) => branch.length > 0);
      if (branches.length === 0) return [{ path, message: issue.message }];
      // Every branch wanted another type here (`string | integer`): say so once.
      const wanted = branches.map((branch) => {
        const only = branch.length === 1 ? branch[0]! : undefined;
        if (only?.code !== 'invalid_type' || only.path.length > 0) return undefined;
        return only.message === EXPECTED_INTEGER ? 'integer' : only.expected;
      });
      if (wanted.every((type) => type !== undefined)) {
        const types = [...new Set(wanted.map((type) => typeName(type)))].join(' or ');
        return [{ path, message: expectedGot(types, input) }];
      }
      // The branch that came closest explains the failure best; ties go to the first listed.
      const closest = branches.reduce((best, branch) => (branch.length < best.length ? branch : best));
      return closest.flatMap((inner) => describeIssue(inner, prefix, fullPath));
    }
    default:
      return [{ path, message: issue.message }];
  }
}

/** "Missing required field: expected X" for an absent value, "Expected X, got Y" otherwise. */
export function expectedGot(expected: string, input: unknown): string {
  return input === undefined ? `Missing required field: expected ${expected}` : `Expected ${expected}, got ${describeValue(input)}`;
}

/** zod's type names in JSON words. */
function typeName(expected: string): string {
  if (expected === 'record') return 'object';
  if (expected === 'int') return 'integer';
  return expected;
}
