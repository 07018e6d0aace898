/**
 * `mcp-conform/vitest`: helpers for your own vitest suites. Importing it registers the matchers (`expect.extend`)
 * and their types.
 * - `useMockServer`: a mock MCP server started in `beforeAll`, reset after each test, closed in `afterAll`.
 * - matchers: `toHaveReceivedRequest`, `toHaveReceivedRequestTimes`, `toHaveReceivedNotification`, `toPassConformance`.
 * - `describeConformance`: a conformance run as one vitest test per check and protocol version.
 */
import { expect } from 'vitest';
import { mcpMatchers } from './matchers.js';

expect.extend(mcpMatchers);

export { useMockServer } from './use-mock-server.js';
export type {
  MockServerDefinition,
  UseMockServerBaseOptions,
  UseInProcessMockServerOptions,
  UseHttpMockServerOptions,
  MockServerHandle,
  InProcessMockServerHandle,
  HttpMockServerHandle,
} from './use-mock-server.js';
export { mcpMatchers, printValue } from './matchers.js';
export type { McpMatchers, RecordingSource } from './matchers.js';
export { describeConformance, DEFAULT_CONFORMANCE_HOOK_TIMEOUT_MS } from './describe-conformance.js';
export type { DescribeConformanceOptions, ConformanceSuite } from './describe-conformance.js';
export { kindOfSpec, commandLineOf, createTargetFromSpec } from './conformance-target.js';
export type { ConformanceTargetSpec, StdioTargetSpec, HttpTargetSpec, MockTargetSpec, CustomTargetSpec, Lazy } from './conformance-target.js';
export { describeResult, nameOfResult, failingResults } from './describe-result.js';
