/**
 * Faults as values: `mcp.fault.delay(100, 'tools/call')`, `mcp.fault.crash(3, { method: 'tools/call', once: true })`.
 * Each is a handler that matches a method (and optionally a tool, resource or prompt name) and changes how that
 * call is answered. Random faults come from a seeded generator, so a failing test can be replayed.
 */
import type { ProtocolVersion } from '../protocol/versions.js';
import type { HandlerOptions, JsonObject } from './types.js';

/** One way of misbehaving. */
export type FaultSpec =
  /** Wait before answering. */
  | { type: 'delay'; ms: number }
  /** Never answer. */
  | { type: 'hang' }
  /** Do the work, but never send the response. */
  | { type: 'drop' }
  /** Send the response twice. */
  | { type: 'duplicate' }
  /** Answer with another id. */
  | { type: 'wrong-id'; id?: string | number }
  /** Answer with this error instead of a result. */
  | { type: 'error'; code: number; message: string; data?: unknown }
  /** Send this text (not JSON, or broken JSON) instead of the response. */
  | { type: 'malformed'; text?: string }
  /** Send the response as multi-line, indented JSON (stdio forbids embedded newlines). */
  | { type: 'pretty'; indent?: number }
  /** Write a line of non-JSON text before the response. */
  | { type: 'noise'; text?: string }
  /** Write this many bytes to stderr before answering. */
  | { type: 'stderr-flood'; bytes: number }
  /** `initialize` answers with this version (`server/discover` lists only it). */
  | { type: 'protocol-version'; version: string }
  /** Die: stdio exits with the code, HTTP and WebSocket close the connection. */
  | { type: 'crash'; exitCode: number }
  /** Answer, then forget the session: its next request gets HTTP 404. */
  | { type: 'expire-session' }
  /** HTTP: answer the POST with this status (500, 429 with `Retry-After`, …). */
  | { type: 'http-status'; status: number; headers?: Record<string, string>; body?: string }
  /** HTTP SSE: close the response stream before the response; with `eventIds` the client can resume with GET. */
  | { type: 'cut-stream'; eventIds: boolean }
  /** Write the response a few bytes at a time. */
  | { type: 'drip'; chunkBytes: number; intervalMs: number }
  /** Pad the result to at least this many bytes (in a `_meta` field, so it stays valid). */
  | { type: 'huge'; bytes: number }
  /** With probability `rate`, apply one of `faults`, chosen by a generator seeded with `seed`. */
  | { type: 'random'; seed: number; rate: number; faults: FaultSpec[] };

/** Which calls a fault applies to: a method name, or a finer target. */
export type FaultTarget =
  | string
  | (HandlerOptions & {
      /** The method (`tools/call`, `initialize`, …), or `*` for every request. @default '*' */
      method?: string;
      /** For `tools/call` and `prompts/get`: the tool or prompt name; for `resources/read`: the URI. */
      name?: string;
    });

/** A fault handler value. */
export interface FaultHandler {
  readonly kind: 'fault';
  readonly method: string;
  readonly name: string | undefined;
  readonly fault: FaultSpec;
  readonly options: HandlerOptions;
}

function fault(spec: FaultSpec, target: FaultTarget | undefined): FaultHandler {
  const t = typeof target === 'string' ? { method: target } : (target ?? {});
  const { method = '*', name, ...options } = t;
  return { kind: 'fault', method, name, fault: spec, options };
}

/** The faults a `random` fault picks from when none are given: each is survivable by a robust client. */
export const DEFAULT_RANDOM_FAULTS: readonly FaultSpec[] = [
  { type: 'delay', ms: 20 },
  { type: 'error', code: -32603, message: 'Injected internal error' },
  { type: 'duplicate' },
  { type: 'wrong-id' },
  { type: 'malformed' },
  { type: 'noise' },
];

/** Builders of fault handlers. Every builder takes a target last: a method name or `{ method, name, once, … }`. */
export const faultBuilders = {
  delay: (ms: number, target?: FaultTarget) => fault({ type: 'delay', ms }, target),
  hang: (target?: FaultTarget) => fault({ type: 'hang' }, target),
  drop: (target?: FaultTarget) => fault({ type: 'drop' }, target),
  duplicate: (target?: FaultTarget) => fault({ type: 'duplicate' }, target),
  wrongId: (target?: FaultTarget, id?: string | number) =>
    fault(id === undefined ? { type: 'wrong-id' } : { type: 'wrong-id', id }, target),
  error: (code: number, message: string, target?: FaultTarget, data?: unknown) =>
    fault(data === undefined ? { type: 'error', code, message } : { type: 'error', code, message, data }, target),
  malformed: (target?: FaultTarget, text?: string) =>
    fault(text === undefined ? { type: 'malformed' } : { type: 'malformed', text }, target),
  pretty: (target?: FaultTarget, indent = 2) => fault({ type: 'pretty', indent }, target),
  noise: (target?: FaultTarget, text?: string) =>
    fault(text === undefined ? { type: 'noise' } : { type: 'noise', text }, target),
  stderrFlood: (bytes: number, target?: FaultTarget) => fault({ type: 'stderr-flood', bytes }, target),
  protocolVersion: (version: ProtocolVersion | (string & {}), target: FaultTarget = 'initialize') =>
    fault({ type: 'protocol-version', version }, target),
  crash: (exitCode = 1, target?: FaultTarget) => fault({ type: 'crash', exitCode }, target),
  expireSession: (target?: FaultTarget) => fault({ type: 'expire-session' }, target),
  httpStatus: (status: number, target?: FaultTarget, init?: { headers?: Record<string, string>; body?: string }) =>
    fault({ type: 'http-status', status, ...init }, target),
  /** HTTP 429 with `Retry-After` (seconds). */
  tooManyRequests: (retryAfterSeconds: number, target?: FaultTarget) =>
    fault({ type: 'http-status', status: 429, headers: { 'retry-after': String(retryAfterSeconds) } }, target),
  cutStream: (target?: FaultTarget, options: { eventIds?: boolean } = {}) =>
    fault({ type: 'cut-stream', eventIds: options.eventIds ?? true }, target),
  drip: (target?: FaultTarget, options: { chunkBytes?: number; intervalMs?: number } = {}) =>
    fault({ type: 'drip', chunkBytes: options.chunkBytes ?? 8, intervalMs: options.intervalMs ?? 5 }, target),
  huge: (bytes: number, target?: FaultTarget) => fault({ type: 'huge', bytes }, target),
  random: (options: { seed: number; rate?: number; faults?: FaultSpec[] }, target?: FaultTarget) =>
    fault({ type: 'random', seed: options.seed, rate: options.rate ?? 0.5, faults: options.faults ?? [...DEFAULT_RANDOM_FAULTS] }, target),
};

/**
 * A small, fast, seedable generator (mulberry32): the same seed gives the same faults on every run.
 * @example const next = createSeededRandom(42); next(); // 0.6011…
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A JSON-safe description of a fault, for the record. */
export function describeFault(spec: FaultSpec): JsonObject {
  return spec.type === 'random' ? { type: 'random', seed: spec.seed, rate: spec.rate } : { ...spec };
}
