/**
 * 2026-07-28 `x-mcp-header`: tool parameters a server asks to be mirrored into `Mcp-Param-{Name}` headers.
 * "While the use of x-mcp-header is optional for servers, clients MUST support this feature. When a server's tool
 * definition includes x-mcp-header annotations, conforming clients MUST mirror the designated parameter values into
 * HTTP headers."
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#custom-headers-from-tool-parameters
 */
import { encodeMcpHeaderValue } from './http-shared.js';

/** One mirrored parameter: where its value sits in the arguments, and the name part of its header. */
export interface ParamHeader {
  /** The chain of `properties` keys from the schema root. */
  path: string[];
  /** The `x-mcp-header` value: the header is `Mcp-Param-{name}`. */
  name: string;
}

/** The mirrored parameters of a tool, or why its definition must be rejected. */
export type ParamHeadersResult = { ok: true; headers: ParamHeader[] } | { ok: false; reason: string };

/** RFC 9110 `token`: `1*tchar`. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PRIMITIVE_TYPES = new Set(['string', 'integer', 'boolean']);

/**
 * Reads the `x-mcp-header` annotations of a tool's `inputSchema` and checks every constraint: a non-empty token,
 * unique (case-insensitively), on a `string`, `integer` or `boolean` property reachable from the root through
 * `properties` keys only. "Clients using the Streamable HTTP transport MUST reject tool definitions where any
 * x-mcp-header value violates these constraints."
 */
export function readParamHeaders(inputSchema: unknown): ParamHeadersResult {
  const headers: ParamHeader[] = [];
  const reachable = new Set<unknown>();
  const walkProperties = (schema: unknown, path: string[]): string | undefined => {
    if (!isObject(schema)) return undefined;
    reachable.add(schema);
    if ('x-mcp-header' in schema) {
      const name = schema['x-mcp-header'];
      if (path.length === 0) return 'x-mcp-header sits on the schema root, not on a parameter';
      if (typeof name !== 'string' || name === '') return `x-mcp-header of "${path.join('.')}" is empty or not a string`;
      if (!TOKEN.test(name)) return `x-mcp-header "${name}" of "${path.join('.')}" is not an HTTP token`;
      const type = schema.type;
      if (typeof type !== 'string' || !PRIMITIVE_TYPES.has(type)) {
        return `x-mcp-header "${name}" sits on "${path.join('.')}" of type ${JSON.stringify(type ?? 'unspecified')}; only string, integer and boolean are allowed`;
      }
      if (headers.some((h) => h.name.toLowerCase() === name.toLowerCase())) return `x-mcp-header "${name}" is used twice (case-insensitively)`;
      headers.push({ path, name });
    }
    const properties = schema.properties;
    if (isObject(properties)) {
      for (const [key, child] of Object.entries(properties)) {
        const problem = walkProperties(child, [...path, key]);
        if (problem) return problem;
      }
    }
    return undefined;
  };
  const problem = walkProperties(inputSchema, []);
  if (problem) return { ok: false, reason: problem };
  // "An x-mcp-header annotation anywhere else makes the annotation — and thus the tool definition — invalid."
  const stray = findStrayAnnotation(inputSchema, reachable, []);
  if (stray) return { ok: false, reason: `x-mcp-header at "${stray}" is not reachable through properties alone` };
  return { ok: true, headers };
}

function findStrayAnnotation(value: unknown, reachable: Set<unknown>, path: string[]): string | undefined {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findStrayAnnotation(item, reachable, [...path, String(i)]);
      if (found) return found;
    }
    return undefined;
  }
  if (!isObject(value)) return undefined;
  if ('x-mcp-header' in value && !reachable.has(value)) return path.join('/') || '/';
  for (const [key, child] of Object.entries(value)) {
    const found = findStrayAnnotation(child, reachable, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/**
 * The `Mcp-Param-*` headers of one `tools/call`: each annotated value found in the arguments, converted (integers in
 * decimal, booleans as `true`/`false`) and encoded; absent and `null` values get no header.
 */
export function paramHeadersFor(params: readonly ParamHeader[], args: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const param of params) {
    let value: unknown = args;
    for (const key of param.path) value = isObject(value) ? value[key] : undefined;
    const text =
      typeof value === 'string' ? value : typeof value === 'boolean' ? String(value) : typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : undefined;
    if (text !== undefined) out[`Mcp-Param-${param.name}`] = encodeMcpHeaderValue(text);
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
