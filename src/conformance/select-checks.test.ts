import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from './checks/index.js';
import { selectChecks } from './select-checks.js';

describe('selectChecks', () => {
  it('keeps suites, checks and patterns, and drops skipped ones', () => {
    const ids = (sel: Parameters<typeof selectChecks>[1]) => selectChecks(ALL_CHECKS, sel).map((c) => c.id);
    expect(ids({ suites: ['ping'] })).toEqual(['ping/responds-empty']);
    expect(ids({ checks: ['jsonrpc/unknown-method'] })).toEqual(['jsonrpc/unknown-method']);
    expect(ids({ checks: ['ping/*', 'version/negotiation'] })).toEqual(['version/negotiation', 'ping/responds-empty']);
    expect(ids({ suites: ['ping', 'version'], skip: ['version'] })).toEqual(['ping/responds-empty']);
  });

  it('refuses a name that matches nothing, so a typo never runs nothing', () => {
    expect(() => selectChecks(ALL_CHECKS, { skip: ['pnig'] })).toThrow(
      '[mcp-conform] Failed to select checks: no check or suite matches "pnig". Run `mcp-conform list` to see them.',
    );
  });
});
