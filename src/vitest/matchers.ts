/**
 * Matchers for mock servers and conformance reports, registered with `expect.extend` when `mcp-conform/vitest` is
 * imported (the types are augmented by the same import, so what compiles also runs).
 */
import type { MatcherState, SyncMatcherResult as SyncExpectationResult } from 'vitest';
import type { RunReport } from '../conformance/run-report.js';
import type { MockServer, RecordedMessage } from '../mocks/define-mock-server.js';
import { formatMessage } from '../protocol/errors.js';
import { describeResult, failingResults } from './describe-result.js';

/** What the message matchers accept: a mock server, or a handle that holds one (`useMockServer`'s). */
export type RecordingSource = Pick<MockServer, 'recorded'> | { readonly server: Pick<MockServer, 'recorded'> };

/** The matchers `mcp-conform/vitest` adds to `expect`. */
export interface McpMatchers<R = unknown> {
  /**
   * The mock server received at least one request of `method` whose params match `params` the way `toMatchObject`
   * matches (a recursive subset; asymmetric matchers allowed).
   * @example expect(server).toHaveReceivedRequest('tools/call', { name: 'get_weather' });
   */
  toHaveReceivedRequest(method: string, params?: Record<string, unknown>): R;
  /** The mock server received exactly `times` requests of `method` (whose params match `params`, if given). */
  toHaveReceivedRequestTimes(method: string, times: number, params?: Record<string, unknown>): R;
  /** The mock server received at least one notification of `method` (whose params match `params`, if given). */
  toHaveReceivedNotification(method: string, params?: Record<string, unknown>): R;
  /**
   * The conformance run passes: no failure or error (warnings too when the run is strict) outside the baseline, and
   * no stale baseline entry. The failure message lists each failing check with its message and specification link.
   * @example expect(await runConformance(options)).toPassConformance();
   */
  toPassConformance(): R;
}

declare module 'vitest' {
  // Augmenting `Matchers` types both `expect(x).toHaveReceivedRequest(...)` (Assertion) and
  // `expect.toHaveReceivedRequest(...)` (AsymmetricMatchersContaining), which both extend it.
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown> extends McpMatchers<R> {}
}

type Kind = 'request' | 'notification';

/** The recorded messages of a source; throws a TypeError that says what was passed instead. */
function recordedOf(received: unknown, matcher: string): readonly RecordedMessage[] {
  const holder = typeof received === 'object' && received !== null && 'server' in received ? (received as { server: unknown }).server : received;
  const recorded = typeof holder === 'object' && holder !== null ? (holder as { recorded?: unknown }).recorded : undefined;
  if (!Array.isArray(recorded)) {
    throw new TypeError(
      formatMessage(`use ${matcher}`, `the value is not a mock server (got ${describeValue(received)})`, 'Pass a server made by defineMockServer, or the handle useMockServer returns.'),
    );
  }
  return recorded as RecordedMessage[];
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object without recorded messages' : typeof value;
}

/** The messages of a kind and method that the server received from clients, in order. */
function receivedOf(recorded: readonly RecordedMessage[], kind: Kind): Array<{ method: string; params: unknown }> {
  const found: Array<{ method: string; params: unknown }> = [];
  for (const entry of recorded) {
    if (entry.direction !== 'in' || typeof entry.message !== 'object' || entry.message === null) continue;
    const message = entry.message as { method?: unknown; id?: unknown; params?: unknown };
    if (typeof message.method !== 'string' || ('id' in message) !== (kind === 'request')) continue;
    found.push({ method: message.method, params: message.params });
  }
  return found;
}

/** JSON on one line, with asymmetric matchers shown as what they are: `{"name":StringContaining "x"}`. */
export function printValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  const matchers: string[] = [];
  const json = JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner !== 'object' || inner === null || typeof (inner as { asymmetricMatch?: unknown }).asymmetricMatch !== 'function') return inner;
    const matcher = inner as { toAsymmetricMatcher?: () => string; toString(): string; sample?: unknown };
    const name = typeof matcher.toAsymmetricMatcher === 'function' ? matcher.toAsymmetricMatcher() : matcher.toString();
    // Vitest names the matcher without its sample (`StringContaining`); the sample is what a reader needs.
    const sample = 'sample' in matcher && !name.includes(' ') ? ` ${matcher.sample instanceof RegExp ? String(matcher.sample) : printValue(matcher.sample)}` : '';
    matchers.push(`${name}${sample}`);
    return `\u0000${matchers.length - 1}\u0000`;
  });
  return json.replace(/"\\u0000(\d+)\\u0000"/g, (_all, index: string) => matchers[Number(index)]!);
}

function listed(items: ReadonlyArray<{ params: unknown }>): string {
  return items.map((item, index) => `\n  ${index + 1}. ${printValue(item.params ?? {})}`).join('');
}

function plural(count: number, kind: Kind, method: string): string {
  return `${count} "${method}" ${kind}${count === 1 ? '' : 's'}`;
}

function matching(state: MatcherState, kind: Kind, received: unknown, method: string, params: Record<string, unknown> | undefined, matcher: string) {
  const ofMethod = receivedOf(recordedOf(received, matcher), kind).filter((m) => m.method === method);
  const matches =
    params === undefined
      ? ofMethod
      : ofMethod.filter((m) => state.equals(m.params ?? {}, params, [...state.customTesters, state.utils.subsetEquality]));
  const what = `a "${method}" ${kind}${params === undefined ? '' : ` with params matching ${printValue(params)}`}`;
  return { ofMethod, matches, what };
}

function toHaveReceived(state: MatcherState, kind: Kind, received: unknown, method: string, params: Record<string, unknown> | undefined): SyncExpectationResult {
  const matcher = kind === 'request' ? 'toHaveReceivedRequest' : 'toHaveReceivedNotification';
  const { ofMethod, matches, what } = matching(state, kind, received, method, params, matcher);
  if (matches.length > 0) {
    return {
      pass: true,
      message: () => `expected the mock server not to have received ${what}, but it received ${matches.length}:${listed(matches)}`,
    };
  }
  return {
    pass: false,
    message: () => {
      if (ofMethod.length > 0) return `expected the mock server to have received ${what}, but none of its ${plural(ofMethod.length, kind, method)} matched:${listed(ofMethod)}`;
      const others = [...new Set(receivedOf(recordedOf(received, matcher), kind).map((m) => m.method))];
      return `expected the mock server to have received ${what}, but it received none (${others.length > 0 ? `${kind}s it received: ${others.join(', ')}` : `it received no ${kind}`})`;
    },
  };
}

/** The matcher implementations, for `expect.extend(mcpMatchers)` (importing `mcp-conform/vitest` does it already). */
export const mcpMatchers = {
  toHaveReceivedRequest(this: MatcherState, received: unknown, method: string, params?: Record<string, unknown>): SyncExpectationResult {
    return toHaveReceived(this, 'request', received, method, params);
  },
  toHaveReceivedNotification(this: MatcherState, received: unknown, method: string, params?: Record<string, unknown>): SyncExpectationResult {
    return toHaveReceived(this, 'notification', received, method, params);
  },
  toHaveReceivedRequestTimes(this: MatcherState, received: unknown, method: string, times: number, params?: Record<string, unknown>): SyncExpectationResult {
    if (!Number.isInteger(times) || times < 0) {
      throw new TypeError(formatMessage('use toHaveReceivedRequestTimes', `times must be a non-negative integer (got ${String(times)})`, 'Pass how many requests you expect, e.g. 2.'));
    }
    const { matches, what } = matching(this, 'request', received, method, params, 'toHaveReceivedRequestTimes');
    const expected = `${plural(times, 'request', method)}${what.slice(what.indexOf(' request') + ' request'.length)}`;
    const pass = matches.length === times;
    return {
      pass,
      message: () =>
        pass
          ? `expected the mock server not to have received ${expected}, but it did:${listed(matches)}`
          : `expected the mock server to have received ${expected}, but it received ${matches.length}${matches.length > 0 ? `:${listed(matches)}` : ''}`,
    };
  },
  toPassConformance(this: MatcherState, received: unknown): SyncExpectationResult {
    if (typeof received !== 'object' || received === null || !Array.isArray((received as RunReport).results) || typeof (received as RunReport).summary !== 'object') {
      throw new TypeError(formatMessage('use toPassConformance', `the value is not a RunReport (got ${describeValue(received)})`, 'Pass what runConformance returns.'));
    }
    const report = received as RunReport;
    const failing = failingResults(report);
    const stale = report.staleBaseline ?? [];
    const { summary } = report;
    const counts = `${summary.passed} passed, ${summary.warned} warned, ${summary.skipped} skipped, ${summary.failed} failed, ${summary.errored} errored`;
    if (failing.length === 0 && stale.length === 0) {
      return { pass: true, message: () => `expected the conformance run not to pass, but it did (${counts})` };
    }
    return {
      pass: false,
      message: () => {
        const lines = failing.map((r) => `\n  ${describeResult(r)}`);
        const staleLines = stale.map((id) => `\n  stale baseline entry ${id}: it passes now, remove it from the baseline`);
        return `expected the conformance run to pass, but ${failing.length} of ${summary.total} results failed it (${counts}):${lines.join('')}${staleLines.join('')}`;
      },
    };
  },
};
