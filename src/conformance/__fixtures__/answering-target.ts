/**
 * An in-process target for the engine's own unit tests: each session is an in-memory transport pair whose server
 * side answers with `answer(message)` (undefined: no answer). Kept under __fixtures__, which the build leaves out.
 */
import { createInMemoryTransportPair } from '../../client/transports/in-memory.js';
import type { JsonRpcMessage } from '../../protocol/jsonrpc.js';
import type { ConformanceTarget } from '../target.js';

/** Builds a target whose server answers each request with `answer`. */
export function createAnsweringTarget(answer: (message: Record<string, any>) => Record<string, unknown> | undefined): ConformanceTarget {
  return {
    kind: 'memory',
    description: { transport: 'memory' },
    createTransport() {
      const [client, server] = createInMemoryTransportPair();
      server.onmessage = (message: JsonRpcMessage) => {
        const body = answer(message as Record<string, any>);
        const id = (message as { id?: unknown }).id;
        if (body !== undefined && id !== undefined) void server.send({ jsonrpc: '2.0', id, ...body } as JsonRpcMessage);
      };
      void server.start();
      return client;
    },
  };
}

/** A minimal compliant legacy server's answers. */
export function compliantAnswer(message: Record<string, any>): Record<string, unknown> | undefined {
  if (message.method === 'initialize') {
    const proposed = message.params?.protocolVersion as string;
    const version = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'].includes(proposed) ? proposed : '2025-11-25';
    return { result: { protocolVersion: version, capabilities: {}, serverInfo: { name: 'memory', version: '1' } } };
  }
  if (message.method === 'ping') return { result: {} };
  return { error: { code: -32601, message: 'Method not found' } };
}
