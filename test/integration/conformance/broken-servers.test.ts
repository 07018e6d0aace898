import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/protocol/errors.js';
import { runConformance } from '../../../src/conformance/run-conformance.js';
import { ALL_CHECKS } from '../../../src/conformance/checks/index.js';
import { createStdioTarget } from '../../../src/conformance/stdio-target.js';
import { resultOf, runAgainst } from './helpers.js';

/** A server that hangs or dies gives failed checks with clear messages within the time limits, never a hung run. */
describe('servers that hang or crash', () => {
  it('fails each check against a server that stops answering after initialize, naming what got no answer', async () => {
    const report = await runAgainst('hangs-after-initialize', ['ping/responds-empty', 'jsonrpc/unknown-method'], { checkTimeoutMs: 800 });
    // The request limit and the check limit are both 800 ms: whichever fires first, the message names the request.
    expect(resultOf(report, 'ping/responds-empty')).toMatchObject({ status: 'failed' });
    expect(resultOf(report, 'ping/responds-empty').message).toMatch(
      /^(ping \(id \d+\) got no response within 800 ms \(while running the check\)|the check did not finish within 800 ms while running the check: no response to ping \(id \d+\))$/,
    );
    expect(resultOf(report, 'jsonrpc/unknown-method').status).toBe('failed');
    expect(resultOf(report, 'jsonrpc/unknown-method').message).toMatch(/no response (within 800 ms|to mcp-conform\/does-not-exist)/);
  });

  it('fails each check against a server that exits on its first request, with the exit code and stderr', async () => {
    const report = await runAgainst('crashes-after-initialize', ['ping/responds-empty', 'jsonrpc/unknown-method'], { checkTimeoutMs: 3_000 });
    for (const id of ['ping/responds-empty', 'jsonrpc/unknown-method']) {
      const result = resultOf(report, id);
      expect(result.status).toBe('failed');
      expect(result.message).toMatch(/^the server process exited with code 3 before answering (ping|mcp-conform\/does-not-exist) \(stderr: fixture: crashing on (ping|mcp-conform\/does-not-exist)\) \(while running the check\)$/);
      expect(result.evidence.some((e) => e.kind === 'lifecycle' && e.event === 'exit' && e.exitCode === 3)).toBe(true);
    }
  });

  it('fails the checks of a server that never answers initialize instead of passing with nothing tested', async () => {
    const report = await runAgainst('hangs-on-start', ['ping/responds-empty', 'lifecycle/initialize-result-valid', 'version/negotiation'], {
      checkTimeoutMs: 600,
    });
    expect(report.server.protocolVersions).toEqual(['2025-11-25']);
    expect(resultOf(report, 'ping/responds-empty')).toMatchObject({
      status: 'failed',
      message:
        'initialize (id 1) got no response within 600 ms (while probing protocol version 2025-11-25; the server answered no version, so the check could not run)',
    });
    expect(resultOf(report, 'ping/responds-empty').evidence.some((e) => e.kind === 'frame' && e.direction === 'out')).toBe(true);
    expect(resultOf(report, 'lifecycle/initialize-result-valid').status).toBe('failed');
    // Version negotiation has nothing to negotiate with: it says so rather than pass.
    expect(resultOf(report, 'version/negotiation')).toMatchObject({ status: 'skipped' });
    expect(report.summary.failed).toBe(2);
  });

  it('refuses to run (a configuration error) when the command cannot be started', async () => {
    const run = runConformance({
      target: createStdioTarget({ command: 'mcp-conform-no-such-command-xyz' }),
      checks: ALL_CHECKS,
      toolVersion: '0.0.0-test',
    });
    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow(/^\[mcp-conform\] Failed to start the server \(mcp-conform-no-such-command-xyz\): /);
  });
});
