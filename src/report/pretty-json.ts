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

/** Whitespace and the characters that end a bare token (number, literal), by char code. */
const SPACE = new Set([0x20, 0x09, 0x0d, 0x0a]);
const DELIMITER = new Set([...SPACE, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x22]);

function tokenize(raw: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < raw.length) {
    const code = raw.charCodeAt(i);
    if (SPACE.has(code)) {
      i += 1;
    } else if (code === 0x22) {
      let end = i + 1;
      for (let c = raw.charCodeAt(end); c !== 0x22 && end < raw.length; c = raw.charCodeAt(end)) end += c === 0x5c ? 2 : 1;
      tokens.push(raw.slice(i, end + 1));
      i = end + 1;
    } else if (DELIMITER.has(code)) {
      tokens.push(raw[i]!);
      i += 1;
    } else {
      let end = i + 1;
      while (end < raw.length && !DELIMITER.has(raw.charCodeAt(end))) end += 1;
      tokens.push(raw.slice(i, end));
      i = end;
    }
  }
  return tokens;
}

interface Node {
  /** A scalar's text, or the opening bracket of a container. */
  text: string;
  /** The entries of a container (`key` set in objects). */
  items?: { key?: string; value: Node }[];
  /** The length of the one-line form. */
  flatLength: number;
}

function parse(tokens: readonly Token[]): Node {
  let pos = 0;
  const value = (): Node => {
    const token = tokens[pos++]!;
    if (token !== '{' && token !== '[') return { text: token, flatLength: token.length };
    const close = token === '{' ? '}' : ']';
    const items: { key?: string; value: Node }[] = [];
    let flatLength = token === '{' ? 4 : 2;
    while (tokens[pos] !== close) {
      if (tokens[pos] === ',') pos += 1;
      let key: string | undefined;
      if (token === '{') {
        key = tokens[pos]!;
        pos += 2;
      }
      const item = value();
      flatLength += item.flatLength + (key === undefined ? 0 : key.length + 2) + (items.length > 0 ? 2 : 0);
      items.push(key === undefined ? { value: item } : { key, value: item });
    }
    pos += 1;
    return { text: token, items, flatLength: items.length === 0 ? 2 : flatLength };
  };
  return value();
}

function flat(node: Node): string {
  if (node.items === undefined) return node.text;
  const close = node.text === '{' ? '}' : ']';
  if (node.items.length === 0) return node.text + close;
  const pad = node.text === '{' ? ' ' : '';
  const inner = node.items.map((i) => (i.key === undefined ? flat(i.value) : `${i.key}: ${flat(i.value)}`)).join(', ');
  return `${node.text}${pad}${inner}${pad}${close}`;
}

function print(node: Node, depth: number, width: number, prefixLength: number): string {
  if (node.items === undefined || node.items.length === 0 || node.flatLength + prefixLength + depth * 2 <= width) return flat(node);
  const close = node.text === '{' ? '}' : ']';
  const inner = '  '.repeat(depth + 1);
  const lines = node.items.map((i) =>
    i.key === undefined ? inner + print(i.value, depth + 1, width, 0) : `${inner}${i.key}: ${print(i.value, depth + 1, width, i.key.length + 2)}`,
  );
  return `${node.text}\n${lines.join(',\n')}\n${'  '.repeat(depth)}${close}`;
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
  return print(parse(tokenize(raw)), 0, options.inlineWidth ?? 80, 0);
}

/**
 * Pretty-prints the beginning of a JSON text that was cut (evidence keeps at most a few thousand characters of a
 * frame): every container is broken over lines and none is closed, since the text does not close them. Returns
 * `undefined` unless the text is a prefix of some valid JSON.
 * @example prettyJsonPrefix('{"tools":[{"name":"a"},{"na') // '{\n  "tools": [\n    { "name": "a" },\n    {\n      "na'
 */
export function prettyJsonPrefix(prefix: string, options: PrettyJsonOptions = {}): string | undefined {
  const width = options.inlineWidth ?? 80;
  if (!/^\s*[[{]/.test(prefix)) return undefined;
  const tokens = tokenize(prefix);
  // It is a prefix of valid JSON when closing what is open makes it valid.
  const stack: string[] = [];
  for (const token of tokens) {
    if (token === '{' || token === '[') stack.push(token === '{' ? '}' : ']');
    else if (token === '}' || token === ']') {
      if (stack.pop() !== token) return undefined;
    }
  }
  if (stack.length === 0) return undefined;
  const last = tokens[tokens.length - 1]!;
  const openString = last.startsWith('"') && (last.length === 1 || !/(^|[^\\])(\\\\)*"$/.test(last.slice(1)));
  const literal = ['true', 'false', 'null'].find((word) => word !== last && word.startsWith(last));
  let completion = literal === undefined ? tokens.join(' ') : `${tokens.slice(0, -1).join(' ')} ${literal}`;
  if (openString) completion += last.endsWith('\\') && !/(^|[^\\])(\\\\)*\\\\$/.test(last) ? '\\"' : '"';
  const closing = stack.slice().reverse().join('');
  const attempts = [`${completion}${closing}`, `${completion}:null${closing}`, `${completion}null${closing}`, `${completion.replace(/,$/, '')}${closing}`];
  if (!attempts.some((text) => isJson(text))) return undefined;
  // Where each container that the prefix closes ends: those print like whole JSON (small ones on one line).
  const closes = new Map<number, number>();
  const open: number[] = [];
  tokens.forEach((token, index) => {
    if (token === '{' || token === '[') open.push(index);
    else if (token === '}' || token === ']') closes.set(open.pop()!, index);
  });
  let out = '';
  let depth = 0;
  let lineStart = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    const end = closes.get(i);
    if (end !== undefined) {
      out += print(parse(tokens.slice(i, end + 1)), depth, width, out.length - lineStart - depth * 2);
      i = end;
    } else if (token === '{' || token === '[') {
      depth += 1;
      out += `${token}\n${'  '.repeat(depth)}`;
      lineStart = out.length - depth * 2;
    } else if (token === ',') {
      out += `,\n${'  '.repeat(depth)}`;
      lineStart = out.length - depth * 2;
    } else if (token === ':') {
      out += ': ';
    } else {
      out += token;
    }
  }
  return out.trimEnd();
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The top-level members of a JSON object text, whole or cut: each key, with its value's text when the value is a
 * scalar (`'"tools/list"'`, `'7'`) and `undefined` when it is an object or array. Empty when the text is not an object.
 * @example topLevelMembers('{"id":7,"result":{"tools":[') // Map { 'id' => '7', 'result' => undefined }
 */
export function topLevelMembers(text: string): Map<string, string | undefined> {
  const members = new Map<string, string | undefined>();
  const tokens = tokenize(text);
  if (tokens[0] !== '{') return members;
  let depth = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (token === '{' || token === '[') depth += 1;
    else if (token === '}' || token === ']') depth -= 1;
    else if (depth === 1 && tokens[i + 1] === ':' && token.startsWith('"') && (tokens[i - 1] === '{' || tokens[i - 1] === ',')) {
      const value = tokens[i + 2];
      const scalar = value !== undefined && value !== '{' && value !== '[' && (!value.startsWith('"') || (value.length > 1 && value.endsWith('"')));
      const key = safeParse(token);
      if (typeof key === 'string') members.set(key, scalar && i + 3 < tokens.length ? value : undefined);
    }
  }
  return members;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
