/**
 * The reference server-filesystem over stdio, every version it accepts, with a profile of read-only calls on files
 * this test creates in a temp directory. Every verdict that is not a pass is pinned, so a change in either the server
 * or a check is seen; examples/verdicts-section.md gives the sentence of the specification behind each.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { SDK_STDIO_VERDICTS, at, expectVerdicts, runStdioServer, useTempDir } from './helpers.js';

const dir = useTempDir('mcp-conform-fs-', async (path) => {
  await mkdir(join(path, 'sub'));
  await writeFile(join(path, 'a.txt'), 'hello\nworld\n');
  await writeFile(join(path, 'sub', 'b.md'), '# notes\n');
});

describe('server-filesystem over stdio', () => {
  it('fails the JSON-RPC envelope and task checks, warns on error codes and structured content', async () => {
    const root = dir.path;
    const report = await runStdioServer('@modelcontextprotocol/server-filesystem/dist/index.js', {
      args: [root],
      profile: {
        calls: [
          { tool: 'list_allowed_directories', arguments: {} },
          { tool: 'read_text_file', arguments: { path: join(root, 'a.txt') } },
          { tool: 'read_text_file', arguments: { path: join(root, 'a.txt'), head: 1 } },
          { tool: 'read_multiple_files', arguments: { paths: [join(root, 'a.txt'), join(root, 'sub', 'b.md')] } },
          { tool: 'list_directory', arguments: { path: root } },
          { tool: 'directory_tree', arguments: { path: root } },
          { tool: 'search_files', arguments: { path: root, pattern: '*.md' } },
          { tool: 'get_file_info', arguments: { path: join(root, 'a.txt') } },
        ],
      },
    });
    expectVerdicts(report, [
      ...SDK_STDIO_VERDICTS,
      // No JSON text mirror of structuredContent: a SHOULD where structuredContent exists (2025-06-18 on).
      ...at('tools/call-results-valid', 'warned', ['2025-06-18', '2025-11-25']),
    ]);
  }, 90_000);
});
