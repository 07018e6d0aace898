/**
 * Lifecycle behaviour beyond the first checks: a ping before initialize.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#initialization
 */
import { HttpStatusError } from '../../protocol/errors.js';
import { eraOf } from '../../protocol/versions.js';
import { defineCheck } from '../define-check.js';
import { describeResponse, resultOf } from '../handshake.js';
import { PING_BEFORE_INITIALIZE_GRACE_MS } from '../probe-versions.js';

/**
 * "The client SHOULD NOT send requests other than pings before the server has responded to the initialize request":
 * pings are the exception, so a server should answer a ping that comes before `initialize` with `{}` (a warning
 * otherwise; the catalogue calls it implied). Over Streamable HTTP a server that requires sessions answers 400 instead, as
 * the transport asks ("Servers that require a session ID SHOULD respond to requests without an `MCP-Session-Id` header
 * (other than initialization) with HTTP 400 Bad Request"): there is no session to ping before, so the check skips.
 * Over stdio the runner's newest legacy probe sends the ping just before its `initialize` (one server start fewer),
 * and the check judges that exchange; elsewhere, or when that probe had to be repeated, it pings a fresh server.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#session-management
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#initialization
 */
export const lifecyclePingBeforeInitialize = defineCheck({
  id: 'lifecycle/ping-before-initialize',
  title: 'A ping before initialize gets an empty result',
  level: 'SHOULD',
  requirements: ['lifecycle.init.ping-before-init', 'ping.before-init'],
  matrix: 'once',
  session: 'raw',
  lazySession: true,
  judgesProbe: 'ping-before-initialize',
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#initialization',
  async run(ctx) {
    if (!ctx.acceptedVersions.some((v) => eraOf(v) === 'legacy')) ctx.skip('the server accepted no initialize-era protocol version when probed');
    // On stdio the runner's newest legacy probe sent the ping just before its initialize: judge that exchange.
    const probed = ctx.probes.find((p) => p.pingBeforeInitialize !== undefined);
    if (probed) {
      const answer = probed.pingBeforeInitialize!.response;
      const evidence = probed.wire;
      if (!answer) {
        ctx.violation(`ping before initialize got no answer within ${PING_BEFORE_INITIALIZE_GRACE_MS} ms after the server answered the initialize sent after it`, { evidence });
      } else if (resultOf(answer)) ctx.observe(`ping before initialize got ${describeResponse(answer)} (sent just before initialize(${probed.version}))`, evidence);
      else ctx.violation(`ping before initialize got ${describeResponse(answer)} instead of {}`, { evidence });
      return;
    }
    let response;
    try {
      response = await ctx.session.request('ping', undefined, { timeoutMs: ctx.startupTimeoutMs });
    } catch (error) {
      if (!(error instanceof HttpStatusError)) throw error;
      if (ctx.transport === 'streamable-http' && error.status === 400) {
        ctx.skip('the server requires a session: a request without Mcp-Session-Id gets HTTP 400, as the transport specification asks, so there is no ping before initialize to answer');
      }
      ctx.violation(`ping before initialize got HTTP ${error.status} instead of {}`);
      return;
    }
    if (resultOf(response)) ctx.observe(`ping before initialize got ${describeResponse(response)}`);
    else ctx.violation(`ping before initialize got ${describeResponse(response)} instead of {}`);
  },
});
