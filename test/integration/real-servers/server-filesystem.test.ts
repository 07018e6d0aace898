/**
 * The reference server-filesystem over stdio, every version it accepts, with a profile of read-only calls on files
 * this test creates in a temp directory. Every verdict that is not a pass is pinned, so a change in either the server
 * or a check is seen; examples/verdicts-section.md gives the sentence of the specification behind each.
 */
import { mkdtemp, mkdir, realpath, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStdioTarget } from '../../../src/conformance/stdio-target.js';
import { LEGACY, at, runAll, verdicts } from './helpers.js';

const SERVER = createRequire(import.meta.url).resolve('@modelcontextprotocol/server-filesystem/dist/index.js');

let dir: string;
beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'mcp-conform-fs-')));
  await mkdir(join(dir, 'sub'));
  await writeFile(join(dir, 'a.txt'), 'hello\nworld\n');
  await writeFile(join(dir, 'sub', 'b.md'), '# notes\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('server-filesystem over stdio', () => {
  it('fails the JSON-RPC envelope and task checks, warns on error codes and structured content', async () => {
    const report = await runAll(createStdioTarget({ command: `${JSON.stringify(process.execPath)} ${JSON.stringify(SERVER)} ${JSON.stringify(dir)}` }), {
      calls: [
        { tool: 'list_allowed_directories', arguments: {} },
        { tool: 'read_text_file', arguments: { path: join(dir, 'a.txt') } },
        { tool: 'read_text_file', arguments: { path: join(dir, 'a.txt'), head: 1 } },
        { tool: 'read_multiple_files', arguments: { paths: [join(dir, 'a.txt'), join(dir, 'sub', 'b.md')] } },
        { tool: 'list_directory', arguments: { path: dir } },
        { tool: 'directory_tree', arguments: { path: dir } },
        { tool: 'search_files', arguments: { path: dir, pattern: '*.md' } },
        { tool: 'get_file_info', arguments: { path: join(dir, 'a.txt') } },
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
        // No JSON text mirror of structuredContent: a SHOULD where structuredContent exists (2025-06-18 on).
        ...at('tools/call-results-valid', 'warned', ['2025-06-18', '2025-11-25']),
        ...at('jsonrpc-envelope/error-messages-concise', 'warned', ['2025-11-25']),
      ].sort(),
    );
  }, 90_000);
});
