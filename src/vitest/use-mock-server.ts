/**
 * `useMockServer`: a mock MCP server whose lifecycle follows the suite, the way msw's `server.listen()` /
 * `resetHandlers()` / `close()` are usually wired: started in `beforeAll`, handlers and recordings reset after each
 * test, everything closed in `afterAll`.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { defineMockServer, type MockServer, type MockServerOptions } from '../mocks/define-mock-server.js';
import { listen, type ListenOptions, type MockListener } from '../mocks/listen.js';
import { isMockServer } from '../mocks/load-mock-server.js';
import { createInMemoryTransport, type InMemoryMockTransport } from '../mocks/memory.js';
import { formatMessage } from '../protocol/errors.js';

/** A mock server, its options, or a function that makes one (called once per suite, in `beforeAll`). */
export type MockServerDefinition = MockServer | MockServerOptions | (() => MockServer | Promise<MockServer>);

/** Options shared by every transport. */
export interface UseMockServerBaseOptions {
  /**
   * After each test: drop handlers added with `server.use`, reset `once` counters and clear the recorded messages.
   * @default true
   */
  resetAfterEach?: boolean;
}

/** Options of an in-process mock (the default). */
export interface UseInProcessMockServerOptions extends UseMockServerBaseOptions {
  /** @default 'in-process' */
  transport?: 'in-process';
}

/** Options of a mock served on a loopback port. */
export interface UseHttpMockServerOptions extends UseMockServerBaseOptions {
  transport: 'http';
  /** Passed to `listen` (port, path, legacy SSE, response mode). @default { port: 0, host: '127.0.0.1' } */
  listen?: ListenOptions;
}

/** What every live handle gives. */
export interface MockServerHandle {
  /** The mock server (throws when read before `beforeAll` ran, e.g. while tests are collected). */
  readonly server: MockServer;
}

/** A handle on an in-process mock. */
export interface InProcessMockServerHandle extends MockServerHandle {
  /** A new client-side transport connected to the mock; it is closed after the test that made it. */
  createTransport(): InMemoryMockTransport;
}

/** A handle on a mock served over HTTP. */
export interface HttpMockServerHandle extends MockServerHandle {
  /** The Streamable HTTP endpoint, e.g. `http://127.0.0.1:53211/mcp`. */
  readonly url: string;
  /** The legacy HTTP+SSE endpoint. */
  readonly sseUrl: string;
  readonly port: number;
  readonly listener: MockListener;
}

/**
 * Starts a mock server for the enclosing suite (or file) and returns a handle to it.
 * - `in-process` (default): `handle.createTransport()` gives an SDK-compatible `Transport` to the mock.
 * - `http`: the mock listens on a loopback port; `handle.url` is its Streamable HTTP endpoint.
 * @example
 * const mock = useMockServer({ tools: [mcp.tool('echo', { type: 'object' }, (args) => JSON.stringify(args))] }, { transport: 'http' });
 * it('calls echo', async () => {
 *   await myClient(mock.url).callTool('echo', { text: 'hi' });
 *   expect(mock).toHaveReceivedRequest('tools/call', { name: 'echo' });
 * });
 */
export function useMockServer(definition: MockServerDefinition, options: UseHttpMockServerOptions): HttpMockServerHandle;
export function useMockServer(definition: MockServerDefinition, options?: UseInProcessMockServerOptions): InProcessMockServerHandle;
export function useMockServer(
  definition: MockServerDefinition,
  options: UseHttpMockServerOptions | UseInProcessMockServerOptions = {},
): HttpMockServerHandle | InProcessMockServerHandle {
  let server: MockServer | undefined;
  let listener: MockListener | undefined;
  const transports = new Set<InMemoryMockTransport>();

  const live = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) {
      throw new Error(
        formatMessage(
          `read the mock server's ${what}`,
          'the suite has not started it yet (or has already closed it)',
          'Read it inside a test or a hook (beforeAll, beforeEach), not while the tests are collected.',
        ),
      );
    }
    return value;
  };

  beforeAll(async () => {
    server = await resolveDefinition(definition);
    if (options.transport === 'http') listener = await listen(server, { port: 0, host: '127.0.0.1', ...options.listen });
  });

  afterEach(async () => {
    // Transports a test made are that test's: close them so no session outlives it.
    const made = [...transports];
    transports.clear();
    await Promise.all(made.map((t) => t.close()));
    if (options.resetAfterEach === false || !server) return;
    server.resetHandlers();
    server.clearRecorded();
  });

  afterAll(async () => {
    const closing = server;
    server = undefined;
    listener = undefined;
    // Closing the server runs every adapter's close (the listener too) and ends every session.
    await closing?.close();
  });

  if (options.transport === 'http') {
    return {
      get server() {
        return live(server, 'server');
      },
      get listener() {
        return live(listener, 'listener');
      },
      get url() {
        return live(listener, 'url').url;
      },
      get sseUrl() {
        return live(listener, 'sseUrl').sseUrl;
      },
      get port() {
        return live(listener, 'port').port;
      },
    };
  }
  return {
    get server() {
      return live(server, 'server');
    },
    createTransport() {
      const transport = createInMemoryTransport(live(server, 'transport'));
      transports.add(transport);
      return transport;
    },
  };
}

async function resolveDefinition(definition: MockServerDefinition): Promise<MockServer> {
  if (typeof definition === 'function') return definition();
  return isMockServer(definition) ? definition : defineMockServer(definition);
}

