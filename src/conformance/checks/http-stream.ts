/**
 * Streamable HTTP streams: the standalone GET stream (SSE or 405, never a response), event ids, resumption with
 * `Last-Event-ID`, and the 2025-11-25 polling rules (priming events, `retry` before an early close).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#listening-for-messages-from-the-server
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#resumability-and-redelivery
 */
import { supports, versionsWith } from '../../protocol/versions.js';
import type { WireEvent, WireHttpEvent } from '../../protocol/wire.js';
import type { CheckContext } from '../check-context.js';
import { defineCheck } from '../define-check.js';
import { getHeaders } from './http.js';
import { describeProbe, endpointOf, harmlessRequest, httpEndpointOf, httpProbe, isResponse, isResponseTo, messagesOfValue, postHeaders, probeMessages } from './lib-http-probe.js';

const SPEC_GET = 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#listening-for-messages-from-the-server';
const SPEC_RESUME = 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#resumability-and-redelivery';
const SPEC_SENDING = 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#sending-messages-to-the-server';

/**
 * The standalone GET stream the harness's transport opened after `notifications/initialized`, once answered; records a
 * violation and returns undefined when the server sent no response head in time.
 */
async function harnessGetStream(ctx: CheckContext): Promise<{ request: WireHttpEvent; response: WireHttpEvent } | undefined> {
  const deadline = Date.now() + ctx.requestTimeoutMs;
  for (;;) {
    const events = ctx.session.wire.events;
    const request = events.find((e): e is WireHttpEvent => e.kind === 'http' && e.direction === 'out' && e.method === 'GET' && e.headers['last-event-id'] === undefined);
    const response = request && events.find((e): e is WireHttpEvent => e.kind === 'http' && e.direction === 'in' && e.exchange === request.exchange);
    if (request && response) return { request, response };
    if (Date.now() > deadline) {
      if (!request) throw new Error('the harness transport opened no GET stream after notifications/initialized');
      ctx.violation(`GET got no response head within ${ctx.requestTimeoutMs} ms`, { evidence: [request] });
      return undefined;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * "The server MUST either return Content-Type: text/event-stream in response to this HTTP GET, or else return HTTP
 * 405 Method Not Allowed". The check reads the answer to the GET the harness opened after initializing (a second GET
 * could meet the reference SDK's 409 for a stream that is already open, which the specification does not name).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#listening-for-messages-from-the-server
 */
export const getSseOr405 = defineCheck({
  id: 'http-stream/get-sse-or-405',
  title: 'GET on the MCP endpoint opens an SSE stream or gets 405 Method Not Allowed',
  level: 'MUST',
  requirements: ['transport.http.get.sse-or-405', 'transport.http.single-endpoint'],
  versions: versionsWith('getStream'),
  transports: ['streamable-http'],
  spec: SPEC_GET,
  async run(ctx) {
    const stream = await harnessGetStream(ctx);
    if (!stream) return;
    const { request, response } = stream;
    const mediaType = (response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (response.status === 405) ctx.observe('GET got 405 Method Not Allowed (the server offers no GET stream)');
    else if (response.status === 200 && mediaType === 'text/event-stream') ctx.observe('GET opened a text/event-stream');
    else ctx.violation(`GET got HTTP ${response.status}${mediaType ? ` (${mediaType})` : ''} instead of text/event-stream or 405 Method Not Allowed`, { evidence: [request, response] });
  },
});

/**
 * "The server MUST NOT send a JSON-RPC response on the stream unless resuming a stream associated with a previous
 * client request." The check keeps the GET stream open while it sends requests, and reads what arrived on it.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#listening-for-messages-from-the-server
 */
export const getStreamNoResponse = defineCheck({
  id: 'http-stream/get-no-response',
  title: 'The GET stream never carries a JSON-RPC response',
  level: 'MUST',
  requirements: ['transport.http.get.no-response'],
  versions: versionsWith('getStream'),
  transports: ['streamable-http'],
  spec: SPEC_GET,
  async run(ctx) {
    const stream = await harnessGetStream(ctx);
    if (!stream) return;
    const { response } = stream;
    if (response.status !== 200) ctx.skip(`the server answered GET with HTTP ${response.status}: there is no GET stream`);
    const requests = [ctx.session.request('ping', undefined), ctx.session.request('ping', undefined)];
    if ('tools' in ctx.serverCapabilities) requests.push(ctx.session.request('tools/list', {}));
    await Promise.allSettled(requests);
    await ctx.session.collect(200);
    const onGet = ctx.session.wire.events.filter((e) => e.kind === 'frame' && e.direction === 'in' && e.meta?.exchange === response.exchange);
    const responses = onGet.filter((e) => e.kind === 'frame' && messagesOfValue(e.message).some(isResponse));
    if (responses.length > 0) {
      const shown = responses.slice(0, 2).map((e) => (e.kind === 'frame' ? e.raw.slice(0, 100) : '')).join(' | ');
      ctx.violation(`the GET stream carried ${responses.length} JSON-RPC response${responses.length > 1 ? 's' : ''}: ${shown}`, { evidence: responses });
      return;
    }
    ctx.observe(`${requests.length} requests answered; the GET stream carried ${onGet.length} messages, no response`);
  },
});

/**
 * Every SSE event id the server sent on the session's streams (priming events included), except replays. Only the
 * exchanges that carried the session's id count when it has one: the log may also hold exchanges that other checks
 * made without it (a new session's initialize, a request with an unknown id), whose streams belong to other sessions.
 */
function eventIds(events: readonly WireEvent[], sessionId: string | undefined): Array<{ id: string; event: WireEvent }> {
  const sent = events.filter((e): e is WireHttpEvent => e.kind === 'http' && e.direction === 'out');
  const resumed = new Set(sent.filter((e) => e.headers['last-event-id'] !== undefined).map((e) => e.exchange));
  // The first exchange opened the session: it was sent before the server issued the id.
  const foreign = new Set(sessionId === undefined ? [] : sent.slice(1).filter((e) => e.headers['mcp-session-id'] !== sessionId).map((e) => e.exchange));
  const skipped = (exchange: number | undefined): boolean => resumed.has(exchange ?? -1) || foreign.has(exchange ?? -1);
  const ids: Array<{ id: string; event: WireEvent }> = [];
  for (const e of events) {
    if (e.kind === 'frame' && e.direction === 'in' && e.meta?.sseEventId !== undefined && !skipped(e.meta.exchange)) ids.push({ id: e.meta.sseEventId, event: e });
    if (e.kind === 'lifecycle' && e.event === 'stream-open' && !skipped(e.code)) {
      const priming = /^priming event id (.+)$/.exec(e.detail ?? '');
      if (priming) ids.push({ id: priming[1]!, event: e });
    }
  }
  return ids;
}

/**
 * "Servers MAY attach an id field to their SSE events … If present, the ID MUST be globally unique across all
 * streams within that session". The check sends a few requests and collects every event id of every stream.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#resumability-and-redelivery
 */
export const eventIdsUnique = defineCheck({
  id: 'http-stream/event-ids-unique',
  title: 'SSE event ids are unique across every stream of a session',
  level: 'MUST',
  requirements: ['transport.http.resume.event-id-unique'],
  versions: versionsWith('resumability'),
  transports: ['streamable-http'],
  // A judge of the session's traffic: it reads the ids of every stream of its version's shared session.
  session: 'shared',
  observesSession: true,
  spec: SPEC_RESUME,
  async run(ctx) {
    const requests = [0, 1, 2].map(() => ctx.session.request('ping', undefined));
    if ('tools' in ctx.serverCapabilities) requests.push(ctx.session.request('tools/list', {}));
    await Promise.allSettled(requests);
    await ctx.session.collect(100);
    const ids = eventIds(ctx.session.wire.events, httpEndpointOf(ctx.session)?.sessionId);
    if (ids.length === 0) ctx.skip('the server attached no id to any SSE event (ids are optional)');
    const byId = new Map<string, WireEvent[]>();
    for (const { id, event } of ids) byId.set(id, [...(byId.get(id) ?? []), event]);
    const duplicates = [...byId].filter(([, events]) => events.length > 1);
    if (duplicates.length > 0) {
      const shown = duplicates.slice(0, 3).map(([id, events]) => `${JSON.stringify(id)} came ${events.length} times`);
      ctx.violation(`event ids repeat within one session: ${shown.join(', ')}${duplicates.length > 3 ? ', …' : ''}`, { evidence: duplicates.flatMap(([, events]) => events) });
      return;
    }
    ctx.observe(`${ids.length} SSE event ids, all distinct`);
  },
});

/** How long the resumed stream is read for the answer to the request whose stream was cut. @default 1_500 */
export const RESUME_RESPONSE_WAIT_MS = 1_500;
/** How long it is read for replayed messages when the event read before the cut already carried that answer. @default 300 */
export const RESUME_REPLAY_WAIT_MS = 300;

/**
 * "The server MAY use this header to replay messages that would have been sent after the last event ID, on the
 * stream that was disconnected … The server MUST NOT replay messages that would have been delivered on a different
 * stream." The check answers one request in full, then opens a second POST stream, drops the connection after its
 * first event and resumes from that event's id with a GET: only the second request's messages may come back.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#resumability-and-redelivery
 */
export const resumeSameStreamOnly = defineCheck({
  id: 'http-stream/resume-same-stream-only',
  title: 'Resuming with Last-Event-ID replays only the messages of that stream',
  level: 'MUST',
  requirements: ['transport.http.resume.replay-same-stream-only', 'transport.http.resume.via-get-always'],
  versions: versionsWith('resumability'),
  transports: ['streamable-http'],
  spec: SPEC_RESUME,
  async run(ctx) {
    const endpoint = endpointOf(ctx.session, ctx.skip, ctx.http);
    const version = ctx.version!;
    // Another request answered first, on its own stream: its response must never come back on the resumed one.
    const other = 'mcp-conform-resume-other';
    const id = 'mcp-conform-resume';
    const options = { wire: ctx.session.wire, transport: ctx.transport, timeoutMs: ctx.requestTimeoutMs, signal: ctx.signal };
    const post = (requestId: string, untilFirstEvent: boolean) => {
      const { message } = harmlessRequest(version, requestId);
      const until = untilFirstEvent ? { maxEvents: 1 } : { untilResponseId: requestId };
      return httpProbe({ method: 'POST', url: endpoint.url, headers: postHeaders(endpoint, version, message), body: JSON.stringify(message) }, { ...options, ...until });
    };
    await post(other, false);
    // The harness "loses" the connection after the stream's first event, as a client whose network broke would.
    const first = await post(id, true);
    if (!first.sse) return ctx.skip(`the server answered with ${first.mediaType || 'no content type'}, not an SSE stream, so there is nothing to resume`);
    const from = first.sse.ids[0];
    if (from === undefined) return ctx.skip('the server attached no id to the SSE events of the stream, so it cannot be resumed');
    // When the event read already carried the answer, nothing of that stream is left to replay, and a server that
    // replays (foreign messages or not) does so as soon as the GET arrives: a short wait shows it.
    const answered = probeMessages(first).some((m) => isResponseTo(m, id));
    const waitMs = Math.min(ctx.requestTimeoutMs, answered ? RESUME_REPLAY_WAIT_MS : RESUME_RESPONSE_WAIT_MS);
    const resumed = await httpProbe({ method: 'GET', url: endpoint.url, headers: { ...getHeaders(endpoint, version), 'last-event-id': from } }, { ...options, timeoutMs: waitMs, untilResponseId: id });
    if (!resumed.sse) return ctx.skip(`resuming from event ${from} got ${describeProbe(resumed)}: the server does not replay (replay is optional)`);
    const foreign = probeMessages(resumed).filter((m) => isResponse(m) && !isResponseTo(m, id));
    if (foreign.length > 0) {
      ctx.violation(`resuming the stream of request "${id}" from event ${from} replayed ${foreign.length} response${foreign.length > 1 ? 's' : ''} to other requests: ${JSON.stringify(foreign[0]).slice(0, 120)}`, { evidence: [...first.evidence, ...resumed.evidence] });
      return;
    }
    ctx.observe(`resuming from event ${from} replayed ${probeMessages(resumed).length} messages, all of that stream`);
  },
});

/**
 * 2025-11-25 polling: "The server SHOULD immediately send an SSE event consisting of an event ID and an empty data
 * field in order to prime the client to reconnect" and "If the server does close the connection prior to terminating
 * the SSE stream, it SHOULD send an SSE event with a standard retry field before closing the connection."
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#sending-messages-to-the-server
 */
export const pollingPrimingAndRetry = defineCheck({
  id: 'http-stream/polling-priming-and-retry',
  title: '2025-11-25: an SSE answer starts with a priming event, and a stream closed early sent retry first',
  level: 'SHOULD',
  requirements: ['transport.http.poll.priming-event', 'transport.http.poll.retry-before-close'],
  versions: versionsWith('ssePolling'),
  transports: ['streamable-http'],
  spec: SPEC_SENDING,
  async run(ctx) {
    const endpoint = endpointOf(ctx.session, ctx.skip, ctx.http);
    const version = ctx.version!;
    const id = 'mcp-conform-polling';
    const { method, message } = harmlessRequest(version, id);
    const result = await httpProbe(
      { method: 'POST', url: endpoint.url, headers: postHeaders(endpoint, version, message), body: JSON.stringify(message) },
      { wire: ctx.session.wire, transport: ctx.transport, timeoutMs: ctx.requestTimeoutMs, untilResponseId: id, signal: ctx.signal },
    );
    if (!result.sse) return ctx.skip(`the server answered ${method} with ${result.mediaType || 'no content type'}, not an SSE stream`);
    const first = result.sse.events[0];
    if (first && first.id !== undefined && first.data === '') ctx.observe(`the stream began with the priming event id ${first.id}`);
    else ctx.violation(`the SSE stream of ${method} began with ${first ? `an event ${first.id === undefined ? 'without an id' : `with id ${first.id}`} and data ${JSON.stringify(first.data.slice(0, 60))}` : 'no event'}, not a priming event (an id and empty data)`, { evidence: result.evidence });
    if (!result.sse.responseSeen && result.sse.ended !== 'timeout' && supports(version, 'ssePolling')) {
      if (result.sse.retries.length === 0) ctx.violation(`the server closed the SSE stream of ${method} before its response without sending a retry field`, { evidence: result.evidence });
      else ctx.observe(`the server closed the stream early after retry ${result.sse.retries.at(-1)} ms`);
    }
  },
});

/** The stream checks, in report order. */
export const HTTP_STREAM_CHECKS = [getSseOr405, getStreamNoResponse, eventIdsUnique, resumeSameStreamOnly, pollingPrimingAndRetry] as const;
