import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../../../src/conformance/checks/index.js';
import { REQUIREMENTS, type Requirement } from '../../../../src/conformance/requirements.js';

/** The catalogue sections of the feature checks: §1–5, §14–24, §28, and §30 without its HTTP-only rows. */
const FEATURE_PREFIXES = ['jsonrpc.', 'lifecycle.', 'version.', 'caps.', 'timeout.', 'cancel.', 'ping.', 'progress.', 'meta.', 'jsonschema.', 'pagination.', 'tools.', 'resources.', 'prompts.', 'logging.', 'completion.', 'tasks.', 'modern.'];

/** Whether a row constrains a server (or both sides) and a client harness could see it on a non-HTTP transport. */
function inScope(row: Requirement): boolean {
  if (!FEATURE_PREFIXES.some((prefix) => row.id.startsWith(prefix))) return false;
  if (row.side !== 'S' && row.side !== 'B') return false;
  // HTTP-only rows (and the MCP-Protocol-Version header) are the transport checks' rows.
  return !/^(SHTTP|SSE)$/.test(row.transport) && !row.id.startsWith('version.http.');
}

/**
 * The in-scope rows no check covers, each with why. The list may only shrink: a row that a check now covers must be
 * removed from it (the test fails while it is still listed).
 */
const UNCOVERED: Record<string, string> = {
  'jsonrpc.error.internal-32603': 'info: a harness cannot make a black-box server fail internally',
  'jsonrpc.unknown-fields-tolerated': 'info (robustness), no normative level',
  'jsonrpc.batch.send': 'MAY: a server may or may not batch, nothing to fail',
  'jsonrpc.batch.removed': 'the catalogue grades a server accepting batches after 2025-03-26 as info (§31 #8); emitting them is caught by stdio/stdout-lines-are-messages',
  'lifecycle.init.requests-before-init': 'info: record only, never a verdict',
  'lifecycle.init.reinitialize': 'info: record only, never a verdict',
  'lifecycle.shutdown.server-initiated': 'MAY, and a client-side expectation (stdout EOF is a clean disconnect)',
  'lifecycle.shutdown.http': 'info, HTTP',
  'lifecycle.error.handling': 'info: no observable server behaviour',
  'caps.experimental': 'MAY: `experimental` is shape-checked by lifecycle/initialize-result-valid, which cites caps.shape',
  'timeout.reset-on-progress': 'MAY, a requester-side choice',
  'timeout.max-total': 'a requester-side rule; the harness never sends a request the server would time out',
  'cancel.tasks-use-tasks-cancel': 'binds a requestor: the server half needs a server that cancels a task it created on the client (a task-augmented sampling or elicitation request), which no request of the harness can make it do',
  'cancel.sender-ignores-late-response': 'a requester-side rule (client tests)',
  'cancel.log-reason': 'SHOULD log: not observable',
  'ping.either-direction': 'info',
  'ping.stale-may-terminate': 'MAY',
  'ping.periodic': 'SHOULD send pings periodically: a server is not required to ping within any time a check could wait',
  'ping.removed': 'no level: 2026-07-28 removed ping; jsonrpc/unknown-method covers unknown methods',
  'progress.token-type': 'a requester-side rule (the harness sends the tokens)',
  'progress.token-unique-active': 'a requester-side rule (the harness sends the tokens)',
  'progress.message': 'SHOULD be human readable: not machine-checkable beyond its type, which progress/notifications-valid checks',
  'progress.server-only': 'no level: 2026-07-28 clients send no progress',
  'meta.no-assumptions-reserved': 'not observable from outside',
  'meta.reverse-dns': 'SHOULD use reverse DNS: no reliable test for a DNS name',
  'jsonschema.unsupported-dialect-graceful': 'a receiver-side rule (client tests)',
  'jsonschema.document-dialects': 'documentation',
  'jsonschema.ref-no-network': 'a receiver-side rule (client tests)',
  'jsonschema.ref-unresolved-reject': 'a receiver-side rule (client tests)',
  'jsonschema.composition-bounds': 'a receiver-side rule (client tests)',
  'tools.input-schema.no-params': 'RECOMMENDED form, info',
  'tools.name.case-sensitive': 'info',
  'tools.resource-link.not-listed-ok': 'info: never a verdict',
  'resources.read.internal': 'info: a harness cannot make a black-box server fail internally',
  'resources.https-scheme': 'info',
  'resources.file-mime-xdg': 'MAY',
  'resources.access-control': 'info: needs knowledge of what should be denied',
  'logging.default-unset': 'MAY',
  'logging.allowed-pre-initialized': 'a permission: never a verdict',
  'completion.sorted-fuzzy': 'SHOULD rank by relevance: not machine-checkable',
  'tasks.capability.exhaustive': 'info',
  'tasks.requestor.gate': 'a requester-side rule',
  'tasks.ttl.override': 'MAY',
  'tasks.cancel-not-notification': 'a requester-side rule',
  'modern.meta.info-not-for-behavior': 'SHOULD NOT, not observable',
  'modern.stateless.explicit-handles': 'info: which handles a server needs is not knowable from outside',
  'modern.subs.graceful-close': 'needs the server to end a subscription itself, which no request can make it do',
  'modern.logging.request-stream-only': 'HTTP streams: the transport checks own per-request streams',
  'modern.tools.structured-any': 'info: tools/call-results-valid already accepts any JSON value in 2026-07-28',
  'modern.extensions.fallback': 'needs an extension both sides know',
  'modern.deprecated-features': 'SHOULD NOT adopt: info',
  'modern.elicitation.no-id': 'no level',
};

describe('catalogue coverage of the feature checks', () => {
  const covered = new Set(ALL_CHECKS.flatMap((check) => check.requirements));
  const rows = REQUIREMENTS.filter(inScope);
  const uncovered = rows.filter((row) => !covered.has(row.id)).map((row) => row.id);

  it('lists the server-side rows no check covers, and every one of them is allowed with a reason', () => {
    console.log(`${rows.length - uncovered.length} of ${rows.length} server-side feature rows covered; uncovered:\n${uncovered.map((id) => `  ${id}: ${UNCOVERED[id] ?? '(no reason given)'}`).join('\n')}`);
    expect(uncovered.filter((id) => !(id in UNCOVERED))).toEqual([]);
  });

  it('only shrinks: no allowed row is covered already, and every allowed row is in scope', () => {
    const ids = new Set(rows.map((row) => row.id));
    expect(Object.keys(UNCOVERED).filter((id) => covered.has(id))).toEqual([]);
    expect(Object.keys(UNCOVERED).filter((id) => !ids.has(id))).toEqual([]);
    for (const reason of Object.values(UNCOVERED)) expect(reason.length).toBeGreaterThan(0);
  });
});
