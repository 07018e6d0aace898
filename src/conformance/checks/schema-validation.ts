/**
 * Every message the server sent, validated against its protocol version's schema.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic#messages
 */
import { validateMessage } from '../../protocol/validate.js';
import { defineCheck } from '../define-check.js';
import { LIST_METHODS, idKey, isObject, markerMethod, messagesIn, requestMethodsById } from './lib-features.js';

/** How many invalid messages one result describes. @default 5 */
export const MAX_SCHEMA_FINDINGS = 5;

/**
 * "Both parties MUST: Respect the negotiated protocol version" (2025-06-18+; SHOULD before): every message the server
 * sent on the shared session (the handshake and the traffic of every shared check before this one, plus the lists it
 * declared) is validated against the negotiated version's schema, responses against the result of the method they
 * answer. A method another version defines but this one does not (e.g. `elicitation/create` in 2024-11-05) fails;
 * custom methods are allowed.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/basic/lifecycle#operation
 */
export const schemaServerMessagesValid = defineCheck({
  id: 'schema-validation/server-messages-valid',
  title: "Every message the server sent matches its version's schema",
  level: 'MUST',
  requirements: [
    'lifecycle.operation.respect-version',
    'progress.notification-shape',
    'logging.message.shape',
    'cancel.shape',
    'resources.updated.shape',
    'tools.list.shape',
    'resources.templates.shape',
    'completion.result-shape',
  ],
  session: 'shared',
  spec: 'https://modelcontextprotocol.io/specification/2025-06-18/basic/lifecycle#operation',
  async run(ctx) {
    const version = ctx.version!;
    await ctx.session.request(markerMethod(version));
    for (const { method, capability } of LIST_METHODS) if (capability in ctx.serverCapabilities) await ctx.session.request(method, {});
    const methods = requestMethodsById(ctx.session);
    const messages = messagesIn(ctx.session);
    const findings: string[] = [];
    const evidence = [];
    for (const { message, frame } of messages) {
      const isResponse = !('method' in message) && ('result' in message || 'error' in message);
      const requestMethod = isResponse ? methods.get(idKey(message.id)) : undefined;
      const validation = validateMessage(version, message, { direction: 'server-to-client', ...(requestMethod ? { requestMethod } : {}) });
      const label = isResponse ? `the response to ${requestMethod ?? `id ${JSON.stringify(message.id)}`}` : `${String(message.method)}`;
      if (validation.unknownMethod && (validation.definedIn?.length ?? 0) > 0) {
        findings.push(`${label} is not defined in ${version} (only in ${validation.definedIn!.join(', ')})`);
        evidence.push(frame);
        continue;
      }
      if (!validation.valid) {
        const issue = validation.issues[0]!;
        findings.push(`${label}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}${validation.issues.length > 1 ? ` (and ${validation.issues.length - 1} more)` : ''}`);
        evidence.push(frame);
      }
    }
    if (findings.length > 0) {
      const shown = findings.slice(0, MAX_SCHEMA_FINDINGS).join('; ');
      ctx.violation(`${findings.length} of ${messages.length} messages do not match the ${version} schema: ${shown}${findings.length > MAX_SCHEMA_FINDINGS ? '; …' : ''}`, { evidence });
      return;
    }
    ctx.observe(`${messages.length} messages from the server match the ${version} schema`);
    if (!messages.some(({ message }) => isObject(message))) throw new Error('no message to validate');
  },
});
