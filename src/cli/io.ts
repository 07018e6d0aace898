/** What the CLI touches of the outside world, injected so that commands are testable in-process. */

/** Streams and facts the CLI uses. */
export interface CliIo {
  /** Writes to standard output. */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
  /** The working directory (profiles, report directory). */
  cwd: string;
  /** Whether standard error is a terminal (live progress) or not (plain lines). */
  isTty: boolean;
}

/** The process's own streams. */
export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    isTty: process.stderr.isTTY === true,
  };
}
