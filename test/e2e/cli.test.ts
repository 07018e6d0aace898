/**
 * End to end: the built CLI (`dist/cli/bin.js`, built by `npm test` first) run as a user runs it, against fixture
 * servers and against @modelcontextprotocol/server-everything; report files are checked against the published schema.
 */
import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'dist', 'cli', 'bin.js');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'conformance');
const EVERYTHING = join(ROOT, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
const q = (s: string): string => JSON.stringify(s);
const fixture = (name: string): string => `${q(process.execPath)} ${q(join(FIXTURES, `${name}.mjs`))}`;
const FIRST = ['lifecycle/*', 'version/*', 'ping/*', 'jsonrpc/*', 'stdio/*'].join(',');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let work: string;

/** Runs the CLI in `work` with a bounded time. */
function cli(args: readonly string[], timeoutMs = 60_000): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: work, timeout: timeoutMs, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const validateReport = (() => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schema', 'report.schema.json'), 'utf8')) as object);
})();

function readReport(dir = 'reports'): Record<string, any> {
  const report = JSON.parse(readFileSync(join(work, dir, 'mcp-conform.json'), 'utf8')) as Record<string, any>;
  expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
  return report;
}

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` (npm test does) before the e2e tests`);
  work = mkdtempSync(join(tmpdir(), 'mcp-conform-e2e-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('mcp-conform, the command', () => {
  it('prints its version and its help, exit 0', async () => {
    const version = await cli(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: `${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n` });
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('mcp-conform [run] --stdio "<command line>" [options]');
    // No arguments at all is a usage error: a CI job whose arguments went missing must not pass.
    const nothing = await cli([]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('Usage:');
  });

  it('lists every check as { id, title, suite, level, versions, transports, requirements }', async () => {
    const run = await cli(['list', '--json']);
    expect(run.code).toBe(0);
    const checks = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    expect(checks.length).toBeGreaterThan(0);
    expect(new Set(checks.map((c) => c.id)).size).toBe(checks.length);
    for (const check of checks) expect(Object.keys(check)).toEqual(['id', 'title', 'suite', 'level', 'versions', 'transports', 'requirements']);
    expect(checks.map((c) => c.id)).toContain('jsonrpc/unknown-method');
  });

  it.each([
    [[], '[mcp-conform] Failed to read the command line: no target was given. Pass --stdio "<command line>", --url <url> or --ws <url>.'],
    [['--stdio', 'x', '--protocol-version', '1999-01-01'], '[mcp-conform] Failed to read the command line: --protocol-version must be one of 2024-11-05, 2025-03-26, 2025-06-18, 2025-11-25, 2026-07-28, all or latest, not "1999-01-01". Run `mcp-conform --help` for the options.'],
    [['--stdio', 'x', '--check', 'nope/nothing'], '[mcp-conform] Failed to select checks: no check or suite matches "nope/nothing". Run `mcp-conform list` to see them.'],
    [['--stdio', 'x', '--format', 'pdf'], '[mcp-conform] Failed to read the command line: --format accepts json, html, junit, md, not "pdf". Run `mcp-conform --help` for the options.'],
    [['--stdio', 'mcp-conform-no-such-server-xyz'], '[mcp-conform] Failed to start the server (mcp-conform-no-such-server-xyz):'],
  ])('refuses %j with exit 2 and says what to do, running nothing', async (args, message) => {
    const run = await cli(args.length === 0 ? ['run'] : args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(existsSync(join(work, 'reports-none'))).toBe(false);
  });

  it('reads mcp-conform.config.json from the working directory, and refuses a profile with an unknown key (exit 2)', async () => {
    const dir = mkdtempSync(join(work, 'profile-'));
    writeFileSync(join(dir, 'mcp-conform.config.json'), JSON.stringify({ calls: [{ tool: 'echo', arguments: { text: 'hi' } }], slwo: {} }));
    const run = await new Promise<Run>((done) => {
      execFile(process.execPath, [BIN, '--stdio', fixture('compliant')], { cwd: dir, timeout: 30_000 }, (error, stdout, stderr) =>
        done({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
      );
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`[mcp-conform] Failed to read the profile ${join(dir, 'mcp-conform.config.json')}: Unrecognized key: "slwo". See ARCHITECTURE.md "Profiles" for the format.`);
  });

  it('stops the servers it started ahead of the run when the run cannot begin (a bad profile): exit 2, no process left', async () => {
    const dir = mkdtempSync(join(work, 'prestart-'));
    writeFileSync(join(dir, 'mcp-conform.config.json'), JSON.stringify({ slwo: {} }));
    const pids = join(dir, 'pids');
    const server = `${q(process.execPath)} -e ${q(`require('fs').appendFileSync(${JSON.stringify(pids)}, process.pid + '\\n'); process.stdin.resume()`)}`;
    const run = await new Promise<Run>((done) => {
      execFile(process.execPath, [BIN, '--stdio', server], { cwd: dir, timeout: 30_000 }, (error, stdout, stderr) =>
        done({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
      );
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Failed to read the profile');
    // Started while the checks loaded: the handshake probe's server and one per version probe (default selection, all
    // versions). Each writes its pid first thing; one stopped before it ran (a start slower than the closing grace)
    // never writes it. Every one that did is gone.
    const started = existsSync(pids) ? readFileSync(pids, 'utf8').split('\n').filter(Boolean).map(Number) : [];
    expect(started.length).toBeGreaterThan(0);
    expect(started.length).toBeLessThanOrEqual(5);
    const alive = started.filter((pid) => {
      try {
        return process.kill(pid, 0);
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
  });

  it('passes a compliant server: exit 0, JSON, HTML, JUnit and Markdown reports that validate', async () => {
    const run = await cli(['--stdio', fixture('compliant'), '--check', FIRST, '--format', 'json,html,junit,md', '--report-dir', 'compliant']);
    expect(run.stderr).not.toContain('FAIL');
    expect(run.code).toBe(0);
    const report = readReport('compliant');
    expect(report.summary).toMatchObject({ failed: 0, errored: 0, warned: 0, skipped: 0 });
    expect(report.server.protocolVersions).toEqual(['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25']);
    for (const file of ['mcp-conform.html', 'mcp-conform.junit.xml', 'mcp-conform.md']) expect(existsSync(join(work, 'compliant', file))).toBe(true);
    expect(readFileSync(join(work, 'compliant', 'mcp-conform.junit.xml'), 'utf8')).toContain('<testsuites');
    expect(run.stdout).toContain('Reports: compliant/mcp-conform.json, compliant/mcp-conform.html, compliant/mcp-conform.junit.xml, compliant/mcp-conform.md');
  });

  it('fails a server that breaks a MUST (exit 1); a baseline that lists it passes the run; a stale entry fails it', async () => {
    const args = ['--stdio', fixture('ping-returns-data'), '--check', 'ping/*,jsonrpc/unknown-method', '--protocol-version', '2025-11-25'];
    const failing = await cli([...args, '--report-dir', 'ping']);
    expect(failing.code).toBe(1);
    expect(readReport('ping').results.find((r: any) => r.id === 'ping/responds-empty').status).toBe('failed');

    writeFileSync(join(work, 'baseline.yml'), 'server:\n  - ping/responds-empty\n');
    const baselined = await cli([...args, '--report-dir', 'ping-baselined', '--expected-failures', 'baseline.yml']);
    expect(baselined.code).toBe(0);
    expect(readReport('ping-baselined').results.find((r: any) => r.id === 'ping/responds-empty').expected).toBe('failure');

    writeFileSync(join(work, 'stale.yml'), 'server:\n  - ping/responds-empty\n  - jsonrpc/unknown-method\n');
    const stale = await cli([...args, '--report-dir', 'ping-stale', '--expected-failures', 'stale.yml']);
    expect(stale.code).toBe(1);
    expect(readReport('ping-stale').staleBaseline).toEqual(['jsonrpc/unknown-method']);
  });

  it('passes a server with only SHOULD violations, unless --strict', async () => {
    const args = ['--stdio', fixture('invalid-params-internal-error'), '--check', 'jsonrpc/invalid-params', '--protocol-version', '2025-11-25'];
    expect((await cli([...args, '--report-dir', 'warn'])).code).toBe(0);
    expect((await cli([...args, '--report-dir', 'warn-strict', '--strict'])).code).toBe(1);
  });

  it('prints the JSON report on stdout with --json', async () => {
    const run = await cli(['--stdio', fixture('compliant'), '--check', 'ping/*', '--protocol-version', 'latest', '--json', '--quiet', '--report-dir', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, any>;
    expect(validateReport(report)).toBe(true);
    expect(report.results.map((r: any) => `${r.id}@${r.protocolVersion}`)).toEqual(['ping/responds-empty@2025-11-25']);
  });

  it('never writes an --env value into a report, even when the server echoes it', async () => {
    const secret = 'sk-e2e-secret-7d1f2a9c';
    const run = await cli(['--stdio', fixture('leaks-env-secret'), '--env', `MCP_CONFORM_TEST_SECRET=${secret}`, '--check', FIRST, '--protocol-version', '2025-11-25', '--format', 'json,html,junit,md', '--report-dir', 'secret']);
    expect(run.code).not.toBe(2);
    for (const file of ['mcp-conform.json', 'mcp-conform.html', 'mcp-conform.junit.xml', 'mcp-conform.md']) {
      const text = readFileSync(join(work, 'secret', file), 'utf8');
      expect(text).toContain('leaky');
      expect(text).not.toContain(secret);
    }
    expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it('runs every default suite against @modelcontextprotocol/server-everything over stdio in every version it speaks, writing all four reports', async () => {
    // The issue's proof, as a user types it: no --check, no --format.
    const run = await cli(['--stdio', `${q(process.execPath)} ${q(EVERYTHING)} stdio`, '--protocol-version', 'all', '--report-dir', 'everything'], 120_000);
    const report = readReport('everything');
    expect(report.server).toMatchObject({ name: 'mcp-servers/everything', protocolVersions: ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'] });
    expect(report.summary.errored).toBe(0);
    expect(report.summary.total).toBeGreaterThan(200);
    expect(run.code).toBe(report.summary.failed > 0 ? 1 : 0);
    for (const file of ['mcp-conform.html', 'mcp-conform.junit.xml', 'mcp-conform.md']) expect(existsSync(join(work, 'everything', file))).toBe(true);
  }, 150_000);

  it('runs against server-everything over Streamable HTTP with --url', async () => {
    const port = await freePort();
    const server = spawn(process.execPath, [EVERYTHING, 'streamableHttp'], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      await new Promise<void>((ready, fail) => {
        const timer = setTimeout(() => fail(new Error('server-everything did not start listening within 30 s')), 30_000);
        server.stderr!.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes(`port ${port}`)) {
            clearTimeout(timer);
            ready();
          }
        });
        server.once('exit', (code) => fail(new Error(`server-everything exited with code ${code}`)));
      });
      const token = 'tok-e2e-header-5b9c1e';
      const run = await cli(
        ['--url', `http://127.0.0.1:${port}/mcp`, '--header', `X-Api-Token: ${token}`, '--header', `Authorization: Bearer ${token}`,
          '--check', 'ping/*,jsonrpc/unknown-method,jsonrpc/response-id-matches', '--format', 'json,html,junit,md', '--report-dir', 'http'],
        120_000,
      );
      expect(run.code).toBe(0);
      const report = readReport('http');
      // The headers went out on every request (the evidence shows them), their values never into a report.
      expect(JSON.stringify(report)).toContain('x-api-token');
      for (const file of ['mcp-conform.json', 'mcp-conform.html', 'mcp-conform.junit.xml', 'mcp-conform.md']) {
        expect(readFileSync(join(work, 'http', file), 'utf8')).not.toContain(token);
      }
      expect(report.target).toEqual({ transport: 'streamable-http', url: `http://127.0.0.1:${port}/mcp` });
      expect(report.server.protocolVersions).toEqual(['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25']);
      expect(report.summary).toMatchObject({ failed: 0, errored: 0, passed: 12 });
    } finally {
      server.kill('SIGKILL');
    }
  }, 150_000);

  it('runs against the mcp-conform mock over WebSocket with --ws, 2026-07-28 included', async () => {
    const mock = spawn(process.execPath, [BIN, 'mock', '--ws', '0', 'everything'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((ready, fail) => {
        const timer = setTimeout(() => fail(new Error('the mock did not listen within 30 s')), 30_000);
        let seen = '';
        const onData = (chunk: Buffer): void => {
          seen += chunk.toString();
          const match = /ws:\/\/127\.0\.0\.1:\d+\/?/.exec(seen);
          if (match) {
            clearTimeout(timer);
            ready(match[0]);
          }
        };
        mock.stdout!.on('data', onData);
        mock.stderr!.on('data', onData);
        mock.once('exit', (code) => fail(new Error(`the mock exited with code ${code}: ${seen}`)));
      });
      const run = await cli(['--ws', url, '--check', FIRST, '--report-dir', 'ws'], 120_000);
      expect(run.code).toBe(0);
      const report = readReport('ws');
      expect(report.target.transport).toBe('websocket');
      expect(report.server.protocolVersions).toEqual(['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28']);
      expect(report.summary).toMatchObject({ failed: 0, errored: 0 });
      expect(report.results.filter((r: any) => r.protocolVersion === '2026-07-28' && r.status === 'passed').length).toBeGreaterThan(0);
    } finally {
      mock.kill('SIGTERM');
    }
  }, 150_000);
});

/** A port that was free a moment ago (the server binds it right after). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
