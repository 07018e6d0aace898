import { describe, expect, it } from 'vitest';
import type { EvidenceEvent } from '../conformance/run-report.js';
import { describeEvidence, describeMessage } from './describe-evidence.js';
import { topLevelMembers } from './pretty-json.js';

describe('describeMessage', () => {
  it.each([
    [{ jsonrpc: '2.0', id: 1, method: 'tools/list' }, 'request tools/list (id 1)'],
    [{ jsonrpc: '2.0', method: 'notifications/initialized' }, 'notification notifications/initialized'],
    [{ jsonrpc: '2.0', id: 'a', result: {} }, 'response (id "a")'],
    [{ jsonrpc: '2.0', id: 2, error: { code: -32601, message: 'Method not found' } }, 'error response (id 2): -32601 Method not found'],
    [[{}, {}], 'batch of 2 messages'],
    [42, 'JSON number (not a JSON-RPC message)'],
    [{ hello: 1 }, 'JSON object (not a JSON-RPC message)'],
    [{ jsonrpc: '2.0', id: 1, method: 'evil\u001b[2J' }, 'request evil\\u001B[2J (id 1)'],
  ])('names %j', (message, expected) => {
    expect(describeMessage(message)).toBe(expected);
  });
});

describe('describeEvidence', () => {
  const events: EvidenceEvent[] = [
    { kind: 'http', seq: 4, timestamp: 1000, transport: 'streamable-http', direction: 'out', exchange: 1, method: 'POST', url: 'http://127.0.0.1:9/mcp', headers: { 'content-type': 'application/json' } },
    { kind: 'frame', seq: 5, timestamp: 1000.5, transport: 'streamable-http', direction: 'out', raw: '{"jsonrpc":"2.0","id":1,"method":"ping"}', message: { jsonrpc: '2.0', id: 1, method: 'ping' }, meta: { exchange: 1 } },
    { kind: 'http', seq: 6, timestamp: 1003, transport: 'streamable-http', direction: 'in', exchange: 1, status: 404, headers: { 'content-type': 'text/html' }, body: '<h1>nope</h1>' },
    { kind: 'frame', seq: 7, timestamp: 1004, transport: 'stdio', direction: 'in', raw: 'Server ready', parseError: 'not JSON' },
    { kind: 'stderr', seq: 8, timestamp: 1005, transport: 'stdio', direction: 'in', text: 'boom\n' },
    { kind: 'lifecycle', seq: 9, timestamp: 1006, transport: 'stdio', event: 'exit', exitCode: 1, signal: null },
  ];

  it('gives each event an arrow, a headline, a body and its time since the first', () => {
    expect(describeEvidence(events).map(({ seq, offsetMs, arrow, headline, body, bodyKind, note }) => ({ seq, offsetMs, arrow, headline, body, bodyKind, note }))).toEqual([
      { seq: 4, offsetMs: 0, arrow: '→', headline: 'HTTP request POST http://127.0.0.1:9/mcp · exchange #1', body: 'POST http://127.0.0.1:9/mcp\ncontent-type: application/json', bodyKind: 'http', note: undefined },
      { seq: 5, offsetMs: 0.5, arrow: '→', headline: 'request ping (id 1) · HTTP exchange #1', body: '{ "jsonrpc": "2.0", "id": 1, "method": "ping" }', bodyKind: 'json', note: undefined },
      { seq: 6, offsetMs: 3, arrow: '←', headline: 'HTTP response 404 · exchange #1', body: 'HTTP 404\ncontent-type: text/html\n\n<h1>nope</h1>', bodyKind: 'http', note: undefined },
      { seq: 7, offsetMs: 4, arrow: '←', headline: 'unparseable frame', body: 'Server ready', bodyKind: 'text', note: 'not JSON' },
      { seq: 8, offsetMs: 5, arrow: '←', headline: 'stderr (5 characters)', body: 'boom\n', bodyKind: 'text', note: undefined },
      { seq: 9, offsetMs: 6, arrow: '•', headline: 'process exited · code 1', body: undefined, bodyKind: undefined, note: undefined },
    ]);
  });

  it('cuts long bodies', () => {
    const [entry] = describeEvidence([{ kind: 'stderr', seq: 0, timestamp: 0, transport: 'stdio', direction: 'in', text: 'x'.repeat(50) }], { maxBodyChars: 10 });
    expect(entry!.body).toBe('xxxxxxxxxx… (40 more characters)');
  });
});

describe('describeEvidence of a frame the runner cut', () => {
  it('pretty-prints the beginning it kept and says how much is missing', () => {
    const raw = `{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"a"},{"name":"b","description":"xy… [1200 more characters]`;
    const [entry] = describeEvidence([{ kind: 'frame', seq: 0, timestamp: 0, transport: 'stdio', direction: 'in', raw }]);
    expect(entry).toMatchObject({
      bodyKind: 'json',
      body: '{\n  "jsonrpc": "2.0",\n  "id": 1,\n  "result": {\n    "tools": [\n      { "name": "a" },\n      {\n        "name": "b",\n        "description": "xy\n… [1200 more characters not kept in the report]',
    });
  });

  it('shows a cut frame that is not JSON as text', () => {
    const [entry] = describeEvidence([{ kind: 'frame', seq: 0, timestamp: 0, transport: 'stdio', direction: 'in', raw: 'hello… [5 more characters]', parseError: 'not JSON' }]);
    expect(entry).toMatchObject({ bodyKind: 'text', body: 'hello… [5 more characters]' });
  });
});

describe('describeEvidence of a frame without its parsed message', () => {
  const headline = (raw: string) => describeEvidence([{ kind: 'frame', seq: 0, timestamp: 0, transport: 'stdio', direction: 'in', raw }])[0]!.headline;

  it('names a cut frame from the members it kept', () => {
    expect(headline('{"result":{"protocolVersion":"x"… [3 more characters]')).toBe('response (cut after 32 characters)');
    expect(headline('{"jsonrpc":"2.0","id":4,"error":{"code":-32603,"message":"xx… [9 more characters]')).toBe('error response (id 4) (cut after 60 characters)');
    expect(headline('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{… [2 more characters]')).toBe('request tools/call (id 1) (cut after 56 characters)');
    expect(headline('[{"a":1}… [2 more characters]')).toBe('batch (cut)');
  });

  it('parses a whole frame again', () => {
    expect(headline('{"jsonrpc":"2.0","method":"notifications/progress"}')).toBe('notification notifications/progress');
  });
});

describe('topLevelMembers', () => {
  it('lists the keys of a whole or cut object, with scalar values only when complete', () => {
    expect([...topLevelMembers('{"id":7,"result":{"tools":[')]).toEqual([['id', '7'], ['result', undefined]]);
    expect([...topLevelMembers('{"jsonrpc":"2.0","method":"tools/li')]).toEqual([['jsonrpc', '"2.0"'], ['method', undefined]]);
    expect([...topLevelMembers('{"a":{"method":"nested"},"b":1}')]).toEqual([['a', undefined], ['b', '1']]);
    expect([...topLevelMembers('[1,2]')]).toEqual([]);
  });
});
