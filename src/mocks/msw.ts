/**
 * `mcp-conform/mocks/msw`: MSW request handlers that serve a mock over Streamable HTTP (and the legacy HTTP+SSE
 * endpoints) inside `setupServer` / `setupWorker`. SSE is served from `http.all` with a streamed body: msw's own
 * `sse()` matches GET only and needs a global EventSource, while MCP streams answer POSTs.
 */
import { http, type HttpHandler } from 'msw';
import type { MockServer } from './define-mock-server.js';
import { createMockHttpHandler, type MockHttpHandler, type MockHttpHandlerOptions } from './http-handler.js';

/** Options of {@link createMswHandlers}: the handler's options, without the path (it comes from `url`). */
export type MswHandlersOptions = Omit<MockHttpHandlerOptions, 'path' | 'legacySse'> & {
  /** Also serve the legacy HTTP+SSE transport at `<origin>/sse` and `<origin>/messages`. @default true */
  legacySse?: boolean;
};

/** MSW handlers for a mock, and the web-standard handler behind them. */
export interface MswMockHandlers {
  /** Pass these to `setupServer(...handlers)` or `server.use(...handlers)`. */
  readonly handlers: HttpHandler[];
  readonly handler: MockHttpHandler;
}

/**
 * Creates MSW handlers that serve `server` at `url` (e.g. `https://mcp.example.test/mcp`).
 * @example
 * const mock = defineMockServer({ tools: [mcp.tool('echo', undefined, () => 'hi')] });
 * const network = setupServer(...createMswHandlers(mock, 'https://mcp.example.test/mcp').handlers);
 */
export function createMswHandlers(server: MockServer, url: string, options: MswHandlersOptions = {}): MswMockHandlers {
  const endpoint = new URL(url);
  const legacy = options.legacySse ?? true;
  const handler = createMockHttpHandler(server, {
    // In-process: no other site can reach this endpoint, so any Host is the mock's own.
    allowedHosts: '*',
    ...options,
    path: endpoint.pathname,
    legacySse: legacy ? { sse: '/sse', messages: '/messages' } : false,
  });
  const serve = ({ request }: { request: Request }) => handler.fetch(request);
  const handlers = [http.all(`${endpoint.origin}${endpoint.pathname}`, serve)];
  if (legacy) handlers.push(http.get(`${endpoint.origin}/sse`, serve), http.post(`${endpoint.origin}/messages`, serve));
  return { handlers, handler };
}
