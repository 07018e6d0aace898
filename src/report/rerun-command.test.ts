import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { rerunCommand, shellQuote } from './rerun-command.js';

describe('shellQuote', () => {
  it.each(['plain', 'with space', "it's", 'a"b', '$HOME `x` \\ ; | & < > * ?', '', 'node "s p.js" --flag=1'])('round-trips %j through a POSIX shell', (word) => {
    expect(execFileSync('/bin/sh', ['-c', `printf '%s' ${shellQuote(word)}`], { encoding: 'utf8' })).toBe(word);
  });
});

describe('rerunCommand', () => {
  it('reruns one check in its version against the same target', () => {
    expect(rerunCommand({ transport: 'stdio', command: 'node server.js stdio' }, { id: 'lifecycle/ping', protocolVersion: '2025-11-25' })).toBe(
      "npx mcp-conform --stdio 'node server.js stdio' --check lifecycle/ping --protocol-version 2025-11-25",
    );
    expect(rerunCommand({ transport: 'streamable-http', url: 'http://127.0.0.1:3000/mcp' }, { id: 'stdio/x' })).toBe('npx mcp-conform --url http://127.0.0.1:3000/mcp --check stdio/x');
    expect(rerunCommand({ transport: 'sse', url: 'http://h/sse' }, { id: 'a/b' })).toBe('npx mcp-conform --url http://h/sse --transport sse --check a/b');
    expect(rerunCommand({ transport: 'websocket', url: 'ws://h/mcp' }, { id: 'a/b' })).toBe('npx mcp-conform --ws ws://h/mcp --check a/b');
  });
});
