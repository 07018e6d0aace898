/**
 * Timeouts: every request gets its answer within the harness's request time limit; one that does not is a failure,
 * is cancelled, and the run goes on.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#timeouts
 */
import { TimeoutError } from '../../protocol/errors.js';
import { defineCheck } from '../define-check.js';
import { LIST_METHODS, markerMethod } from './lib-features.js';

/**
 * "Implementations SHOULD establish timeouts for all sent requests, to prevent hung connections and resource
 * exhaustion. When the request has not received a success or error response within the timeout period, the sender
 * SHOULD issue a cancellation notification for that request and stop waiting for a response." JSON-RPC 2.0: "When a
 * rpc call is made, the Server MUST reply with a Response". The check sends each request every server of the version
 * answers (ping or server/discover, and the lists it declared); one that gets no answer within the request time limit
 * fails, is cancelled with `notifications/cancelled`, and the check moves on to the next.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#timeouts
 */
export const timeoutsRequestsAnswered = defineCheck({
  id: 'timeouts/requests-answered',
  title: 'Every request is answered within the request time limit (an unanswered one is cancelled and fails)',
  level: 'MUST',
  requirements: ['timeout.establish', 'timeout.cancel-on-timeout'],
  session: 'shared',
  concurrent: true,
  timeoutMs: 30_000,
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#timeouts',
  async run(ctx) {
    const methods = [markerMethod(ctx.version!), ...LIST_METHODS.filter((l) => l.capability in ctx.serverCapabilities).map((l) => l.method)];
    const answered: string[] = [];
    for (const [index, method] of methods.entries()) {
      const id = `mcp-conform-timeout-${index}`;
      try {
        await ctx.session.request(method, {}, { id });
        answered.push(method);
      } catch (error) {
        if (!(error instanceof TimeoutError)) throw error;
        ctx.violation(`${method} got no response within ${ctx.requestTimeoutMs} ms; the harness cancelled it and went on`);
        await ctx.session.notify('notifications/cancelled', { requestId: id, reason: `no response within ${ctx.requestTimeoutMs} ms` });
      }
    }
    if (answered.length > 0) ctx.observe(`${answered.join(', ')} answered within ${ctx.requestTimeoutMs} ms`);
  },
});
