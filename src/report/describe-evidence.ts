/**
 * Evidence for people: each recorded wire event becomes one entry with a direction arrow, a one-line headline and a
 * readable body (a frame pretty-printed, an HTTP head as its lines, stderr as text). Every renderer that shows a wire
 * excerpt starts from here, so the HTML, Markdown and JUnit reports tell the same story.
 */
import type { EvidenceEvent } from '../conformance/run-report.js';
import { prettyJson, prettyJsonPrefix, topLevelMembers } from './pretty-json.js';
import { truncateText, visibleLine } from './visible-text.js';

/** One event of a wire excerpt, described. */
export interface EvidenceEntry {
  seq: number;
  /** Milliseconds since the first event of the excerpt. */
  offsetMs: number;
  kind: EvidenceEvent['kind'];
  /** `out`: the harness sent it; `in`: the server sent it; `none`: a lifecycle fact. */
  direction: 'in' | 'out' | 'none';
  /** `→` harness to server, `←` server to harness, `•` a fact. */
  arrow: '→' | '←' | '•';
  /** One line saying what the event was (control characters escaped). */
  headline: string;
  /** The frame, HTTP head or stderr text, when the event has one (may contain any character: escape it). */
  body?: string;
  /** How to read the body. */
  bodyKind?: 'json' | 'http' | 'text';
  /** A problem with the event (a frame that is not JSON). */
  note?: string;
}

/** Options of {@link describeEvidence}. */
export interface DescribeEvidenceOptions {
  /** Longest body kept, in characters; the rest is cut with a note. @default 16000 */
  maxBodyChars?: number;
}

/** The default of {@link DescribeEvidenceOptions.maxBodyChars}. */
export const DEFAULT_MAX_EVIDENCE_BODY_CHARS = 16_000;

const SHORT = 120;

/** Frames longer than this are shown as sent, not pretty-printed (re-indenting them would cost more than it helps). */
const MAX_PRETTY_CHARS = 256_000;

/** One line of at most `max` characters, ending in `…` when cut (headlines stay short; the body has everything). */
function short(value: unknown, max = SHORT): string {
  const line = visibleLine(String(value).replace(/\s+/g, ' ').trim());
  if (line.length <= max) return line;
  const end = /[\uD800-\uDBFF]/.test(line.charAt(max - 2)) ? max - 2 : max - 1;
  return `${line.slice(0, end)}…`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Names one JSON-RPC message: `request tools/list (id 1)`, `error response (id 1): -32601 Method not found`. */
export function describeMessage(message: unknown): string {
  if (Array.isArray(message)) return `batch of ${message.length} message${message.length === 1 ? '' : 's'}`;
  if (!isRecord(message)) return `JSON ${message === null ? 'null' : typeof message} (not a JSON-RPC message)`;
  const id = 'id' in message ? ` (id ${short(JSON.stringify(message.id))})` : '';
  if (typeof message.method === 'string') return `${'id' in message ? 'request' : 'notification'} ${short(message.method)}${id}`;
  if (isRecord(message.error)) {
    const code = typeof message.error.code === 'number' ? ` ${message.error.code}` : '';
    const text = typeof message.error.message === 'string' ? ` ${short(message.error.message, 80)}` : '';
    return `error response${id}${code === '' && text === '' ? '' : `:${code}${text}`}`;
  }
  if ('result' in message) return `response${id}`;
  return 'JSON object (not a JSON-RPC message)';
}

function describeFrame(event: Extract<EvidenceEvent, { kind: 'frame' }>): Pick<EvidenceEntry, 'headline' | 'note'> {
  const facts: string[] = [];
  if (event.meta?.sseEventType !== undefined || event.meta?.sseEventId !== undefined) {
    const type = event.meta.sseEventType === undefined ? '' : ` "${short(event.meta.sseEventType)}"`;
    const id = event.meta.sseEventId === undefined ? '' : ` id ${short(event.meta.sseEventId)}`;
    facts.push(`SSE event${type}${id}`);
  }
  if (event.meta?.exchange !== undefined) facts.push(`HTTP exchange #${event.meta.exchange}`);
  if (event.meta?.binary === true) facts.push('binary frame');
  const suffix = facts.length > 0 ? ` · ${facts.join(' · ')}` : '';
  if (event.parseError !== undefined) {
    return { headline: `unparseable frame${suffix}`, note: visibleLine(event.parseError) };
  }
  if (event.message !== undefined) return { headline: `${describeMessage(event.message)}${suffix}` };
  // The runner drops the parsed message of a frame it cut: name the message from what the kept text shows.
  const clipped = CLIPPED.exec(event.raw);
  if (clipped === null) {
    try {
      return { headline: `${describeMessage(JSON.parse(event.raw) as unknown)}${suffix}` };
    } catch {
      // Not JSON and not cut: described from its members below (none), as a frame.
    }
  }
  const kept = clipped === null ? event.raw : event.raw.slice(0, clipped.index);
  if (/^\s*\[/.test(kept)) return { headline: `batch${clipped === null ? '' : ' (cut)'}${suffix}` };
  const members = topLevelMembers(kept);
  const shown: Record<string, unknown> = {};
  for (const name of ['jsonrpc', 'id', 'method']) {
    const value = members.get(name);
    if (value !== undefined) shown[name] = JSON.parse(value) as unknown;
  }
  if (members.has('result')) shown.result = {};
  if (members.has('error')) shown.error = {};
  const name = members.size === 0 ? 'frame' : describeMessage(shown).replace(' (not a JSON-RPC message)', '');
  return { headline: `${name}${clipped === null ? '' : ` (cut after ${kept.length} characters)`}${suffix}` };
}

function describeHttp(event: Extract<EvidenceEvent, { kind: 'http' }>): { headline: string; body: string } {
  const headerLines = Object.entries(event.headers ?? {}).map(([name, value]) => `${name}: ${value}`);
  const first =
    event.direction === 'out'
      ? `${event.method ?? 'HTTP'} ${event.url ?? ''}`.trimEnd()
      : `HTTP ${event.status ?? '(no status)'}${event.url === undefined ? '' : ` ${event.url}`}`;
  const lines = [first, ...headerLines];
  if (event.body !== undefined && event.body !== '') lines.push('', event.body);
  const headline =
    event.direction === 'out'
      ? `HTTP request ${short(event.method ?? '')} ${short(event.url ?? '')}`.replace(/\s+$/, '')
      : `HTTP response ${event.status ?? '(no status)'}`;
  return { headline: `${headline} · exchange #${event.exchange}`, body: lines.join('\n') };
}

function describeLifecycle(event: Extract<EvidenceEvent, { kind: 'lifecycle' }>): string {
  const parts: string[] = [];
  switch (event.event) {
    case 'spawn':
      parts.push('process started');
      if (event.pid !== undefined) parts.push(`pid ${event.pid}`);
      break;
    case 'exit':
      parts.push('process exited');
      if (event.exitCode !== undefined && event.exitCode !== null) parts.push(`code ${event.exitCode}`);
      if (event.signal !== undefined && event.signal !== null) parts.push(`signal ${short(event.signal)}`);
      break;
    case 'open':
      parts.push('connection opened');
      break;
    case 'close':
      parts.push('connection closed');
      if (event.code !== undefined) parts.push(`code ${event.code}`);
      break;
    case 'error':
      parts.push('transport error');
      break;
    case 'stream-open':
    case 'stream-close':
      parts.push(event.event === 'stream-open' ? 'SSE stream opened' : 'SSE stream closed');
      if (event.code !== undefined) parts.push(`exchange #${event.code}`);
      break;
  }
  const head = parts.join(' · ');
  return event.detail === undefined ? head : `${head}: ${truncateText(visibleLine(event.detail), 400)}`;
}

/** How the runner marks a frame it cut to keep the evidence small (`… [1234 more characters]`). */
const CLIPPED = /… \[(\d+) more characters\]$/;

/** A frame pretty-printed: whole JSON, or the beginning of JSON that the evidence cut; `undefined` if not JSON. */
function prettyFrame(raw: string): string | undefined {
  const whole = prettyJson(raw);
  if (whole !== undefined) return whole;
  const clipped = CLIPPED.exec(raw);
  if (clipped === null) return undefined;
  const prefix = prettyJsonPrefix(raw.slice(0, clipped.index));
  return prefix === undefined ? undefined : `${prefix}\n… [${clipped[1]} more characters not kept in the report]`;
}

/** Describes a wire excerpt, event by event, in order. */
export function describeEvidence(events: readonly EvidenceEvent[], options: DescribeEvidenceOptions = {}): EvidenceEntry[] {
  const max = options.maxBodyChars ?? DEFAULT_MAX_EVIDENCE_BODY_CHARS;
  const start = events[0]?.timestamp ?? 0;
  return events.map((event): EvidenceEntry => {
    const base = { seq: event.seq, offsetMs: Math.max(0, event.timestamp - start), kind: event.kind };
    switch (event.kind) {
      case 'frame': {
        const { headline, note } = describeFrame(event);
        const pretty = event.parseError === undefined && event.raw.length <= MAX_PRETTY_CHARS ? prettyFrame(event.raw) : undefined;
        const entry: EvidenceEntry = {
          ...base,
          direction: event.direction,
          arrow: event.direction === 'out' ? '→' : '←',
          headline,
          body: truncateText(pretty ?? event.raw, max),
          bodyKind: pretty === undefined ? 'text' : 'json',
        };
        if (note !== undefined) entry.note = note;
        return entry;
      }
      case 'http': {
        const { headline, body } = describeHttp(event);
        return { ...base, direction: event.direction, arrow: event.direction === 'out' ? '→' : '←', headline, body: truncateText(body, max), bodyKind: 'http' };
      }
      case 'stderr':
        return { ...base, direction: 'in', arrow: '←', headline: `stderr (${event.text.length} characters)`, body: truncateText(event.text, max), bodyKind: 'text' };
      case 'lifecycle':
        return { ...base, direction: 'none', arrow: '•', headline: describeLifecycle(event) };
    }
  });
}
