import { describe, expect, it } from 'vitest';
import { splitShellWords } from './shell-words.js';

describe('splitShellWords', () => {
  it.each([
    ['node server.js', ['node', 'server.js']],
    ['  node   server.js  ', ['node', 'server.js']],
    [`node "my server.js" --name 'a b'`, ['node', 'my server.js', '--name', 'a b']],
    [`a\\ b c`, ['a b', 'c']],
    [`"say \\"hi\\"" 'it''s'`, ['say "hi"', 'its']],
    [`'a\\b' "a\\b"`, ['a\\b', 'a\\b']],
    [`--x='' ""`, ['--x=', '']],
    [`pre"mid"'post'`, ['premidpost']],
    [`$HOME ~ *.js`, ['$HOME', '~', '*.js']],
    ['a\tb\nc', ['a', 'b', 'c']],
    ['', []],
  ])('splits %j', (line, words) => {
    expect(splitShellWords(line)).toEqual(words);
  });

  it('rejects an unclosed quote with a message that says what to do', () => {
    expect(() => splitShellWords(`node "server.js`)).toThrow(
      '[mcp-conform] Failed to parse the command line: a double quote is not closed in "node \\"server.js". Close the quote or escape it with a backslash.',
    );
    expect(() => splitShellWords(`node 'x`)).toThrow('a single quote is not closed');
  });

  it('rejects a trailing lone backslash', () => {
    expect(() => splitShellWords('node \\')).toThrow('it ends with a lone backslash');
  });
});
