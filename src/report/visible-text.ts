/**
 * Text that came from a server is shown, never obeyed: control characters (a terminal escape, a NUL, a bell), the
 * noncharacters U+FFFE and U+FFFF (not allowed in XML) and lone UTF-16 surrogates become visible escapes, so they can neither drive a terminal nor break an XML document.
 */

/** C0 controls except tab and newline, DEL, C1 controls, line separators, U+FFFE and U+FFFF, and lone surrogates. */
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Same, and tab and newline too: for one-line contexts. */
const INVISIBLE_ONE_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function escapeCodeUnit(char: string): string {
  if (char === '\n') return '\\n';
  if (char === '\t') return '\\t';
  if (char === '\r') return '\\r';
  return `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Replaces control characters (but tab and newline) and lone surrogates with `\u` escapes of four hex digits.
 * @example visibleText('a\u001b[31mb') // 'a\\u001B[31mb'
 */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, escapeCodeUnit);
}

/** Like {@link visibleText}, and tab, newline and carriage return become `\t`, `\n`, `\r`: for one line. */
export function visibleLine(text: string): string {
  return text.replace(INVISIBLE_ONE_LINE, escapeCodeUnit);
}

/** Cuts text to at most `max` characters (never splitting a surrogate pair), saying how much was cut. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}… (${text.length - end} more characters)`;
}
