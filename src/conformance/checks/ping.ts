/**
 * Ping.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/ping
 */
import { versionsWith } from '../../protocol/versions.js';
import { defineCheck } from '../define-check.js';
import { describeResponse, resultOf } from '../handshake.js';

/**
 * "The receiver MUST respond promptly with an empty response." The check pings without params, with `params: {}` and
 * with `params: { _meta: {} }`; each result must be `{}` (a `_meta` key is allowed, as on every result).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/ping#behavior-requirements
 */
export const pingRespondsEmpty = defineCheck({
  id: 'ping/responds-empty',
  title: 'ping gets an empty result',
  level: 'MUST',
  requirements: ['ping.respond-empty'],
  versions: versionsWith('ping'),
  session: 'shared',
  concurrent: true,
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/ping#behavior-requirements',
  async run(ctx) {
    const variants: Array<[string, Record<string, unknown> | undefined]> = [
      ['no params', undefined],
      ['params {}', {}],
      ['params {"_meta":{}}', { _meta: {} }],
    ];
    for (const [label, params] of variants) {
      const response = await ctx.session.request('ping', params);
      const result = resultOf(response);
      if (!result) ctx.violation(`ping (${label}) got ${describeResponse(response)} instead of an empty result`);
      else {
        const extra = Object.keys(result).filter((k) => k !== '_meta');
        if (extra.length > 0) ctx.violation(`ping (${label}) got a result with ${extra.map((k) => `"${k}"`).join(', ')}; it must be empty`);
      }
    }
    ctx.observe('ping answered {} with no params, params {} and params {"_meta":{}}');
  },
});
