/**
 * Streamable HTTP: status codes, content types, JSON or SSE answers, 202 for notifications, batches in 2025-03-26.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#sending-messages-to-the-server
 */
import { isVersionInRange, supports, versionsWith, type ProtocolVersion } from '../../protocol/versions.js';
import { defineCheck } from '../define-check.js';
import { truncate } from '../handshake.js';
import {
  describeProbe,
  endpointOf,
  harmlessRequest,
  httpProbe,
  postHeaders,
  probeMessages,
  probeResponse,
  responseHeadFor,
  type HttpEndpoint,
  type HttpProbeResult,
} from './lib-http-probe.js';
import type { CheckContext } from '../check-context.js';

const SPEC_SENDING = 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#sending-messages-to-the-server';

/** How long the harness waits, after a response on an SSE stream, for the server to end that stream. @default 2_000 */
export const SSE_END_AFTER_RESPONSE_MS = 2_000;

/**
 * "If the input is a JSON-RPC response or notification: If the server accepts the input, the server MUST return HTTP
 * status code 202 Accepted with no body. If the server cannot accept the input, it MUST return an HTTP error status
 * code." The check reads the answer to the harness's own `notifications/initialized` POST.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#sending-messages-to-the-server
 */
export const notificationAccepted202 = defineCheck({
  id: 'http/notification-accepted-202',
  title: 'A POSTed notification gets 202 Accepted with no body (or an HTTP error status)',
  level: 'MUST',
  requirements: ['transport.http.post.notification-202'],
  versions: versionsWith('sessions'),
  transports: ['streamable-http'],
  // Shared, beside the other concurrent checks: its HTTP exchanges are its own (answered on their own responses, with
  // ids of its own), they change nothing in the session, and a session costs the server an initialize, an initialized
  // and a DELETE.
  session: 'shared',
  concurrent: true,
  spec: SPEC_SENDING,
  async run(ctx) {
    const exchange = responseHeadFor(ctx.session.wire.events, (m) => m.method === 'notifications/initialized');
    if (!exchange?.response) throw new Error('the harness found no answer to its notifications/initialized POST in the wire log');
    const { status = 0, body } = exchange.response;
    const evidence = [exchange.request, exchange.response];
    if (status >= 400) {
      ctx.observe(`notifications/initialized was refused with HTTP ${status}, an HTTP error status`);
      return;
    }
    if (status !== 202) ctx.violation(`notifications/initialized got HTTP ${status} instead of 202 Accepted`, { evidence });
    else if (body) ctx.violation(`notifications/initialized got 202 Accepted with a body (${JSON.stringify(truncate(body, 80))}); it must have none`, { evidence });
    else ctx.observe('notifications/initialized got 202 Accepted with no body');
  },
});

/**
 * "If the server cannot accept the input, it MUST return an HTTP error status code (e.g., 400 Bad Request)." A
 * notification whose method is not a string cannot be accepted. A body that is not JSON at all (a JSON-RPC parse
 * error) only warns: the specification words that rule for responses and notifications.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#sending-messages-to-the-server
 */
export const malformedInputRejected = defineCheck({
  id: 'http/malformed-input-rejected',
  title: 'A malformed notification, and a body that is not JSON, get an HTTP error status',
  level: 'MUST',
  requirements: ['transport.http.post.notification-reject', 'transport.http.post.parse-error'],
  versions: versionsWith('streamableHttp'),
  transports: ['streamable-http'],
  // Shared, beside the other concurrent checks: its HTTP exchanges are its own (answered on their own responses, with
  // ids of its own), they change nothing in the session, and a session costs the server an initialize, an initialized
  // and a DELETE.
  session: 'shared',
  concurrent: true,
  spec: SPEC_SENDING,
  async run(ctx) {
    const endpoint = endpointOf(ctx.session, ctx.skip, ctx.http);
    const version = ctx.version!;
    const inputs = [
      { what: 'a notification whose method is 123', body: '{"jsonrpc":"2.0","method":123}', level: 'MUST' as const },
      { what: 'the body "{not json"', body: '{not json', level: 'SHOULD' as const },
    ];
    for (const input of inputs) {
      const result = await httpProbe(
        { method: 'POST', url: endpoint.url, headers: postHeaders(endpoint, version, undefined), body: input.body },
        { wire: ctx.session.wire, transport: ctx.transport, timeoutMs: ctx.requestTimeoutMs, signal: ctx.signal },
      );
      if (result.status >= 400 && result.status < 600) ctx.observe(`${input.what} got ${describeProbe(result)}`);
      else ctx.violation(`${input.what} got ${describeProbe(result)} instead of an HTTP error status`, { level: input.level, evidence: result.evidence });
    }
  },
});

/** Posts a harmless request with the session's headers and reads its answer. */
async function postHarmless(ctx: CheckContext, endpoint: HttpEndpoint, id: string, afterResponseMs = 0): Promise<HttpProbeResult> {
  const { message } = harmlessRequest(ctx.version!, id);
  return httpProbe(
    { method: 'POST', url: endpoint.url, headers: postHeaders(endpoint, ctx.version!, message), body: JSON.stringify(message) },
    { wire: ctx.session.wire, transport: ctx.transport, timeoutMs: ctx.requestTimeoutMs, untilResponseId: id, afterResponseMs, signal: ctx.signal },
  );
}

/**
 * "If the input is a JSON-RPC request, the server MUST either return Content-Type: text/event-stream, to initiate an
 * SSE stream, or Content-Type: application/json, to return one JSON object." On a stream: "The SSE stream SHOULD
 * eventually include a JSON-RPC response for the JSON-RPC request sent in the POST body" and "After the JSON-RPC
 * response has been sent, the server SHOULD terminate the SSE stream" (both SHOULDs warn). A 2025-11-25 stream that
 * closes early after an event id is resumed with `Last-Event-ID`, as polling allows.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#sending-messages-to-the-server
 */
export const requestAnsweredJsonOrSse = defineCheck({
  id: 'http/request-answered-json-or-sse',
  title: 'A POSTed request gets one JSON response, or an SSE stream that carries the response and then ends',
  level: 'MUST',
  requirements: [
    'transport.http.single-endpoint',
    'modern.http.post-only',
    'transport.http.post.request-content-type',
    'transport.http.post.json-one-object',
    'transport.http.sse.eventually-response',
    'transport.http.sse.no-early-close',
    'transport.http.sse.terminate-after-response',
  ],
  versions: versionsWith('streamableHttp'),
  transports: ['streamable-http'],
  timeoutMs: 20_000,
  // Shared, beside the other concurrent checks: its HTTP exchanges are its own (answered on their own responses, with
  // ids of its own), they change nothing in the session, and a session costs the server an initialize, an initialized
  // and a DELETE.
  session: 'shared',
  concurrent: true,
  spec: SPEC_SENDING,
  async run(ctx) {
    const endpoint = endpointOf(ctx.session, ctx.skip, ctx.http);
    const version = ctx.version!;
    const id = 'mcp-conform-http-1';
    const { method } = harmlessRequest(version, id);
    const result = await postHarmless(ctx, endpoint, id, SSE_END_AFTER_RESPONSE_MS);
    const evidence = result.evidence;
    if (result.status < 200 || result.status >= 300) {
      ctx.violation(`${method} got ${describeProbe(result)} instead of a 2xx answer`, { evidence });
      return;
    }
    if (result.mediaType === 'application/json') {
      checkJsonBody(ctx, version, method, id, result);
      return;
    }
    if (result.mediaType !== 'text/event-stream') {
      ctx.violation(`${method} was answered with Content-Type ${result.mediaType || '(none)'} instead of application/json or text/event-stream`, { evidence });
      return;
    }
    const sse = result.sse!;
    if (sse.responseSeen) {
      ctx.observe(`${method} was answered on an SSE stream`);
      if (sse.ended === 'server') ctx.observe('the server ended the stream after the response');
      else ctx.violation(`the server did not end the SSE stream within ${SSE_END_AFTER_RESPONSE_MS} ms of sending the response to ${method}`, { level: 'SHOULD', evidence });
      return;
    }
    const lastId = sse.ids.at(-1);
    if (supports(version, 'ssePolling') && lastId !== undefined && sse.ended === 'server') {
      // 2025-11-25: "the server MAY close the connection (without terminating the SSE stream) at any time".
      const resumed = await httpProbe(
        { method: 'GET', url: endpoint.url, headers: { ...getHeaders(endpoint, version), 'last-event-id': lastId } },
        { wire: ctx.session.wire, transport: ctx.transport, timeoutMs: ctx.requestTimeoutMs, untilResponseId: id, signal: ctx.signal },
      );
      if (probeResponse(resumed, id)) {
        ctx.observe(`${method} was answered after resuming the SSE stream from event ${lastId}`);
        return;
      }
      ctx.violation(`the SSE stream of ${method} closed before the response, and resuming it from event ${lastId} got ${describeProbe(resumed)} without the response`, { level: 'SHOULD', evidence: [...evidence, ...resumed.evidence] });
      return;
    }
    const how = sse.ended === 'timeout' ? `stayed open without it for ${ctx.requestTimeoutMs} ms` : `ended (${sse.ended}) without it`;
    ctx.violation(`the SSE stream of ${method} ${how}: ${sse.events.length} events, no response with id "${id}"`, { level: 'SHOULD', evidence });
  },
});

function checkJsonBody(ctx: CheckContext, version: ProtocolVersion, method: string, id: string, result: HttpProbeResult): void {
  const evidence = result.evidence;
  if (result.json === undefined) {
    ctx.violation(`${method} was answered with application/json whose body is not JSON: ${JSON.stringify(truncate(result.body, 80))}`, { evidence });
    return;
  }
  // 2025-03-26 allowed a batch of responses in one JSON body; from 2025-06-18 it is "one JSON object".
  if (Array.isArray(result.json) && isVersionInRange(version, '2025-06-18')) {
    ctx.violation(`${method} was answered with a JSON array; ${version} allows one JSON object`, { evidence });
    return;
  }
  if (!probeResponse(result, id)) {
    ctx.violation(`${method} was answered with a JSON body that is not the response with id "${id}": ${truncate(JSON.stringify(result.json), 120)}`, { evidence });
    return;
  }
  ctx.observe(`${method} was answered with one application/json response`);
}

/** The headers of a GET in `version`. */
export function getHeaders(endpoint: HttpEndpoint, version: ProtocolVersion): Record<string, string> {
  const headers = postHeaders(endpoint, version, undefined);
  delete headers['content-type'];
  return { ...headers, accept: 'text/event-stream' };
}

/**
 * 2025-03-26 only: "MCP implementations MAY support sending JSON-RPC batches, but MUST support receiving JSON-RPC
 * batches", and over Streamable HTTP a POST that "consists solely of (any number of) JSON-RPC responses or
 * notifications" gets "HTTP status code 202 Accepted with no body".
 * @see https://modelcontextprotocol.io/specification/2025-03-26/basic/transports#sending-messages-to-the-server
 */
export const batch20250326 = defineCheck({
  id: 'http/batch-received',
  title: '2025-03-26: a batch of requests gets every response; a batch of notifications gets 202',
  level: 'MUST',
  requirements: ['jsonrpc.batch.receive', 'jsonrpc.batch.notifications-only-202'],
  versions: versionsWith('batching'),
  transports: ['streamable-http'],
  spec: 'https://modelcontextprotocol.io/specification/2025-03-26/basic/transports#sending-messages-to-the-server',
  async run(ctx) {
    const endpoint = endpointOf(ctx.session, ctx.skip, ctx.http);
    const version = ctx.version!;
    const ids = ['mcp-conform-batch-1', 'mcp-conform-batch-2'];
    const requests = ids.map((id) => ({ jsonrpc: '2.0', id, method: 'ping' }));
    const options = { wire: ctx.session.wire, transport: ctx.transport, timeoutMs: ctx.requestTimeoutMs, signal: ctx.signal };
    const answered = await httpProbe({ method: 'POST', url: endpoint.url, headers: postHeaders(endpoint, version, undefined), body: JSON.stringify(requests) }, { ...options, untilResponseIds: ids });
    const missing = ids.filter((id) => !probeResponse(answered, id));
    if (answered.status < 200 || answered.status >= 300 || missing.length > 0) {
      ctx.violation(`a batch of two pings got ${describeProbe(answered)} with ${missing.length === 0 ? 'both responses' : `no response for ${missing.join(', ')}`}`, { evidence: answered.evidence });
    } else ctx.observe(`a batch of two pings got both responses (${probeMessages(answered).length} messages)`);

    const notifications = [1, 2].map((n) => ({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: `mcp-conform-none-${n}`, reason: 'mcp-conform batch probe' } }));
    const accepted = await httpProbe({ method: 'POST', url: endpoint.url, headers: postHeaders(endpoint, version, undefined), body: JSON.stringify(notifications) }, options);
    if (accepted.status === 202 && accepted.body === '' && !accepted.sse) ctx.observe('a batch of two notifications got 202 Accepted with no body');
    else if (accepted.status >= 400) ctx.violation(`a batch of two notifications was refused with ${describeProbe(accepted)}; 2025-03-26 servers must receive batches`, { evidence: accepted.evidence });
    else ctx.violation(`a batch of two notifications got ${describeProbe(accepted)} instead of 202 Accepted with no body`, { evidence: accepted.evidence });
  },
});

/**
 * "The server MAY send JSON-RPC requests and notifications before sending the JSON-RPC response. These messages SHOULD
 * relate to the originating client request" (2026-07-28: "These notifications MUST relate to the originating client
 * request"). What the harness can tell from outside: a request that carried no `progressToken` can have no progress
 * of its own, so `notifications/progress` on its stream belongs to another request.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#sending-messages-to-the-server
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#receiving-messages
 */
export const streamNotificationsRelated = defineCheck({
  id: 'http/stream-notifications-related',
  title: 'A response stream carries no progress of other requests',
  level: 'SHOULD',
  requirements: ['transport.http.sse.related-only', 'modern.http.sse-notifications-related'],
  versions: versionsWith('streamableHttp'),
  transports: ['streamable-http'],
  // Shared, beside the other concurrent checks: its HTTP exchanges are its own (answered on their own responses, with
  // ids of its own), they change nothing in the session, and a session costs the server an initialize, an initialized
  // and a DELETE.
  session: 'shared',
  concurrent: true,
  spec: SPEC_SENDING,
  async run(ctx) {
    const endpoint = endpointOf(ctx.session, ctx.skip, ctx.http);
    const results = await Promise.all([0, 1, 2].map((n) => postHarmless(ctx, endpoint, `mcp-conform-related-${n}`)));
    const foreign = results.flatMap((r) => probeMessages(r).filter((m) => 'method' in m && m.method === 'notifications/progress').map((m) => ({ m, r })));
    if (foreign.length > 0) {
      const { m, r } = foreign[0]!;
      ctx.violation(`a response stream of a request without a progressToken carried ${JSON.stringify(m).slice(0, 140)}`, {
        level: supports(ctx.version!, 'methodHeaders') ? 'MUST' : 'SHOULD',
        evidence: r.evidence,
      });
      return;
    }
    const streamed = results.filter((r) => r.sse).length;
    ctx.observe(`${results.length} requests answered (${streamed} on SSE streams), no progress of other requests on their streams`);
  },
});

/** The Streamable HTTP request and response checks, in report order. */
export const HTTP_CHECKS = [notificationAccepted202, malformedInputRejected, requestAnsweredJsonOrSse, streamNotificationsRelated, batch20250326] as const;
