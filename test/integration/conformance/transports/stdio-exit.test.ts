import { describe, expect, it } from 'vitest';
import { resultOf } from '../helpers.js';
import { runFeature } from '../features/helpers.js';

describe('stdio/exit-on-stdin-close (2026-07-28)', () => {
  it('passes a server that exits once its stdin closes, and starts no server but its own', async () => {
    const report = await runFeature('modern-only', ['stdio/exit-on-stdin-close'], { protocolVersion: '2026-07-28' });
    const result = resultOf(report, 'stdio/exit-on-stdin-close');
    expect(result.status).toBe('passed');
    expect(result.message).toMatch(/^the server exited \(code 0\) \d+ ms after its stdin closed$/);
    expect(result.evidence.at(-1)).toMatchObject({ kind: 'lifecycle', event: 'exit', signal: null });
  });

  it('warns when the server needs a signal, after the 5 s the catalogue gives it', async () => {
    const report = await runFeature('modern-ignores-stdin-close', ['stdio/exit-on-stdin-close'], { protocolVersion: '2026-07-28' });
    const result = resultOf(report, 'stdio/exit-on-stdin-close');
    expect(result.status).toBe('warned');
    expect(result.message).toBe('the server did not exit within 5000 ms of its stdin closing; the harness stopped it with SIGTERM');
  }, 30_000);
});
