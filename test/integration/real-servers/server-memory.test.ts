/**
 * The reference server-memory over stdio, every version it accepts, with a profile of read-only calls (`read_graph`,
 * `search_nodes`) and its memory file in a temp directory. Every verdict that is not a pass is pinned, so a change in
 * either the server or a check is seen; examples/verdicts-section.md gives the sentence of the specification behind each.
 */
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { LEGACY, at, expectVerdicts, runStdioServer, useTempDir } from './helpers.js';

const dir = useTempDir('mcp-conform-memory-');

describe('server-memory over stdio', () => {
  it('fails the JSON-RPC envelope and task checks, warns on error codes', async () => {
    const report = await runStdioServer('@modelcontextprotocol/server-memory/dist/index.js', {
      env: { MEMORY_FILE_PATH: join(dir.path, 'memory.jsonl') },
      profile: {
        calls: [
          { tool: 'read_graph', arguments: {} },
          { tool: 'search_nodes', arguments: { query: 'alice' } },
        ],
      },
    });
    expectVerdicts(report, [
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
    ]);
  }, 90_000);
});
