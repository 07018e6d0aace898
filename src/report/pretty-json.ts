/**
 * Re-indents JSON text without parsing its values: evidence must show what the server sent, and `JSON.parse` would
 * round big integers and turn `1e400` into `null`. Small objects and arrays stay on one line, as people write them.
 */

/** Options of {@link prettyJson}. */
export interface PrettyJsonOptions {
  /** An object or array whose one-line form is at most this long stays on one line (0: always break). @default 80 */
  inlineWidth?: number;
}

type Token = string;

function tokenize(raw: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < raw.length) {
    const char = raw[i]!;
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n') {
      i += 1;
    } else if (char === '"') {
      let end = i + 1;
      while (raw[end] !== '"') end += raw[end] === '\\' ? 2 : 1;
      tokens.push(raw.slice(i, end + 1));
      i = end + 1;
    } else if ('{}[],:'.includes(char)) {
      tokens.push(char);
      i += 1;
    } else {
      let end = i;
      while (end < raw.length && !' \t\r\n{}[],:"'.includes(raw[end]!)) end += 1;
      tokens.push(raw.slice(i, end));
      i = end;
    }
  }
  return tokens;
}

/**
 * Pretty-prints valid JSON text with two-space indentation, keeping every number and string escape byte for byte.
 * Returns `undefined` when the text is not valid JSON.
 * @example prettyJson('{"id":12345678901234567890}') // '{ "id": 12345678901234567890 }'
 */
export function prettyJson(raw: string, options: PrettyJsonOptions = {}): string | undefined {
  try {
    JSON.parse(raw);
  } catch {
    return undefined;
  }
  const width = options.inlineWidth ?? 80;
  const tokens = tokenize(raw);
  let pos = 0;

  /** Formats the value at `pos` (advancing it): its one-line form, and its broken form at `depth`. */
  function value(depth: number): { flat: string; broken: string } {
    const token = tokens[pos++]!;
    if (token !== '{' && token !== '[') return { flat: token, broken: token };
    const close = token === '{' ? '}' : ']';
    const items: { flat: string; broken: string }[] = [];
    while (tokens[pos] !== close) {
      if (tokens[pos] === ',') pos += 1;
      if (token === '{') {
        const key = tokens[pos]!;
        pos += 2;
        const item = value(depth + 1);
        items.push({ flat: `${key}: ${item.flat}`, broken: `${key}: ${item.broken}` });
      } else {
        items.push(value(depth + 1));
      }
    }
    pos += 1;
    if (items.length === 0) return { flat: token + close, broken: token + close };
    const pad = token === '{' ? ' ' : '';
    const flat = `${token}${pad}${items.map((i) => i.flat).join(', ')}${pad}${close}`;
    const inner = '  '.repeat(depth + 1);
    const broken = `${token}\n${items.map((i) => inner + i.broken).join(',\n')}\n${'  '.repeat(depth)}${close}`;
    return { flat, broken: flat.length + depth * 2 <= width ? flat : broken };
  }

  return value(0).broken;
}
