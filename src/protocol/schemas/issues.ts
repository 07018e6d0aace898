/**
 * Turns zod issues into the issues mcp-conform reports: a JSON path and what was expected, in plain words.
 */
import type { z } from 'zod';

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
    case 'invalid_type':
      return [
        {
          path,
          message:
            input === undefined
              ? `Missing required field: expected ${typeName(issue.expected)}`
              : `Expected ${typeName(issue.expected)}, got ${describeValue(input)}`,
        },
      ];
    case 'invalid_value':
      return [{ path, message: `Expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeInput(input)}` }];
    case 'invalid_union': {
      if ('discriminator' in issue && typeof issue.discriminator === 'string') {
        const options = (issue as { options?: unknown[] }).options ?? [];
        const got = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[issue.discriminator] : undefined;
        return [
          {
            path,
            message: `Expected ${options.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeInput(got)}`,
          },
        ];
      }
      const branches = issue.errors.filter((branch) => branch.length > 0);
      if (branches.length === 0) return [{ path, message: issue.message }];
      // The branch that came closest explains the failure best; ties go to the first listed.
      const closest = branches.reduce((best, branch) => (branch.length < best.length ? branch : best));
      return closest.flatMap((inner) => describeIssue(inner, prefix, fullPath));
    }
    default:
      return [{ path, message: issue.message }];
  }
}

function describeInput(value: unknown): string {
  return value === undefined ? 'nothing (the field is missing)' : describeValue(value);
}

/** zod's type names in JSON words. */
function typeName(expected: string): string {
  return expected === 'record' ? 'object' : expected;
}
