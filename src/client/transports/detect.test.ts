import { describe, expect, it } from 'vitest';
import { isLegacyFallbackStatus } from './detect.js';

describe('isLegacyFallbackStatus', () => {
  it.each([
    ['2025-03-26', 404, true],
    ['2025-03-26', 405, true],
    ['2025-06-18', 400, true],
    ['2025-06-18', 410, true],
    ['2025-06-18', 401, false],
    ['2025-06-18', 403, false],
    ['2025-06-18', 500, false],
    ['2025-11-25', 400, true],
    ['2025-11-25', 404, true],
    ['2025-11-25', 405, true],
    ['2025-11-25', 406, false],
    ['2025-11-25', 410, false],
    ['2025-11-25', 401, false],
    ['2025-11-25', 403, false],
    ['2026-07-28', 405, true],
  ] as const)('version %s, status %i → fall back: %s', (version, status, expected) => {
    expect(isLegacyFallbackStatus(version, status)).toBe(expected);
  });

  it('does not fall back at 2026-07-28 when the 400 body is a JSON-RPC error from a modern server', () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, error: { code: -32022, message: 'Unsupported protocol version' } });
    expect(isLegacyFallbackStatus('2026-07-28', 400, body)).toBe(false);
    expect(isLegacyFallbackStatus('2026-07-28', 404, JSON.stringify({ jsonrpc: '2.0', id: 1, error: { code: -32601, message: 'Method not found' } }))).toBe(false);
    expect(isLegacyFallbackStatus('2026-07-28', 400, '<html>Bad Request</html>')).toBe(true);
    // The SDK's legacy server answers an unknown version with a generic -32000: not a modern error.
    expect(isLegacyFallbackStatus('2026-07-28', 400, JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message: 'Bad Request' } }))).toBe(true);
  });
});
