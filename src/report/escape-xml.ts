/**
 * XML 1.0 escaping for the JUnit report. XML cannot carry most control characters at all (not even as character
 * references), so they become visible `\u`-plus-four-hex-digit escapes first; then the markup characters become entities. `]]>` needs
 * nothing more, since no CDATA section is ever written.
 */
import { visibleText } from './visible-text.js';

/** Escapes text for XML element content. */
export function xmlText(text: string | number): string {
  return visibleText(String(text)).replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Escapes text for a double-quoted XML attribute (newlines and tabs kept as character references). */
export function xmlAttribute(text: string | number): string {
  return visibleText(String(text)).replace(/[&<>"\n\t]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : c === '\n' ? '&#10;' : '&#9;',
  );
}
