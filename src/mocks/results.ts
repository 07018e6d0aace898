/**
 * Turns what a resolver returned into the result the spec defines: a string becomes one text item, bytes become a
 * base64 blob, and full results pass through untouched (so a test can also send a deliberately wrong one).
 */
import type { JsonObject } from './types.js';

/** `tools/call`: a `CallToolResult`. */
export function toCallToolResult(output: unknown): JsonObject {
  if (typeof output === 'string') return { content: [{ type: 'text', text: output }] };
  if (Array.isArray(output)) return { content: output };
  if (isObject(output) && ('content' in output || 'structuredContent' in output || 'isError' in output)) {
    return 'content' in output ? output : { content: [], ...output };
  }
  if (isObject(output) && typeof output.type === 'string') return { content: [output] };
  return { content: [{ type: 'text', text: JSON.stringify(output ?? null) }] };
}

/** `resources/read`: a `ReadResourceResult` for `uri`. */
export function toReadResourceResult(output: unknown, uri: string, mimeType: string | undefined): JsonObject {
  const withMime = (item: JsonObject): JsonObject => (mimeType && item.mimeType === undefined ? { ...item, mimeType } : item);
  if (typeof output === 'string') return { contents: [withMime({ uri, text: output })] };
  if (output instanceof Uint8Array) return { contents: [withMime({ uri, blob: Buffer.from(output).toString('base64') })] };
  if (isObject(output) && Array.isArray(output.contents)) return output;
  if (isObject(output) && ('text' in output || 'blob' in output)) return { contents: [withMime({ uri, ...output })] };
  return { contents: [withMime({ uri, text: JSON.stringify(output ?? null) })] };
}

/** `prompts/get`: a `GetPromptResult`. */
export function toGetPromptResult(output: unknown, description: unknown): JsonObject {
  const base = typeof description === 'string' ? { description } : {};
  if (typeof output === 'string') return { ...base, messages: [{ role: 'user', content: { type: 'text', text: output } }] };
  if (Array.isArray(output)) return { ...base, messages: output };
  if (isObject(output) && Array.isArray(output.messages)) return output;
  return { ...base, messages: [{ role: 'user', content: { type: 'text', text: JSON.stringify(output ?? null) } }] };
}

/** Whether a value is a plain JSON object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** Encodes a list position as an opaque cursor. */
export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

/** Decodes a cursor made by {@link encodeCursor}; `undefined` when it is not one of ours. */
export function decodeCursor(cursor: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (isObject(parsed) && typeof parsed.offset === 'number' && Number.isInteger(parsed.offset) && parsed.offset >= 0) {
      return parsed.offset;
    }
  } catch {
    // Not ours: the caller answers -32602.
  }
  return undefined;
}

/** Matches a URI against an RFC 6570 level-1 template (`test://items/{id}`); returns the variables or undefined. */
export function matchUriTemplate(template: string, uri: string): Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}|\{([^}]+)\}/g, (_m, a, b) => {
    names.push(String(a ?? b));
    return '([^/]+)';
  });
  const match = new RegExp(`^${pattern}$`).exec(uri);
  if (!match) return undefined;
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
}
