import { describe, expect, it } from 'vitest';
import { validateMessage } from './validate.js';
import { META_KEYS } from './schemas/meta.js';

const fromServer = { direction: 'server-to-client' } as const;
const fromClient = { direction: 'client-to-server' } as const;
const answering = (requestMethod: string) => ({ direction: 'server-to-client' as const, requestMethod });
const modernMeta = { [META_KEYS.protocolVersion]: '2026-07-28', [META_KEYS.clientCapabilities]: {} };

describe('validateMessage: the JSON-RPC envelope', () => {
  it('rejects a value that is no message object', () => {
    expect(validateMessage('2025-06-18', 'hello', fromServer)).toEqual({
      valid: false,
      kind: 'invalid',
      unknownMethod: false,
      issues: [{ path: '', message: 'Expected a JSON-RPC message object, got string "hello"' }],
      warnings: [],
    });
  });

  it('rejects a message with neither method, result nor error', () => {
    expect(validateMessage('2025-06-18', { jsonrpc: '2.0', id: 1 }, fromServer).issues).toEqual([
      { path: '', message: 'Expected a request or notification (method), or a response (result or error)' },
    ]);
  });

  it('names a wrong jsonrpc version, a null request id and positional params', () => {
    const check = validateMessage('2025-11-25', { jsonrpc: '1.0', id: null, method: 'ping', params: [1] }, fromServer);
    expect(check.kind).toBe('request');
    expect(check.issues).toEqual([
      { path: 'jsonrpc', message: 'Expected "2.0", got string "1.0"' },
      { path: 'params', message: 'Expected object (MCP params are named), got an array' },
      { path: 'id', message: 'Expected string or integer, got null ("the ID MUST NOT be null")' },
    ]);
  });

  it('requires an error response id before 2025-11-25, and lets it be omitted from then on', () => {
    const error = { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' } };
    expect(validateMessage('2025-06-18', error, fromServer).issues).toEqual([
      { path: 'id', message: 'Missing required field: expected string or integer (an error response may omit its id only from 2025-11-25; this is 2025-06-18)' },
    ]);
    expect(validateMessage('2025-11-25', error, fromServer)).toMatchObject({ valid: true, kind: 'error' });
  });

  it('warns about an error response with a null id (JSON-RPC 2.0 allows it; the MCP schemas do not)', () => {
    const error = { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } };
    expect(validateMessage('2025-11-25', error, fromServer)).toEqual({
      valid: true,
      kind: 'error',
      unknownMethod: false,
      issues: [],
      warnings: [{ path: 'id', message: "Expected string or integer, got null (JSON-RPC 2.0 allows null here; MCP's schema does not: omit it)" }],
    });
    expect(validateMessage('2025-06-18', error, fromServer).warnings).toEqual([
      { path: 'id', message: "Expected string or integer, got null (JSON-RPC 2.0 allows null here; MCP's schema does not: use the request id)" },
    ]);
  });

  it('checks the error object', () => {
    expect(validateMessage('2025-06-18', { jsonrpc: '2.0', id: 1, error: { code: 1.5 } }, fromServer).issues).toEqual([
      { path: 'error.code', message: 'Expected integer, got number 1.5' },
      { path: 'error.message', message: 'Missing required field: expected string' },
    ]);
  });

  it('rejects a response with both result and error', () => {
    const check = validateMessage('2025-06-18', { jsonrpc: '2.0', id: 1, result: {}, error: { code: 1, message: 'x' } }, fromServer);
    expect(check.issues).toContainEqual({ path: '', message: 'A response has either result or error, not both' });
  });
});

describe('validateMessage: batches', () => {
  const ping = { jsonrpc: '2.0', id: 1, method: 'ping' };

  it('allows batches only in 2025-03-26', () => {
    expect(validateMessage('2025-03-26', [ping, { jsonrpc: '2.0', method: 'notifications/initialized' }], fromClient)).toMatchObject({
      valid: true,
      kind: 'batch',
    });
    expect(validateMessage('2025-06-18', [ping], fromClient).issues).toEqual([
      { path: '', message: 'JSON-RPC batches are not allowed in 2025-06-18 (only 2025-03-26 has them)' },
    ]);
  });

  it('validates each message of a batch, with its index in the path', () => {
    const check = validateMessage('2025-03-26', [ping, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: {} }], fromClient);
    expect(check.issues).toEqual([{ path: '[1].params.name', message: 'Missing required field: expected string' }]);
    expect(check.items?.map((item) => item.valid)).toEqual([true, false]);
  });

  it('rejects an empty batch, a mixed batch and a batched initialize', () => {
    expect(validateMessage('2025-03-26', [], fromClient).issues).toEqual([{ path: '', message: 'Expected at least one message in a batch' }]);
    expect(validateMessage('2025-03-26', [ping, { jsonrpc: '2.0', id: 9, result: {} }], fromClient).issues).toContainEqual({
      path: '',
      message: 'A batch holds either requests and notifications or responses, not both',
    });
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'c', version: '1' } },
    };
    expect(validateMessage('2025-03-26', [initialize], fromClient).issues).toEqual([
      { path: '', message: 'The initialize request MUST NOT be part of a JSON-RPC batch' },
    ]);
  });
});

describe('validateMessage: methods', () => {
  it('flags a custom method without calling it invalid', () => {
    expect(validateMessage('2025-11-25', { jsonrpc: '2.0', id: 1, method: 'acme/do' }, fromServer)).toEqual({
      valid: true,
      kind: 'request',
      method: 'acme/do',
      unknownMethod: true,
      definedIn: [],
      issues: [],
      warnings: [],
    });
  });

  it('says which versions define a method this version does not', () => {
    expect(validateMessage('2026-07-28', { jsonrpc: '2.0', id: 1, method: 'ping' }, fromServer)).toMatchObject({
      valid: true,
      unknownMethod: true,
      definedIn: ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'],
    });
  });

  it('rejects a request sent in the wrong direction', () => {
    expect(validateMessage('2025-11-25', { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'x' } }, fromServer)).toEqual({
      valid: false,
      kind: 'request',
      method: 'tools/call',
      unknownMethod: false,
      issues: [{ path: 'method', message: 'tools/call is sent client-to-server in 2025-11-25, not server-to-client' }],
      warnings: [],
    });
  });

  it('rejects a notification that carries an id, and a request that lacks one', () => {
    expect(validateMessage('2025-06-18', { jsonrpc: '2.0', id: 1, method: 'notifications/tools/list_changed' }, fromServer).issues).toEqual([
      { path: 'id', message: 'notifications/tools/list_changed is a notification in 2025-06-18: it must not have an id' },
    ]);
    expect(validateMessage('2025-06-18', { jsonrpc: '2.0', method: 'tools/list' }, fromClient).issues).toEqual([
      { path: 'id', message: 'tools/list is a request in 2025-06-18: it must have an id' },
    ]);
  });

  it('requires the per-request _meta of 2026-07-28, with its required keys', () => {
    expect(validateMessage('2026-07-28', { jsonrpc: '2.0', id: 1, method: 'tools/list' }, fromClient).issues).toEqual([
      { path: 'params', message: 'Missing required field: expected object' },
    ]);
    expect(validateMessage('2026-07-28', { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: {} } }, fromClient).issues).toEqual([
      { path: 'params._meta["io.modelcontextprotocol/protocolVersion"]', message: 'Missing required field: expected string' },
      { path: 'params._meta["io.modelcontextprotocol/clientCapabilities"]', message: 'Missing required field: expected object' },
    ]);
    expect(validateMessage('2026-07-28', { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: modernMeta } }, fromClient).valid).toBe(true);
    expect(validateMessage('2025-11-25', { jsonrpc: '2.0', id: 1, method: 'tools/list' }, fromClient).valid).toBe(true);
  });

  it('requires requestId in notifications/cancelled except in 2025-11-25', () => {
    const cancelled = { jsonrpc: '2.0', method: 'notifications/cancelled', params: { reason: 'x' } };
    expect(validateMessage('2025-11-25', cancelled, fromClient).valid).toBe(true);
    expect(validateMessage('2025-06-18', cancelled, fromClient).issues).toEqual([
      { path: 'params.requestId', message: 'Missing required field: expected string or integer' },
    ]);
    expect(validateMessage('2025-06-18', { ...cancelled, params: { requestId: 1.5 } }, fromClient).issues).toEqual([
      { path: 'params.requestId', message: 'Expected string or integer, got number 1.5' },
    ]);
  });
});

describe('validateMessage: results, per version', () => {
  const result = (value: object) => ({ jsonrpc: '2.0', id: 1, result: value });

  it('checks content types against the version', () => {
    const audio = result({ content: [{ type: 'audio', data: 'AAAA', mimeType: 'audio/wav' }] });
    expect(validateMessage('2024-11-05', audio, answering('tools/call')).issues).toEqual([
      { path: 'result.content[0].type', message: 'Expected "text" or "image" or "resource", got string "audio"' },
    ]);
    expect(validateMessage('2025-03-26', audio, answering('tools/call')).valid).toBe(true);
  });

  it('takes structuredContent as an object in 2025-06-18 and as any JSON value in 2026-07-28', () => {
    const array = { content: [], structuredContent: [1, 2] };
    expect(validateMessage('2025-06-18', result(array), answering('tools/call')).issues).toEqual([
      { path: 'result.structuredContent', message: 'Expected object, got an array' },
    ]);
    expect(validateMessage('2026-07-28', result({ ...array, resultType: 'complete' }), answering('tools/call')).valid).toBe(true);
  });

  it('requires resultType, ttlMs and cacheScope in 2026-07-28', () => {
    expect(validateMessage('2026-07-28', result({ tools: [] }), answering('tools/list')).issues).toEqual([
      { path: 'result.resultType', message: 'Missing required field: expected "complete"' },
      { path: 'result.ttlMs', message: 'Missing required field: expected integer' },
      { path: 'result.cacheScope', message: 'Missing required field: expected "public" or "private"' },
    ]);
    expect(validateMessage('2025-11-25', result({ tools: [] }), answering('tools/list')).valid).toBe(true);
  });

  it('tells an input-required result from a complete one by resultType', () => {
    expect(validateMessage('2026-07-28', result({ resultType: 'input_required', requestState: 's' }), answering('tools/call')).valid).toBe(true);
    expect(validateMessage('2026-07-28', result({ resultType: 'input_required' }), answering('tools/call')).issues).toEqual([
      { path: 'result', message: 'Expected at least one of inputRequests or requestState ("At least one … MUST be present")' },
    ]);
    expect(validateMessage('2026-07-28', result({ content: [] }), answering('tools/call')).issues).toEqual([
      { path: 'result.resultType', message: 'Missing required field: expected "input_required" or "complete"' },
    ]);
    expect(validateMessage('2026-07-28', result({ resultType: 'input_required', requestState: 's' }), answering('tools/list')).valid).toBe(false);
  });

  it('checks string formats as the official schema does', () => {
    const resource = result({ resources: [{ uri: 'not a uri', name: 'x' }] });
    expect(validateMessage('2025-06-18', resource, answering('resources/list')).issues).toEqual([
      { path: 'result.resources[0].uri', message: 'Expected an absolute URI (a scheme such as "file:")' },
    ]);
  });

  it('checks only the envelope of a response when the request method is not given', () => {
    expect(validateMessage('2025-06-18', result({ anything: 1 }), fromServer)).toEqual({
      valid: true,
      kind: 'result',
      unknownMethod: false,
      issues: [],
      warnings: [],
    });
  });

  it('checks the data of the 2026-07-28 errors that define it', () => {
    const unsupported = { jsonrpc: '2.0', id: 1, error: { code: -32022, message: 'Unsupported protocol version', data: { supported: '2026-07-28' } } };
    expect(validateMessage('2026-07-28', unsupported, fromServer).issues).toEqual([
      { path: 'error.data.supported', message: 'Expected array, got string "2026-07-28"' },
      { path: 'error.data.requested', message: 'Missing required field: expected string' },
    ]);
    expect(validateMessage('2025-11-25', unsupported, fromServer).valid).toBe(true);
  });
});

describe('validateMessage: the same result text, validated again', () => {
  const padding = 'x'.repeat(300);
  const toolsList = (id: number, name: unknown) => ({ jsonrpc: '2.0', id, result: { tools: [{ name, description: padding, inputSchema: { type: 'object' } }] } });
  const callResult = (id: number) => ({ jsonrpc: '2.0', id, result: { content: [{ type: 'resource_link', uri: 'test://a', name: 'a', description: padding }] } });
  const check = (version: Parameters<typeof validateMessage>[0], message: unknown, requestMethod: string) =>
    validateMessage(version, message, { direction: 'server-to-client', requestMethod });

  it('gives the same verdict for the same result under another id, and another verdict for another result', () => {
    const first = check('2025-11-25', toolsList(1, 42), 'tools/list');
    expect(first.valid).toBe(false);
    expect(check('2025-11-25', toolsList(2, 42), 'tools/list')).toEqual(first);
    expect(check('2025-11-25', toolsList(3, 'fine'), 'tools/list').valid).toBe(true);
    expect(check('2025-11-25', toolsList(4, 43), 'tools/list').issues).toEqual(first.issues.map((issue) => ({ ...issue, message: issue.message.replace('42', '43') })));
  });

  it("judges the same text by each version's own schema", () => {
    // resource_link content arrived in 2025-06-18.
    expect(check('2025-06-18', callResult(1), 'tools/call').valid).toBe(true);
    expect(check('2024-11-05', callResult(2), 'tools/call').valid).toBe(false);
    expect(check('2025-06-18', callResult(3), 'tools/call').valid).toBe(true);
  });

  it('validates results that are not JSON text (a cycle) without failing', () => {
    const result: Record<string, unknown> = { tools: [] };
    result.self = result;
    expect(() => check('2025-11-25', { jsonrpc: '2.0', id: 1, result }, 'tools/list')).not.toThrow();
  });
});
