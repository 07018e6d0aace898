/**
 * Lifecycle checks: the `initialize` result, and the silence owed to notifications.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle
 */
import { supports, versionsWith } from '../../protocol/versions.js';
import { defineCheck } from '../define-check.js';
import { describeResponse } from '../handshake.js';
import { exchangeFrames, incomingFrames } from '../probe-session.js';
import { MARKER_GRACE_MS, strayResponses } from './lib-features.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Server capabilities whose value is an object, with the boolean flags each may carry. */
const CAPABILITY_FLAGS: Record<string, readonly string[]> = {
  experimental: [],
  logging: [],
  completions: [],
  prompts: ['listChanged'],
  resources: ['subscribe', 'listChanged'],
  tools: ['listChanged'],
};

/**
 * "The server MUST respond with its own capabilities and information": `protocolVersion` (a string), `capabilities`
 * (an object) and `serverInfo` (an Implementation: `name` and `version` strings).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#initialization
 */
export const initializeResultValid = defineCheck({
  id: 'lifecycle/initialize-result-valid',
  title: 'The initialize result carries protocolVersion, capabilities and serverInfo, well-formed for its version',
  level: 'MUST',
  requirements: ['lifecycle.init.result-shape', 'lifecycle.init.instructions', 'lifecycle.init.impl-optional-fields', 'caps.shape'],
  versions: versionsWith('initialize'),
  session: 'shared',
  concurrent: true,
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#initialization',
  async run(ctx) {
    const result = ctx.initializeResult;
    if (!result) throw new Error('an initialized session has no initialize result');
    const version = ctx.version!;
    const problems: string[] = [];
    if (typeof result.protocolVersion !== 'string') problems.push(`protocolVersion is ${JSON.stringify(result.protocolVersion)}, not a string`);
    const info = result.serverInfo;
    if (!isObject(info)) problems.push(`serverInfo is ${JSON.stringify(info) ?? 'missing'}, not an object with name and version`);
    else {
      if (typeof info.name !== 'string') problems.push(`serverInfo.name is ${JSON.stringify(info.name) ?? 'missing'}, not a string`);
      if (typeof info.version !== 'string') problems.push(`serverInfo.version is ${JSON.stringify(info.version) ?? 'missing'}, not a string`);
      if (supports(version, 'titles') && 'title' in info && typeof info.title !== 'string') problems.push('serverInfo.title is not a string');
      if (supports(version, 'icons') && 'icons' in info && !Array.isArray(info.icons)) problems.push('serverInfo.icons is not an array');
      if (supports(version, 'icons') && 'websiteUrl' in info && typeof info.websiteUrl !== 'string') problems.push('serverInfo.websiteUrl is not a string');
    }
    const caps = result.capabilities;
    if (!isObject(caps)) problems.push(`capabilities is ${JSON.stringify(caps) ?? 'missing'}, not an object`);
    else {
      for (const [name, flags] of Object.entries(CAPABILITY_FLAGS)) {
        if (!(name in caps)) continue;
        const value = caps[name];
        if (!isObject(value)) {
          problems.push(`capabilities.${name} is ${JSON.stringify(value)}, not an object`);
          continue;
        }
        for (const flag of flags) {
          if (flag in value && typeof value[flag] !== 'boolean') problems.push(`capabilities.${name}.${flag} is ${JSON.stringify(value[flag])}, not a boolean`);
        }
      }
    }
    if ('instructions' in result && typeof result.instructions !== 'string') problems.push(`instructions is ${JSON.stringify(result.instructions)}, not a string`);
    const evidence = exchangeFrames(ctx.session.wire.events, 'initialize');
    for (const problem of problems) ctx.violation(`initialize(${version}) result: ${problem}`, { evidence });
    if (problems.length === 0 && isObject(info)) {
      ctx.observe(`serverInfo ${String(info.name)} ${String(info.version)}, protocolVersion ${String(result.protocolVersion)}, capabilities [${Object.keys(caps as object).join(', ')}]`, evidence);
    }
  },
});

/**
 * How long the harness still listens for a (forbidden) answer to a notification once the marker request sent after
 * it is answered: on an ordered stream such an answer would already have come before the marker's, so this only
 * covers a server that answers notifications from another task; the same grace as every other marker of the harness
 * (MARKER_GRACE_MS), and it lies on every lane's critical path. @default 50
 */
export const NOTIFICATION_SILENCE_MS = MARKER_GRACE_MS;

/**
 * "The receiver MUST NOT send a response" to a notification (JSON-RPC 2.0: "The Server MUST NOT reply to a
 * Notification"). On a fresh session that has sent `notifications/initialized` (legacy versions), the check sends an
 * unknown notification, then a ping (in 2026-07-28, `server/discover`) as a marker, and listens; no response may
 * answer either notification (a response whose id matches no request the harness sent).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic#notifications
 */
export const notificationsGetNoResponse = defineCheck({
  id: 'lifecycle/notifications-get-no-response',
  title: 'notifications/initialized (and any notification) gets no response',
  level: 'MUST',
  requirements: ['jsonrpc.notification.no-response', 'lifecycle.init.initialized-notification'],
  // First on the version probe's session, before any check sends a raw frame: an error answering another check's
  // unparseable frame (id null) would look like an answer to a notification. The concurrent checks start once it
  // listens (its marker is answered by a server busy with nothing else) and run beside it, told apart by their ids.
  session: 'shared',
  sharedOrder: 'first',
  spec: 'https://modelcontextprotocol.io/specification/2025-11-25/basic#notifications',
  async run(ctx) {
    const version = ctx.version!;
    const session = ctx.session;
    await session.notify('notifications/mcp-conform-unknown', { probe: true });
    // A request as a marker: answers are written in order on stdio, so a reply to a notification would come before it.
    const marker = supports(version, 'ping') ? 'ping' : 'server/discover';
    await session.request(marker, undefined, { id: 'marker' });
    await session.collect(NOTIFICATION_SILENCE_MS);
    // A response whose id the harness sent is a (late) answer to a request, not to a notification: the concurrent
    // checks that run beside this one send requests only, and a request of theirs that timed out may still be answered.
    const strays = strayResponses(session);
    if (strays.length > 0) {
      const frames = incomingFrames(session.wire.events).filter((f) => strays.includes(f.message as never));
      ctx.violation(
        `the server answered a notification: ${strays.map((r) => `${JSON.stringify((r as { id?: unknown }).id ?? null)} → ${describeResponse(r)}`).join(', ')}`,
        { evidence: frames },
      );
      return;
    }
    const notified = supports(version, 'initialize') ? 'notifications/initialized or notifications/mcp-conform-unknown' : 'notifications/mcp-conform-unknown';
    ctx.observe(`no response to ${notified} within ${NOTIFICATION_SILENCE_MS} ms after the ${marker} marker was answered`);
  },
});
