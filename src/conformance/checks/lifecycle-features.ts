/**
 * Lifecycle behaviour beyond the first checks: a ping before initialize.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#initialization
 */
import { eraOf } from '../../protocol/versions.js';
import { defineCheck } from '../define-check.js';
import { describeResponse, resultOf } from '../handshake.js';

/**
 * "The client SHOULD NOT send requests other than pings before the server has responded to the initialize request":
 * pings are the exception, so a server should answer a ping that comes before `initialize` with `{}` (a warning
 * otherwise; the catalogue calls it implied).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#initialization
 */
export const lifecyclePingBeforeInitialize = defineCheck({
  id: 'lifecycle/ping-before-initialize',
  title: 'A ping before initialize gets an empty result',
  level: 'SHOULD',
  requirements: ['lifecycle.init.ping-before-init', 'ping.before-init'],
  matrix: 'once',
  session: 'raw',
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#initialization',
  async run(ctx) {
    if (!ctx.acceptedVersions.some((v) => eraOf(v) === 'legacy')) ctx.skip('the server accepted no initialize-era protocol version when probed');
    const response = await ctx.session.request('ping', undefined, { timeoutMs: ctx.startupTimeoutMs });
    if (resultOf(response)) ctx.observe(`ping before initialize got ${describeResponse(response)}`);
    else ctx.violation(`ping before initialize got ${describeResponse(response)} instead of {}`);
  },
});
