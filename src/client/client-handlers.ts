/**
 * What the client can do for the server: list roots, sample an LLM, elicit input from the user. The same handlers
 * answer JSON-RPC requests from the server (up to 2025-11-25) and the `inputRequests` of an input-required result
 * (2026-07-28), and they decide which client capabilities are declared.
 */
import {
  ErrorCode,
  formatMessage,
  JsonRpcError,
  ProtocolError,
  type ClientCapabilities,
  type CreateMessageRequestParams,
  type CreateMessageResult,
  type ElicitRequestParams,
  type ElicitResult,
  type Root,
} from '../protocol/index.js';
import type { Session } from './session/session.js';

/** What a handler gets besides the params. */
export interface ClientHandlerContext {
  /** Aborted when the server cancels (legacy) or the session closes. */
  signal: AbortSignal;
}

/** The client's answers to requests from the server. A missing handler means the capability is not declared. */
export interface ClientHandlers {
  /** Lists the client's roots ("roots/list"). */
  roots?: (context: ClientHandlerContext) => Root[] | Promise<Root[]>;
  /** Samples an LLM ("sampling/createMessage"). */
  sampling?: (params: CreateMessageRequestParams, context: ClientHandlerContext) => CreateMessageResult | Promise<CreateMessageResult>;
  /** Asks the user ("elicitation/create"). */
  elicitation?: (params: ElicitRequestParams, context: ClientHandlerContext) => ElicitResult | Promise<ElicitResult>;
}

/** The capabilities that the handlers imply. */
export function capabilitiesOf(handlers: ClientHandlers): ClientCapabilities {
  const capabilities: ClientCapabilities = {};
  if (handlers.roots) capabilities.roots = { listChanged: true };
  if (handlers.sampling) capabilities.sampling = {};
  if (handlers.elicitation) capabilities.elicitation = {};
  return capabilities;
}

/** Registers the handlers as answers to the server's JSON-RPC requests (protocol versions up to 2025-11-25). */
export function registerClientHandlers(session: Session, handlers: ClientHandlers): void {
  for (const method of ['roots/list', 'sampling/createMessage', 'elicitation/create'] as const) {
    if (!handlerFor(handlers, method)) continue;
    session.setRequestHandler(method, (params, { signal }) => fulfil(handlers, method, params, signal));
  }
}

/**
 * Runs one input request (a server-initiated request carried in an input-required result, or sent as JSON-RPC).
 * @throws JsonRpcError -32601 when the client has no handler for the method.
 */
export async function fulfil(handlers: ClientHandlers, method: string, params: unknown, signal: AbortSignal): Promise<Record<string, unknown>> {
  const context: ClientHandlerContext = { signal };
  switch (method) {
    case 'roots/list':
      if (handlers.roots) return { roots: await handlers.roots(context) };
      break;
    case 'sampling/createMessage':
      if (handlers.sampling) return (await handlers.sampling(params as CreateMessageRequestParams, context)) as Record<string, unknown>;
      break;
    case 'elicitation/create':
      if (handlers.elicitation) return (await handlers.elicitation(params as ElicitRequestParams, context)) as Record<string, unknown>;
      break;
  }
  throw new JsonRpcError(ErrorCode.MethodNotFound, `Method not found: ${method}`);
}

/**
 * Answers every input request of an input-required result, keyed as the server keyed them. "The server MUST NOT
 * send an inputRequests that the client has not declared support for": such a request fails the call.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/patterns/mrtr
 */
export async function fulfilInputRequests(
  handlers: ClientHandlers,
  inputRequests: Record<string, { method: string; params?: unknown }>,
  signal: AbortSignal,
): Promise<Record<string, Record<string, unknown>>> {
  const entries = await Promise.all(
    Object.entries(inputRequests).map(async ([key, request]) => {
      if (!handlerFor(handlers, request.method)) {
        throw new ProtocolError(
          formatMessage(
            'answer the server\'s input request',
            `it asked for "${request.method}" (key ${JSON.stringify(key)}), a capability this client did not declare`,
            'Servers must only request inputs the client declared.',
          ),
        );
      }
      return [key, await fulfil(handlers, request.method, request.params, signal)] as const;
    }),
  );
  return Object.fromEntries(entries);
}

function handlerFor(handlers: ClientHandlers, method: string): unknown {
  if (method === 'roots/list') return handlers.roots;
  if (method === 'sampling/createMessage') return handlers.sampling;
  if (method === 'elicitation/create') return handlers.elicitation;
  return undefined;
}
