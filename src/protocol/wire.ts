/**
 * Every byte is evidence: transports report what crossed them, both ways, to wire observers. Checks assert on this
 * record and reports quote it. A frame that cannot be parsed is recorded, never dropped.
 */
import type { JsonRpcMessage } from './jsonrpc.js';

/** The transports mcp-conform knows. */
export type TransportKind = 'stdio' | 'streamable-http' | 'sse' | 'websocket' | 'memory';

/** `out`: we sent it; `in`: the peer sent it. */
export type WireDirection = 'in' | 'out';

interface WireEventBase {
  /** Position in the log, from 0. */
  seq: number;
  /** Milliseconds since the epoch, with sub-millisecond precision where the platform has it. */
  timestamp: number;
  transport: TransportKind;
}

/** One framed message: its raw text, and the parsed JSON-RPC message (or why it could not be parsed). */
export interface WireFrameEvent extends WireEventBase {
  kind: 'frame';
  direction: WireDirection;
  /** The frame's text exactly as it crossed (one stdio line, one POST body, one SSE `data`, one WS text frame). */
  raw: string;
  /** The parsed message, or a batch; absent when `parseError` is set. */
  message?: JsonRpcMessage | JsonRpcMessage[] | unknown;
  /** Why the frame is not JSON (or not JSON-RPC). */
  parseError?: string;
  /** Transport facts about this frame. */
  meta?: WireFrameMeta;
}

/** Transport facts attached to a frame. */
export interface WireFrameMeta {
  /** SSE event id / event type, for frames that came as SSE events. */
  sseEventId?: string;
  sseEventType?: string;
  /** The HTTP exchange this frame belongs to (see WireHttpEvent.exchange). */
  exchange?: number;
  /** For WebSocket: whether it came as a binary frame. */
  binary?: boolean;
  /**
   * The frame belongs to an exchange the harness made outside the session (a raw HTTP probe): it is evidence, but the
   * session does not take it for one of its own messages.
   */
  outOfSession?: boolean;
}

/** Text the server wrote to stderr (stdio), as it came. */
export interface WireStderrEvent extends WireEventBase {
  kind: 'stderr';
  direction: 'in';
  text: string;
}

/** One HTTP request or response head (bodies are recorded as frames). Secret headers are redacted. */
export interface WireHttpEvent extends WireEventBase {
  kind: 'http';
  direction: WireDirection;
  /** Pairs a request with its response. */
  exchange: number;
  method?: string;
  url?: string;
  status?: number;
  headers: Record<string, string>;
  /** A body that is not a JSON-RPC frame (an HTML error page, an empty 202), truncated. */
  body?: string;
}

/** A lifecycle fact: a process started or exited, a connection opened or closed, an error. */
export interface WireLifecycleEvent extends WireEventBase {
  kind: 'lifecycle';
  event: 'spawn' | 'exit' | 'open' | 'close' | 'error' | 'stream-open' | 'stream-close';
  detail?: string;
  pid?: number;
  exitCode?: number | null;
  signal?: string | null;
  /** WebSocket close code, or HTTP exchange of a stream. */
  code?: number;
}

/** Anything recorded on the wire. */
export type WireEvent = WireFrameEvent | WireStderrEvent | WireHttpEvent | WireLifecycleEvent;

/** An event before the log numbers it. */
export type WireEventInput = DistributiveOmit<WireEvent, 'seq' | 'timestamp'> & { timestamp?: number };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Receives wire events as they happen. */
export type WireObserver = (event: WireEvent) => void;

/** The header names whose values never leave the process (reports, logs, errors). */
export const SECRET_HEADER_NAMES: readonly string[] = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key'];

/** The text that replaces a secret. */
export const REDACTED = '[redacted]';

/** Copies headers with lower-cased names and secret values replaced by `[redacted]`. */
export function redactHeaders(
  headers: Headers | Record<string, string | string[] | undefined>,
  extraSecretNames: readonly string[] = [],
): Record<string, string> {
  const secret = new Set([...SECRET_HEADER_NAMES, ...extraSecretNames.map((n) => n.toLowerCase())]);
  const out: Record<string, string> = {};
  const entries: Iterable<[string, string | string[] | undefined]> =
    headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    out[lower] = secret.has(lower) ? REDACTED : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * An append-only log of wire events with observers. Transports write to it; sessions, checks and reports read it.
 * @example
 * const log = createWireLog();
 * const stop = log.observe((e) => console.log(e.kind));
 */
export interface WireLog {
  /** Every event so far, in order (the newest `maxEvents` of them when the log is bounded). */
  readonly events: readonly WireEvent[];
  /** Appends an event, numbering and time-stamping it, and tells every observer. */
  record(event: WireEventInput): WireEvent;
  /** Adds an observer; returns a function that removes it. */
  observe(observer: WireObserver): () => void;
  /** Events from `seq` on. */
  since(seq: number): WireEvent[];
  /** Forgets recorded events (observers stay and numbering goes on). */
  clear(): void;
}

/** Options of {@link createWireLog}. */
export interface WireLogOptions {
  /**
   * Keep at most this many events (oldest dropped first): `events` and `since()` never show more. Between reads the
   * log may hold up to `maxEvents + ceil(maxEvents / 4)` events, so that dropping the oldest costs O(1) per event
   * (amortized) instead of moving every kept event each time.
   * @default Infinity
   */
  maxEvents?: number;
  /** Clock, for tests. @default () => performance.timeOrigin + performance.now() */
  now?: () => number;
}

/** Creates an empty wire log. */
export function createWireLog(options: WireLogOptions = {}): WireLog {
  const events: WireEvent[] = [];
  const observers = new Set<WireObserver>();
  const maxEvents = options.maxEvents ?? Number.POSITIVE_INFINITY;
  // How far past maxEvents the log may grow before the oldest are dropped in one chunk.
  const slack = Number.isFinite(maxEvents) ? Math.max(1, Math.ceil(maxEvents / 4)) : 0;
  const origin = performance.timeOrigin;
  const now = options.now ?? (() => origin + performance.now());
  let seq = 0;
  /** Drops the oldest events beyond `keep`, in place (the array a caller holds stays the log's). */
  const trim = (keep: number): WireEvent[] => {
    if (events.length > keep) events.splice(0, events.length - keep);
    return events;
  };
  return {
    get events() {
      return trim(maxEvents);
    },
    record(input) {
      const event = { ...input, seq: seq++, timestamp: input.timestamp ?? now() } as WireEvent;
      events.push(event);
      if (events.length > maxEvents + slack) trim(maxEvents);
      if (observers.size > 0) for (const observer of observers) observer(event);
      return event;
    },
    observe(observer) {
      observers.add(observer);
      return () => observers.delete(observer);
    },
    since(from) {
      const kept = trim(maxEvents);
      // Kept events have consecutive numbers: the first one's number says where `from` is.
      const first = kept[0]?.seq ?? seq;
      return kept.slice(Math.max(0, Math.ceil(from) - first));
    },
    clear() {
      events.length = 0;
    },
  };
}

/** Parses one frame's text into a wire frame's `message` / `parseError` fields. */
export function parseFrame(raw: string): { message?: unknown; parseError?: string } {
  try {
    return { message: JSON.parse(raw) as unknown };
  } catch (error) {
    return { parseError: `not JSON: ${(error as Error).message}` };
  }
}
