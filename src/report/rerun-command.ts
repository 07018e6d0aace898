/**
 * The command that reruns one check against the same target: what a person copies from a failure. Headers and env
 * values are not in the report (they may be secrets), so the command says where to add them back.
 */
import type { CheckResult, RunTarget } from '../conformance/run-report.js';

/** Quotes one word for a POSIX shell (unchanged when it needs no quoting). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The target options of the CLI for a target: `--stdio "<command>"`, `--url <url>`, `--ws <url>`. */
export function targetArguments(target: RunTarget): string[] {
  switch (target.transport) {
    case 'stdio':
      return ['--stdio', target.command ?? '<command>'];
    case 'websocket':
      return ['--ws', target.url ?? '<url>'];
    case 'sse':
      return ['--url', target.url ?? '<url>', '--transport', 'sse'];
    default:
      return ['--url', target.url ?? '<url>'];
  }
}

/**
 * The shell command that reruns one check (in its protocol version, when it has one).
 * @example rerunCommand({ transport: 'stdio', command: 'node s.js' }, result)
 * // "npx mcp-conform --stdio 'node s.js' --check tools/names-valid --protocol-version 2025-11-25"
 */
export function rerunCommand(target: RunTarget, result: Pick<CheckResult, 'id' | 'protocolVersion'>): string {
  const words = ['npx', 'mcp-conform', ...targetArguments(target), '--check', result.id];
  if (result.protocolVersion !== undefined) words.push('--protocol-version', result.protocolVersion);
  return words.map(shellQuote).join(' ');
}
