/**
 * Escaping for GitHub-flavoured Markdown. Text from a server must render as the same text: HTML (which GitHub would
 * partly render) becomes entities, Markdown punctuation is backslash-escaped, and a table cell never meets a raw `|`.
 */
import { visibleText, visibleLine } from './visible-text.js';

/** Escapes text for a Markdown paragraph (multi-line text keeps its lines). */
export function mdText(text: string): string {
  return visibleText(text)
    .replace(/[\\`*_[\]()|~!#]/g, '\\$&')
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
    .replace(/^(\s*)([-+=])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

/** Escapes text for one line (a table cell, a list item): newlines become spaces first. */
export function mdLine(text: string): string {
  return mdText(visibleLine(text.replace(/\r\n|\r|\n/g, ' ')));
}

/** A code span that shows `text` literally, whatever backticks it holds; in a table, pass `inTable` to escape `|`. */
export function mdCode(text: string, inTable = false): string {
  const content = visibleLine(text);
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const padded = content.startsWith('`') || content.endsWith('`') || content === '' ? ` ${content} ` : content;
  const span = `${fence}${padded}${fence}`;
  return inTable ? span.replace(/\|/g, '\\|') : span;
}

/** A fenced code block that no backtick run inside `text` can close early. */
export function mdFence(text: string, info = 'text'): string {
  const content = visibleText(text);
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${content}\n${fence}`;
}
