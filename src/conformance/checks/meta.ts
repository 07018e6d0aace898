/**
 * `_meta`: key names, reserved prefixes, and W3C trace context values, over everything the server sent.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic#meta
 */
import { PROTOCOL_VERSIONS, isVersionInRange } from '../../protocol/versions.js';
import type { WireFrameEvent } from '../../protocol/wire.js';
import { defineCheck } from '../define-check.js';
import { isObject, listUnlisted, messagesIn } from './lib-features.js';

/** A `_meta` key: an optional prefix of dot-separated labels and a slash, then a name (2025-06-18 basic §_meta). */
const META_KEY = /^(?:[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\/)?(?:[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)?$/;
/** W3C Trace Context `traceparent`. */
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
/** The reserved keys the specification defines, by version. */
const DEFINED_RESERVED_KEYS = new Set([
  'io.modelcontextprotocol/related-task',
  'io.modelcontextprotocol/model-immediate-response',
  'io.modelcontextprotocol/protocolVersion',
  'io.modelcontextprotocol/clientCapabilities',
  'io.modelcontextprotocol/clientInfo',
  'io.modelcontextprotocol/serverInfo',
  'io.modelcontextprotocol/logLevel',
  'io.modelcontextprotocol/subscriptionId',
]);

/** Whether a prefix is reserved: its second label is `modelcontextprotocol` or `mcp` (2025-11-25 wording). */
function isReservedPrefix(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash < 0) return false;
  const labels = key.slice(0, slash).split('.');
  return labels[1] === 'modelcontextprotocol' || labels[1] === 'mcp';
}

/** Every `_meta` object in a value, with its path. */
function metaObjects(value: unknown, path: string, out: Array<{ path: string; meta: Record<string, unknown> }>, depth = 0): void {
  if (depth > 12) return;
  if (Array.isArray(value)) value.forEach((item, i) => metaObjects(item, `${path}[${i}]`, out, depth + 1));
  else if (isObject(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '_meta' && isObject(inner)) out.push({ path: `${path}._meta`, meta: inner });
      else metaObjects(inner, `${path}.${key}`, out, depth + 1);
    }
  }
}

/**
 * "If specified, [the prefix] MUST be a series of labels separated by dots, followed by a slash"; the name "MUST begin
 * and end with an alphanumeric character" (2025-06-18+). Keys under a reserved prefix ("any prefix where the second
 * label is modelcontextprotocol or mcp is reserved") must be ones the specification defines (a warning), and a
 * `traceparent` "MUST follow W3C Trace Context" (2026-07-28).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic#meta
 */
export const metaKeysValid = defineCheck({
  id: 'meta/keys-valid',
  title: '_meta keys are well-formed, reserved prefixes hold only defined keys, traceparent is W3C',
  level: 'MUST',
  requirements: ['meta.key-format', 'meta.reserved-prefix', 'modern.meta.otel'],
  versions: PROTOCOL_VERSIONS.filter((v) => isVersionInRange(v, '2025-06-18')),
  session: 'shared',
  observesSession: true,
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/basic#meta',
  async run(ctx) {
    await listUnlisted(ctx);
    // Read once every judge running beside this one has made its requests (see createGathering).
    await ctx.session.collect(0);
    let keys = 0;
    for (const { message, frame } of messagesIn(ctx.session)) {
      const found: Array<{ path: string; meta: Record<string, unknown> }> = [];
      metaObjects(message, '', found);
      for (const { path, meta } of found) {
        for (const [key, value] of Object.entries(meta)) {
          keys += 1;
          const where = `${path.slice(1)}["${key}"]`;
          const evidence: WireFrameEvent[] = [frame];
          if (!META_KEY.test(key)) ctx.violation(`the _meta key ${where} is not a valid key (labels separated by dots, a slash, then a name that begins and ends alphanumerically)`, { evidence });
          // The reserved-prefix wording checked here is 2025-11-25's (2025-06-18 worded it differently).
          else if (isVersionInRange(ctx.version!, '2025-11-25') && isReservedPrefix(key) && !DEFINED_RESERVED_KEYS.has(key)) ctx.violation(`the _meta key ${where} uses a reserved prefix but is not defined by the specification`, { level: 'SHOULD', evidence });
          if (key === 'traceparent' && (typeof value !== 'string' || !TRACEPARENT.test(value))) ctx.violation(`${where} is ${JSON.stringify(value)}, not a W3C traceparent`, { evidence });
        }
      }
    }
    if (keys === 0) ctx.skip('the server sent no _meta key on the shared session');
    ctx.observe(`${keys} _meta keys from the server, each well-formed`);
  },
});
