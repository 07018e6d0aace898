/** `mcp-conform list [--json]`: every check, as `{ id, title, suite, level, versions, transports, requirements }`. */
import { parseArgs } from 'node:util';
import { ALL_CHECKS } from '../conformance/checks/index.js';
import type { CliIo } from './io.js';
import { EXIT_OK, EXIT_USAGE, usageError } from './usage-error.js';

/** One check as `list` shows it. */
export interface CheckListing {
  id: string;
  title: string;
  suite: string;
  level: string;
  versions: string[];
  transports: string[];
  requirements: string[];
}

/** The listing of every built-in check. */
export function listChecks(): CheckListing[] {
  return ALL_CHECKS.map((c) => ({
    id: c.id,
    title: c.title,
    suite: c.suite,
    level: c.level,
    versions: [...c.versions],
    transports: [...c.transports],
    requirements: [...c.requirements],
  }));
}

/** Runs `mcp-conform list …` and returns the exit code. */
export function runListCommand(argv: readonly string[], io: CliIo): number {
  let json: boolean;
  try {
    json = parseArgs({ args: [...argv], options: { json: { type: 'boolean' } }, strict: true }).values.json === true;
  } catch (error) {
    io.stderr(`${usageError((error as Error).message.replace(/\.$/, '')).message}\n`);
    return EXIT_USAGE;
  }
  const checks = listChecks();
  if (json) {
    io.stdout(`${JSON.stringify(checks, null, 2)}\n`);
    return EXIT_OK;
  }
  const width = Math.max(...checks.map((c) => c.id.length));
  for (const c of checks) io.stdout(`${c.id.padEnd(width)}  ${c.level.padEnd(6)}  ${c.title}\n`);
  io.stdout(`\n${checks.length} checks. \`mcp-conform list --json\` gives versions, transports and requirement ids.\n`);
  return EXIT_OK;
}
