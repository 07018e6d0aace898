import { describe, expect, it } from 'vitest';
import { mdCode, mdFence, mdLine, mdText } from './escape-markdown.js';

describe('mdText', () => {
  it('turns HTML into entities and escapes Markdown punctuation', () => {
    expect(mdText('<img src=x onerror=alert(1)> & **b** [l](u) a|b `c` ~~s~~ #h !x _i_ \\')).toBe(
      '&lt;img src=x onerror=alert\\(1\\)&gt; &amp; \\*\\*b\\*\\* \\[l\\]\\(u\\) a\\|b \\`c\\` \\~\\~s\\~\\~ \\#h \\!x \\_i\\_ \\\\',
    );
  });

  it('escapes what would start a list, a heading or a setext underline at the start of a line', () => {
    expect(mdText('- a\n+ b\n1. c\n2) d\n===\nok')).toBe('\\- a\n\\+ b\n1\\. c\n2\\) d\n\\===\nok');
  });
});

describe('mdLine', () => {
  it('puts everything on one line', () => {
    expect(mdLine('a\nb\r\nc|d')).toBe('a b c\\|d');
  });
});

describe('mdCode', () => {
  it('uses a fence longer than any backtick run inside', () => {
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`x`')).toBe('`` `x` ``');
    expect(mdCode('a|b', true)).toBe('`a\\|b`');
  });
});

describe('mdFence', () => {
  it('cannot be closed early by the text inside', () => {
    expect(mdFence('```\nnot the end\n````', 'text')).toBe('`````text\n```\nnot the end\n````\n`````');
    expect(mdFence('plain')).toBe('```text\nplain\n```');
  });
});
