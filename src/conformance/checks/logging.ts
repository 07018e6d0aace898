/**
 * Logging: `logging/setLevel` answered and honoured, and well-formed log messages.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/utilities/logging
 */
import { versionsWith } from '../../protocol/versions.js';
import { defineCheck } from '../define-check.js';
import { describeResponse, errorOf, resultOf } from '../handshake.js';
import { LIST_METHODS, isObject, nextSeq, notificationsIn } from './lib-features.js';

const LOGGING_SPEC = 'https://modelcontextprotocol.io/specification/2025-11-25/server/utilities/logging';

/** The syslog levels, least severe first. */
export const LOG_LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'] as const;

/** How long the harness listens for log messages after it made the server work. @default 400 */
export const LOG_WAIT_MS = 400;

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
  spec: `${LOGGING_SPEC}#log-message-notifications`,
  async run(ctx) {
    const session = ctx.session;
    const response = await session.request('logging/setLevel', { level: THRESHOLD_LEVEL });
    if (!resultOf(response)) ctx.skip(`logging/setLevel("${THRESHOLD_LEVEL}") got ${describeResponse(response)} (logging/set-level reports it)`);
    const from = nextSeq(session);
    for (const { method, capability } of LIST_METHODS) if (capability in ctx.serverCapabilities) await session.request(method, {});
    for (const call of ctx.profile.calls ?? []) await session.request('tools/call', { name: call.tool, arguments: call.arguments ?? {} });
    await session.collect(LOG_WAIT_MS);
    const messages = notificationsIn(session, 'notifications/message', from);
    if (messages.length === 0) ctx.skip(`the server sent no log message within ${LOG_WAIT_MS} ms after setLevel, so the threshold could not be observed`);
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
