/**
 * Every message the server sends, validated against its protocol version's schema.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic#messages
 */
import { validateMessage } from '../../protocol/validate.js';
import { isVersionInRange } from '../../protocol/versions.js';
import type { WireFrameEvent } from '../../protocol/wire.js';
import { defineCheck } from '../define-check.js';
import { truncate } from '../handshake.js';

/** The most problems quoted in one message. */
const MAX_QUOTED = 4;

/**
 * "All messages between MCP clients and servers MUST follow the JSON-RPC 2.0 specification" and the schema of the
 * negotiated version ("Both parties MUST: Respect the negotiated protocol version", a SHOULD before 2025-06-18).
 * The check runs last on the shared session of its version and validates every message the server sent on it (from
 * the handshake on, including what the other checks provoked, and the lists the server declared, which it requests
 * itself): the JSON-RPC envelope, the params of requests and
 * notifications, and the result of each response against the method it answers. A method the server sends that
 * this version does not define but another version does breaks "respect the negotiated version"; custom methods do not.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#operation
 */
export const serverMessagesValid = defineCheck({
  id: 'jsonrpc/server-messages-valid',
  title: 'Every message the server sends validates against the schema of the negotiated version',
  level: 'MUST',
  requirements: ['jsonrpc.version-2.0', 'jsonrpc.response.result-xor-error', 'jsonrpc.error.fields', 'jsonrpc.error.code-integer', 'lifecycle.operation.respect-version'],
  session: 'shared',
  observesSession: true,
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/basic#messages',
  async run(ctx) {
    const version = ctx.version!;
    // Provoke the list results the server declared, so that there is more to validate than the handshake.
    const caps = ctx.serverCapabilities;
    const lists = [
      ['tools', 'tools/list'],
      ['resources', 'resources/list'],
      ['resources', 'resources/templates/list'],
      ['prompts', 'prompts/list'],
    ] as const;
    await Promise.all(lists.filter(([capability]) => capability in caps).map(([, method]) => ctx.session.request(method, {})));
    const events = ctx.session.wire.events;
    const methods = new Map<string, string>();
    const problems: Array<{ frame: WireFrameEvent; text: string; level: 'MUST' | 'SHOULD' }> = [];
    let checked = 0;
    for (const event of events) {
      if (event.kind !== 'frame' || event.message === undefined) continue;
      const items = Array.isArray(event.message) ? event.message : [event.message];
      for (const item of items) {
        const m = item as { id?: unknown; method?: unknown };
        if (event.direction === 'out') {
          if (typeof m.method === 'string' && m.id !== undefined) methods.set(`${typeof m.id}:${String(m.id)}`, m.method);
          continue;
        }
        const requestMethod = m.method === undefined && m.id !== undefined ? methods.get(`${typeof m.id}:${String(m.id)}`) : undefined;
        const result = validateMessage(version, item, { direction: 'server-to-client', ...(requestMethod ? { requestMethod } : {}) });
        checked += 1;
        const what = typeof m.method === 'string' ? m.method : requestMethod ? `the response to ${requestMethod}` : `a message`;
        for (const issue of result.issues) {
          problems.push({ frame: event, level: 'MUST', text: `${what}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}` });
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
