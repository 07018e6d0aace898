/**
 * Defence in depth: the runner redacts secrets before it builds a RunReport, and every renderer redacts again, so a
 * report built by other code (a plug-in runner, a test) still never prints an Authorization header or a password in
 * a URL. The names match `SECRET_HEADER_NAMES` in `src/protocol/wire.ts` (a test keeps them equal; the report layer may
 * not import the protocol layer).
 */
import type { CheckResult, EvidenceEvent, RunReport } from '../conformance/run-report.js';

/** Header names whose values never appear in a report. */
export const REPORT_SECRET_HEADER_NAMES: readonly string[] = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key'];

/** The text that replaces a secret. */
export const REPORT_REDACTED = '[redacted]';

/** Replaces the password of a URL's user info (`https://user:secret@host` → `https://user:[redacted]@host`). */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*):[^/?#@]*@/i, `$1:${REPORT_REDACTED}@`);
}

function redactHeaders(headers: Record<string, string>): Record<string, string> {
  let copy: Record<string, string> | undefined;
  for (const [name, value] of Object.entries(headers)) {
    if (!REPORT_SECRET_HEADER_NAMES.includes(name.toLowerCase()) || value === REPORT_REDACTED) continue;
    copy ??= { ...headers };
    copy[name] = REPORT_REDACTED;
  }
  return copy ?? headers;
}

function redactEvent(event: EvidenceEvent): EvidenceEvent {
  if (event.kind !== 'http') return event;
  const headers = redactHeaders(event.headers ?? {});
  const url = event.url === undefined ? undefined : redactUrl(event.url);
  if (headers === event.headers && url === event.url) return event;
  return url === undefined ? { ...event, headers } : { ...event, headers, url };
}

function redactResult(result: CheckResult): CheckResult {
  const evidence = result.evidence.map(redactEvent);
  return evidence.every((event, i) => event === result.evidence[i]) ? result : { ...result, evidence };
}

/** A copy of the report with secret header values and URL passwords replaced (the same object when nothing was). */
export function redactReport(report: RunReport): RunReport {
  const results = report.results.map(redactResult);
  const url = report.target.url === undefined ? undefined : redactUrl(report.target.url);
  const changedResults = results.some((result, i) => result !== report.results[i]);
  if (!changedResults && url === report.target.url) return report;
  return {
    ...report,
    target: url === undefined ? report.target : { ...report.target, url },
    results: changedResults ? results : report.results,
  };
}
