import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineEverythingServer, listen, type MockListener } from '../../../src/mocks/index.js';

const CLI = join(import.meta.dirname, '..', '..', '..', 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');

interface Check {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'SKIPPED' | 'INFO';
  errorMessage?: string;
}

/** Runs `conformance server --url <url> --suite <suite>` with this Node (the suite needs Node ≥ 22). */
function runSuite(url: string, suite: 'active' | 'pending', outDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'server', '--url', url, '--suite', suite, '-o', outDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

async function readChecks(outDir: string): Promise<Map<string, Check[]>> {
  const byScenario = new Map<string, Check[]>();
  for (const dir of await readdir(outDir)) {
    const scenario = dir.replace(/^server-/, '').replace(/-\d{4}-\d{2}-\d{2}T.*$/, '');
    byScenario.set(scenario, JSON.parse(await readFile(join(outDir, dir, 'checks.json'), 'utf8')) as Check[]);
  }
  return byScenario;
}

describe('the official conformance suite (@modelcontextprotocol/conformance 0.1.16) against the everything mock', () => {
  let listener: MockListener;
  let outDir: string;
  beforeAll(async () => {
    listener = await listen(defineEverythingServer(), { port: 0, retryMs: 100 });
    outDir = await mkdtemp(join(tmpdir(), 'mcp-conform-official-'));
  });
  afterAll(async () => {
    await listener.close();
    await rm(outDir, { recursive: true, force: true });
  });

  it.each([
    // 0.1.16 has 32 server scenarios: 30 active, and 2 pending (json-schema-2020-12, server-sse-polling).
    ['active', 30, ['server-initialize', 'tools-call-with-progress', 'tools-call-elicitation', 'dns-rebinding-protection']],
    ['pending', 2, ['json-schema-2020-12', 'server-sse-polling']],
  ] as const)('passes every check of every %s server scenario (%i), with no warning', async (suite, count, names) => {
    const dir = join(outDir, suite);
    const { code, output } = await runSuite(listener.url, suite, dir);
    const checks = await readChecks(dir);
    expect(checks.size).toBe(count);
    expect([...checks.keys()]).toEqual(expect.arrayContaining([...names]));
    const notPassed = [...checks].flatMap(([scenario, list]) =>
      list.filter((c) => c.status !== 'SUCCESS' && c.status !== 'INFO').map((c) => `${scenario}/${c.id}: ${c.status} ${c.errorMessage ?? ''}`),
    );
    expect(notPassed).toEqual([]);
    // Every scenario produced at least one SUCCESS (none passed vacuously, cf. conformance#515).
    for (const [scenario, list] of checks) expect(list.some((c) => c.status === 'SUCCESS'), scenario).toBe(true);
    expect(output).toMatch(/Total: \d+ passed, 0 failed/);
    expect(code).toBe(0);
    // A loaded machine can slow the suite's ~30 client connections down: a generous, bounded timeout.
  }, 60_000);
});
