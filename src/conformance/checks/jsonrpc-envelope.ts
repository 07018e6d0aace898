/**
 * JSON-RPC 2.0 envelope rules beyond the first checks: the shape of everything the server sends, and its answers to
 * frames that are not valid requests (parse errors, invalid requests, batches).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic#messages
 * @see https://www.jsonrpc.org/specification
 */
import { PROTOCOL_VERSIONS, isVersionInRange, supports, versionsWith } from '../../protocol/versions.js';
import type { JsonRpcMessage, JsonRpcResponse } from '../../protocol/jsonrpc.js';
import type { WireEvent, WireFrameEvent } from '../../protocol/wire.js';
import type { CheckContext } from '../check-context.js';
import { defineCheck } from '../define-check.js';
import type { ProbeSession } from '../probe-session.js';
import { describeResponse, errorOf, truncate } from '../handshake.js';
import { isObject, isResponseMessage, messagesIn, responseBeforeMarker, responsesBeforeMarker, stillAnswers } from './lib-features.js';

/**
 * The longest the harness waits for the answer to a raw frame (the shared session is warm by then: a live server
 * answers in milliseconds); it stops sooner once a marker request sent after the frame is answered
 * (see responseBeforeMarker). @default 1_000
 */
export const RAW_ANSWER_MS = 1_000;

/** How a missing answer to a raw frame is described. */
const NO_ANSWER = `before the answer to a request sent after it (waited at most ${RAW_ANSWER_MS} ms)`;

/**
 * 2025-11-25 `Error.message`: "The error message SHOULD be limited to a concise single sentence." Every error response
 * the server sent on the shared session (the envelope itself is jsonrpc/server-messages-valid's) is read; an empty
 * or multi-line message warns. The check provokes errors of its own: an unknown method, and a `tools/call`,
 * `resources/read` or `prompts/get` without its required parameter where declared.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/schema#error
 */
export const envelopeErrorMessagesConcise = defineCheck({
  id: 'jsonrpc-envelope/error-messages-concise',
  title: 'Error messages are one concise sentence',
  level: 'SHOULD',
  requirements: ['jsonrpc.error.message-concise'],
  versions: PROTOCOL_VERSIONS.filter((v) => isVersionInRange(v, '2025-11-25')),
  session: 'shared',
  observesSession: true,
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/schema#error',
  async run(ctx) {
    const session = ctx.session;
    await session.request('mcp-conform/does-not-exist', {});
    if ('tools' in ctx.serverCapabilities) await session.request('tools/call', {});
    if ('resources' in ctx.serverCapabilities) await session.request('resources/read', {});
    if ('prompts' in ctx.serverCapabilities) await session.request('prompts/get', {});
    // Read once every judge running beside this one has made its requests (see createGathering).
    await ctx.session.collect(0);
    const ids: string[] = [];
    const frames: WireFrameEvent[] = [];
    let errors = 0;
    for (const { message, frame } of messagesIn(session)) {
      if (!isObject(message.error) || typeof message.error.message !== 'string') continue;
      errors += 1;
      const text = message.error.message;
      if (text.trim() === '' || text.includes('\n')) {
        ids.push(JSON.stringify(message.id ?? null));
        frames.push(frame);
      }
    }
    if (ids.length > 0) {
      ctx.violation(`${ids.length} error responses (ids ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}) have an empty or multi-line message; 2025-11-25 says it SHOULD be a concise single sentence`, { evidence: frames });
    } else ctx.observe(`${errors} error messages, each on one line`);
  },
});

/** Frames that are JSON but not valid requests, the id to expect the error on, and why each is invalid. */
const INVALID_REQUESTS = [
  { frame: '{"jsonrpc":"2.0","id":"mcp-conform-invalid-1"}', id: 'mcp-conform-invalid-1', why: 'a request without a method' },
  { frame: '{"jsonrpc":"2.0","id":"mcp-conform-invalid-2","method":42}', id: 'mcp-conform-invalid-2', why: 'a request whose method is a number' },
] as const;

/** A ping whose id is null: no valid request in MCP. */
const NULL_ID_PING = '{"jsonrpc":"2.0","id":null,"method":"ping"}';

/**
 * JSON-RPC 2.0: "-32600 Invalid Request: The JSON sent is not a valid Request object", answered "with an error";
 * MCP: "Unlike base JSON-RPC, the ID MUST NOT be null", so `ping` with `"id": null` is no valid request either and
 * should not succeed (a warning: the MUST binds the sender, base JSON-RPC allows a null id). The error may carry the
 * request's id or null.
 * @see https://www.jsonrpc.org/specification#error_object
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic#requests
 */
export const envelopeInvalidRequest = defineCheck({
  id: 'jsonrpc-envelope/invalid-request',
  title: 'A frame that is not a valid request gets error -32600, and a request with id null never succeeds',
  level: 'MUST',
  requirements: ['jsonrpc.error.invalid-request-32600', 'jsonrpc.id.not-null'],
  transports: ['stdio', 'websocket'],
  session: 'shared',
  besideConcurrent: true,
  spec: 'https://www.jsonrpc.org/specification#error_object',
  async run(ctx) {
    const session = ctx.session;
    // All three frames, behind one marker. The two invalid requests carry ids, and their errors may carry them or
    // null; the ping's id is null, so any answer to it is null too. When no null-id answer comes, nothing was
    // answered that way; when both invalid requests got answers with their ids, a single null-id answer is the
    // ping's. Otherwise the null-id answers can only be told apart by their order, which a server that handles frames
    // concurrently does not keep, and the frames are sent again: the two invalid requests behind a marker of their
    // own (when the errors are all the -32600 each frame is owed, one per frame without an answer of its own, which
    // frame got which does not matter), or else one at a time, each behind its own marker; then the ping.
    const start = session.received.length;
    for (const { frame } of INVALID_REQUESTS) await session.sendRaw(frame);
    await session.sendRaw(NULL_ID_PING);
    const byIdTogether = await responsesBeforeMarker(session, ctx.version!, INVALID_REQUESTS.map((r) => r.id), RAW_ANSWER_MS, start);
    const nullsTogether = nullIdResponses(session, start);
    let answers: Array<JsonRpcResponse | undefined>;
    let nullAnswer: JsonRpcResponse | undefined;
    if (nullsTogether.length === 0 || (nullsTogether.length === 1 && byIdTogether.every((answer) => answer !== undefined))) {
      answers = byIdTogether;
      nullAnswer = nullsTogether[0];
    } else {
      const again = session.received.length;
      for (const { frame } of INVALID_REQUESTS) await session.sendRaw(frame);
      const byId = await responsesBeforeMarker(session, ctx.version!, INVALID_REQUESTS.map((r) => r.id), RAW_ANSWER_MS, again);
      const nullAnswers = nullIdResponses(session, again);
      const unanswered = byId.filter((answer) => answer === undefined).length;
      const exact = nullAnswers.length === 0 || (nullAnswers.length === unanswered && nullAnswers.every((answer) => errorOf(answer)?.code === -32600));
      answers = exact
        ? byId.map((answer) => answer ?? nullAnswers.shift())
        : await oneAtATime(INVALID_REQUESTS, async ({ frame, id }) => {
            const from = session.received.length;
            await session.sendRaw(frame);
            return (await responseBeforeMarker(session, ctx.version!, id, RAW_ANSWER_MS, from)) ?? nullIdResponses(session, from)[0];
          });
      const from = session.received.length;
      await session.sendRaw(NULL_ID_PING);
      nullAnswer = await responseBeforeMarker(session, ctx.version!, null, RAW_ANSWER_MS, from);
    }
    for (const [index, { frame, why }] of INVALID_REQUESTS.entries()) {
      const answer = answers[index];
      const error = answer ? errorOf(answer) : undefined;
      if (!answer) ctx.violation(`${why} (${frame}) got no response ${NO_ANSWER} instead of error -32600`);
      else if (!error) ctx.violation(`${why} (${frame}) got ${describeResponse(answer)} instead of error -32600`);
      else if (error.code !== -32600) ctx.violation(`${why} (${frame}) got error code ${String(error.code)} instead of -32600 (Invalid Request)`);
      else ctx.observe(`${why} got -32600`);
    }
    // The MUST binds the requester; refusing such a request is what the catalogue expects of the receiver, so a success only warns.
    if (nullAnswer && !errorOf(nullAnswer)) ctx.violation(`a ping with "id": null got ${describeResponse(nullAnswer)}; a request id MUST NOT be null, so it is no valid request`, { level: 'SHOULD' });
    else ctx.observe(`a ping with "id": null got ${nullAnswer ? describeResponse(nullAnswer) : 'no answer'}`);
    const dead = await stillAnswers(ctx);
    if (dead) ctx.violation(`after invalid requests the server stopped answering: ${dead}`);
  },
});

/** The responses with id null that the session received after its first `from` messages. */
function nullIdResponses(session: ProbeSession, from: number): JsonRpcResponse[] {
  return session.received.slice(from).filter((m) => isResponseMessage(m) && (m as { id?: unknown }).id === null) as JsonRpcResponse[];
}

/** Runs `step` for each item, one after another, and returns what each gave. */
async function oneAtATime<T, R>(items: readonly T[], step: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (const item of items) results.push(await step(item));
  return results;
}

/** A line that is not JSON. */
export const UNPARSEABLE_FRAME = '{"jsonrpc":"2.0","id":1,"method":';

/**
 * JSON-RPC 2.0: "-32700 Parse error: Invalid JSON was received by the server", answered with `"id": null` (2025-11-25
 * also allows no id: "except in error cases where the ID could not be read"). The server must keep answering. The
 * TypeScript SDK's stdio servers drop such lines silently (CATALOGUE §31 #7), and fail.
 * @see https://www.jsonrpc.org/specification#error_object
 */
export const envelopeParseError = defineCheck({
  id: 'jsonrpc-envelope/parse-error',
  title: 'A frame that is not JSON gets error -32700, and the server keeps answering',
  level: 'MUST',
  requirements: ['jsonrpc.error.parse-32700', 'jsonrpc.error.id-unreadable'],
  transports: ['stdio', 'websocket'],
  session: 'shared',
  besideConcurrent: true,
  spec: 'https://www.jsonrpc.org/specification#error_object',
  async run(ctx) {
    const session = ctx.session;
    const from = session.received.length;
    await session.sendRaw(UNPARSEABLE_FRAME);
    const answer = await responseBeforeMarker(session, ctx.version!, null, RAW_ANSWER_MS, from);
    const withoutId = session.received.slice(from).find((m) => isObject(m) && 'error' in m && !('id' in m)) as JsonRpcMessage | undefined;
    const got = answer ?? (withoutId && supports(ctx.version!, 'errorIdOptional') ? withoutId : undefined);
    const error = got ? errorOf(got as never) : undefined;
    if (!got) ctx.violation(`the unparseable frame ${JSON.stringify(UNPARSEABLE_FRAME)} got no error response ${NO_ANSWER} (JSON-RPC requires -32700 Parse error)`);
    else if (error?.code !== -32700) ctx.violation(`the unparseable frame got error code ${String(error?.code)} instead of -32700 (Parse error)`);
    else ctx.observe(`the unparseable frame got -32700 with ${'id' in (got as object) ? 'id null' : 'no id'}`);
    const dead = await stillAnswers(ctx);
    if (dead) ctx.violation(`after an unparseable frame the server stopped answering: ${dead}`);
  },
});

/** The ids of the two pings of batch-received's batch. */
const BATCH_PING_IDS: readonly string[] = ['mcp-conform-batch-1', 'mcp-conform-batch-2'];

/** batch-received's verdict on the batch of two pings, from each ping's answer. */
function judgeBatch(ctx: CheckContext, answers: ReadonlyArray<JsonRpcResponse | undefined>): void {
  const missing = BATCH_PING_IDS.filter((_, i) => answers[i] === undefined);
  if (missing.length > 0) ctx.violation(`a batch of two pings got no response for ${missing.map((id) => JSON.stringify(id)).join(' and ')} ${NO_ANSWER}`);
  else ctx.observe('a batch of two pings got both answered');
}

/** batch-received's verdict on the empty batch, from its null-id answer and the array frame it got, if any. */
function judgeEmptyBatch(ctx: CheckContext, answer: JsonRpcResponse | undefined, arrayFrame: WireEvent | undefined): void {
  if (arrayFrame) ctx.violation('an empty batch was answered with an array; JSON-RPC 2.0 answers it with a single error', { evidence: [arrayFrame] });
  else if (!answer) ctx.violation(`an empty batch ([]) got no error response ${NO_ANSWER} (JSON-RPC requires one -32600 error)`);
  else if (errorOf(answer)?.code !== -32600) ctx.violation(`an empty batch ([]) got ${truncate(describeResponse(answer), 120)} instead of error -32600`);
  else ctx.observe('an empty batch got one -32600 error');
}

/**
 * 2025-03-26: "MCP implementations MAY support sending JSON-RPC batches, but MUST support receiving JSON-RPC
 * batches": a batch of two pings gets both answered. JSON-RPC 2.0 §6: an empty array gets one -32600 error, "not an
 * Array".
 * @see https://modelcontextprotocol.io/specification/2025-03-26/basic#batching
 */
export const envelopeBatch = defineCheck({
  id: 'jsonrpc-envelope/batch-received',
  title: 'A batch of requests gets every request answered; an empty batch gets one -32600 error (2025-03-26)',
  level: 'MUST',
  requirements: ['jsonrpc.batch.receive', 'jsonrpc.batch.empty'],
  versions: versionsWith('batching'),
  transports: ['stdio', 'websocket'],
  session: 'shared',
  besideConcurrent: true,
  spec: 'https://modelcontextprotocol.io/specification/2025-03-26/basic#batching',
  async run(ctx) {
    const session = ctx.session;
    const ids = BATCH_PING_IDS;
    const batch = JSON.stringify(ids.map((id) => ({ jsonrpc: '2.0', id, method: 'ping' })));
    // Both frames, behind one marker. The pings' answers carry their ids; the empty batch is owed one error with id
    // null, which nothing else sent here provokes, unless the server refused the first batch as a whole (with id null
    // too, or with an array). So one null-id answer as a frame of its own is the empty batch's when both pings got
    // their answers, and none means the empty batch got none; any other mix (a null-id answer while a ping went
    // unanswered, two of them, an array that is not the pings' answers) is told apart by sending the two frames
    // again, one at a time, each behind its own marker.
    const from = session.received.length;
    const fromSeq = (session.wire.events.at(-1)?.seq ?? -1) + 1;
    await session.sendRaw(batch);
    await session.sendRaw('[]');
    const answers = await responsesBeforeMarker(session, ctx.version!, ids, RAW_ANSWER_MS, from);
    const nulls = nullIdResponses(session, from);
    const arrays = session.wire.events.filter((e): e is WireFrameEvent => e.kind === 'frame' && e.direction === 'in' && e.seq >= fromSeq && Array.isArray(e.message));
    const pingsOnly = (frame: WireFrameEvent): boolean =>
      (frame.message as unknown[]).length > 0 && (frame.message as unknown[]).every((m) => isResponseMessage(m) && ids.includes((m as { id?: unknown }).id as string));
    // An array of anything but the pings' answers (a null-id error inside one, an empty array) is no fast path.
    const exact = arrays.every(pingsOnly) && (nulls.length === 0 || (nulls.length === 1 && answers.every((a) => a !== undefined)));
    if (exact) {
      judgeBatch(ctx, answers);
      judgeEmptyBatch(ctx, nulls[0], undefined);
      return;
    }
    const again = session.received.length;
    await session.sendRaw(batch);
    judgeBatch(ctx, await responsesBeforeMarker(session, ctx.version!, ids, RAW_ANSWER_MS, again));
    const emptyFrom = session.wire.events.at(-1)?.seq ?? -1;
    const emptyReceived = session.received.length;
    await session.sendRaw('[]');
    const emptyAnswer = await responseBeforeMarker(session, ctx.version!, null, RAW_ANSWER_MS, emptyReceived);
    judgeEmptyBatch(ctx, emptyAnswer, session.wire.events.find((e) => e.kind === 'frame' && e.direction === 'in' && e.seq > emptyFrom && Array.isArray(e.message)));
  },
});
