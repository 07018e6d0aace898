/**
 * Capabilities: what a server declares matches what it serves, and it sends nothing a capability gates unless it
 * declared (or the client declared) that capability.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#capability-negotiation
 */
import { eraOf, isVersionInRange } from '../../protocol/versions.js';
import type { CheckLevel } from '../run-report.js';
import { defineCheck } from '../define-check.js';
import { describeResponse, resultOf } from '../handshake.js';
import { LIST_METHODS, idKey, isObject, listAll, listUnlisted, messagesIn } from './lib-features.js';

/** The declared capability each list answers for, and the requirement that says so. */
const FEATURE_LISTS = [
  { capability: 'tools', method: 'tools/list', key: 'tools' },
  { capability: 'resources', method: 'resources/list', key: 'resources' },
  { capability: 'prompts', method: 'prompts/list', key: 'prompts' },
] as const;

/**
 * "Servers that support tools MUST declare the tools capability" (and the same for resources and prompts): a server
 * that lists tools must have declared `tools`, and a declared capability must answer its list.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/tools#capabilities
 */
export const capabilitiesMatchLists = defineCheck({
  id: 'capabilities/match-lists',
  title: 'Declared tools, resources and prompts answer their lists; undeclared ones list nothing',
  level: 'MUST',
  requirements: ['caps.server.tools', 'caps.server.resources', 'caps.server.prompts', 'lifecycle.base-required'],
  session: 'shared',
  concurrent: true,
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/server/tools#capabilities',
  async run(ctx) {
    for (const { capability, method, key } of FEATURE_LISTS) {
      const declared = capability in ctx.serverCapabilities;
      if (declared) {
        const outcome = await listAll(ctx.session, method, key);
        if (outcome.failure) ctx.violation(`the server declared ${capability}, but ${outcome.failure}`);
        else ctx.observe(`${capability} declared and ${method} answered`);
        continue;
      }
      const response = await ctx.session.request(method, {});
      const result = resultOf(response);
      const items = result && Array.isArray(result[key]) ? (result[key] as unknown[]) : [];
      if (items.length > 0) ctx.violation(`${method} listed ${items.length} ${key} though the server did not declare the ${capability} capability`);
      else ctx.observe(`${capability} not declared and ${method} got ${result ? 'an empty list' : describeResponse(response)}`);
    }
  },
});

/** Server→client requests that need a client capability (the harness declares none). */
const CLIENT_GATED_REQUESTS: Record<string, string> = {
  'sampling/createMessage': 'sampling',
  'roots/list': 'roots',
  'elicitation/create': 'elicitation',
};

/** list_changed notifications and the capability flag that gates each. */
const LIST_CHANGED: Record<string, string> = {
  'notifications/tools/list_changed': 'tools',
  'notifications/resources/list_changed': 'resources',
  'notifications/prompts/list_changed': 'prompts',
};

/**
 * Over everything the server sent on the shared session: "Servers that emit log message notifications MUST declare the
 * logging capability"; list_changed notifications need `listChanged: true` ("Only use capabilities that were
 * successfully negotiated": SHOULD up to 2025-03-26, MUST from 2025-06-18); the harness declares no client capability,
 * so the server may not send `sampling/createMessage`, `roots/list` or `elicitation/create`; and in 2026-07-28 "Servers
 * MUST NOT initiate JSON-RPC requests" at all.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#operation
 */
export const capabilitiesRespected = defineCheck({
  id: 'capabilities/respected',
  title: 'The server sends no log message, list_changed or request that an undeclared capability gates',
  level: 'MUST',
  requirements: ['caps.server.logging', 'caps.server.listchanged-gated', 'lifecycle.operation.negotiated-caps-only', 'modern.patterns.no-server-requests', 'modern.cancel.server-only-listen', 'jsonrpc.id.unique-session'],
  session: 'shared',
  observesSession: true,
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#operation',
  async run(ctx) {
    const version = ctx.version!;
    const caps = ctx.serverCapabilities;
    // Traffic of its own, in case the check runs alone: the lists the server declared.
    await listUnlisted(ctx);
    const negotiatedLevel: CheckLevel = isVersionInRange(version, '2025-06-18') ? 'MUST' : 'SHOULD';
    // Read once every judge running beside this one has made its requests (see createGathering).
    await ctx.session.collect(0);
    const messages = messagesIn(ctx.session);
    const requestIds = new Set<string>();
    for (const { message, frame } of messages) {
      const method = message.method;
      if (typeof method !== 'string') continue;
      const isRequest = 'id' in message;
      if (isRequest) {
        const key = idKey(message.id);
        if (requestIds.has(key)) ctx.violation(`the server sent a second request with id ${JSON.stringify(message.id)}; request ids MUST NOT be reused within a session`, { evidence: [frame] });
        requestIds.add(key);
      }
      if (isRequest && eraOf(version) === 'modern') {
        ctx.violation(`the server sent a ${method} request; in ${version} servers MUST NOT initiate JSON-RPC requests`, { evidence: [frame] });
        continue;
      }
      if (isRequest && method in CLIENT_GATED_REQUESTS) {
        ctx.violation(`the server sent ${method}, though the harness declared no ${CLIENT_GATED_REQUESTS[method]} capability`, { level: negotiatedLevel, evidence: [frame] });
        continue;
      }
      if (!isRequest && method === 'notifications/cancelled' && eraOf(version) === 'modern') {
        ctx.violation('the server sent notifications/cancelled, though the harness opened no subscriptions/listen stream (the only thing a 2026-07-28 server may cancel)', { evidence: [frame] });
        continue;
      }
      if (!isRequest && method === 'notifications/message' && !('logging' in caps)) {
        ctx.violation('the server sent notifications/message without declaring the logging capability', { evidence: [frame] });
        continue;
      }
      const gate = LIST_CHANGED[method];
      if (!isRequest && gate !== undefined) {
        const declared = caps[gate];
        if (!isObject(declared) || declared.listChanged !== true) {
          ctx.violation(`the server sent ${method} without declaring ${gate}.listChanged`, { level: negotiatedLevel, evidence: [frame] });
        }
      }
    }
    ctx.observe(`${messages.length} messages from the server, none gated by a capability it (or the harness) did not declare`);
  },
});
