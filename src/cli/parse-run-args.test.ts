import { describe, expect, it } from 'vitest';
import { parseRunArgs } from './parse-run-args.js';

describe('parseRunArgs', () => {
  it('reads a stdio run with every option', () => {
    const args = parseRunArgs([
      '--stdio', 'node server.js --flag',
      '--env', 'TOKEN=a=b', '--env', 'DEBUG=',
      '--protocol-version', '2025-06-18',
      '--suite', 'ping,jsonrpc', '--check', 'lifecycle/*', '--skip', 'jsonrpc/invalid-params',
      '--profile', 'p.json', '--expected-failures', 'b.yml', '--strict', '--timeout', '5000', '--concurrency', '3',
      '--report-dir', 'out', '--format', 'json,junit,json', '--json', '--quiet',
    ]);
    expect(args).toEqual({
      target: { kind: 'stdio', command: 'node server.js --flag' },
      env: { TOKEN: 'a=b', DEBUG: '' },
      headers: {},
      protocolVersion: '2025-06-18',
      suites: ['ping', 'jsonrpc'],
      checks: ['lifecycle/*'],
      skip: ['jsonrpc/invalid-params'],
      profile: 'p.json',
      expectedFailures: 'b.yml',
      strict: true,
      timeoutMs: 5000,
      concurrency: 3,
      reportDir: 'out',
      formats: ['json', 'junit'],
      json: true,
      quiet: true,
    });
  });

  it('defaults to every version, json and html into reports/', () => {
    expect(parseRunArgs(['--url', 'http://127.0.0.1:1/mcp', '--header', 'Authorization: Bearer x:y'])).toMatchObject({
      target: { kind: 'url', url: 'http://127.0.0.1:1/mcp', transport: 'auto' },
      headers: { Authorization: 'Bearer x:y' },
      protocolVersion: 'all',
      reportDir: 'reports',
      formats: ['json', 'html', 'junit', 'md'],
    });
  });

  it.each([
    [['--stdio', 'a', '--url', 'http://x'], 'more than one target was given. Pass exactly one of --stdio, --url and --ws.'],
    [['--stdio', ''], '--stdio is empty. Pass the command that starts the server.'],
    [['--stdio', 'a', 'b'], 'unexpected argument "b". Quote the server command: --stdio "node server.js --flag".'],
    [['--stdio', 'a', '--env', 'NOEQUALS'], '--env must be KEY=VALUE, not "NOEQUALS…". Run `mcp-conform --help` for the options.'],
    [['--url', 'http://x', '--header', 'secret-without-colon'], '--header must be "Name: value" (the value is not shown here). Run `mcp-conform --help` for the options.'],
    [['--stdio', 'a', '--timeout', '0'], '--timeout must be a positive whole number, not "0". Run `mcp-conform --help` for the options.'],
    [['--stdio', 'a', '--transport', 'sse'], '--transport applies to --url only. Run `mcp-conform --help` for the options.'],
    [['--stdio', 'a', '--bogus'], "Unknown option '--bogus'. Run `mcp-conform --help` for the options."],
  ])('refuses %j', (argv, reason) => {
    expect(() => parseRunArgs(argv)).toThrow(`[mcp-conform] Failed to read the command line: ${reason}`);
  });
});
