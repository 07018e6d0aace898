/**
 * Cancellation: a cancelled request gets no answer, invalid cancellations are ignored, and cancellation races are
 * harmless.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/cancellation
 */
import { TimeoutError } from '../../protocol/errors.js';
import type { JsonRpcResponse } from '../../protocol/jsonrpc.js';
import type { WireFrameEvent } from '../../protocol/wire.js';
import { versionsWith } from '../../protocol/versions.js';
import type { CheckContext } from '../check-context.js';
import { defineCheck } from '../define-check.js';
import { describeResponse } from '../handshake.js';
import { MARKER_GRACE_MS, framesIn, isObject, isResponseMessage, markerMethod, nextSeq, notificationsIn, stillAnswers, strayResponses } from './lib-features.js';

const CANCELLATION_SPEC = 'https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/cancellation';

/** How long after sending the slow call the harness cancels it. @default 200 */
export const CANCEL_AFTER_MS = 200;
/** How long the harness watches for an answer to the cancelled call. @default 2_500 */
export const CANCEL_WATCH_MS = 2_500;
/** An answer this soon after the cancellation crossed it on the wire (a race the specification allows). @default 50 */
export const CANCEL_RACE_MS = 50;
/** The id of the cancelled call. */
export const CANCELLED_REQUEST_ID = 'mcp-conform-cancel-me';
/** The progress token of the cancelled call. */
export const CANCELLED_PROGRESS_TOKEN = 'mcp-conform-cancel-progress';

/**
 * Calls the profile's slow tool, cancels it after {@link CANCEL_AFTER_MS}, and records whatever concerns the call
 * after the cancellation (its response, its progress notifications).
 */
async function cancelSlowCall(ctx: CheckContext, rule: string, progressRule: string): Promise<void> {
  const slow = ctx.profile.slow!;
  const session = ctx.session;
  const call = session
    .request(
      'tools/call',
      { name: slow.tool, arguments: slow.arguments ?? {}, _meta: { progressToken: CANCELLED_PROGRESS_TOKEN } },
      { id: CANCELLED_REQUEST_ID, timeoutMs: CANCEL_AFTER_MS + CANCEL_WATCH_MS },
    )
    .then(
      (response): { response?: JsonRpcResponse; error?: unknown } => ({ response }),
      // Kept, not thrown: if the check stops early, nobody awaits this promise any more.
      (error: unknown): { response?: JsonRpcResponse; error?: unknown } => (error instanceof TimeoutError ? {} : { error }),
    );
  const early = await Promise.race([call, new Promise<undefined>((resolve) => setTimeout(resolve, CANCEL_AFTER_MS))]);
  if (early?.error) throw early.error;
  if (early?.response) ctx.skip(`the slow tool "${slow.tool}" answered within ${CANCEL_AFTER_MS} ms, before it could be cancelled; give it longer arguments in the profile`);
  const cancelSeq = nextSeq(session);
  const cancelledAt = Date.now();
  await session.notify('notifications/cancelled', { requestId: CANCELLED_REQUEST_ID, reason: 'mcp-conform cancellation check' });
  const { response, error } = await call;
  if (error) throw error;
  const afterCancel = framesIn(session, cancelSeq);
  const answer = afterCancel.find((f) => isResponseMessage(f.message) && (f.message as { id?: unknown }).id === CANCELLED_REQUEST_ID);
  if (response && answer && answer.timestamp - cancelledAt <= CANCEL_RACE_MS) {
    ctx.skip(`the slow call was answered ${Math.round(answer.timestamp - cancelledAt)} ms after the cancellation was sent, a race the specification allows`);
  }
  if (response) {
    ctx.violation(`the server answered the cancelled tools/call (id ${JSON.stringify(CANCELLED_REQUEST_ID)}) with ${describeResponse(response)} after it was cancelled; ${rule}`, {
      evidence: answer ? [answer] : undefined,
    });
  }
  const progress = notificationsIn(session, 'notifications/progress', cancelSeq).filter(({ message }) => isObject(message.params) && message.params.progressToken === CANCELLED_PROGRESS_TOKEN);
  // A notification already on its way when the cancellation crossed it is part of the race.
  const late = progress.filter(({ frame }) => frame.timestamp - cancelledAt > CANCEL_RACE_MS);
  if (late.length > 0) ctx.violation(`the server sent ${late.length} progress notifications for the cancelled tools/call after it was cancelled; ${progressRule}`, { evidence: late.map((p) => p.frame) });
  const dead = await stillAnswers(ctx);
  if (dead) ctx.violation(`after the cancellation the server stopped answering: ${dead}`);
  ctx.observe(`the slow tool "${slow.tool}" was cancelled after ${CANCEL_AFTER_MS} ms and was not answered within ${CANCEL_WATCH_MS} ms`);
}

/**
 * "The receiver of a cancellation notification SHOULD: Stop processing the cancelled request; Free associated
 * resources; Not send a response for the cancelled request." The check calls the profile's slow tool, cancels it,
 * watches for {@link CANCEL_WATCH_MS}, and pings.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/cancellation#behavior-requirements
 */
export const cancellationNoResponseAfterCancel = defineCheck({
  id: 'cancellation/no-response-after-cancel',
  title: 'A cancelled request gets no response, and the server keeps answering',
  level: 'SHOULD',
  requirements: ['cancel.receiver-stops-no-response'],
  versions: versionsWith('cancelledBothDirections'),
  needs: { capability: 'tools', profile: 'slow' },
  timeoutMs: 15_000,
  spec: `${CANCELLATION_SPEC}#behavior-requirements`,
  async run(ctx) {
    await cancelSlowCall(ctx, 'a receiver SHOULD not send a response for a cancelled request', 'a receiver SHOULD stop processing a cancelled request');
  },
});

/**
 * 2026-07-28 makes it a MUST: after `notifications/cancelled`, the server "MUST NOT send any further messages for it"
 * (no response, no progress).
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/stdio#cancellation
 */
export const cancellationNothingAfterCancel = defineCheck({
  id: 'cancellation/nothing-after-cancel',
  title: 'After a cancellation the server sends nothing more for the request (2026-07-28)',
  level: 'MUST',
  requirements: ['modern.cancel.no-further-messages'],
  versions: versionsWith('stateless'),
  needs: { capability: 'tools', profile: 'slow' },
  timeoutMs: 15_000,
  spec: 'https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/stdio#cancellation',
  async run(ctx) {
    const rule = 'a server MUST NOT send any further messages for a cancelled request';
    await cancelSlowCall(ctx, rule, rule);
  },
});

/**
 * How long the harness still listens for a (forbidden) answer to an invalid cancellation once the marker request sent
 * after them is answered (on an ordered stream such an answer would have come first). @default 100
 */
export const INVALID_CANCEL_SILENCE_MS = 100;

/**
 * "Invalid cancellation notifications SHOULD be ignored" (an unknown request id, no params, an id that is an object),
 * and, as for any notification, "The receiver MUST NOT send a response" (the JSON-RPC rule graded as the catalogue's
 * SHOULD here, since the lifecycle check owns it). The session must keep answering.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/cancellation#error-handling
 */
export const cancellationInvalidIgnored = defineCheck({
  id: 'cancellation/invalid-ignored',
  title: 'Cancellations of unknown or malformed request ids are ignored',
  level: 'SHOULD',
  requirements: ['cancel.invalid-ignored', 'cancel.receiver-may-ignore'],
  // Beside the session judges, once they listen: its silence window is theirs, and every check that sends raw frames
  // (whose null-id answers no id tells apart from an answer to a cancellation) is done by then; an answer to one of
  // them that comes later still than its marker's grace would be taken for an answer to a cancellation, as before.
  session: 'shared',
  sharedOrder: 'beside-judges',
  spec: `${CANCELLATION_SPEC}#error-handling`,
  async run(ctx) {
    const session = ctx.session;
    const before = session.unmatched.length;
    const fromSeq = nextSeq(session);
    const variants: Array<[string, Record<string, unknown> | undefined]> = [
      ['an unknown requestId', { requestId: 'mcp-conform-never-sent', reason: 'probe' }],
      ['no params', undefined],
      ['requestId {}', { requestId: {} }],
    ];
    for (const [, params] of variants) await session.notify('notifications/cancelled', params);
    const markerFrom = nextSeq(session);
    const dead = await stillAnswers(ctx);
    await session.collect(INVALID_CANCEL_SILENCE_MS);
    // Late answers to requests the harness sent (other checks' among them) are not answers to a cancellation.
    const strays = strayResponses(session, before);
    // Its evidence is its own frames (beside the judges, the session also carries theirs): the cancellations, the
    // marker's exchange, and any stray answer.
    const frames = session.wire.events.filter((e): e is WireFrameEvent => e.kind === 'frame' && e.seq >= fromSeq);
    const markerId = frames.find((f) => f.seq >= markerFrom && f.direction === 'out' && isObject(f.message) && f.message.method === markerMethod(ctx.version!))?.message as { id?: unknown } | undefined;
    const evidence = frames.filter((f) => {
      const m = isObject(f.message) ? f.message : {};
      if (f.direction === 'out') return m.method === 'notifications/cancelled' || (markerId !== undefined && m.id === markerId.id);
      return (markerId !== undefined && m.id === markerId.id && isResponseMessage(m)) || strays.includes(f.message as JsonRpcResponse);
    });
    if (strays.length > 0) ctx.violation(`the server answered an invalid cancellation: ${strays.map((r) => describeResponse(r)).join(', ')}`, { evidence });
    if (dead) ctx.violation(`after invalid cancellations the server stopped answering: ${dead}`, { evidence });
    if (strays.length === 0 && !dead) ctx.observe(`cancellations with ${variants.map(([label]) => label).join(', ')} were ignored, and ${markerMethod(ctx.version!)} still works`, evidence);
  },
});

/** How many request-then-cancel pairs the race check sends on an ordered stream (stdio, WebSocket). @default 20 */
export const CANCEL_RACES = 20;
/**
 * How many it sends over HTTP, where each request and each cancellation is an HTTP exchange of its own (milliseconds
 * of the server's time each, not microseconds): the two orders a race can take (the cancellation handled before or
 * after the request) come up within a few pairs. @default 8
 */
export const CANCEL_RACES_HTTP = 8;
/** How long each raced request may take to be answered (or not). @default 1_000 */
export const CANCEL_RACE_TIMEOUT_MS = 1_000;

/**
 * "Both parties MUST handle these race conditions gracefully": the check sends {@link CANCEL_RACES} requests ({@link CANCEL_RACES_HTTP} over HTTP), each
 * cancelled at once; whether or not each is answered, the server must not crash and must answer the next request.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/cancellation#timing-considerations
 */
export const cancellationRaceGraceful = defineCheck({
  id: 'cancellation/race-graceful',
  title: 'Requests cancelled at once leave the server healthy',
  level: 'MUST',
  requirements: ['cancel.race-graceful'],
  session: 'shared',
  concurrent: true,
  spec: `${CANCELLATION_SPEC}#timing-considerations`,
  async run(ctx) {
    const session = ctx.session;
    const method = markerMethod(ctx.version!);
    const pending: Array<Promise<unknown>> = [];
    const races = ctx.transport === 'streamable-http' || ctx.transport === 'sse' ? CANCEL_RACES_HTTP : CANCEL_RACES;
    for (let i = 0; i < races; i += 1) {
      const id = `mcp-conform-race-${i}`;
      pending.push(session.request(method, undefined, { id, timeoutMs: CANCEL_RACE_TIMEOUT_MS }).catch((error: unknown) => {
        if (error instanceof TimeoutError) return undefined;
        throw error;
      }));
      await session.notify('notifications/cancelled', { requestId: id, reason: 'race probe' });
    }
    // Health is what the requirement asks: the next request is answered. The raced requests need no answer (a
    // cancelled request may go unanswered), so the check does not wait for them beyond a short grace; those still
    // pending settle on their own time limit.
    const dead = await stillAnswers(ctx);
    let settled = 0;
    const counted = pending.map((p) => p.then((r) => void (settled += r === undefined ? 0 : 1), () => undefined));
    await Promise.race([Promise.all(counted), new Promise((resolve) => setTimeout(resolve, MARKER_GRACE_MS).unref())]);
    const answered = settled;
    if (dead) ctx.violation(`after ${races} requests cancelled at once the server stopped answering: ${dead}`);
    else ctx.observe(`${races} ${method} requests cancelled at once (${answered} answered anyway); the server still answers`);
  },
});
