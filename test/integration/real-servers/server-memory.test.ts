/**
 * The reference server-memory over stdio, every version it accepts, with a profile of read-only calls (`read_graph`,
 * `search_nodes`) and its memory file in a temp directory. Every verdict that is not a pass is pinned, so a change in
 * either the server or a check is seen; examples/verdicts-section.md gives the sentence of the specification behind each.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStdioTarget } from '../../../src/conformance/stdio-target.js';
import { LEGACY, at, runAll, verdicts } from './helpers.js';

const SERVER = createRequire(import.meta.url).resolve('@modelcontextprotocol/server-memory/dist/index.js');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcp-conform-memory-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('server-memory over stdio', () => {
  it('fails the JSON-RPC envelope and task checks, warns on error codes', async () => {
    const target = createStdioTarget({
      command: `${JSON.stringify(process.execPath)} ${JSON.stringify(SERVER)}`,
      env: { MEMORY_FILE_PATH: join(dir, 'memory.jsonl') },
    });
    const report = await runAll(target, {
      calls: [
        { tool: 'read_graph', arguments: {} },
        { tool: 'search_nodes', arguments: { query: 'alice' } },
      ],
    });
    expect(report.summary.errored).toBe(0);
    expect(report.server.protocolVersions).toEqual([...LEGACY]);
    expect(verdicts(report)).toEqual(
      [
        ...at('jsonrpc-envelope/parse-error', 'failed', LEGACY),
        ...at('jsonrpc-envelope/invalid-request', 'failed', LEGACY),
        ...at('jsonrpc-envelope/batch-received', 'failed', ['2025-03-26']),
        ...at('tasks/ignored-when-undeclared', 'failed', ['2025-11-25']),
        ...at('jsonrpc/invalid-params', 'warned', LEGACY),
        ...at('pagination/invalid-cursor', 'warned', LEGACY),
        ...at('tools/unknown-tool-error', 'warned', LEGACY),
        ...at('tools/malformed-call-error', 'warned', LEGACY),
        ...at('resources/not-found-error', 'warned', LEGACY),
        ...at('jsonrpc-envelope/error-messages-concise', 'warned', ['2025-11-25']),
      ].sort(),
    );
  }, 90_000);
});
