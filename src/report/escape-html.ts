/**
 * HTML escaping for the HTML report. Everything that reaches markup goes through {@link html}: the five markup
 * characters become entities, so a tool named `<img src=x onerror=alert(1)>` is shown as text, in element content and
 * in attribute values alike; control characters and lone surrogates become visible escapes first.
 */
import { visibleText } from './visible-text.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes `& < > " '` (safe in element content and in quoted attribute values). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

/** Makes any text safe and visible in HTML: control characters escaped visibly, then markup characters escaped. */
export function html(text: string | number): string {
  return escapeHtml(visibleText(String(text)));
}

/** An `href` for a link to the specification: only `http:` and `https:` URLs, anything else gives `undefined`. */
export function safeHref(url: string): string | undefined {
  return /^https?:\/\/[^\s]+$/i.test(url) ? escapeHtml(url) : undefined;
}

/**
 * Colours pretty-printed JSON (from `prettyJson`) as escaped HTML: keys, strings, numbers, literals and punctuation
 * each get a class. Text that is not JSON (a cut tail) passes through escaped.
 */
export function highlightJson(json: string): string {
  // Control characters become visible once, up front; then each token needs only markup escaping.
  const text = visibleText(json);
  const token = /("(?:[^"\\\n]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b|([{}[\],])/g;
  let out = '';
  let last = 0;
  for (const match of text.matchAll(token)) {
    out += escapeHtml(text.slice(last, match.index));
    const [whole, string, colon, number, literal, punct] = match;
    if (string !== undefined) out += `<span class="${colon === undefined ? 'j-s' : 'j-k'}">${escapeHtml(string)}</span>${colon ?? ''}`;
    else if (number !== undefined) out += `<span class="j-n">${number}</span>`;
    else if (literal !== undefined) out += `<span class="j-l">${literal}</span>`;
    else if (punct !== undefined) out += punct; // coloured by the container (.event__body), not one span each
    last = match.index + whole.length;
  }
  return out + escapeHtml(text.slice(last));
}
