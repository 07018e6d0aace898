/**
 * Logging: `logging/setLevel` answered and honoured, and well-formed log messages.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/utilities/logging
 */
import { versionsWith } from '../../protocol/versions.js';
import { defineCheck } from '../define-check.js';
import { describeResponse, errorOf, resultOf } from '../handshake.js';
import { LIST_METHODS, isObject, listUnlisted, nextSeq, notificationsIn } from './lib-features.js';

const LOGGING_SPEC = 'https://modelcontextprotocol.io/specification/2025-11-25/server/utilities/logging';

/** The syslog levels, least severe first. */
export const LOG_LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'] as const;

/** How long the harness listens for log messages after it made the server work. @default 400 */
export const LOG_WAIT_MS = 400;
/** How long the logging checks listen after the answers to their own requests (when those mark the end of the log messages they caused). @default 100 */
export const LOG_TAIL_MS = 100;

/**
 * `logging/setLevel` gets an empty result (the message flow shows "Empty Result"), and "Invalid log level: -32602
 * (Invalid params)" for a level that is not one of the eight (a warning).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/utilities/logging#setting-log-level
 */
export const loggingSetLevel = defineCheck({
  id: 'logging/set-level',
  title: 'logging/setLevel gets an empty result, and an unknown level gets -32602',
  level: 'MUST',
  requirements: ['logging.set-level.result', 'logging.set-level.invalid'],
  versions: versionsWith('setLevel'),
  needs: { capability: 'logging' },
  // Shared: it leaves the level at "debug", which asks for every message, as a server that was never told a level may send.
  session: 'shared',
  besideConcurrent: true,
  spec: `${LOGGING_SPEC}#setting-log-level`,
  async run(ctx) {
    const response = await ctx.session.request('logging/setLevel', { level: 'debug' });
    const result = resultOf(response);
    if (!result) ctx.violation(`logging/setLevel("debug") got ${describeResponse(response)} though logging is declared`);
    else if (Object.keys(result).some((k) => k !== '_meta')) ctx.violation(`logging/setLevel("debug") got ${describeResponse(response)}; the result must be empty`);
    else ctx.observe('logging/setLevel("debug") got {}');
    const invalid = await ctx.session.request('logging/setLevel', { level: 'verbose' });
    const error = errorOf(invalid);
    if (error?.code === -32602) ctx.observe('logging/setLevel("verbose") got -32602');
    else if (error) ctx.violation(`logging/setLevel("verbose") got error code ${String(error.code)} instead of -32602 (Invalid params)`, { level: 'SHOULD' });
    else ctx.violation(`logging/setLevel("verbose") got ${describeResponse(invalid)} instead of error -32602`, { level: 'SHOULD' });
  },
});

/** The level the threshold check sets. */
export const THRESHOLD_LEVEL = 'error';

/**
 * After `logging/setLevel`, "The server should send all logs at this level and higher" (SetLevelRequest; a
 * warning), and every `notifications/message` has a `level` of the eight and `data` (LoggingMessageNotification, a
 * failure). The check sets "error", then lists what the server declared and makes the profile's calls, and reads the
 * log messages that arrive.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/utilities/logging#log-message-notifications
 */
export const loggingThreshold = defineCheck({
  id: 'logging/threshold-honoured',
  title: 'After setLevel("error"), only messages at error or above arrive, each well-formed',
  level: 'SHOULD',
  requirements: ['logging.threshold', 'logging.message.shape'],
  versions: versionsWith('setLevel'),
  needs: { capability: 'logging' },
  // It raises the session's log level for good, so it runs after every other check of its version: beside the
  // judges, once they have made their requests (they then see its traffic, and no judge's request runs at "error").
  session: 'shared',
  sharedOrder: 'beside-judges',
  spec: `${LOGGING_SPEC}#log-message-notifications`,
  async run(ctx) {
    const session = ctx.session;
    const response = await session.request('logging/setLevel', { level: THRESHOLD_LEVEL });
    if (!resultOf(response)) ctx.skip(`logging/setLevel("${THRESHOLD_LEVEL}") got ${describeResponse(response)} (logging/set-level reports it)`);
    const from = nextSeq(session);
    for (const { method, capability } of LIST_METHODS) if (capability in ctx.serverCapabilities) await session.request(method, {});
    for (const call of ctx.profile.calls ?? []) await session.request('tools/call', { name: call.tool, arguments: call.arguments ?? {} });
    // Log messages a request causes are written before its response on an ordered stream, so the responses already
    // received mark the end of them; a short tail catches servers that log right after answering.
    await session.collect(LOG_TAIL_MS);
    const messages = notificationsIn(session, 'notifications/message', from);
    if (messages.length === 0) ctx.skip(`the server sent no log message between setLevel and ${LOG_TAIL_MS} ms after its answers to the lists and calls that followed, so the threshold could not be observed`);
    const threshold = LOG_LEVELS.indexOf(THRESHOLD_LEVEL);
    const below = new Set<string>();
    for (const { message, frame } of messages) {
      const params = isObject(message.params) ? message.params : {};
      const level = params.level;
      if (typeof level !== 'string' || !(LOG_LEVELS as readonly string[]).includes(level)) {
        ctx.violation(`a log message has level ${JSON.stringify(level) ?? '(missing)'}, not one of ${LOG_LEVELS.join(', ')}`, { level: 'MUST', evidence: [frame] });
        continue;
      }
      if (!('data' in params)) ctx.violation(`a "${level}" log message has no data`, { level: 'MUST', evidence: [frame] });
      if ('logger' in params && typeof params.logger !== 'string') ctx.violation(`a "${level}" log message has a logger that is not a string`, { level: 'MUST', evidence: [frame] });
      if (LOG_LEVELS.indexOf(level as (typeof LOG_LEVELS)[number]) < threshold) below.add(level);
    }
    if (below.size > 0) ctx.violation(`after setLevel("${THRESHOLD_LEVEL}") the server still sent ${[...below].map((l) => `"${l}"`).join(', ')} messages`);
    ctx.observe(`${messages.length} log messages after setLevel("${THRESHOLD_LEVEL}")`);
  },
});

/** Patterns that look like secrets in log data. */
const SECRET_PATTERNS: ReadonlyArray<[string, RegExp]> = [
  ['a bearer token', /\bBearer\s+[A-Za-z0-9._~+/-]{12,}/],
  ['an API key', /\bsk-[A-Za-z0-9_-]{16,}/],
  ['a password assignment', /\bpassword\s*[=:]\s*["']?[^\s"']{4,}/i],
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
];
/** The most log messages per second the harness accepts before it warns. @default 100 */
export const MAX_LOG_MESSAGES_PER_SECOND = 100;

/**
 * "Log messages MUST NOT contain: Credentials or secrets" (a heuristic scan, so it only warns), and "Rate limit log
 * messages" (more than {@link MAX_LOG_MESSAGES_PER_SECOND} in any second warns), over every log message of the shared
 * session.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/utilities/logging#security
 */
export const loggingMessagesSafe = defineCheck({
  id: 'logging/messages-safe',
  title: 'Log messages carry no secrets and come at a bounded rate',
  level: 'SHOULD',
  requirements: ['logging.no-sensitive', 'logging.rate-limit'],
  session: 'shared',
  observesSession: true,
  spec: `${LOGGING_SPEC}#security`,
  async run(ctx) {
    // Traffic of its own, in case the check runs alone: the lists, and the profile's calls. When the other checks'
    // traffic already drew log messages, a short tail is enough; otherwise it waits LOG_WAIT_MS for some.
    const seen = notificationsIn(ctx.session, 'notifications/message').length;
    await listUnlisted(ctx);
    if ('tools' in ctx.serverCapabilities) for (const call of ctx.profile.calls ?? []) await ctx.session.request('tools/call', { name: call.tool, arguments: call.arguments ?? {} });
    await ctx.session.collect(seen > 0 ? LOG_TAIL_MS : LOG_WAIT_MS);
    const messages = notificationsIn(ctx.session, 'notifications/message');
    if (messages.length === 0) ctx.skip('the server sent no log message on the shared session');
    for (const { message, frame } of messages) {
      const text = JSON.stringify(isObject(message.params) ? message.params.data : undefined) ?? '';
      const found = SECRET_PATTERNS.find(([, pattern]) => pattern.test(text));
      if (found) ctx.violation(`a log message contains what looks like ${found[0]}; log messages MUST NOT contain credentials or secrets`, { evidence: [frame] });
    }
    const times = messages.map((m) => m.frame.timestamp).sort((a, b) => a - b);
    let start = 0;
    for (let end = 0; end < times.length; end += 1) {
      while (times[end]! - times[start]! > 1_000) start += 1;
      if (end - start + 1 > MAX_LOG_MESSAGES_PER_SECOND) {
        ctx.violation(`the server sent more than ${MAX_LOG_MESSAGES_PER_SECOND} log messages within one second`, { evidence: [messages[end]!.frame] });
        break;
      }
    }
    ctx.observe(`${messages.length} log messages, none with a secret, at a bounded rate`);
  },
});
