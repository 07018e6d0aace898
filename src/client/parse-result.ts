/** Reads a result with its (loose) schema: unknown fields pass, a wrong shape is a clear ProtocolError. */
import type { z } from 'zod';
import { formatMessage, ProtocolError } from '../protocol/index.js';

/** How many schema issues a message lists. */
const MAX_ISSUES_LISTED = 3;

/**
 * Parses a result, or throws a ProtocolError naming the first issues with their paths.
 * @example parseResult(ListToolsResultSchema, raw, 'tools/list')
 */
export function parseResult<Schema extends z.ZodType>(schema: Schema, value: unknown, method: string): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const listed = issues
    .slice(0, MAX_ISSUES_LISTED)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
  const more = issues.length > MAX_ISSUES_LISTED ? ` (and ${issues.length - MAX_ISSUES_LISTED} more)` : '';
  throw new ProtocolError(
    formatMessage(`read the result of "${method}"`, `it does not match the schema: ${listed}${more}`, 'Fix the server, or pass validateResults: false to accept it.'),
    { cause: parsed.error },
  );
}
