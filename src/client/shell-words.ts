/**
 * Splits a command line into words the way a POSIX shell would for a simple command, without running a shell:
 * whitespace separates words, single quotes keep everything literally, double quotes keep everything except
 * `\"`, `\\`, `\$` and `` \` `` escapes, and a backslash outside quotes escapes the next character. No expansion
 * (`$VAR`, globs, `~`) happens: what you write is what the process gets.
 */
import { ConfigError, formatMessage } from '../protocol/errors.js';

const DOUBLE_QUOTE_ESCAPABLE = new Set(['"', '\\', '$', '`', '\n']);

/**
 * Splits a command line into its words.
 * @example splitShellWords(`node "my server.js" --name 'a b'`) // ['node', 'my server.js', '--name', 'a b']
 * @throws ConfigError when a quote is left open or the line ends with a lone backslash.
 */
export function splitShellWords(commandLine: string): string[] {
  const words: string[] = [];
  let word = '';
  /** Whether a word has started (so that `''` yields an empty word). */
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < commandLine.length; i++) {
    const char = commandLine[i]!;
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
      continue;
    }
    if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === '\\' && i + 1 < commandLine.length && DOUBLE_QUOTE_ESCAPABLE.has(commandLine[i + 1]!)) {
        // A backslash-newline inside double quotes is a line continuation: both characters vanish.
        if (commandLine[i + 1] !== '\n') word += commandLine[i + 1];
        i++;
      } else word += char;
      continue;
    }
    if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === '\\') {
      if (i + 1 >= commandLine.length) throw unbalanced(commandLine, 'it ends with a lone backslash');
      if (commandLine[i + 1] !== '\n') {
        word += commandLine[i + 1];
        inWord = true;
      }
      i++;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote !== undefined) throw unbalanced(commandLine, `a ${quote === "'" ? 'single' : 'double'} quote is not closed`);
  if (inWord) words.push(word);
  return words;
}

function unbalanced(commandLine: string, reason: string): ConfigError {
  return new ConfigError(
    formatMessage('parse the command line', `${reason} in ${JSON.stringify(commandLine)}`, 'Close the quote or escape it with a backslash.'),
  );
}
