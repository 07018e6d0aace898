/**
 * The `mcp-conform` command: dispatches to `run` (the default), `list` and `mock`, and answers `--help` and
 * `--version`. Returns the exit code instead of exiting, so that it runs in-process in tests.
 */
import type { CliIo } from './io.js';
import { HELP_TEXT } from './help.js';
import type { MockCommandStreams } from './mock-command.js';
import { toolVersion } from './tool-version.js';
import { EXIT_OK, EXIT_USAGE } from './usage-error.js';

/**
 * Runs the CLI with `argv` (without `node` and the script).
 * @example process.exitCode = await runCli(process.argv.slice(2), processIo());
 */
export async function runCli(argv: readonly string[], io: CliIo, streams: MockCommandStreams = {}): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    // Nothing to do is a usage error (exit 2): a CI job whose arguments went missing must not pass.
    io.stderr(HELP_TEXT);
    return EXIT_USAGE;
  }
  if (first === '-h' || first === '--help' || first === 'help') {
    io.stdout(HELP_TEXT);
    return EXIT_OK;
  }
  if (first === '-v' || first === '--version') {
    io.stdout(`${toolVersion()}\n`);
    return EXIT_OK;
  }
  // Each command loads what it needs when it runs: `--version` and `--help` answer without loading the checks.
  if (first === 'list') return (await import('./list-command.js')).runListCommand(rest, io);
  // The mocks load only for `mcp-conform mock`: a conformance run starts sooner without them.
  if (first === 'mock') return (await import('./mock-command.js')).runMockCommand(rest, io, streams);
  const runArgs = first === 'run' ? rest : argv;
  if (runArgs.includes('--help') || runArgs.includes('-h')) {
    io.stdout(HELP_TEXT);
    return EXIT_OK;
  }
  return (await import('./run-command.js')).runRunCommand(runArgs, io);
}
