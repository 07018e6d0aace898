/**
 * Profiles: what the harness may call on someone's server beyond list/read-style methods (ARCHITECTURE.md
 * "Profiles"). Read from `--profile file.json` or `mcp-conform.config.json` in the working directory.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConfigError, formatMessage } from '../protocol/errors.js';

const ToolCallSchema = z.object({ tool: z.string().min(1), arguments: z.record(z.string(), z.unknown()).optional() });

/**
 * A tool known to echo one string argument back in the text of its result (`utf8/echo-round-trip`): `argument` is the
 * parameter that gets the text, `arguments` the other ones the tool needs.
 */
const EchoSchema = z.strictObject({ tool: z.string().min(1), argument: z.string().min(1), arguments: z.record(z.string(), z.unknown()).optional() });

/**
 * Calls known to change a list, by list (`tools/list-changed`, `resources/list-changed`, `prompts/list-changed`). Each is
 * made at most once per protocol version, after every other check of that version.
 */
const ListChangedSchema = z.strictObject({ tools: ToolCallSchema.optional(), resources: ToolCallSchema.optional(), prompts: ToolCallSchema.optional() });

/**
 * A tool call during which the server asks the client for something (`sampling/createMessage`, `elicitation/create`,
 * `roots/list`; in 2026-07-28 an `input_required` result): the harness declares `capability`, the one client capability
 * the call needs, and answers with a harmless, fixed answer (a short text, a decline, no roots).
 */
const ServerRequestCallSchema = z.strictObject({
  tool: z.string().min(1),
  arguments: z.record(z.string(), z.unknown()).optional(),
  capability: z.enum(['sampling', 'elicitation', 'roots']),
});

/** The profile schema. Unknown keys are refused, so a typo never silently disables checks. */
export const ProfileSchema = z.strictObject({
  calls: z.array(ToolCallSchema).optional(),
  slow: ToolCallSchema.extend({ progress: z.boolean().optional() }).optional(),
  prompts: z.array(z.object({ name: z.string().min(1), arguments: z.record(z.string(), z.string()).optional() })).optional(),
  resources: z.array(z.string().min(1)).optional(),
  serverRequests: z.array(ServerRequestCallSchema).optional(),
  echo: EchoSchema.optional(),
  listChanged: ListChangedSchema.optional(),
});

/** A profile: the safe calls, the slow tool, prompts and resources the harness may use, an echoing tool, and calls that change lists. */
export type Profile = z.infer<typeof ProfileSchema>;

/** The file name looked for in the working directory when no `--profile` is given. */
export const DEFAULT_PROFILE_FILE = 'mcp-conform.config.json';

/** Validates a parsed profile; throws a ConfigError that names the bad field. */
export function parseProfile(value: unknown, source = 'the profile'): Profile {
  const parsed = ProfileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new ConfigError(formatMessage(`read ${source}`, `${issue.message}${where}`, 'See ARCHITECTURE.md "Profiles" for the format.'));
  }
  return parsed.data;
}

/** Reads a profile file. With `optional`, a missing file gives the empty profile. */
export async function loadProfile(path: string, options: { optional?: boolean } = {}): Promise<Profile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (options.optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(formatMessage(`read the profile ${path}`, (error as Error).message, 'Check the path.'), { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(formatMessage(`read the profile ${path}`, `it is not JSON (${(error as Error).message})`, 'Fix the file.'));
  }
  return parseProfile(json, `the profile ${path}`);
}
