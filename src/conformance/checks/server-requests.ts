/**
 * What a server sends to a client that declared client capabilities (roots, sampling, elicitation): nothing but pings
 * and logs before `initialize` is answered, no request before `notifications/initialized`, and cancellations only of
 * its own requests while they are in progress. These checks open sessions that declare the capabilities they need and
 * answer the server's requests with harmless, recorded answers (`harmlessInputResult`); every other check's session
 * declares none, so that a server never sends requests a check did not ask for.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#initialization
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/cancellation#behavior-requirements
 */
import { ProtocolError, TimeoutError } from '../../protocol/errors.js';
import type { JsonRpcResponse, RequestId } from '../../protocol/jsonrpc.js';
import { compareVersions, eraOf, versionsWith, type ProtocolVersion } from '../../protocol/versions.js';
import type { WireFrameEvent } from '../../protocol/wire.js';
import type { CheckContext } from '../check-context.js';
import { defineCheck, type CheckDefinition } from '../define-check.js';
import { describeResponse, enterVersion, initializeParams, resultOf } from '../handshake.js';
import { AFTER_INITIALIZED_WINDOW_MS, SERVER_WAIT_WINDOW_MS, type HandshakeProbe } from '../handshake-probe.js';
import { defaultServerRequestAnswer, type ProbeSession, type ServerRequest } from '../probe-session.js';
import { idKey, isObject, isResponseMessage, messagesIn, nextSeq } from './lib-features.js';
import { callbackCapabilities, inputMethodOf, named, serverRequestCallFor, serverRequestsIn, waitUntil, type ServerRequestCall } from './server-requests-lib.js';
import { modernInputRequiredReask, modernRequestStateVerified } from './server-requests-mrtr.js';

const LIFECYCLE_SPEC = 'https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#initialization';
const CANCELLATION_SPEC = 'https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/cancellation#behavior-requirements';

/** The windows of lifecycle/server-waits-for-initialized (shared with the runner's handshake probe). */
export { AFTER_INITIALIZED_WINDOW_MS, SERVER_WAIT_WINDOW_MS };
/** How long the harness waits for the server to cancel its own pending request once the call behind it was cancelled. @default 1_000 */
export const SERVER_CANCEL_WATCH_MS = 1_000;
/** The ids of the harness's two calls of the profile tool in the cancellation check. */
export const ANSWERED_CALL_ID = 'mcp-conform-call-answered';
export const HELD_CALL_ID = 'mcp-conform-call-held';

/** The newest legacy version the server accepted when probed. */
function newestLegacy(ctx: CheckContext): ProtocolVersion {
  const legacy = ctx.acceptedVersions.filter((v) => eraOf(v) === 'legacy').sort(compareVersions);
  if (legacy.length === 0) ctx.skip('the server accepted no initialize-era protocol version when probed');
  return legacy.at(-1)!;
}

/**
 * Sends `initialize` in `version` with the session's declared capabilities and returns the frame of its answer. A
 * refusal fails the check, as a broken handshake does for every check (the server accepted `version` when probed).
 */
async function initialize(ctx: CheckContext, version: ProtocolVersion, session: ProbeSession): Promise<WireFrameEvent | undefined> {
  const response = await session.request('initialize', initializeParams(version, session.clientCapabilities), { timeoutMs: ctx.startupTimeoutMs });
  const declared = Object.keys(session.clientCapabilities).join(', ');
  if (!resultOf(response)) throw new ProtocolError(`the server answered initialize(${version}) declaring ${declared} with ${describeResponse(response)}, though it accepted ${version} before`);
  const id = (response as { id?: unknown }).id;
  return messagesIn(session).find(({ message }) => isResponseMessage(message) && message.id === id)?.frame;
}


/** What a handshake with callback capabilities declared showed: the runner's handshake probe, or the check's own. */
interface HandshakeSeen {
  /** The version proposed in `initialize`. */
  proposed: string;
  /** The client capabilities declared. */
  declared: string[];
  /** Every message the server sent, with its frame. */
  messages: Array<{ message: Record<string, unknown>; frame: WireFrameEvent }>;
  /** The frame of the `initialize` answer. */
  answer?: WireFrameEvent;
  /** The wire sequence number from which `notifications/initialized` was sent (undefined: not sent). */
  initializedSeq?: number;
  /** Why the handshake stopped early. */
  reason?: string;
}

/**
 * The handshake to judge: over stdio the runner's handshake probe (an unknown version proposed, every callback
 * capability declared; see handshake-probe.ts), which costs no server start of the check's own; otherwise, or when the
 * probe got no answer, a handshake on the check's own session in the newest initialize-era version the server
 * accepted, withholding `notifications/initialized` as the probe does when `withhold` is set.
 */
async function handshakeSeen(ctx: CheckContext, withhold: boolean): Promise<HandshakeSeen> {
  const probe: HandshakeProbe | undefined = ctx.handshakeProbe?.response ? ctx.handshakeProbe : undefined;
  if (probe) {
    const messages: HandshakeSeen['messages'] = [];
    for (const event of probe.wire) {
      if (event.kind !== 'frame' || event.direction !== 'in') continue;
      for (const message of Array.isArray(event.message) ? event.message : [event.message]) if (isObject(message)) messages.push({ message, frame: event });
    }
    const answer = probe.answerSeq === undefined ? undefined : messages.find((m) => m.frame.seq === probe.answerSeq)?.frame;
    return {
      proposed: probe.proposed,
      declared: Object.keys(probe.declared),
      messages,
      ...(answer ? { answer } : {}),
      ...(probe.initializedSeq === undefined ? {} : { initializedSeq: probe.initializedSeq }),
      ...(probe.reason ? { reason: probe.reason } : {}),
    };
  }
  const version = newestLegacy(ctx);
  // A session of its own, started here (the check's session starts only on use, and the capabilities must be declared
  // on a started one before initialize reads them).
  const session = await ctx.openSession();
  session.declareClientCapabilities(callbackCapabilities(version));
  const answer = await initialize(ctx, version, session);
  let initializedSeq: number | undefined;
  if (withhold) {
    // "The client SHOULD NOT send requests other than pings before the server has responded to the initialize
    // request": a ping is allowed at any time, and its answer marks the point by which the server has handled the
    // handshake.
    await session.request('ping', undefined, { timeoutMs: ctx.requestTimeoutMs }).catch(() => undefined);
    await session.collect(SERVER_WAIT_WINDOW_MS);
    initializedSeq = nextSeq(session);
    await session.notify('notifications/initialized');
    const from = initializedSeq;
    await waitUntil(session, () => serverRequestsIn(session).some(({ message, frame: f }) => f.seq >= from && message.method !== 'ping'), AFTER_INITIALIZED_WINDOW_MS);
  }
  return {
    proposed: version,
    declared: Object.keys(session.clientCapabilities),
    messages: messagesIn(session),
    ...(answer ? { answer } : {}),
    ...(initializedSeq === undefined ? {} : { initializedSeq }),
  };
}

/**
 * "The initialization phase MUST be the first interaction between client and server" (server half). The harness opens
 * a fresh connection, declares the capabilities that let a server call back (roots, sampling, elicitation) and sends
 * `initialize` at once; everything the server sent before its answer must be a `ping` request or a log message
 * (`notifications/message`), the two things the lifecycle lets a server send early ("The server SHOULD NOT send
 * requests other than pings and logging before receiving the initialized notification"). On stdio this covers what a
 * server writes as it starts; on Streamable HTTP, what comes on the `initialize` response stream before the result.
 * It runs once per target. Over stdio it judges the runner's handshake probe (handshake-probe.ts: `initialize` with an
 * unknown version, every callback capability declared), which starts beside the version probes; elsewhere, or when that
 * probe got no answer, it runs the handshake itself in the newest initialize-era version the server accepted.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#initialization
 */
export const lifecycleNothingBeforeInitialize = defineCheck({
  id: 'lifecycle/nothing-before-initialize',
  title: 'Before initialize is answered the server sends nothing but pings and log messages',
  level: 'MUST',
  requirements: ['lifecycle.init.first-interaction'],
  versions: versionsWith('initialize'),
  matrix: 'once',
  session: 'raw',
  lazySession: true,
  judgesProbe: 'handshake',
  spec: LIFECYCLE_SPEC,
  async run(ctx) {
    const seen = await handshakeSeen(ctx, false);
    const before = seen.messages.filter((m) => seen.answer === undefined || m.frame.seq < seen.answer.seq);
    const early = before.filter(({ message }) => typeof message.method === 'string');
    const offending = early.filter(({ message }) => ('id' in message ? message.method !== 'ping' : message.method !== 'notifications/message'));
    for (const { message, frame: f } of offending) {
      const kind = 'id' in message ? 'a request other than ping' : 'a notification other than a log message';
      ctx.violation(`before answering initialize(${seen.proposed}) the server sent ${named(message)}, ${kind}; the initialization phase MUST be the first interaction between client and server`, {
        evidence: [f, ...(seen.answer ? [seen.answer] : [])],
      });
    }
    if (offending.length > 0) return;
    ctx.observe(
      early.length === 0
        ? `the server sent nothing before answering initialize(${seen.proposed}) (the harness declared ${seen.declared.join(', ')})`
        : `before answering initialize(${seen.proposed}) the server sent only ${early.map(({ message }) => named(message)).join(', ')}, which the lifecycle allows`,
      seen.answer ? [seen.answer] : undefined,
    );
  },
});

/**
 * "The server SHOULD NOT send requests other than pings and logging before receiving the initialized notification."
 * The harness declares roots, sampling and elicitation (where the version defines it) in `initialize`, pings, and
 * withholds `notifications/initialized` until {@link SERVER_WAIT_WINDOW_MS} after the ping's answer, and answers any request the server sends meanwhile
 * harmlessly; every request but `ping` before `notifications/initialized` warns. It then sends the notification and
 * watches {@link AFTER_INITIALIZED_WINDOW_MS} more, to report when the server did ask. The sentence is the same in every
 * initialize-era version, so the check runs once per target, in the newest such version the server accepted (the one
 * that defines the most client capabilities): per version it would cost a server start and the whole wait each time
 * (a full run against server-everything over stdio, on a loaded 2-core machine, took 6–8 s longer with this check and
 * cancellation/server-cancels-own-requests run per version, and about 1 s longer with both run once and listed early
 * in ALL_CHECKS, so that their waits overlap other checks). Over stdio it judges the runner's handshake probe (the
 * unknown version proposed, the server's counter-offer entered), which starts beside the version probes and also
 * serves lifecycle/nothing-before-initialize and version/negotiation: no server start of its own. Streamable HTTP is
 * left out:
 * there a server has no stream to send requests on until the client opens the standalone GET stream, which the
 * harness (like the SDK client) does only after `notifications/initialized`, and what comes on the `initialize`
 * response stream is lifecycle/nothing-before-initialize's.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#initialization
 */
export const lifecycleServerWaitsForInitialized = defineCheck({
  id: 'lifecycle/server-waits-for-initialized',
  title: 'The server sends no request but ping before notifications/initialized',
  level: 'SHOULD',
  requirements: ['lifecycle.init.server-wait'],
  versions: versionsWith('initialize'),
  transports: ['stdio', 'sse', 'websocket', 'memory'],
  matrix: 'once',
  session: 'raw',
  lazySession: true,
  judgesProbe: 'handshake',
  spec: LIFECYCLE_SPEC,
  async run(ctx) {
    const seen = await handshakeSeen(ctx, true);
    if (seen.initializedSeq === undefined) return ctx.skip(`the server did not answer initialize(${seen.proposed}) with a version, so there was no notifications/initialized to withhold${seen.reason ? ` (${seen.reason})` : ''}`);
    const requests = seen.messages.filter(({ message }) => typeof message.method === 'string' && 'id' in message && message.method !== 'ping');
    const early = requests.filter(({ frame: f }) => f.seq < seen.initializedSeq!);
    for (const { message, frame: f } of early) {
      const when = seen.answer === undefined || f.seq > seen.answer.seq ? 'after answering initialize' : 'before answering initialize';
      ctx.violation(`the server sent ${named(message)} ${when}, before the harness sent notifications/initialized; a server SHOULD NOT send requests other than pings and logging before receiving the initialized notification`, {
        evidence: [f],
      });
    }
    if (early.length > 0) return;
    const first = requests.find(({ frame: f }) => f.seq >= seen.initializedSeq!);
    ctx.observe(
      first
        ? `the server sent no request while the harness withheld notifications/initialized (until ${SERVER_WAIT_WINDOW_MS} ms after the server answered a ping), and sent ${named(first.message)} after it`
        : `the server sent no request but ping while the harness withheld notifications/initialized (until ${SERVER_WAIT_WINDOW_MS} ms after the server answered a ping; declaring ${seen.declared.join(', ')})`,
      first ? [first.frame] : seen.answer ? [seen.answer] : undefined,
    );
  },
});

/** A call of the profile tool, its response (or why there is none) kept rather than thrown. */
function callTool(session: ProbeSession, call: ServerRequestCall, id: RequestId, timeoutMs: number): Promise<{ response?: JsonRpcResponse; error?: unknown }> {
  return session.request('tools/call', { name: call.tool, arguments: call.arguments ?? {} }, { id, timeoutMs }).then(
    (response) => ({ response }),
    // Kept, not thrown: if the check stops early, nobody awaits this promise any more.
    (error: unknown) => ({ error }),
  );
}

/**
 * Cancellation notifications "MUST only reference requests that: Were previously issued in the same direction; Are
 * believed to still be in-progress" (2025-11-25 basic/utilities/cancellation, Behavior Requirements 1). The harness
 * declares the one capability the profile's `serverRequests` call needs and calls its tool twice: the first time it
 * answers the server's request at once and lets the call finish; the second time it leaves the server's request
 * unanswered and cancels the call, which gives the server a reason to cancel its own pending request. It then answers
 * that request if it is still pending, and pings. Every `notifications/cancelled` the server sent must name a request
 * the server sent (not one of the harness's), and one the server could still believe in progress: a cancellation that
 * comes after the server answered a request the harness sent after its answer (so the server had read it) is too late.
 * A server that cancels nothing gives nothing to judge, and the check skips. Like
 * lifecycle/server-waits-for-initialized it runs once per target, in the newest initialize-era version the server
 * accepted, and only in the initialize era: in
 * 2026-07-28 a server sends no requests, and its only cancellations end `subscriptions/listen` streams
 * (capabilities/respected judges what they name).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/cancellation#behavior-requirements
 */
export const cancellationServerCancelsOwnRequests = defineCheck({
  id: 'cancellation/server-cancels-own-requests',
  title: 'The server cancels only its own requests, and only while they are unanswered',
  level: 'MUST',
  requirements: ['cancel.same-direction', 'cancel.in-progress-only'],
  versions: versionsWith('serverRequests'),
  needs: { profile: 'serverRequests' },
  matrix: 'once',
  session: 'raw',
  // Two calls of the profile tool and their waits, each bounded by the request time limit.
  timeoutMs: 30_000,
  spec: CANCELLATION_SPEC,
  async run(ctx) {
    const version = newestLegacy(ctx);
    const session = ctx.session;
    const call = serverRequestCallFor(ctx, version);
    const method = inputMethodOf(call.capability);
    session.declareClientCapabilities({ [call.capability]: {} });
    const { capabilities } = await enterVersion(session, version, ctx.startupTimeoutMs);
    if (!('tools' in capabilities)) ctx.skip(`the server did not declare the tools capability in ${version}`);

    // First call: the server's request is answered at once (the default answer) and the call finishes.
    const first = await callTool(session, call, ANSWERED_CALL_ID, ctx.requestTimeoutMs);
    if (first.error) throw first.error;
    const asked = serverRequestsIn(session).filter(({ message }) => message.method === method);
    if (asked.length === 0) ctx.skip(`the profile's tool "${call.tool}" sent no ${method} request during its call (${describeResponse(first.response!)})`);
    await session.request('ping');

    // Second call: the server's request is held unanswered, and the call is cancelled.
    const held: ServerRequest[] = [];
    session.answerServerRequestsWith((request) => {
      if (request.method !== method || held.length > 0) return defaultServerRequestAnswer(request, session.clientCapabilities);
      held.push(request);
      return undefined;
    });
    const second = callTool(session, call, HELD_CALL_ID, ctx.requestTimeoutMs);
    let secondDone = false;
    void second.then(() => void (secondDone = true));
    await waitUntil(session, () => held.length > 0 || secondDone, ctx.requestTimeoutMs);
    const pending = held[0];
    if (!pending) {
      const outcome = await second;
      if (outcome.error && !(outcome.error instanceof TimeoutError)) throw outcome.error;
      return ctx.skip(`the second call of "${call.tool}" sent no ${method} request (${outcome.response ? describeResponse(outcome.response) : 'no answer'}), so there was no pending request for the server to cancel`);
    }
    await session.notify('notifications/cancelled', { requestId: HELD_CALL_ID, reason: 'mcp-conform: cancelling the call to see what the server does with its pending request' });
    const cancelsOf = (id: unknown) => messagesIn(session).some(({ message }) => message.method === 'notifications/cancelled' && isObject(message.params) && message.params.requestId === id);
    await waitUntil(session, () => cancelsOf(pending.id), SERVER_CANCEL_WATCH_MS);
    session.answerServerRequestsWith(undefined);
    if (!cancelsOf(pending.id)) await session.respond(pending.id, defaultServerRequestAnswer(pending, session.clientCapabilities));
    await session.request('ping');

    judgeServerCancellations(ctx, session, { call, method, pendingId: pending.id });
  },
});

/** Judges every `notifications/cancelled` the server sent on the session (see cancellationServerCancelsOwnRequests). */
function judgeServerCancellations(ctx: CheckContext, session: ProbeSession, what: { call: ServerRequestCall; method: string; pendingId: RequestId }): void {
  const frames = session.wire.events.filter((e): e is WireFrameEvent => e.kind === 'frame' && e.message !== undefined);
  const itemsOf = (f: WireFrameEvent) => (Array.isArray(f.message) ? f.message : [f.message]).filter(isObject);
  // What the server asked, what the harness asked and answered, by id, with the wire position of each.
  const serverRequests = new Map<string, { method: string; seq: number }>();
  const harnessRequests = new Map<string, { method: string; seq: number }>();
  const harnessAnswers = new Map<string, number>();
  const serverAnswers: Array<{ id: string; seq: number }> = [];
  const cancellations: Array<{ requestId: unknown; frame: WireFrameEvent }> = [];
  for (const frame of frames) {
    for (const message of itemsOf(frame)) {
      const isRequest = typeof message.method === 'string' && 'id' in message;
      if (frame.direction === 'in') {
        if (isRequest) serverRequests.set(idKey(message.id), { method: String(message.method), seq: frame.seq });
        else if (isResponseMessage(message)) serverAnswers.push({ id: idKey(message.id), seq: frame.seq });
        else if (message.method === 'notifications/cancelled') cancellations.push({ requestId: isObject(message.params) ? message.params.requestId : undefined, frame });
      } else if (isRequest) harnessRequests.set(idKey(message.id), { method: String(message.method), seq: frame.seq });
      else if (isResponseMessage(message)) harnessAnswers.set(idKey(message.id), frame.seq);
    }
  }
  if (cancellations.length === 0) {
    ctx.skip(
      `the server cancelled none of its requests (when the harness cancelled the tools/call of "${what.call.tool}" while its ${what.method} (id ${JSON.stringify(what.pendingId)}) was unanswered, no notifications/cancelled came within ${SERVER_CANCEL_WATCH_MS} ms), so there was no cancellation to judge`,
    );
  }
  let valid = 0;
  for (const { requestId, frame } of cancellations) {
    const key = idKey(requestId);
    const own = serverRequests.get(key);
    if (!own || own.seq > frame.seq) {
      const theirs = harnessRequests.get(key);
      const whose = theirs ? `the id of the harness's ${theirs.method}` : 'an id the server never used for a request';
      ctx.violation(`the server sent notifications/cancelled for ${JSON.stringify(requestId)}, ${whose}; cancellation notifications MUST only reference requests previously issued in the same direction`, {
        evidence: [frame],
      });
      continue;
    }
    const answeredSeq = harnessAnswers.get(key);
    // Proof that the server had read the answer: it answered a request the harness sent after it, before cancelling.
    const proof =
      answeredSeq !== undefined && answeredSeq < frame.seq
        ? serverAnswers.find((a) => a.seq < frame.seq && (harnessRequests.get(a.id)?.seq ?? -1) > answeredSeq)
        : undefined;
    if (proof) {
      ctx.violation(
        `the server cancelled its ${own.method} (id ${JSON.stringify(requestId)}) after the harness had answered it and the server had since answered the harness's ${harnessRequests.get(proof.id)!.method}, so it was no longer in progress; cancellation notifications MUST only reference requests that are believed to still be in-progress`,
        { evidence: [frame] },
      );
      continue;
    }
    valid += 1;
    ctx.observe(`the server cancelled its own ${own.method} (id ${JSON.stringify(requestId)}) while it was unanswered`, [frame]);
  }
  if (valid > 1) ctx.observe(`${valid} cancellations, each of a request the server sent and the harness had not answered`);
}

/** The checks of this file and of server-requests-mrtr.ts, in report order. */
export const SERVER_REQUEST_CHECKS: readonly CheckDefinition[] = [
  lifecycleNothingBeforeInitialize,
  lifecycleServerWaitsForInitialized,
  cancellationServerCancelsOwnRequests,
  modernInputRequiredReask,
  modernRequestStateVerified,
];
