/**
 * Which server-side catalogue rows of the transport sections (§6–13 and the HTTP rows of §30) no check covers. The
 * allow-list only shrinks: a row a check now covers must leave it, and a row no check covers must be on it, with why.
 */
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../../../src/conformance/checks/index.js';
import { REQUIREMENTS } from '../../../../src/conformance/requirements.js';

const SECTIONS = [
  'stdio transport',
  'Streamable HTTP — requests, responses, GET stream',
  'Streamable HTTP — SSE resumability, redelivery and polling (SEP-1699)',
  'Streamable HTTP — session management',
  'HTTP security: Origin, binding, auth',
  'Backwards compatibility: Streamable HTTP ↔ legacy HTTP+SSE detection',
  'Legacy HTTP+SSE transport (2024-11-05)',
  'Custom transports and WebSocket (`transport.custom.*`, `transport.ws.*`)',
];

/** Uncovered server-side rows, each with the reason no check covers it. */
const UNCOVERED: Record<string, string> = {
  'transport.stdio.stderr-logging': 'MAY: the harness never reads stderr as protocol, so there is nothing a server can get wrong',
  'transport.stdio.ordering': 'info: stdout is one ordered channel; the progress and cancellation checks rely on it',
  'transport.http.sse.disconnect-not-cancel':
    'SHOULD NOT, record only in the catalogue: that work goes on after a disconnect shows only in a side effect, and a profile resource that changes when the slow tool completes also changes when the slow calls of concurrent checks and versions complete, so the verdict would depend on scheduling; a resumed stream (Last-Event-ID) without the response proves nothing either, since replay is a MAY',
  'transport.http.get.unrelated': 'info in the catalogue: relatedness of GET-stream messages is not observable without a fixture',
  'transport.http.get.may-close': 'MAY: the harness tolerates it',
  'transport.http.multi.no-broadcast': 'needs a server-side trigger of a notification (a fixture that changes its lists) while two streams are open',
  'transport.http.sse.server-requests-allowed': 'MAY: the probe session answers server requests',
  'transport.http.resume.event-id-optional': 'MAY: recorded by http-stream/event-ids-unique (it skips when there are none)',
  'transport.http.resume.event-id-encodes-stream': 'info in the catalogue: verified indirectly by http-stream/resume-same-stream-only',
  'transport.http.resume.replay-may': 'MAY: http-stream/resume-same-stream-only skips when the server does not replay',
  'transport.http.poll.server-may-close': 'MAY: the client resumes (client behaviour)',
  'transport.http.poll.get-stream': 'needs the server to close a GET stream, which the harness cannot cause',
  'transport.http.poll.session-expiry': 'MAY',
  'transport.http.session.assign-on-init': 'MAY: the session checks skip stateless servers and say so',
  'transport.http.session.no-session-mode': 'info: a stateless server is served by every other check without a session id',
  'transport.http.session.state-not-by-id-alone': 'not observable from outside (security design)',
  'transport.http.security.origin-absent-ok': 'info: every check sends no Origin, so a server refusing that fails them all',
  'transport.http.security.host-rebinding': 'info (SDK behaviour, no specification rule)',
  'transport.http.security.bind-localhost': 'needs the listening sockets of a process the harness did not start (not black-box over --url)',
  'transport.http.security.authn': 'info (authorization is §29)',
  'transport.compat.server-host-both': 'lowercase "should", and the legacy URL of a Streamable HTTP server is not discoverable',
  'transport.sse.post-status': 'info: any 2xx is accepted',
  'transport.sse.bind-localhost': 'as transport.http.security.bind-localhost',
  'transport.custom.allowed': 'MAY',
  'transport.custom.document': 'documentation, not wire behaviour',
  'transport.ws.origin': 'info, by analogy only: the specification defines no WebSocket binding',
  'transport.custom.stdio-framing': 'applies to byte-stream custom transports (TCP, Unix sockets), which the harness does not speak',
  'modern.cancel.http-close':
    'once its response stream is closed the server has no channel left for the request (2026-07-28 has no GET stream and no sessions), so "MUST NOT send any further messages for it" cannot be broken visibly; stopping work is a SHOULD (and a request that cannot be cancelled MAY run on), seen only in a side effect that concurrent slow calls of other checks and versions make ambiguous',
};

const isServerSide = (side: string): boolean => /S|B/.test(side);
const inScope = REQUIREMENTS.filter(
  (r) => isServerSide(r.side) && (SECTIONS.includes(r.section) || r.id.startsWith('modern.http.') || r.id === 'modern.cancel.http-close'),
);
const covered = new Set(ALL_CHECKS.flatMap((c) => c.requirements));

describe('transport requirement coverage', () => {
  it('the scope is the transport sections as the catalogue has them', () => {
    const sections = new Set(REQUIREMENTS.map((r) => r.section));
    for (const section of SECTIONS) expect(sections.has(section)).toBe(true);
    expect(inScope.length).toBeGreaterThan(70);
  });

  it('every server-side transport row is covered by a check or allow-listed with a reason', () => {
    const uncovered = inScope.filter((r) => !covered.has(r.id)).map((r) => r.id);
    expect(uncovered.filter((id) => !(id in UNCOVERED))).toEqual([]);
  });

  it('the allow-list only shrinks: every entry is still uncovered and still in the catalogue', () => {
    const ids = new Set(inScope.map((r) => r.id));
    expect(Object.keys(UNCOVERED).filter((id) => !ids.has(id) || covered.has(id))).toEqual([]);
    for (const reason of Object.values(UNCOVERED)) expect(reason.length).toBeGreaterThan(2);
  });

  it('every transport check cites at least one row of its own area', () => {
    const transportIds = new Set(inScope.map((r) => r.id));
    const suites = ['http', 'http-session', 'http-stream', 'http-version-header', 'http-security', 'sse', 'websocket', 'stdio-framing', 'modern-http'];
    const mine = ALL_CHECKS.filter((c) => suites.includes(c.suite));
    expect(mine.length).toBeGreaterThan(20);
    const offArea = mine.filter((c) => !c.requirements.some((id) => transportIds.has(id) || id.startsWith('jsonrpc.batch.') || id.startsWith('version.http.')));
    expect(offArea.map((c) => c.id)).toEqual([]);
  });
});
