/**
 * The legacy HTTP+SSE client transport of 2024-11-05: one long GET stream that first names, in an `endpoint` event,
 * where to POST; every response and server message then arrives on that stream.
 * @see https://modelcontextprotocol.io/specification/2024-11-05/basic/transports#http-with-sse
 */
import {
  TransportError,
  createWireLog,
  formatMessage,
  isProtocolVersion,
  supports,
  type JsonRpcMessage,
  type MessageExtraInfo,
  type ObservableTransport,
  type TransportSendOptions,
  type WireLog,
} from '../../protocol/index.js';
import { createSseDecoder } from '../../protocol/sse.js';
import { HTTP_ERROR_BODY_MAX_BYTES, httpStatusError, networkError } from './http-errors.js';
import { type HttpRequester, type HttpResponse, resolveHttpRequester } from './http-requester.js';
import { createHttpWireRecorder, describeFrame, messagesOf, type HttpClientTransportBaseOptions, type HttpWireRecorder } from './http-shared.js';

/** How long `start()` waits for the `endpoint` event. */
export const DEFAULT_ENDPOINT_TIMEOUT_MS = 10_000;

/** Options of {@link SseClientTransport}. */
export interface SseClientTransportOptions extends HttpClientTransportBaseOptions {
  /** How long to wait for the `endpoint` event. @default DEFAULT_ENDPOINT_TIMEOUT_MS */
  endpointTimeoutMs?: number;
}

/**
 * A legacy HTTP+SSE client transport.
 * @example
 * const transport = new SseClientTransport('http://127.0.0.1:3001/sse');
 * await transport.start(); // resolves once the server named its POST endpoint
 */
export class SseClientTransport implements ObservableTransport {
  readonly kind = 'sse' as const;
  readonly wire: WireLog;
  readonly url: URL;
  onmessage?: (message: JsonRpcMessage, extra?: MessageExtraInfo) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  /** The POST endpoint the server named, once known. */
  endpoint?: URL;
  protocolVersion?: string;

  readonly #options: SseClientTransportOptions;
  readonly #request: HttpRequester;
  readonly #closeRequester: () => void;
  readonly #recorder: HttpWireRecorder;
  readonly #abort = new AbortController();
  #stream?: HttpResponse;
  #exchange = 0;
  #started = false;
  #closed = false;

  constructor(url: string | URL, options: SseClientTransportOptions = {}) {
    this.url = new URL(url);
    this.#options = options;
    this.wire = options.wire ?? createWireLog();
    const requester = resolveHttpRequester(options);
    this.#request = requester.request;
    this.#closeRequester = requester.close;
    // Static headers are how credentials reach a server: every one of them is redacted, whatever its name.
    this.#recorder = createHttpWireRecorder(this.wire, this.kind, [...Object.keys(options.headers ?? {}), ...(options.secretHeaders ?? [])]);
  }

  /** Opens the SSE stream and waits for the `endpoint` event. */
  async start(): Promise<void> {
    if (this.#started) throw new TransportError(formatMessage('start the SSE transport', 'it was already started', 'Create a new transport.'));
    this.#started = true;
    const what = `open the SSE stream at ${this.url.href}`;
    const exchange = ++this.#exchange;
    const headers = { ...this.#options.headers, accept: 'text/event-stream' };
    this.#recorder.head('out', exchange, { method: 'GET', url: this.url.href, headers });
    let response: HttpResponse;
    try {
      response = await this.#request({ method: 'GET', url: this.url, headers, signal: this.#abort.signal });
    } catch (error) {
      throw networkError(what, error);
    }
    const contentType = response.headers['content-type']?.toLowerCase() ?? '';
    if (response.status !== 200 || !contentType.startsWith('text/event-stream')) {
      const body = await response.text(HTTP_ERROR_BODY_MAX_BYTES).catch(() => '');
      this.#recorder.head('in', exchange, { status: response.status, headers: response.headers, body });
      if (response.status === 200) {
        throw new TransportError(formatMessage(what, `the server answered with ${contentType || 'no content type'} instead of text/event-stream`, 'Check that the URL is a legacy SSE endpoint (often /sse).'));
      }
      throw httpStatusError(what, { status: response.status, headers: response.headers, body });
    }
    this.#recorder.head('in', exchange, { status: response.status, headers: response.headers });
    this.#stream = response;
    this.wire.record({ kind: 'lifecycle', transport: this.kind, event: 'stream-open', code: exchange, detail: this.url.href });

    const timeoutMs = this.#options.endpointTimeoutMs ?? DEFAULT_ENDPOINT_TIMEOUT_MS;
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => {
        settle(new TransportError(formatMessage(what, `the server sent no endpoint event within ${timeoutMs} ms`, 'Check that the URL is a legacy SSE endpoint.'), { code: 'CONNECTION_FAILED' }));
        response.cancel();
      }, timeoutMs);
      void this.#consume(response, exchange, settle);
    });
  }

  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
  }

  async send(message: JsonRpcMessage | JsonRpcMessage[], _options?: TransportSendOptions): Promise<void> {
    await this.#post(JSON.stringify(message), message);
  }

  async sendRaw(frame: string, _options?: TransportSendOptions): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(frame) as unknown;
    } catch {
      parsed = undefined;
    }
    await this.#post(frame, parsed);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#abort.abort(new Error('transport closed'));
    this.#stream?.cancel();
    this.#closeRequester();
    this.wire.record({ kind: 'lifecycle', transport: this.kind, event: 'close', detail: this.url.href });
    this.onclose?.();
  }

  async #consume(response: HttpResponse, exchange: number, settle: (error?: Error) => void): Promise<void> {
    const decoder = createSseDecoder({
      onEvent: (event) => {
        if (event.event === 'endpoint') {
          // The endpoint event carries a URL, not a JSON-RPC message: it is a lifecycle fact, not a frame.
          this.wire.record({ kind: 'lifecycle', transport: this.kind, event: 'open', code: exchange, detail: `endpoint event: ${event.data}` });
          this.#onEndpoint(event.data, settle);
          return;
        }
        this.#recorder.frame('in', event.data, { exchange, sseEventType: event.event, sseEventId: event.id });
        if (event.event !== 'message') return;
        let parsed: unknown;
        try {
          parsed = JSON.parse(event.data) as unknown;
        } catch {
          this.onerror?.(new TransportError(formatMessage('read an SSE event', `the data is not JSON: ${JSON.stringify(event.data.slice(0, 120))}`, 'Check the server.'), { code: 'PROTOCOL_ERROR' }));
          return;
        }
        for (const m of messagesOf(parsed)) this.onmessage?.(m, event.id === undefined ? undefined : { eventId: event.id });
      },
    });
    let failure: unknown;
    try {
      for await (const chunk of response.body) decoder.push(chunk);
      decoder.end();
    } catch (error) {
      failure = error;
    }
    this.wire.record({
      kind: 'lifecycle',
      transport: this.kind,
      event: 'stream-close',
      code: exchange,
      detail: this.#closed ? 'closed by the client' : failure ? `broken: ${(failure as Error).message}` : 'ended by the server',
    });
    if (this.#closed) return;
    const reason = failure ? `the SSE stream broke (${(failure as Error).message})` : 'the server closed the SSE stream';
    if (!this.endpoint) {
      settle(new TransportError(formatMessage(`open the SSE stream at ${this.url.href}`, `${reason} before sending the endpoint event`, 'Check the server.'), { code: 'CONNECTION_FAILED' }));
      return;
    }
    // The legacy session lives and dies with its stream: every pending response is lost.
    this.onerror?.(new TransportError(formatMessage(`receive messages from ${this.url.href}`, reason, 'Pending requests will get no response; reconnect to start a new session.'), { code: 'TRANSPORT_CLOSED' }));
    await this.close();
  }

  #onEndpoint(data: string, settle: (error?: Error) => void): void {
    let endpoint: URL;
    try {
      endpoint = new URL(data.trim(), this.url);
    } catch {
      settle(new TransportError(formatMessage(`open the SSE stream at ${this.url.href}`, `the endpoint event names no valid URL: ${JSON.stringify(data)}`, 'Check the server.'), { code: 'PROTOCOL_ERROR' }));
      return;
    }
    if (endpoint.origin !== this.url.origin) {
      // Posting to another origin would hand our messages (and headers) to a host we never chose.
      settle(
        new TransportError(formatMessage(`open the SSE stream at ${this.url.href}`, `the endpoint event names another origin (${endpoint.origin})`, 'The endpoint must be on the same origin as the SSE stream.'), {
          code: 'PROTOCOL_ERROR',
        }),
      );
      this.#stream?.cancel();
      return;
    }
    this.endpoint = endpoint;
    settle();
  }

  async #post(raw: string, parsed: unknown): Promise<void> {
    const what = describeFrame(parsed);
    if (this.#closed) throw new TransportError(formatMessage(`send ${what}`, 'the transport is closed', 'Create a new transport.'), { code: 'TRANSPORT_CLOSED' });
    const endpoint = this.endpoint;
    if (!endpoint) throw new TransportError(formatMessage(`send ${what}`, 'the server has not named its endpoint yet', 'Call start() first.'), { code: 'NOT_CONNECTED' });
    const exchange = ++this.#exchange;
    const headers: Record<string, string> = { ...this.#options.headers, 'content-type': 'application/json' };
    const v = this.protocolVersion;
    if (v !== undefined && (!isProtocolVersion(v) || supports(v, 'protocolVersionHeader'))) headers['mcp-protocol-version'] = v;
    this.#recorder.head('out', exchange, { method: 'POST', url: endpoint.href, headers });
    this.#recorder.frame('out', raw, { exchange });
    let response: HttpResponse;
    try {
      response = await this.#request({ method: 'POST', url: endpoint, headers, body: raw, signal: this.#abort.signal });
    } catch (error) {
      if (this.#closed) throw new TransportError(formatMessage(`send ${what}`, 'the transport is closed', 'Create a new transport.'), { code: 'TRANSPORT_CLOSED' });
      throw networkError(`send ${what} to ${endpoint.href}`, error);
    }
    const body = await response.text(HTTP_ERROR_BODY_MAX_BYTES).catch(() => '');
    this.#recorder.head('in', exchange, { status: response.status, headers: response.headers, body });
    if (response.status < 200 || response.status >= 300) {
      throw httpStatusError(`send ${what} to ${endpoint.href}`, { status: response.status, headers: response.headers, body });
    }
  }
}
