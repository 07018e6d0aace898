import { describe, expect, it } from 'vitest';
import { describeFrame, encodeMcpHeaderValue, requestIdsOf } from './http-shared.js';
import { httpStatusError, parseResourceMetadataUrl } from './http-errors.js';

describe('encodeMcpHeaderValue', () => {
  it('keeps printable ASCII as it is and base64-encodes the rest with the sentinel', () => {
    expect(encodeMcpHeaderValue('tools/call')).toBe('tools/call');
    expect(encodeMcpHeaderValue('file:///a b.txt')).toBe('file:///a b.txt');
    expect(encodeMcpHeaderValue('café')).toBe(`=?base64?${Buffer.from('café').toString('base64')}?=`);
    expect(encodeMcpHeaderValue(' padded')).toBe(`=?base64?${Buffer.from(' padded').toString('base64')}?=`);
    expect(encodeMcpHeaderValue('line\nbreak')).toBe(`=?base64?${Buffer.from('line\nbreak').toString('base64')}?=`);
  });
});

describe('describeFrame and requestIdsOf', () => {
  it('names requests, notifications, responses, batches and junk', () => {
    expect(describeFrame({ jsonrpc: '2.0', id: 7, method: 'tools/list' })).toBe('tools/list request 7');
    expect(describeFrame({ jsonrpc: '2.0', method: 'notifications/initialized' })).toBe('notifications/initialized notification');
    expect(describeFrame({ jsonrpc: '2.0', id: 'a', result: {} })).toBe('response "a"');
    expect(describeFrame([{ jsonrpc: '2.0', id: 1, method: 'ping' }, { jsonrpc: '2.0', method: 'x' }])).toBe('a batch of 2 messages');
    expect(describeFrame(undefined)).toBe('a frame that is not a JSON-RPC message');
    expect(requestIdsOf([{ jsonrpc: '2.0', id: 1, method: 'ping' }, { jsonrpc: '2.0', method: 'x' }, { jsonrpc: '2.0', id: 2, result: {} }])).toEqual([1]);
  });
});

describe('parseResourceMetadataUrl', () => {
  it('reads quoted and bare resource_metadata parameters', () => {
    expect(parseResourceMetadataUrl('Bearer resource_metadata="https://x/.well-known/oauth-protected-resource"')).toBe('https://x/.well-known/oauth-protected-resource');
    expect(parseResourceMetadataUrl('Bearer realm="mcp", resource_metadata=https://x/m, scope="a"')).toBe('https://x/m');
    expect(parseResourceMetadataUrl('Basic realm="x"')).toBeUndefined();
    expect(parseResourceMetadataUrl(undefined)).toBeUndefined();
  });
});

describe('httpStatusError', () => {
  it('says a 401 came without a challenge', () => {
    const error = httpStatusError('send ping request 1 to http://h/mcp', { status: 401, headers: {}, body: '' });
    expect(error.message).toBe('[mcp-conform] Failed to send ping request 1 to http://h/mcp: the server answered HTTP 401 Unauthorized without a WWW-Authenticate challenge. Pass a token as an Authorization header.');
  });

  it('truncates a long body in the message but keeps it whole on the error', () => {
    const body = 'x'.repeat(500);
    const error = httpStatusError('send it', { status: 502, headers: { 'content-type': 'text/plain' }, body });
    expect(error.message).toBe(`[mcp-conform] Failed to send it: the server answered HTTP 502 Bad Gateway (text/plain: "${'x'.repeat(120)}…"). The server failed; check its logs.`);
    expect(error.body).toBe(body);
  });
});
