/** Usage errors: the command line or configuration is wrong and nothing was run (exit code 2). */
import { ConfigError, formatMessage } from '../protocol/errors.js';

/** Exit code of a run with no failure. */
export const EXIT_OK = 0;
/** Exit code of a run with a failure, an error or a stale baseline entry. */
export const EXIT_FAILED = 1;
/** Exit code of a usage or configuration error (nothing was run). */
export const EXIT_USAGE = 2;

/** A usage error with a message that says what to do. */
export function usageError(reason: string, advice = 'Run `mcp-conform --help` for the options.'): ConfigError {
  return new ConfigError(formatMessage('read the command line', reason, advice));
}
