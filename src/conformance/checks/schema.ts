/**
 * Every message the server sends, validated against its protocol version's schema.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic#messages
 */
import { validateMessage } from '../../protocol/validate.js';
import { LATEST_LEGACY_PROTOCOL_VERSION, PROTOCOL_VERSIONS, compareVersions, isVersionInRange, type ProtocolVersion } from '../../protocol/versions.js';
import type { WireFrameEvent } from '../../protocol/wire.js';
import { defineCheck } from '../define-check.js';
import { truncate } from '../handshake.js';
import { versionTraffic } from '../version-traffic.js';
import { idKey, listUnlisted } from './lib-features.js';

/** The most problems quoted in one message. */
const MAX_QUOTED = 4;

/**
 * "All messages between MCP clients and servers MUST follow the JSON-RPC 2.0 specification" and the schema of the
 * negotiated version ("Both parties MUST: Respect the negotiated protocol version", a SHOULD before 2025-06-18).
 * The check runs after every other check of its version and validates every message the server sent in that version
 * on every session the runner opened (the probe's, the shared lanes', each check's own; from the `initialize` result
 * on), so that its verdict does not depend on how checks were scheduled: the JSON-RPC envelope, the params of
 * requests and notifications, and the result of each response against the method it answers (it also requests the
 * lists the server declared, so that there is more than the handshake to validate).
 *
 * Something only a later version defines (a method; a content type such as `resource_link` or `audio`, or a field,
 * detected as a message that a later legacy version's schema accepts) breaks "respect the negotiated version": before
 * 2025-06-18 "Both parties SHOULD: Respect the negotiated protocol version" (2024-11-05 and 2025-03-26
 * basic/lifecycle §Operation), so it warns; from 2025-06-18 "Both parties MUST: Respect the negotiated protocol
 * version", so it fails. tools/call-results-valid grades the same content the same way. Custom methods are not judged.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#operation
 */
export const serverMessagesValid = defineCheck({
  id: 'jsonrpc/server-messages-valid',
  title: 'Every message the server sends validates against the schema of the negotiated version',
  level: 'MUST',
  requirements: ['jsonrpc.version-2.0', 'jsonrpc.response.result-xor-error', 'jsonrpc.response.result-field', 'jsonrpc.notification.no-id', 'jsonrpc.params.object', 'jsonrpc.error.fields', 'jsonrpc.error.code-integer', 'cancel.shape', 'lifecycle.operation.respect-version'],
  session: 'shared',
  observesSession: true,
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/basic#messages',
  async run(ctx) {
    const version = ctx.version!;
    // Provoke the list results the server declared (unless the session has them), so that there is more to validate
    // than the handshake.
    await listUnlisted(ctx);
    // Read once every judge running beside this one has made its requests (see createGathering).
    await ctx.session.collect(0);
    // Every session of this version the runner opened (this one included): the verdict then does not depend on which
    // lane a check happened to run in, or on a lane's session being replaced.
    const sessions = new Set([...ctx.versionSessions(), ctx.session]);
    const problems: Array<{ frame: WireFrameEvent; text: string; level: 'MUST' | 'SHOULD' }> = [];
    let checked = 0;
    for (const session of sessions) {
      const inVersion = new Set(versionTraffic(session, version) ?? (session === ctx.session ? session.wire.events : []));
      // The method of each request by id, as sent so far (a later request may reuse an id).
      const methods = new Map<string, string>();
      for (const event of session.wire.events) {
        if (event.kind !== 'frame' || event.message === undefined) continue;
        const items = Array.isArray(event.message) ? event.message : [event.message];
        for (const item of items) {
          const m = item as { id?: unknown; method?: unknown };
          if (event.direction === 'out') {
            if (typeof m.method === 'string' && m.id !== undefined) methods.set(idKey(m.id), m.method);
            continue;
          }
          if (!inVersion.has(event)) continue;
          const requestMethod = m.method === undefined && m.id !== undefined ? methods.get(idKey(m.id)) : undefined;
          const options = { direction: 'server-to-client', ...(requestMethod ? { requestMethod } : {}) } as const;
          const result = validateMessage(version, item, options);
          checked += 1;
          const what = typeof m.method === 'string' ? m.method : requestMethod ? `the response to ${requestMethod}` : `a message`;
          // A message that only a later version's schema accepts (a content type or field that version added) breaks
          // "Respect the negotiated protocol version", which is a SHOULD before 2025-06-18 and a MUST from it: graded as
          // tools/call-results-valid grades the same content.
          const laterValid = result.issues.length > 0 && !isVersionInRange(version, '2025-06-18') ? laterVersionAccepting(version, item, options) : undefined;
          for (const issue of result.issues) {
            const text = `${what}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
            problems.push(laterValid
              ? { frame: event, level: 'SHOULD', text: `${text} (valid in ${laterValid}; "Respect the negotiated protocol version" is a SHOULD before 2025-06-18)` }
              : { frame: event, level: 'MUST', text });
          }
          // Departures the specification tolerates (an error response's `id: null`, CATALOGUE §31 #6) only warn.
          for (const issue of result.warnings) {
            problems.push({ frame: event, level: 'SHOULD', text: `${what}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}` });
          }
          if (result.unknownMethod && (result.definedIn?.length ?? 0) > 0) {
            // "Respect the negotiated protocol version" is a MUST from 2025-06-18, a SHOULD before.
            const level = isVersionInRange(version, '2025-06-18') ? 'MUST' : 'SHOULD';
            problems.push({ frame: event, level, text: `${what} is not a method of ${version} (it is defined in ${result.definedIn!.join(', ')})` });
          }
        }
      }
    }
    if (checked === 0) ctx.skip('the server sent no message on this session');
    if (problems.length === 0) {
      ctx.observe(`${checked} messages from the server validate against the ${version} schema`);
      return;
    }
    for (const level of ['MUST', 'SHOULD'] as const) {
      const some = problems.filter((p) => p.level === level);
      if (some.length === 0) continue;
      const quoted = some.slice(0, MAX_QUOTED).map((p) => truncate(p.text, 240));
      ctx.violation(
        `${some.length} problem${some.length === 1 ? '' : 's'} in ${checked} messages from the server (${version} schema): ${quoted.join('; ')}${some.length > MAX_QUOTED ? '; …' : ''}`,
        { level, evidence: [...new Set(some.map((p) => p.frame))] },
      );
    }
  },
});

/**
 * The first later legacy version whose schema accepts a message that `version`'s schema rejects, or undefined: such a
 * message uses something only a later version defines (a content type such as `resource_link` or `audio`, a field).
 */
function laterVersionAccepting(version: ProtocolVersion, message: unknown, options: Parameters<typeof validateMessage>[2]): ProtocolVersion | undefined {
  return PROTOCOL_VERSIONS.filter((v) => compareVersions(v, version) > 0 && compareVersions(v, LATEST_LEGACY_PROTOCOL_VERSION) <= 0).find(
    (later) => validateMessage(later, message, options).issues.length === 0,
  );
}
