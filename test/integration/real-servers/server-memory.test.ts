/**
 * The reference server-memory over stdio, every version it accepts, with a profile of read-only calls (`read_graph`,
 * `search_nodes`) and its memory file in a temp directory. Every verdict that is not a pass is pinned, so a change in
 * either the server or a check is seen; examples/verdicts-section.md gives the sentence of the specification behind each.
 */
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { LEGACY, SDK_STDIO_VERDICTS, at, expectVerdicts, runStdioServer, useTempDir } from './helpers.js';

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
    expectVerdicts(report, [...SDK_STDIO_VERDICTS, ...at('resources/not-found-error', 'warned', LEGACY)]);
  }, 90_000);
});
