import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  classifyMessage,
  isJsonRpcErrorResponse,
  isJsonRpcNotification,
  isJsonRpcRequest,
  isJsonRpcResponse,
  isJsonRpcResultResponse,
} from './jsonrpc.js';

describe('classifyMessage', () => {
  it.each([
    ['a request', { jsonrpc: '2.0', id: 1, method: 'ping' }, 'request'],
    ['a request with a string id and params', { jsonrpc: '2.0', id: 'a', method: 'tools/call', params: { name: 'x' } }, 'request'],
    ['a notification', { jsonrpc: '2.0', method: 'notifications/initialized' }, 'notification'],
    ['a result', { jsonrpc: '2.0', id: 1, result: {} }, 'result'],
    ['an error', { jsonrpc: '2.0', id: 1, error: { code: -32601, message: 'Method not found' } }, 'error'],
    ['an error without an id (2025-11-25)', { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' } }, 'error'],
    ['an error with a null id (JSON-RPC 2.0)', { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }, 'error'],
    ['a request with a null id ("the ID MUST NOT be null")', { jsonrpc: '2.0', id: null, method: 'ping' }, 'invalid'],
    ['a request with a fractional id', { jsonrpc: '2.0', id: 1.5, method: 'ping' }, 'invalid'],
    ['a request with positional params', { jsonrpc: '2.0', id: 1, method: 'ping', params: [1] }, 'invalid'],
    ['a message without jsonrpc', { id: 1, method: 'ping' }, 'invalid'],
    ['a message with jsonrpc 1.0', { jsonrpc: '1.0', id: 1, method: 'ping' }, 'invalid'],
    ['a response with both result and error', { jsonrpc: '2.0', id: 1, result: {}, error: { code: 1, message: 'x' } }, 'invalid'],
    ['a result that is not an object', { jsonrpc: '2.0', id: 1, result: 'ok' }, 'invalid'],
    ['an error with a fractional code', { jsonrpc: '2.0', id: 1, error: { code: 1.5, message: 'x' } }, 'invalid'],
    ['a batch', [{ jsonrpc: '2.0', id: 1, method: 'ping' }], 'invalid'],
    ['null', null, 'invalid'],
  ])('classifies %s', (_title, value, kind) => {
    expect(classifyMessage(value)).toBe(kind);
  });

  it('agrees with the type guards, and never throws, for any JSON value', () => {
    const message = fc.record(
      {
        jsonrpc: fc.constantFrom('2.0', '1.0'),
        id: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.double()),
        method: fc.oneof(fc.string(), fc.integer()),
        params: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.array(fc.jsonValue())),
        result: fc.jsonValue(),
        error: fc.record({ code: fc.oneof(fc.integer(), fc.double()), message: fc.string() }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(message, fc.jsonValue()), (value) => {
        const kind = classifyMessage(value);
        expect(isJsonRpcRequest(value)).toBe(kind === 'request');
        expect(isJsonRpcNotification(value)).toBe(kind === 'notification');
        expect(isJsonRpcResultResponse(value)).toBe(kind === 'result');
        expect(isJsonRpcErrorResponse(value)).toBe(kind === 'error');
        expect(isJsonRpcResponse(value)).toBe(kind === 'result' || kind === 'error');
      }),
    );
  });
});
