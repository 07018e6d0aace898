/** mcp-conform/conformance: the check model, the built-in checks, the runner, targets, baselines and profiles. */
export { defineCheck, DEFAULT_CHECK_TIMEOUT_MS } from './define-check.js';
export type { CheckDefinition, CheckDefinitionInput, CheckNeeds, CheckSessionMode, CheckMatrix } from './define-check.js';
export { CheckSkipped } from './check-context.js';
export type { CheckContext, Violation, ViolationOptions } from './check-context.js';
export { REQUIREMENTS, findRequirement } from './requirements.js';
export type { Requirement } from './requirements.js';
export { ALL_CHECKS } from './checks/index.js';
export { runConformance, versionsToTest, LANES_PER_VERSION, LIVENESS_TIMEOUT_MS } from './run-conformance.js';
export type { RunConformanceOptions, ConformanceHooks, VersionChoice } from './run-conformance.js';
export { runCheck, SESSION_CLOSE_TIMEOUT_MS } from './run-check.js';
export type { RunCheckEnvironment, SharedSession } from './run-check.js';
export { probeVersions, DEFAULT_STARTUP_TIMEOUT_MS } from './probe-versions.js';
export type { VersionProbe, ProbeVersionsOptions } from './probe-versions.js';
export {
  createProbeSession,
  withModernMeta,
  exchangeFrames,
  incomingFrames,
  stderrTail,
  DEFAULT_PROBE_REQUEST_TIMEOUT_MS,
  HARNESS_CLIENT_INFO,
} from './probe-session.js';
export type { ProbeSession, ProbeSessionOptions, ProbeRequestOptions } from './probe-session.js';
export { enterVersion, initializeParams, resultOf, errorOf, describeResponse } from './handshake.js';
export { createStdioTarget, HARNESS_CLOSE_STDIN_GRACE_MS, HARNESS_SIGTERM_GRACE_MS } from './stdio-target.js';
export type { StdioTargetOptions, StdioTarget } from './stdio-target.js';
export { initialServerStarts, loweredServerPriority } from './server-plan.js';
export type { InitialServerStartsOptions } from './server-plan.js';
export { machineIsIdle } from './machine-load.js';
export { createHttpTarget, createWebSocketTarget } from './network-target.js';
export type { HttpTargetOptions, WebSocketTargetOptions } from './network-target.js';
export { DEFAULT_TARGET_CONCURRENCY } from './target.js';
export type { ConformanceTarget } from './target.js';
export { selectChecks } from './select-checks.js';
export type { CheckSelection } from './select-checks.js';
export { parseBaseline, loadBaseline, applyBaseline } from './baseline.js';
export type { Baseline } from './baseline.js';
export { parseProfile, loadProfile, ProfileSchema, DEFAULT_PROFILE_FILE } from './profile.js';
export type { Profile } from './profile.js';
export { excerptEvidence, redactText, MAX_EVIDENCE_EVENTS, MAX_EVIDENCE_TEXT_CHARS } from './evidence.js';
export { REPORT_SCHEMA_VERSION, CHECK_STATUSES, summarize, exitCodeOf } from './run-report.js';
export type { RunReport, CheckResult, CheckStatus, CheckLevel, RunSummary, RunTarget, RunServerInfo, EvidenceEvent } from './run-report.js';
