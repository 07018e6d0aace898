/**
 * Requests from the server (`ping`, `roots/list`, `sampling/createMessage`, `elicitation/create`): each runs its
 * handler and gets exactly one response; a method with no handler gets -32601; `notifications/cancelled` from the
 * server aborts the handler, and then no response is sent ("The receiver SHOULD NOT send a response for the
 * cancelled request").
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/cancellation
 */
import { ErrorCode, JsonRpcError, JSONRPC_VERSION, type JsonRpcMessage, type JsonRpcRequest, type RequestId } from '../../protocol/index.js';

/** What a request handler gets besides the params. */
export interface ServerRequestContext {
  /** The JSON-RPC id of the server's request. */
  requestId: RequestId;
  /** The request as received. */
  request: JsonRpcRequest;
  /** Aborted when the server cancels the request or the session closes. */
  signal: AbortSignal;
}

/**
 * Answers one kind of server request. Return the result object; throw a {@link JsonRpcError} to answer with that
 * error (any other error becomes -32603).
 */
export type ServerRequestHandler = (
  params: Record<string, unknown> | undefined,
  context: ServerRequestContext,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** Runs server requests against registered handlers. */
export interface ServerRequests {
  /** Sets (or with `undefined`, removes) the handler of a method. */
  set(method: string, handler: ServerRequestHandler | undefined): void;
  /** Whether a method has a handler. */
  has(method: string): boolean;
  /** Handles one request; `send` puts the response on the wire. */
  handle(request: JsonRpcRequest, send: (response: JsonRpcMessage, requestId: RequestId) => Promise<void>): void;
  /** Aborts the handler of a request the server cancelled. */
  cancel(requestId: RequestId, reason: unknown): void;
  /** Aborts every running handler. */
  abortAll(reason: unknown): void;
}

/** Creates the registry; `ping` is always answered with an empty result unless overridden. */
export function createServerRequests(onHandlerError: (error: Error) => void): ServerRequests {
  const handlers = new Map<string, ServerRequestHandler>([['ping', () => ({})]]);
  const running = new Map<RequestId, AbortController>();

  return {
    set(method, handler) {
      if (handler) handlers.set(method, handler);
      else handlers.delete(method);
    },
    has: (method) => handlers.has(method),
    handle(request, send) {
      const handler = handlers.get(request.method);
      const reply = (body: { result: Record<string, unknown> } | { error: ReturnType<JsonRpcError['toObject']> }) =>
        send({ jsonrpc: JSONRPC_VERSION, id: request.id, ...body } as JsonRpcMessage, request.id).catch(onHandlerError);
      if (!handler) {
        void reply({ error: { code: ErrorCode.MethodNotFound, message: `Method not found: ${request.method}` } });
        return;
      }
      const controller = new AbortController();
      running.set(request.id, controller);
      const context: ServerRequestContext = { requestId: request.id, request, signal: controller.signal };
      void (async () => {
        try {
          const result = await handler(request.params, context);
          if (!controller.signal.aborted) await reply({ result });
        } catch (error) {
          if (controller.signal.aborted) return;
          const rpc =
            error instanceof JsonRpcError
              ? error
              : new JsonRpcError(ErrorCode.InternalError, error instanceof Error ? error.message : String(error));
          await reply({ error: rpc.toObject() });
        } finally {
          running.delete(request.id);
        }
      })();
    },
    cancel(requestId, reason) {
      running.get(requestId)?.abort(reason);
    },
    abortAll(reason) {
      for (const controller of running.values()) controller.abort(reason);
      running.clear();
    },
  };
}
