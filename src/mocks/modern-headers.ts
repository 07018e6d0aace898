/**
 * The 2026-07-28 Streamable HTTP request headers a server validates against the body: `MCP-Protocol-Version`,
 * `Mcp-Method`, `Mcp-Name`, and the `Mcp-Param-{Name}` headers of tool parameters annotated with `x-mcp-header`.
 * "Servers that process the request body MUST reject requests where the values specified in the headers do not
 * match the corresponding values in the request body."
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#server-validation
 */
import type { JsonRpcRequest } from '../protocol/jsonrpc.js';
import { isObject } from './results.js';
import type { JsonObject } from './types.js';

const SENTINEL = /^=\?base64\?(.*)\?=$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** RFC 9110 field values: visible ASCII, space and horizontal tab. */
const FIELD_VALUE = /^[\x20-\x7e\t]*$/;

/**
 * Decodes a header value that may use the Base64 sentinel: "servers MUST decode an encoded Mcp-Name or
 * Mcp-Param-{Name} value before comparing it to the corresponding request body value". `undefined` when the value
 * has invalid characters or broken Base64.
 */
export function decodeHeaderValue(value: string): string | undefined {
  if (!FIELD_VALUE.test(value)) return undefined;
  const encoded = SENTINEL.exec(value);
  if (!encoded) return value;
  if (!BASE64.test(encoded[1]!)) return undefined;
  return Buffer.from(encoded[1]!, 'base64').toString('utf8');
}

/**
 * Why the headers do not match the body, or `undefined` when they do. With `decodeBase64: false` the values are
 * compared as they came (a deliberately non-compliant server, for testing clients and checks).
 */
export function headerMismatchReason(
  headers: { get(name: string): string | null },
  message: JsonRpcRequest,
  bodyVersion: string,
  inputSchema: JsonObject | undefined,
  decodeBase64 = true,
): string | undefined {
  const decode = (value: string) => (decodeBase64 ? decodeHeaderValue(value) : value);
  const params = isObject(message.params) ? message.params : {};
  const version = headers.get('mcp-protocol-version');
  // "A required standard header (MCP-Protocol-Version, Mcp-Method, Mcp-Name) is missing."
  if (version === null) return 'the MCP-Protocol-Version header is required';
  if (version !== bodyVersion) return `MCP-Protocol-Version header "${version}" does not match the body's "${bodyVersion}"`;
  const method = headers.get('mcp-method');
  if (method === null) return 'the Mcp-Method header is required';
  if (method !== message.method) return `Mcp-Method header "${method}" does not match the body's "${message.method}"`;
  const expectedName = message.method === 'resources/read' ? params.uri : message.method === 'tools/call' || message.method === 'prompts/get' ? params.name : undefined;
  if (expectedName !== undefined) {
    const raw = headers.get('mcp-name');
    if (raw === null) return 'the Mcp-Name header is required';
    const name = decode(raw);
    if (name === undefined) return `Mcp-Name header "${raw}" has invalid characters or Base64`;
    if (name !== expectedName) return `Mcp-Name header "${raw}" does not match the body's "${String(expectedName)}"`;
  }
  if (message.method === 'tools/call' && inputSchema) {
    const args = isObject(params.arguments) ? params.arguments : {};
    for (const { header, path } of mirroredParameters(inputSchema)) {
      const value = valueAt(args, path);
      const raw = headers.get(`mcp-param-${header}`);
      // "Parameter value is null / not in arguments: Server MUST NOT expect the header."
      if (value === undefined || value === null) {
        if (raw !== null) return `Mcp-Param-${header} header is present but the body has no ${path.join('.')}`;
        continue;
      }
      // "Client omits header but value is in body: Server MUST reject the request."
      if (raw === null) return `the Mcp-Param-${header} header is required (the body has ${path.join('.')})`;
      const decoded = decode(raw);
      if (decoded === undefined) return `Mcp-Param-${header} header "${raw}" has invalid characters or Base64`;
      if (!sameValue(decoded, value)) return `Mcp-Param-${header} header "${raw}" does not match the body's ${JSON.stringify(value)}`;
    }
  }
  return undefined;
}

/** The `x-mcp-header` annotations reachable from the schema root through `properties` only. */
export function mirroredParameters(schema: JsonObject, path: string[] = []): Array<{ header: string; path: string[] }> {
  const out: Array<{ header: string; path: string[] }> = [];
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const [key, child] of Object.entries(properties)) {
    if (!isObject(child)) continue;
    const annotation = child['x-mcp-header'];
    if (typeof annotation === 'string' && annotation !== '') out.push({ header: annotation.toLowerCase(), path: [...path, key] });
    out.push(...mirroredParameters(child, [...path, key]));
  }
  return out;
}

function valueAt(args: JsonObject, path: string[]): unknown {
  let current: unknown = args;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** Strings as they are, booleans as `true`/`false`, integers compared numerically ("42.0 and 42 are equal"). */
function sameValue(header: string, value: unknown): boolean {
  if (typeof value === 'string') return header === value;
  if (typeof value === 'boolean') return header === String(value);
  if (typeof value === 'number') return header.trim() !== '' && Number(header) === value;
  return false;
}
