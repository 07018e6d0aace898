/**
 * Evidence: the bounded wire excerpt attached to each result, with secrets replaced. Transports already redact
 * secret headers; this also removes values the user marked secret (`--env`, `--header`) from every text field.
 */
import { REDACTED, type WireEvent } from '../protocol/wire.js';

/** The most events attached to one result. @default 24 */
export const MAX_EVIDENCE_EVENTS = 24;
/** The longest raw frame or stderr text kept in evidence, in characters. @default 2_000 */
export const MAX_EVIDENCE_TEXT_CHARS = 2_000;

/** Replaces every secret value in a text. Secrets shorter than 4 characters are ignored (they would mask noise). */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  return out;
}

const clip = (text: string): string =>
  text.length > MAX_EVIDENCE_TEXT_CHARS ? `${text.slice(0, MAX_EVIDENCE_TEXT_CHARS)}… [${text.length - MAX_EVIDENCE_TEXT_CHARS} more characters]` : text;

/**
 * Picks at most {@link MAX_EVIDENCE_EVENTS} events (the first few and the last ones, which usually hold the verdict),
 * clips long texts and redacts secrets. Returns plain copies.
 */
export function excerptEvidence(events: readonly WireEvent[], secrets: readonly string[] = []): WireEvent[] {
  const head = 4;
  const picked =
    events.length <= MAX_EVIDENCE_EVENTS ? events : [...events.slice(0, head), ...events.slice(events.length - (MAX_EVIDENCE_EVENTS - head))];
  return picked.map((event) => redactEvent(event, secrets));
}

function redactEvent(event: WireEvent, secrets: readonly string[]): WireEvent {
  const scrub = (text: string): string => clip(redactText(text, secrets));
  switch (event.kind) {
    case 'frame': {
      const raw = scrub(event.raw);
      const copy: WireEvent = { ...event, raw };
      // Keep the parsed message only when it is small and held no secret; the raw text always stays.
      if (raw !== event.raw) delete (copy as { message?: unknown }).message;
      return JSON.parse(JSON.stringify(copy)) as WireEvent;
    }
    case 'stderr':
      return { ...event, text: scrub(event.text) };
    case 'http':
      return {
        ...event,
        url: event.url === undefined ? undefined : redactText(event.url, secrets),
        headers: Object.fromEntries(Object.entries(event.headers).map(([k, v]) => [k, redactText(v, secrets)])),
        body: event.body === undefined ? undefined : scrub(event.body),
      };
    case 'lifecycle':
      return { ...event, detail: event.detail === undefined ? undefined : scrub(event.detail) };
  }
}
