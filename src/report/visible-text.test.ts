import { describe, expect, it } from 'vitest';
import { truncateText, visibleLine, visibleText } from './visible-text.js';

describe('visibleText', () => {
  it('shows control characters, DEL, C1 controls and line separators as escapes, keeping tab and newline', () => {
    expect(visibleText('a\u0000b\u0007c\u001b[31md\u007fe\u0085f\u2028g\th\ni\rj')).toBe('a\\u0000b\\u0007c\\u001B[31md\\u007Fe\\u0085f\\u2028g\th\ni\\rj');
  });

  it('shows U+FFFE and U+FFFF (not characters in XML 1.0) as escapes', () => {
    expect(visibleText('a\uFFFEb\uFFFFc\uFFFDd')).toBe('a\\uFFFEb\\uFFFFc\uFFFDd');
  });

  it('shows lone surrogates as escapes and keeps emoji and other scripts', () => {
    expect(visibleText('x\uD83Dy \uDE00z 🎉 日本 é')).toBe('x\\uD83Dy \\uDE00z 🎉 日本 é');
  });
});

describe('visibleLine', () => {
  it('also escapes tab and newline', () => {
    expect(visibleLine('a\tb\nc\r\nd')).toBe('a\\tb\\nc\\r\\nd');
  });
});

describe('truncateText', () => {
  it('keeps short text and says how much it cut', () => {
    expect(truncateText('hello', 5)).toBe('hello');
    expect(truncateText('hello world', 5)).toBe('hello… (6 more characters)');
  });

  it('never splits a surrogate pair', () => {
    expect(truncateText('ab🎉cd', 3)).toBe('ab… (4 more characters)');
  });
});
