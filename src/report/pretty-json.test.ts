import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prettyJson, prettyJsonPrefix } from './pretty-json.js';

describe('prettyJson', () => {
  it('re-indents any JSON without changing its data', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 100 }), (value, inlineWidth) => {
        const raw = JSON.stringify(value);
        const pretty = prettyJson(raw, { inlineWidth })!;
        expect(JSON.parse(pretty)).toEqual(JSON.parse(raw));
      }),
    );
  });

  it('keeps numbers and string escapes exactly as sent', () => {
    expect(prettyJson('{"id":12345678901234567890,"x":1e400,"s":"a\\u0000\\"b"}', { inlineWidth: 0 })).toBe(
      '{\n  "id": 12345678901234567890,\n  "x": 1e400,\n  "s": "a\\u0000\\"b"\n}',
    );
  });

  it('keeps small objects and arrays on one line and breaks big ones', () => {
    expect(prettyJson('{"jsonrpc":"2.0","id":1,"method":"ping"}')).toBe('{ "jsonrpc": "2.0", "id": 1, "method": "ping" }');
    expect(prettyJson('[ 1 , 2 ]')).toBe('[1, 2]');
    expect(prettyJson('{"a":{},"b":[]}')).toBe('{ "a": {}, "b": [] }');
    const long = prettyJson(JSON.stringify({ tools: [{ name: 'a'.repeat(40), description: 'b'.repeat(40) }] }))!;
    expect(long.split('\n')).toEqual(['{', '  "tools": [', '    {', `      "name": "${'a'.repeat(40)}",`, `      "description": "${'b'.repeat(40)}"`, '    }', '  ]', '}']);
  });

  it('gives undefined for text that is not JSON', () => {
    expect(prettyJson('Server ready')).toBeUndefined();
    expect(prettyJson('{"a":1')).toBeUndefined();
    expect(prettyJson('')).toBeUndefined();
  });
});

describe('prettyJsonPrefix', () => {
  it('breaks the beginning of a cut JSON text over lines without closing anything', () => {
    expect(prettyJsonPrefix('{"tools":[{"name":"a"},{"na')).toBe('{\n  "tools": [\n    { "name": "a" },\n    {\n      "na');
    expect(prettyJsonPrefix(`{"tools":[{"name":"${'a'.repeat(80)}"},{`)).toBe(`{\n  "tools": [\n    {\n      "name": "${'a'.repeat(80)}"\n    },\n    {`);
    expect(prettyJsonPrefix('{"a":1,"b":[],"c":tr')).toBe('{\n  "a": 1,\n  "b": [],\n  "c": tr');
    expect(prettyJsonPrefix('[1,2')).toBe('[\n  1,\n  2');
    expect(prettyJsonPrefix('{"s":"x\\')).toBe('{\n  "s": "x\\');
  });

  it('gives undefined for text that is no prefix of JSON, or that is whole', () => {
    for (const text of ['Server ready', '{"a":1}', '{]', '{"a":"b"}}', '{"a" 1', '[1 2']) expect(prettyJsonPrefix(text)).toBeUndefined();
  });

  it('accepts every cut of a valid JSON text that leaves a container open', () => {
    fc.assert(
      fc.property(fc.jsonValue().filter((v) => typeof v === 'object' && v !== null), fc.nat(), (value, at) => {
        const raw = JSON.stringify(value);
        const cut = 1 + (at % Math.max(1, raw.length - 1));
        const prefix = raw.slice(0, cut);
        const pretty = prettyJsonPrefix(prefix);
        if (pretty !== undefined) expect(pretty.replace(/\s+/g, '')).toBe(prefix.replace(/\s+/g, ''));
        else expect(prefix === raw || /[eE.+-]$|\d$/.test(prefix) || cut === raw.length).toBe(true);
      }),
    );
  });
});
