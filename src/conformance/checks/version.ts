/**
 * Version negotiation on the legacy handshake.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#version-negotiation
 */
import { compareVersions, eraOf, isProtocolVersion, versionsWith, type ProtocolVersion } from '../../protocol/versions.js';
import { defineCheck } from '../define-check.js';
import { describeResponse, errorOf, initializeParams, resultOf } from '../handshake.js';
import { UNKNOWN_PROTOCOL_VERSION } from '../handshake-probe.js';

/** A version no server supports (defined with the handshake probe, which proposes it). */
export { UNKNOWN_PROTOCOL_VERSION };

/**
 * "If the server supports the requested protocol version, it MUST respond with the same version. Otherwise, the
 * server MUST respond with another protocol version it supports. This SHOULD be the latest version supported by the
 * server." The check proposes every legacy version and an unknown one, each in a fresh session. A version the server
 * supports is one it echoes; every answer must be such a version. An error answer to the unknown version (the
 * specification's Error Handling example shows -32602 "Unsupported protocol version") only warns (CATALOGUE §31 #2).
 */
export const versionNegotiation = defineCheck({
  id: 'version/negotiation',
  title: 'Each proposed version gets itself back if supported, else another version the server supports',
  level: 'MUST',
  requirements: ['version.server.echo-if-supported', 'version.server.counter-offer', 'version.server.counter-offer-latest'],
  versions: versionsWith('initialize'),
  matrix: 'once',
  session: 'raw',
  lazySession: true,
  judgesProbe: 'handshake',
  timeoutMs: 30_000,
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#version-negotiation',
  async run(ctx) {
    const legacy = versionsWith('initialize');
    if (!ctx.acceptedVersions.some((v) => eraOf(v) === 'legacy')) ctx.skip('the server accepted no initialize-era protocol version when probed');
    // The runner's probes already proposed each version in a fresh session: their answers are evidence too. Versions
    // it did not probe (a run in one chosen version), and the unknown one, are proposed here.
    const probed = new Map(ctx.probes.filter((p) => p.response && eraOf(p.version) === 'legacy').map((p) => [p.version as string, p.response!]));
    // Over stdio the runner's handshake probe proposed the unknown version already (with every callback capability
    // declared, which a server must not mind): its answer is used, and no server is started here.
    const handshake = ctx.handshakeProbe?.response ? ctx.handshakeProbe : undefined;
    if (handshake) probed.set(UNKNOWN_PROTOCOL_VERSION, handshake.response!);
    const proposals: string[] = [...legacy, UNKNOWN_PROTOCOL_VERSION];
    let first = true;
    const answers = await Promise.all(
      proposals.map(async (proposed) => {
        const known = probed.get(proposed);
        if (known) return { proposed, response: known };
        const session = first ? ctx.session : await ctx.openSession();
        first = false;
        return { proposed, response: await session.request('initialize', initializeParams(proposed), { timeoutMs: ctx.startupTimeoutMs }) };
      }),
    );
    const evidenceFor = (proposed: string) =>
      (proposed === UNKNOWN_PROTOCOL_VERSION && handshake ? handshake.wire : undefined) ??
      ctx.probes.find((p) => p.version === proposed && probed.has(proposed))?.wire ??
      [...ctx.session.wire.events];
    const echoed = new Set<string>();
    for (const { proposed, response } of answers) {
      if (resultOf(response)?.protocolVersion === proposed) echoed.add(proposed);
    }
    const supported = [...echoed].filter(isProtocolVersion) as ProtocolVersion[];
    const latest = supported.sort(compareVersions).at(-1);
    for (const { proposed, response } of answers) {
      const result = resultOf(response);
      if (!result) {
        const error = errorOf(response);
        if (proposed === UNKNOWN_PROTOCOL_VERSION && error?.code === -32602) {
          ctx.violation(`initialize(${proposed}) got ${describeResponse(response)} instead of a counter-offer of a supported version`, { level: 'SHOULD', evidence: evidenceFor(proposed) });
        } else ctx.violation(`initialize(${proposed}) got ${describeResponse(response)} instead of a protocol version the server supports`, { evidence: evidenceFor(proposed) });
        continue;
      }
      const answered = result.protocolVersion;
      if (typeof answered !== 'string') {
        ctx.violation(`initialize(${proposed}) answered protocolVersion ${JSON.stringify(answered)}, not a string`, { evidence: evidenceFor(proposed) });
        continue;
      }
      if (proposed === UNKNOWN_PROTOCOL_VERSION && answered === proposed) {
        ctx.violation(`initialize(${UNKNOWN_PROTOCOL_VERSION}) echoed the unknown version instead of offering one the server supports`, { evidence: evidenceFor(proposed) });
        continue;
      }
      if (answered === proposed) continue;
      if (isProtocolVersion(answered) && !echoed.has(answered)) {
        ctx.violation(`initialize(${proposed}) answered ${answered}, but initialize(${answered}) did not get ${answered} back, so the server does not support what it offered`, { evidence: evidenceFor(proposed) });
        continue;
      }
      if (latest && isProtocolVersion(answered) && answered !== latest) {
        ctx.violation(`initialize(${proposed}) answered ${answered}, not ${latest}, the latest version the server supports`, { level: 'SHOULD', evidence: evidenceFor(proposed) });
      }
    }
    const counter = answers.find((a) => a.proposed === UNKNOWN_PROTOCOL_VERSION);
    ctx.observe(
      `supported (echoed): ${supported.join(', ') || 'none'}; initialize(${UNKNOWN_PROTOCOL_VERSION}) → ${counter ? describeResponse(counter.response) : 'n/a'}`,
      // The counter-offer exchange (the echoes are each probe's own evidence).
      evidenceFor(UNKNOWN_PROTOCOL_VERSION).filter((e) => e.kind === 'frame').slice(0, 2),
    );
    if (supported.length === 0) ctx.violation('the server echoed none of the released versions it was offered');
  },
});
