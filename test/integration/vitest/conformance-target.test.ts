/** Target specs: the transport is known before anything starts, and `{ command, args }` survives the shell-word split. */
import { describe, expect, it } from 'vitest';
import { splitShellWords } from '../../../src/client/shell-words.js';
import { commandLineOf, createTargetFromSpec, describeConformance, kindOfSpec } from '../../../src/vitest/index.js';

describe('kindOfSpec', () => {
  it('names the transport of each spec without starting it', () => {
    expect(kindOfSpec({ stdio: 'node server.js' })).toBe('stdio');
    expect(kindOfSpec({ url: () => 'http://127.0.0.1:1/mcp' })).toBe('streamable-http');
    expect(kindOfSpec({ url: 'http://127.0.0.1:1/sse', transport: 'sse' })).toBe('sse');
    expect(kindOfSpec({ mock: () => { throw new Error('not called'); } })).toBe('memory');
    expect(kindOfSpec({ kind: 'websocket', target: () => { throw new Error('not called'); } })).toBe('websocket');
  });
});

describe('commandLineOf', () => {
  it('quotes arguments so that the stdio target splits them back unchanged', () => {
    const args = ['--import', 'file:///a b/tsx.mjs', "it's", 'plain-word', '', '$HOME', 'a"b\\c'];
    const line = commandLineOf({ command: '/usr/bin/node 22', args });
    expect(splitShellWords(line)).toEqual(['/usr/bin/node 22', ...args]);
    expect(commandLineOf({ command: 'node', args: ['server.js'] })).toBe('node server.js');
  });
});

describe('createTargetFromSpec', () => {
  it('refuses a custom target whose transport is not the declared one', async () => {
    await expect(
      createTargetFromSpec({ kind: 'websocket', target: () => ({ kind: 'stdio', description: { transport: 'stdio' }, createTransport: () => { throw new Error('not called'); } }) }),
    ).rejects.toThrow(
      '[mcp-conform] Failed to start the conformance suite: the target uses stdio, but the suite was declared for websocket. Declare the transport the target really uses (kind or transport).',
    );
  });
});

describe('describeConformance', () => {
  it('refuses, while tests are collected, a selection that would give no test', () => {
    // It throws before it declares anything, so calling it inside a test is safe here.
    expect(() => describeConformance('ws only', { stdio: 'node server.js' }, { checks: ['websocket/*'] })).toThrow(
      '[mcp-conform] Failed to describe the conformance suite "ws only": none of the selected checks applies to the stdio transport in 2024-11-05, 2025-03-26, 2025-06-18, 2025-11-25, 2026-07-28. Select other suites or checks, or other versions (`mcp-conform list` shows where each check applies).',
    );
    expect(() => describeConformance('nothing', { stdio: 'node server.js' }, { versions: [] })).toThrow(
      '[mcp-conform] Failed to describe the conformance suite "nothing": versions is empty. List at least one protocol version, or leave it out for all.',
    );
  });
});
