/**
 * Progress: notifications reference the request's token with its type, increase, and stop with the response.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/progress
 */
import type { RequestId } from '../../protocol/jsonrpc.js';
import { supports } from '../../protocol/versions.js';
import { defineCheck } from '../define-check.js';
import { describeResponse, resultOf } from '../handshake.js';
import { framesIn, isObject, isResponseMessage, nextSeq, notificationsIn } from './lib-features.js';

const PROGRESS_SPEC = 'https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/progress';

/** The two tokens the harness sends: a string and an integer (their JSON types must come back unchanged). */
export const PROGRESS_TOKENS: readonly RequestId[] = ['mcp-conform-progress', 424242];
/** The most progress notifications per second for one token before the harness warns ("SHOULD implement rate limiting"). @default 100 */
export const MAX_PROGRESS_PER_SECOND = 100;
/** How long the harness keeps listening after the last response. @default 300 */
export const PROGRESS_TAIL_MS = 300;
/** How long the slow calls may take. @default 10_000 */
export const PROGRESS_CALL_TIMEOUT_MS = 10_000;

/**
 * "Progress tokens MUST be … unique across all active requests", notifications "MUST only reference tokens that: Were
 * provided in an active request", "The progress value MUST increase with each notification, even if the total is
 * unknown", and "Progress notifications MUST stop after completion". The check calls the profile's slow tool twice at
 * once, with a string token and an integer token, and reads every `notifications/progress` (on stdio, lines are
 * ordered, so a notification after the response's line came after completion). No progress at all is allowed
 * ("Choose not to send any progress notifications"), and skips.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/progress#behavior-requirements
 */
export const progressNotificationsValid = defineCheck({
  id: 'progress/notifications-valid',
  title: 'Progress notifications carry the request token, increase, and stop with the response',
  level: 'MUST',
  requirements: ['progress.token-known', 'progress.monotonic', 'progress.stop-after-completion', 'progress.notification-shape', 'progress.optional', 'meta.progress-token-location', 'progress.rate-limit', 'progress.float-ok'],
  needs: { capability: 'tools', profile: 'slow' },
  session: 'shared',
  concurrent: true,
  timeoutMs: 25_000,
  spec: `${PROGRESS_SPEC}#behavior-requirements`,
  async run(ctx) {
    const slow = ctx.profile.slow!;
    if (slow.progress !== true) ctx.skip('the profile does not mark its slow tool as sending progress ("progress": true)');
    const session = ctx.session;
    const from = nextSeq(session);
    const ids = PROGRESS_TOKENS.map((_, i) => `mcp-conform-progress-call-${i}`);
    const responses = await Promise.all(
      PROGRESS_TOKENS.map((token, i) =>
        session.request('tools/call', { name: slow.tool, arguments: slow.arguments ?? {}, _meta: { progressToken: token } }, { id: ids[i]!, timeoutMs: PROGRESS_CALL_TIMEOUT_MS }),
      ),
    );
    responses.forEach((response, i) => {
      if (!resultOf(response)) ctx.violation(`the slow tool "${slow.tool}" (progress token ${JSON.stringify(PROGRESS_TOKENS[i])}) got ${describeResponse(response)}`, { level: 'SHOULD' });
    });
    await session.collect(PROGRESS_TAIL_MS);
    const notifications = notificationsIn(session, 'notifications/progress', from);
    if (notifications.length === 0) ctx.skip(`the server sent no progress notification for the slow tool "${slow.tool}" (it may choose not to)`);
    const responseSeq = new Map<RequestId, number>();
    for (const frame of framesIn(session, from)) {
      const message = frame.message;
      if (isResponseMessage(message)) {
        const index = ids.indexOf((message as { id?: unknown }).id as string);
        if (index >= 0) responseSeq.set(PROGRESS_TOKENS[index]!, frame.seq);
      }
    }
    const last = new Map<RequestId, number>();
    for (const { message, frame } of notifications) {
      const params = isObject(message.params) ? message.params : {};
      const token = params.progressToken;
      const known = PROGRESS_TOKENS.find((t) => t === token);
      if (known === undefined) {
        const near = PROGRESS_TOKENS.find((t) => String(t) === String(token));
        ctx.violation(
          near !== undefined
            ? `a progress notification has token ${JSON.stringify(token)} (${typeof token}); the request sent ${JSON.stringify(near)} (${typeof near})`
            : `a progress notification has token ${JSON.stringify(token) ?? '(missing)'}, which no request of the harness carried`,
          { evidence: [frame] },
        );
        continue;
      }
      const progress = params.progress;
      if (typeof progress !== 'number') {
        ctx.violation(`a progress notification for token ${JSON.stringify(known)} has progress ${JSON.stringify(progress) ?? '(missing)'}, not a number`, { evidence: [frame] });
        continue;
      }
      if ('total' in params && typeof params.total !== 'number') ctx.violation(`a progress notification for token ${JSON.stringify(known)} has total ${JSON.stringify(params.total)}, not a number`, { evidence: [frame] });
      if (supports(ctx.version!, 'progressMessage') && 'message' in params && typeof params.message !== 'string') ctx.violation(`a progress notification for token ${JSON.stringify(known)} has a message that is not a string`, { evidence: [frame] });
      const previous = last.get(known);
      if (previous !== undefined && progress <= previous) ctx.violation(`progress for token ${JSON.stringify(known)} went from ${previous} to ${progress}; it must increase with each notification`, { evidence: [frame] });
      last.set(known, progress);
      const answeredAt = responseSeq.get(known);
      if (answeredAt !== undefined && frame.seq > answeredAt) ctx.violation(`a progress notification for token ${JSON.stringify(known)} came after the response to its request`, { evidence: [frame] });
    }
    for (const token of last.keys()) {
      const times = notifications.filter(({ message }) => isObject(message.params) && message.params.progressToken === token).map((n) => n.frame.timestamp);
      let start = 0;
      for (let end = 0; end < times.length; end += 1) {
        while (times[end]! - times[start]! > 1_000) start += 1;
        if (end - start + 1 > MAX_PROGRESS_PER_SECOND) {
          ctx.violation(`the server sent more than ${MAX_PROGRESS_PER_SECOND} progress notifications within one second for token ${JSON.stringify(token)}`, { level: 'SHOULD' });
          break;
        }
      }
    }
    ctx.observe(`${notifications.length} progress notifications for tokens ${[...last.keys()].map((t) => JSON.stringify(t)).join(', ')}`);
  },
});
