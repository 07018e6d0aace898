/** Runs every check, every version a real server accepts, in-process, and summarizes the verdicts that did not pass. */
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { ALL_CHECKS } from '../../../src/conformance/checks/index.js';
import { runConformance } from '../../../src/conformance/run-conformance.js';
import type { RunReport } from '../../../src/conformance/run-report.js';
import type { Profile } from '../../../src/conformance/profile.js';
import { createStdioTarget } from '../../../src/conformance/stdio-target.js';
import type { ConformanceTarget } from '../../../src/conformance/target.js';

/** Runs the whole catalogue of checks, every version the server accepts (the CLI's default). */
export function runAll(target: ConformanceTarget, profile: Profile): Promise<RunReport> {
  return runConformance({ target, checks: ALL_CHECKS, protocolVersion: 'all', profile, toolVersion: '0.0.0-test' });
}

/** `id@version status` for every result that neither passed nor was skipped, sorted. */
export function verdicts(report: RunReport): string[] {
  return report.results
    .filter((r) => r.status !== 'passed' && r.status !== 'skipped')
    .map((r) => `${r.id}@${r.protocolVersion ?? '-'} ${r.status}`)
    .sort();
}

/** `id@version` for each of the given versions. */
export function at(id: string, status: 'failed' | 'warned', versions: readonly string[]): string[] {
  return versions.map((v) => `${id}@${v} ${status}`);
}

/** The four versions that use the initialize handshake. */
export const LEGACY = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'] as const;

/**
 * The verdicts that the TypeScript SDK's stdio server transport and McpServer (1.32) give any server built on them,
 * whatever its tools: lines that are not JSON or not requests are dropped, batches refused, task metadata not ignored,
 * and -32603 / -32602 answered where -32602 / -32601 are due (examples/verdicts-section.md gives each sentence).
 */
export const SDK_STDIO_VERDICTS: readonly string[] = [
  ...at('jsonrpc-envelope/parse-error', 'failed', LEGACY),
  ...at('jsonrpc-envelope/invalid-request', 'failed', LEGACY),
  ...at('jsonrpc-envelope/batch-received', 'failed', ['2025-03-26']),
  ...at('tasks/ignored-when-undeclared', 'failed', ['2025-11-25']),
  ...at('jsonrpc/invalid-params', 'warned', LEGACY),
  ...at('pagination/invalid-cursor', 'warned', LEGACY),
  ...at('tools/unknown-tool-error', 'warned', LEGACY),
  ...at('tools/malformed-call-error', 'warned', LEGACY),
  ...at('jsonrpc-envelope/error-messages-concise', 'warned', ['2025-11-25']),
];

/**
 * What every pinned run asserts: no check errored, the server accepted exactly the four {@link LEGACY} versions, and
 * the verdicts that did not pass are exactly `expected` (in any order).
 */
export function expectVerdicts(report: RunReport, expected: readonly string[]): void {
  expect(report.summary.errored).toBe(0);
  expect(report.server.protocolVersions).toEqual([...LEGACY]);
  expect(verdicts(report)).toEqual([...expected].sort());
}

/** How {@link runStdioServer} starts a server. */
export interface StdioServerOptions {
  /** Arguments after the entry point. */
  args?: readonly string[];
  /** Variables added to the server's environment. */
  env?: Record<string, string>;
  profile: Profile;
}

/** Runs every check (see {@link runAll}) against a package's entry point (e.g. `pkg/dist/index.js`) started over stdio by this Node. */
export function runStdioServer(entry: string, options: StdioServerOptions): Promise<RunReport> {
  const command = [process.execPath, createRequire(import.meta.url).resolve(entry), ...(options.args ?? [])].map((part) => JSON.stringify(part)).join(' ');
  return runAll(createStdioTarget({ command, ...(options.env ? { env: options.env } : {}) }), options.profile);
}

/**
 * A temporary directory (its real path) made and filled by `fill` before this file's tests, removed after them.
 * Read `path` inside a test or hook.
 */
export function useTempDir(prefix: string, fill?: (dir: string) => Promise<void>): { readonly path: string } {
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await realpath(await mkdtemp(join(tmpdir(), prefix)));
    await fill?.(dir);
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return {
    get path() {
      if (!dir) throw new Error('The temporary directory is made in beforeAll: read its path inside a test.');
      return dir;
    },
  };
}
