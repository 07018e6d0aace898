import { describe, expect, it } from 'vitest';
import { paramHeadersFor, readParamHeaders } from './http-param-headers.js';
import { encodeMcpHeaderValue } from './http-shared.js';

describe('readParamHeaders', () => {
  it('finds annotated string, integer and boolean properties, nested through properties', () => {
    const result = readParamHeaders({
      type: 'object',
      properties: {
        region: { type: 'string', 'x-mcp-header': 'Region' },
        query: { type: 'string' },
        options: { type: 'object', properties: { shard: { type: 'integer', 'x-mcp-header': 'Shard' }, dry: { type: 'boolean', 'x-mcp-header': 'Dry-Run' } } },
      },
    });
    expect(result).toEqual({
      ok: true,
      headers: [
        { path: ['region'], name: 'Region' },
        { path: ['options', 'shard'], name: 'Shard' },
        { path: ['options', 'dry'], name: 'Dry-Run' },
      ],
    });
  });

  it.each([
    [{ properties: { a: { type: 'number', 'x-mcp-header': 'A' } } }, 'x-mcp-header "A" sits on "a" of type "number"; only string, integer and boolean are allowed'],
    [{ properties: { a: { type: 'string', 'x-mcp-header': '' } } }, 'x-mcp-header of "a" is empty or not a string'],
    [{ properties: { a: { type: 'string', 'x-mcp-header': 'Has Space' } } }, 'x-mcp-header "Has Space" of "a" is not an HTTP token'],
    [{ properties: { a: { type: 'string', 'x-mcp-header': 'X' }, b: { type: 'string', 'x-mcp-header': 'x' } } }, 'x-mcp-header "x" is used twice (case-insensitively)'],
    [{ properties: { list: { type: 'array', items: { type: 'string', 'x-mcp-header': 'Item' } } } }, 'x-mcp-header at "properties/list/items" is not reachable through properties alone'],
    [{ anyOf: [{ properties: { a: { type: 'string', 'x-mcp-header': 'A' } } }] }, 'x-mcp-header at "anyOf/0/properties/a" is not reachable through properties alone'],
  ])('rejects an invalid annotation (%#)', (schema, reason) => {
    expect(readParamHeaders(schema)).toEqual({ ok: false, reason });
  });
});

describe('paramHeadersFor', () => {
  it('converts and encodes values, and omits absent and null ones', () => {
    const params = [
      { path: ['region'], name: 'Region' },
      { path: ['n'], name: 'N' },
      { path: ['flag'], name: 'Flag' },
      { path: ['greeting'], name: 'Greeting' },
      { path: ['missing'], name: 'Missing' },
      { path: ['nothing'], name: 'Nothing' },
    ];
    expect(paramHeadersFor(params, { region: 'us-west1', n: -7, flag: false, greeting: 'Hello, 世界', nothing: null })).toEqual({
      'Mcp-Param-Region': 'us-west1',
      'Mcp-Param-N': '-7',
      'Mcp-Param-Flag': 'false',
      'Mcp-Param-Greeting': '=?base64?SGVsbG8sIOS4lueVjA==?=',
    });
  });

  it('encodes the spec examples exactly, the sentinel look-alike included', () => {
    expect(encodeMcpHeaderValue(' padded ')).toBe('=?base64?IHBhZGRlZCA=?=');
    expect(encodeMcpHeaderValue('line1\nline2')).toBe('=?base64?bGluZTEKbGluZTI=?=');
    expect(encodeMcpHeaderValue('=?base64?literal?=')).toBe('=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=');
  });
});
