/**
 * A strict check of the HTML our renderer writes (not of HTML in general): outside the one style and one script
 * element, every `<` and `>` belongs to a tag, every non-void element is closed in order, attribute values are quoted.
 * A server string that escaped its escaping would show up here as a stray `<`, `>` or an unbalanced tag. Returns the
 * problems found (empty when balanced).
 */
const VOID_ELEMENTS = new Set(['meta', 'link', 'input', 'br', 'img', 'hr']);

export function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  const body = html.replace(/<(style|script)>[\s\S]*?<\/\1>/g, '').replace(/^<!doctype html>/i, '');
  const stack: string[] = [];
  for (const match of body.matchAll(/<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w-]+(?:="[^"<>]*")?)*)\s*(\/?)>|[<>]/g)) {
    if (match[0] === '<' || match[0] === '>') {
      problems.push(`stray ${match[0]} near ${JSON.stringify(body.slice(Math.max(0, match.index - 30), match.index + 30))}`);
      continue;
    }
    const [, closing, name, , selfClosing] = match;
    const tag = name!.toLowerCase();
    if (VOID_ELEMENTS.has(tag) || selfClosing) continue;
    if (closing) {
      const open = stack.pop();
      if (open !== tag) problems.push(`</${tag}> closes <${open}>`);
    } else stack.push(tag);
  }
  if (stack.length > 0) problems.push(`unclosed <${stack.join('>, <')}>`);
  return problems;
}
