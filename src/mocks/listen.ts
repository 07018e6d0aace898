/**
 * A real port around the web-standard handler, for clients that cannot be intercepted (other processes, other
 * languages, the official conformance suite): node:http request → `Request`, `Response` → node:http response.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MockServer } from './define-mock-server.js';
import {
  createMockHttpHandler,
  handleMockHttpRequest,
  isStreamingResponse,
  type MockHttpHandler,
  type MockHttpHandlerOptions,
  type MockHttpRawResponse,
  type MockHttpRequest,
} from './http-handler.js';

/** Options of {@link listen}. */
export interface ListenOptions extends MockHttpHandlerOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
}

/** A mock listening on a port. */
export interface MockListener extends AsyncDisposable {
  /** The Streamable HTTP endpoint, e.g. `http://127.0.0.1:53211/mcp`. */
  readonly url: string;
  /** The legacy HTTP+SSE endpoint, e.g. `http://127.0.0.1:53211/sse`. */
  readonly sseUrl: string;
  readonly port: number;
  readonly handler: MockHttpHandler;
  /** Stops listening, closes every connection and session. */
  close(): Promise<void>;
}

/**
 * Serves `server` on a port.
 * @example
 * await using listener = await listen(defineEverythingServer(), { port: 0 });
 * const transport = new StreamableHTTPClientTransport(new URL(listener.url));
 */
export async function listen(server: MockServer, options: ListenOptions = {}): Promise<MockListener> {
  const host = options.host ?? '127.0.0.1';
  const http = createServer((req, res) => void serve(req, res));
  const handler = createMockHttpHandler(server, {
    ...options,
    onCrash: () => {
      options.onCrash?.();
      http.closeAllConnections();
    },
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    // Read the body whole: MCP bodies are small, and a buffered body is much cheaper than a web stream.
    const body = hasBody ? await readBody(req) : undefined;
    let response: Response | MockHttpRawResponse;
    try {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
      response = await handleMockHttpRequest(handler, createNodeRequest(req, res, url, body), url);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      return;
    }
    if ('raw' in response) {
      // The common answer (a JSON body, a 202): written at once, no web stream in between.
      if (response.body === null) res.writeHead(response.status, response.headers).end();
      else res.writeHead(response.status, { ...response.headers, 'content-length': String(Buffer.byteLength(response.body)) }).end(response.body);
      return;
    }
    if (response.type === 'error') {
      // A crash: the connection just goes away.
      req.socket.destroy();
      return;
    }
    const responseHeaders = Object.fromEntries(response.headers);
    if (!response.body) {
      res.writeHead(response.status, responseHeaders).end();
      return;
    }
    if (!isStreamingResponse(response)) {
      const bytes = Buffer.from(await response.arrayBuffer());
      res.writeHead(response.status, { ...responseHeaders, 'content-length': String(bytes.length) }).end(bytes);
      return;
    }
    res.writeHead(response.status, responseHeaders);
    res.flushHeaders();
    const reader = response.body.getReader();
    res.on('close', () => void reader.cancel().catch(() => undefined));
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        res.write(value);
      }
      res.end();
    } catch {
      // The stream broke (a crash fault): drop the connection so the client sees it.
      req.socket.destroy();
    }
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  const listener: MockListener = {
    url: `${base}${options.path ?? '/mcp'}`,
    sseUrl: `${base}${options.legacySse ? options.legacySse.sse : '/sse'}`,
    port,
    handler,
    close() {
      closing ??= (async () => {
        unregister();
        await handler.close();
        http.closeAllConnections();
        await new Promise<void>((resolve) => http.close(() => resolve()));
      })();
      return closing;
    },
    [Symbol.asyncDispose]() {
      return listener.close();
    },
  };
  const unregister = server.onClose(() => listener.close());
  return listener;
}

/**
 * The handler's view of a node request, as a web `Request` would show it: header names are case-insensitive and
 * repeated values joined with ", "; the body is decoded as UTF-8 without a BOM (as `Request.text()` does); the
 * signal aborts when the connection closes before the answer is written, and is only made when read.
 */
function createNodeRequest(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer | undefined): MockHttpRequest {
  let controller: AbortController | undefined;
  return {
    method: req.method ?? 'GET',
    url: url.href,
    headers: {
      get(name) {
        const value = req.headers[name.toLowerCase()];
        if (value === undefined) return null;
        return Array.isArray(value) ? value.join(', ') : value;
      },
    },
    get signal() {
      if (!controller) {
        const made = new AbortController();
        controller = made;
        if (res.closed) {
          if (!res.writableFinished) made.abort();
        } else res.on('close', () => !res.writableFinished && made.abort());
      }
      return controller.signal;
    },
    text() {
      if (!body) return Promise.resolve('');
      const text = body.toString('utf8');
      return Promise.resolve(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
