/**
 * The legacy HTTP+SSE transport (2024-11-05, kept for backwards compatibility): the `endpoint` event first, then every
 * server message as an SSE `message` event on the stream, never in a POST's response.
 * @see https://modelcontextprotocol.io/specification/2024-11-05/basic/transports#http-with-sse
 */
import { TimeoutError } from '../../protocol/errors.js';
import { versionsWith } from '../../protocol/versions.js';
import type { WireEvent, WireHttpEvent } from '../../protocol/wire.js';
import { defineCheck } from '../define-check.js';
import { truncate } from '../handshake.js';
import { sseMessageEndpoint } from './http-security.js';
import { describeProbe, endpointOf, httpProbe } from './lib-http-probe.js';

const SPEC = 'https://modelcontextprotocol.io/specification/2024-11-05/basic/transports#http-with-sse';

/**
 * "The server MUST provide two endpoints: An SSE endpoint, for clients to establish a connection and receive messages
 * from the server; A regular HTTP POST endpoint for clients to send messages to the server" and "When a client
 * connects, the server MUST send an endpoint event containing a URI for the client to use for sending messages." That
 * it comes first is what clients detecting the transport expect ("expecting that this will open an SSE stream and
 * return an endpoint event as the first event", 2025-03-26 Backwards Compatibility, a lowercase should): a late
 * endpoint event only warns.
 * @see https://modelcontextprotocol.io/specification/2024-11-05/basic/transports#http-with-sse
 */
export const sseEndpointEventFirst = defineCheck({
  id: 'sse/endpoint-event-first',
  title: 'GET of the SSE URL opens an event stream that sends an endpoint event (first) naming a URI',
  level: 'MUST',
  requirements: ['transport.sse.two-endpoints', 'transport.sse.endpoint-event'],
  transports: ['sse'],
  matrix: 'once',
  session: 'raw',
  spec: SPEC,
  async run(ctx) {
    const endpoint = endpointOf(ctx.session, ctx.skip, ctx.http);
    const result = await httpProbe(
      { method: 'GET', url: endpoint.url, headers: { ...endpoint.headers, accept: 'text/event-stream' } },
      { wire: ctx.session.wire, transport: ctx.transport, timeoutMs: ctx.startupTimeoutMs, untilEventType: 'endpoint', maxEvents: 20, signal: ctx.signal },
    );
    if (!result.sse) {
      ctx.violation(`GET ${endpoint.url.pathname} got ${describeProbe(result)} instead of a text/event-stream`, { evidence: result.evidence });
      return;
    }
    const events = result.sse.events;
    const index = events.findIndex((e) => e.event === 'endpoint');
    if (index < 0) {
      ctx.violation(`the SSE stream sent no endpoint event (${events.length} other events, ${result.sse.ended === 'timeout' ? `within ${ctx.startupTimeoutMs} ms` : `then it ${result.sse.ended === 'server' ? 'ended' : 'broke'}`})`, { evidence: result.evidence });
      return;
    }
    const named = events[index]!;
    let uri: URL;
    try {
      uri = new URL(named.data.trim(), endpoint.url);
    } catch {
      ctx.violation(`the endpoint event's data ${JSON.stringify(truncate(named.data, 80))} is not a URI`, { evidence: result.evidence });
      return;
    }
    if (index > 0) {
      const first = events[0]!;
      ctx.violation(`the endpoint event came after ${index} other event${index > 1 ? 's' : ''} (first: ${JSON.stringify(first.event)} with data ${JSON.stringify(truncate(first.data, 60))}); clients expect it first`, { level: 'SHOULD', evidence: result.evidence });
      return;
    }
    const origin = uri.origin === endpoint.url.origin ? 'same origin' : `another origin (${uri.origin})`;
    ctx.observe(`the first event is endpoint, naming ${uri.pathname}${uri.search ? '?…' : ''} (${origin})`);
  },
});

/**
 * "Server messages are sent as SSE message events, with the message content encoded as JSON in the event data." The
 * responses to POSTed requests arrive on the stream, as `message` events, and every data is JSON; the lifecycle
 * handshake itself ran over POST and stream.
 * @see https://modelcontextprotocol.io/specification/2024-11-05/basic/transports#http-with-sse
 */
export const sseResponsesOnStream = defineCheck({
  id: 'sse/responses-on-stream',
  title: 'Responses to POSTed requests arrive on the SSE stream as message events with JSON data',
  level: 'MUST',
  requirements: ['transport.sse.message-events', 'transport.sse.lifecycle'],
  versions: versionsWith('legacySse'),
  transports: ['sse'],
  spec: SPEC,
  async run(ctx) {
    const endpoint = endpointOf(ctx.session, ctx.skip, ctx.http);
    const messages = sseMessageEndpoint(ctx.session.wire.events, endpoint.url);
    if (!messages) throw new Error('the session recorded no endpoint event');
    try {
      await ctx.session.request('ping', undefined, { id: 'mcp-conform-sse-ping' });
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      const post = ctx.session.wire.events.filter((e): e is WireHttpEvent => e.kind === 'http' && e.direction === 'in').at(-1);
      const inBody = post?.body?.includes('mcp-conform-sse-ping') ? `; the POST's own response body was ${JSON.stringify(truncate(post.body, 100))}` : '';
      ctx.violation(`ping got no response on the SSE stream within ${ctx.requestTimeoutMs} ms${inBody}`);
      return;
    }
    const stream = ctx.session.wire.events.find((e): e is WireHttpEvent => e.kind === 'http' && e.direction === 'in' && e.headers['content-type']?.startsWith('text/event-stream') === true);
    const frames = ctx.session.wire.events.filter((e): e is Extract<WireEvent, { kind: 'frame' }> => e.kind === 'frame' && e.direction === 'in');
    const offStream = frames.filter((f) => f.meta?.exchange !== stream?.exchange);
    const notMessage = frames.filter((f) => f.meta?.sseEventType !== undefined && f.meta.sseEventType !== 'message');
    const notJson = frames.filter((f) => f.parseError !== undefined);
    if (offStream.length > 0) ctx.violation(`${offStream.length} server messages did not come on the SSE stream`, { evidence: offStream });
    if (notMessage.length > 0) ctx.violation(`${notMessage.length} SSE events after endpoint are not message events (first: ${JSON.stringify(notMessage[0]!.meta?.sseEventType)})`, { evidence: notMessage });
    if (notJson.length > 0) ctx.violation(`${notJson.length} message events carry data that is not JSON (first: ${JSON.stringify(truncate(notJson[0]!.raw, 60))})`, { evidence: notJson });
    if (offStream.length + notMessage.length + notJson.length === 0) ctx.observe(`initialize and ping were answered on the SSE stream (${frames.length} message events, JSON data)`);
  },
});

/** The legacy HTTP+SSE checks, in report order. */
export const SSE_CHECKS = [sseEndpointEventFirst, sseResponsesOnStream] as const;
