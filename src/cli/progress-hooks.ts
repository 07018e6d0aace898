/** Plain progress lines on stderr, one per finished check (the CLI's default when no richer reporter is wired). */
import type { ConformanceHooks } from '../conformance/run-conformance.js';
import type { CliIo } from './io.js';

const MARK = { passed: 'pass', failed: 'FAIL', warned: 'warn', skipped: 'skip', errored: 'ERR ' } as const;

/** Hooks that print `[3/29] FAIL jsonrpc/unknown-method (2025-11-25): …` lines to stderr. */
export function createProgressHooks(io: CliIo): ConformanceHooks {
  return {
    onRunStart: ({ versions, total }) => io.stderr(`mcp-conform: ${total} checks in ${versions.join(', ') || 'no accepted version'}\n`),
    onCheckResult: (result, { done, total }) => {
      const version = result.protocolVersion ? ` (${result.protocolVersion})` : '';
      const why = result.status === 'passed' ? '' : `: ${(result.message ?? '').slice(0, 160)}`;
      io.stderr(`[${done}/${total}] ${MARK[result.status]} ${result.id}${version}${why}\n`);
    },
  };
}
