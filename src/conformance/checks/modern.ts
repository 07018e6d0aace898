/**
 * The 2026-07-28 (stateless) wire: server/discover, resultType on every result, caching hints, per-request `_meta`
 * fields, unsupported versions, error codes, resources not found, and logging by opt-in.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic
 */
import { ErrorCode } from '../../protocol/jsonrpc.js';
import { LATEST_PROTOCOL_VERSION, versionsWith } from '../../protocol/versions.js';
import type { CheckContext } from '../check-context.js';
import { defineCheck } from '../define-check.js';
import { describeResponse, errorOf, resultOf } from '../handshake.js';
import { HARNESS_CLIENT_INFO } from '../probe-session.js';
import { LIST_METHODS, idKey, isObject, listAll, listUnlisted, messagesIn, nextSeq, notificationsIn, requestMethodsById } from './lib-features.js';

const MODERN = versionsWith('stateless');
const META = 'io.modelcontextprotocol/';
const BASIC_SPEC = 'https://modelcontextprotocol.io/specification/2026-07-28/basic';
const CACHING_SPEC = 'https://modelcontextprotocol.io/specification/2026-07-28/server/utilities/caching';

/** What is wrong with the caching hints of a cacheable result ("Servers MUST provide a ttlMs value that is >= 0"). */
function cachingProblems(result: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(result.ttlMs) || (result.ttlMs as number) < 0) problems.push(`ttlMs is ${JSON.stringify(result.ttlMs) ?? '(missing)'}, not an integer >= 0`);
  if (result.cacheScope !== 'public' && result.cacheScope !== 'private') problems.push(`cacheScope is ${JSON.stringify(result.cacheScope) ?? '(missing)'}, not "public" or "private"`);
  return problems;
}

/**
 * server/discover: "Servers MUST implement it"; the DiscoverResult has `supportedVersions` (with 2026-07-28),
 * `capabilities`, `resultType: "complete"`, the caching hints every cacheable result carries, and `serverInfo` in
 * `_meta` ("Servers SHOULD include this field", a warning).
 * @see https://modelcontextprotocol.io/specification/2026-07-28/server/discover
 */
export const modernDiscoverValid = defineCheck({
  id: 'modern/discover-valid',
  title: 'server/discover gives supportedVersions, capabilities, resultType and caching hints',
  level: 'MUST',
  requirements: ['modern.discover.required', 'modern.discover.server-info', 'modern.extensions.ids'],
  versions: MODERN,
  session: 'shared',
  concurrent: true,
  spec: 'https://modelcontextprotocol.io/specification/2026-07-28/server/discover',
  async run(ctx) {
    const response = await ctx.session.request('server/discover');
    const result = resultOf(response);
    if (!result) {
      ctx.violation(`server/discover got ${describeResponse(response)}`);
      return;
    }
    const problems: string[] = [];
    const versions = result.supportedVersions;
    if (!Array.isArray(versions) || versions.some((v) => typeof v !== 'string')) problems.push('supportedVersions is not an array of strings');
    else if (!versions.includes(LATEST_PROTOCOL_VERSION)) problems.push(`supportedVersions ${JSON.stringify(versions)} does not include ${LATEST_PROTOCOL_VERSION}, though the server answered in it`);
    if (!isObject(result.capabilities)) problems.push('capabilities is not an object');
    if (result.resultType !== 'complete') problems.push(`resultType is ${JSON.stringify(result.resultType) ?? '(missing)'}, not "complete"`);
    problems.push(...cachingProblems(result));
    if ('instructions' in result && typeof result.instructions !== 'string') problems.push('instructions is not a string');
    const extensions = isObject(result.capabilities) ? result.capabilities.extensions : undefined;
    if (isObject(extensions)) {
      for (const id of Object.keys(extensions)) if (!/^[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\/[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(id)) problems.push(`the extension id ${JSON.stringify(id)} is not prefix/name`);
    }
    for (const problem of problems) ctx.violation(`server/discover: ${problem}`);
    const info = isObject(result._meta) ? result._meta[`${META}serverInfo`] : undefined;
    if (!isObject(info) || typeof info.name !== 'string' || typeof info.version !== 'string') ctx.violation(`server/discover: _meta["${META}serverInfo"] with a name and a version is missing`, { level: 'SHOULD' });
    if (problems.length === 0) ctx.observe(`server/discover: versions ${JSON.stringify(versions)}, capabilities [${Object.keys(result.capabilities as object).join(', ')}]`);
  },
});

/** The result types of the core protocol. */
const RESULT_TYPES = ['complete', 'input_required'];
/** The requests an InputRequiredResult may ask the client for. */
const INPUT_METHODS = ['elicitation/create', 'sampling/createMessage', 'roots/list'];
/** The requests that may answer `input_required`. */
const INPUT_REQUIRED_METHODS = ['tools/call', 'prompts/get', 'resources/read'];

/**
 * "The result MUST include a resultType field" ("complete" or "input_required"; extensions may add more), and
 * "Servers MUST NOT send InputRequiredResult responses on any other client requests" than tools/call, prompts/get
 * and resources/read. "Servers SHOULD include … io.modelcontextprotocol/serverInfo in every result's _meta" (a
 * warning). The check lists what the server declared and reads every result of the shared session.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic#result-responses
 */
export const modernResultType = defineCheck({
  id: 'modern/result-type',
  title: 'Every result carries resultType (input_required only where allowed) and serverInfo',
  level: 'MUST',
  requirements: ['modern.result-type.required', 'modern.mrtr.allowed-methods', 'modern.meta.server-info', 'modern.mrtr.nonempty', 'modern.mrtr.input-types', 'modern.mrtr.caps', 'modern.caps.no-undeclared', 'modern.caching.input-required-uncacheable'],
  versions: MODERN,
  session: 'shared',
  observesSession: true,
  spec: `${BASIC_SPEC}#result-responses`,
  async run(ctx) {
    await listUnlisted(ctx);
    // Read once every judge running beside this one has made its requests (see createGathering).
    await ctx.session.collect(0);
    const extensions = isObject(ctx.serverCapabilities.extensions) && Object.keys(ctx.serverCapabilities.extensions).length > 0;
    const methods = requestMethodsById(ctx.session);
    let results = 0;
    let withoutInfo = 0;
    for (const { message, frame } of messagesIn(ctx.session)) {
      if (!('result' in message) || 'method' in message || !isObject(message.result)) continue;
      const method = methods.get(idKey(message.id)) ?? 'a request';
      results += 1;
      const type = message.result.resultType;
      if (type === undefined) ctx.violation(`the result of ${method} (id ${JSON.stringify(message.id)}) has no resultType`, { evidence: [frame] });
      else if (typeof type !== 'string' || (!RESULT_TYPES.includes(type) && !extensions)) ctx.violation(`the result of ${method} has resultType ${JSON.stringify(type)}, not "complete" or "input_required"`, { evidence: [frame] });
      else if (type === 'input_required' && !INPUT_REQUIRED_METHODS.includes(method)) ctx.violation(`${method} was answered with resultType "input_required", which only ${INPUT_REQUIRED_METHODS.join(', ')} may use`, { evidence: [frame] });
      if (type === 'input_required') {
        const inputRequests = message.result.inputRequests;
        const hasRequests = isObject(inputRequests) && Object.keys(inputRequests).length > 0;
        if (!hasRequests && message.result.requestState === undefined) ctx.violation(`the input_required result of ${method} has neither inputRequests nor requestState`, { evidence: [frame] });
        if (hasRequests) ctx.violation(`the input_required result of ${method} asks for inputRequests, though the harness declared no client capability`, { evidence: [frame] });
        for (const [key, request] of Object.entries(isObject(inputRequests) ? inputRequests : {})) {
          const inputMethod = isObject(request) ? request.method : undefined;
          if (typeof inputMethod !== 'string' || !INPUT_METHODS.includes(inputMethod)) ctx.violation(`inputRequests["${key}"] of ${method} has method ${JSON.stringify(inputMethod) ?? '(missing)'}, not one of ${INPUT_METHODS.join(', ')}`, { evidence: [frame] });
        }
        if ('ttlMs' in message.result || 'cacheScope' in message.result) ctx.violation(`the input_required result of ${method} carries caching hints`, { level: 'SHOULD', evidence: [frame] });
      }
      const meta = message.result._meta;
      if (!isObject(meta) || !isObject(meta[`${META}serverInfo`])) withoutInfo += 1;
    }
    if (withoutInfo > 0) ctx.violation(`${withoutInfo} of ${results} results lack _meta["${META}serverInfo"]`, { level: 'SHOULD' });
    ctx.observe(`${results} results, each with a resultType`);
  },
});

/**
 * "Servers MUST include caching hints" on server/discover, tools/list, prompts/list, resources/list,
 * resources/templates/list and resources/read: `ttlMs` ("Servers MUST provide a ttlMs value that is >= 0") and
 * `cacheScope` ("public" or "private"); and a paginated list "MUST apply the same cacheScope to all response pages".
 * @see https://modelcontextprotocol.io/specification/2026-07-28/server/utilities/caching
 */
export const modernCachingHints = defineCheck({
  id: 'modern/caching-hints',
  title: 'Cacheable results carry ttlMs >= 0 and one cacheScope across pages',
  level: 'MUST',
  requirements: ['modern.caching.hints', 'modern.caching.scope-consistent'],
  versions: MODERN,
  session: 'shared',
  concurrent: true,
  spec: `${CACHING_SPEC}#cacheable-results`,
  async run(ctx) {
    const checked: string[] = [];
    for (const { method, capability, key } of LIST_METHODS) {
      if (!(capability in ctx.serverCapabilities)) continue;
      const outcome = await listAll(ctx.session, method, key);
      if (outcome.failure || outcome.loop) continue;
      outcome.pages.forEach((page, i) => {
        for (const problem of cachingProblems(page)) ctx.violation(`${method} page ${i + 1}: ${problem}`);
      });
      const scopes = new Set(outcome.pages.map((p) => JSON.stringify(p.cacheScope)));
      if (scopes.size > 1) ctx.violation(`${method} pages carry different cacheScope values: ${[...scopes].join(', ')}`);
      checked.push(`${method} (${outcome.pages.length} pages)`);
      if (method === 'resources/list') {
        const uri = outcome.items.map((r) => r.uri).find((u): u is string => typeof u === 'string');
        if (uri !== undefined) {
          const read = resultOf(await ctx.session.request('resources/read', { uri }));
          if (read) {
            for (const problem of cachingProblems(read)) ctx.violation(`resources/read of ${JSON.stringify(uri)}: ${problem}`);
            checked.push('resources/read');
          }
        }
      }
    }
    if (checked.length === 0) ctx.skip('the server declared no list whose results are cacheable (server/discover is checked by modern/discover-valid)');
    ctx.observe(`caching hints on ${checked.join(', ')}`);
  },
});

/** A protocol version no server supports. */
export const UNSUPPORTED_MODERN_VERSION = '1900-01-01';

/** A request every modern server answers: a declared list, else server/discover. */
function probeMethod(ctx: CheckContext): string {
  return LIST_METHODS.find((l) => l.capability in ctx.serverCapabilities)?.method ?? 'server/discover';
}

/**
 * "If the server does not support the version in the request, it MUST respond with an UnsupportedProtocolVersionError
 * listing the versions it does support": error -32022 with `data.supported` (strings) and `data.requested`.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/versioning
 */
export const modernUnsupportedVersion = defineCheck({
  id: 'modern/unsupported-version',
  title: 'A request in an unsupported version gets -32022 with the supported versions',
  level: 'MUST',
  requirements: ['modern.version.unsupported'],
  versions: MODERN,
  session: 'shared',
  concurrent: true,
  spec: 'https://modelcontextprotocol.io/specification/2026-07-28/basic/versioning',
  async run(ctx) {
    const method = probeMethod(ctx);
    const params = { _meta: { [`${META}protocolVersion`]: UNSUPPORTED_MODERN_VERSION, [`${META}clientCapabilities`]: {}, [`${META}clientInfo`]: HARNESS_CLIENT_INFO } };
    const response = await ctx.session.request(method, params, { omitModernMeta: true });
    const error = errorOf(response);
    const label = `${method} in version ${UNSUPPORTED_MODERN_VERSION}`;
    if (!error) return void ctx.violation(`${label} got ${describeResponse(response)} instead of error -32022`);
    if (error.code !== ErrorCode.UnsupportedProtocolVersion) return void ctx.violation(`${label} got error code ${String(error.code)} instead of -32022 (UnsupportedProtocolVersionError)`);
    const data = isObject(error.data) ? error.data : {};
    const supported = data.supported;
    if (!Array.isArray(supported) || supported.length === 0 || supported.some((v) => typeof v !== 'string')) ctx.violation(`${label} got -32022 whose data.supported is ${JSON.stringify(supported) ?? '(missing)'}, not a list of versions`);
    else if (data.requested !== UNSUPPORTED_MODERN_VERSION) ctx.violation(`${label} got -32022 whose data.requested is ${JSON.stringify(data.requested) ?? '(missing)'}, not "${UNSUPPORTED_MODERN_VERSION}"`);
    else ctx.observe(`${label} got -32022 listing ${JSON.stringify(supported)}`);
  },
});

/**
 * "A request missing any required field is malformed; the server MUST reject it with JSON-RPC error code -32602":
 * the check sends a request with no `_meta`, one with only the protocol version, and one with only the client
 * capabilities.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic#meta
 */
export const modernMissingMetaRejected = defineCheck({
  id: 'modern/missing-meta-rejected',
  title: 'A request without the required _meta fields gets -32602',
  level: 'MUST',
  requirements: ['modern.meta.missing-rejected'],
  versions: MODERN,
  session: 'shared',
  concurrent: true,
  spec: `${BASIC_SPEC}#meta`,
  async run(ctx) {
    const method = probeMethod(ctx);
    const variants: Array<[string, Record<string, unknown>]> = [
      ['no _meta', {}],
      ['only the protocol version', { _meta: { [`${META}protocolVersion`]: LATEST_PROTOCOL_VERSION } }],
      ['only the client capabilities', { _meta: { [`${META}clientCapabilities`]: {} } }],
    ];
    for (const [label, params] of variants) {
      const response = await ctx.session.request(method, params, { omitModernMeta: true });
      const error = errorOf(response);
      if (error?.code === -32602) ctx.observe(`${method} with ${label} got -32602`);
      else if (error) ctx.violation(`${method} with ${label} got error code ${String(error.code)} instead of -32602`);
      else ctx.violation(`${method} with ${label} got a result instead of error -32602`);
    }
  },
});

/** A URI no server has. */
const MISSING_URI = 'mcp-conform://missing/resource';

/**
 * "servers MUST return a JSON-RPC error with code -32602" for a resource that does not exist, and "MUST NOT return an
 * empty contents array".
 * @see https://modelcontextprotocol.io/specification/2026-07-28/server/resources#error-handling
 */
export const modernResourceNotFound = defineCheck({
  id: 'modern/resource-not-found',
  title: 'Reading a resource that does not exist gets -32602 (2026-07-28)',
  level: 'MUST',
  requirements: ['modern.resources.not-found'],
  versions: MODERN,
  needs: { capability: 'resources' },
  session: 'shared',
  concurrent: true,
  spec: 'https://modelcontextprotocol.io/specification/2026-07-28/server/resources#error-handling',
  async run(ctx) {
    const response = await ctx.session.request('resources/read', { uri: MISSING_URI });
    const error = errorOf(response);
    if (error?.code === -32602) ctx.observe(`resources/read of ${MISSING_URI} got -32602`);
    else if (error) ctx.violation(`resources/read of ${MISSING_URI} got error code ${String(error.code)} instead of -32602`);
    else ctx.violation(`resources/read of ${MISSING_URI} got ${describeResponse(response)} instead of error -32602`);
  },
});

/** The codes 2026-07-28 defines in its reserved sub-range [-32099, -32020]. */
const DEFINED_RESERVED = [ErrorCode.HeaderMismatch, ErrorCode.MissingRequiredClientCapability, ErrorCode.UnsupportedProtocolVersion] as const;

/**
 * Every error the server sent on the shared session: "Implementations of this protocol version MUST NOT emit these
 * codes: -32002 … -32042"; in [-32099, -32020] it "MUST NOT emit any code from this sub-range that is not defined by
 * this specification"; and "new implementations SHOULD NOT use codes from this sub-range" (-32000 to -32019, a
 * warning).
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic#error-codes
 */
export const modernErrorCodes = defineCheck({
  id: 'modern/error-codes',
  title: 'No retired or undefined reserved error codes',
  level: 'MUST',
  requirements: ['modern.errors.retired-codes', 'modern.errors.reserved-range', 'modern.errors.legacy-subrange'],
  versions: MODERN,
  session: 'shared',
  observesSession: true,
  spec: `${BASIC_SPEC}#error-codes`,
  async run(ctx) {
    // Errors of its own, in case the check runs alone: an unknown method, a missing resource, a call without a name.
    await ctx.session.request('mcp-conform/does-not-exist', {});
    if ('resources' in ctx.serverCapabilities) await ctx.session.request('resources/read', { uri: MISSING_URI });
    if ('tools' in ctx.serverCapabilities) await ctx.session.request('tools/call', {});
    // Read once every judge running beside this one has made its requests (see createGathering).
    await ctx.session.collect(0);
    let errors = 0;
    for (const { message, frame } of messagesIn(ctx.session)) {
      if (!isObject(message.error) || typeof message.error.code !== 'number') continue;
      errors += 1;
      const code = message.error.code;
      if (code === ErrorCode.ResourceNotFound || code === ErrorCode.UrlElicitationRequired) ctx.violation(`the server sent error code ${code}, which 2026-07-28 retired`, { evidence: [frame] });
      else if (code >= -32099 && code <= -32020 && !(DEFINED_RESERVED as readonly number[]).includes(code)) ctx.violation(`the server sent error code ${code}, a reserved code 2026-07-28 does not define`, { evidence: [frame] });
      else if (code >= -32019 && code <= -32000) ctx.violation(`the server sent error code ${code}, from the legacy sub-range new implementations SHOULD NOT use`, { level: 'SHOULD', evidence: [frame] });
    }
    if (errors === 0) ctx.skip('the server sent no error response on the shared session');
    ctx.observe(`${errors} error responses, none with a retired or undefined reserved code`);
  },
});

/** How long the harness listens for log messages. @default 300 */
export const MODERN_LOG_WAIT_MS = 300;

/**
 * "The server MUST NOT emit notifications/message for a request that does not include this field" (the per-request
 * `_meta` logLevel; the harness never sends it), and a logLevel that is not a level SHOULD be rejected with -32602 (a
 * warning). The check makes the profile's calls and lists what the server declared, then reads the session.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/server/utilities/logging
 */
export const modernLoggingOptIn = defineCheck({
  id: 'modern/logging-opt-in',
  title: 'No log message without a per-request logLevel; an invalid logLevel gets -32602',
  level: 'MUST',
  requirements: ['modern.logging.opt-in', 'modern.logging.invalid-level'],
  versions: MODERN,
  session: 'shared',
  observesSession: true,
  spec: 'https://modelcontextprotocol.io/specification/2026-07-28/server/utilities/logging',
  async run(ctx) {
    const from = nextSeq(ctx.session);
    for (const { method, capability } of LIST_METHODS) if (capability in ctx.serverCapabilities) await ctx.session.request(method, {});
    if ('tools' in ctx.serverCapabilities) for (const call of ctx.profile.calls ?? []) await ctx.session.request('tools/call', { name: call.tool, arguments: call.arguments ?? {} });
    await ctx.session.collect(MODERN_LOG_WAIT_MS);
    const logs = notificationsIn(ctx.session, 'notifications/message', 0);
    if (logs.length > 0) ctx.violation(`the server sent ${logs.length} notifications/message though no request carried _meta["${META}logLevel"]`, { evidence: logs.map((l) => l.frame) });
    else ctx.observe(`no notifications/message on ${nextSeq(ctx.session) - from} frames of requests without a logLevel`);
    if ('logging' in ctx.serverCapabilities) {
      const method = probeMethod(ctx);
      const response = await ctx.session.request(method, { _meta: { [`${META}logLevel`]: 'verbose' } });
      const error = errorOf(response);
      if (error?.code === -32602) ctx.observe(`${method} with logLevel "verbose" got -32602`);
      else ctx.violation(`${method} with logLevel "verbose" got ${error ? `error code ${String(error.code)}` : 'a result'} instead of error -32602`, { level: 'SHOULD' });
    }
  },
});

/**
 * "The server's tool list MUST NOT vary per-connection or as a side effect of other requests on the connection"
 * (the same for prompts and resources), and "Servers SHOULD return tools in a deterministic order". The check lists
 * each declared list twice on the shared session and once on a fresh connection, and compares names in order.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/server/tools#capabilities
 */
export const modernListsStable = defineCheck({
  id: 'modern/lists-stable',
  title: 'Lists are the same on every connection, in a deterministic order',
  level: 'MUST',
  requirements: ['modern.lists.not-per-connection', 'modern.lists.deterministic-order', 'modern.stateless.no-connection-context'],
  versions: MODERN,
  session: 'shared',
  concurrent: true,
  spec: 'https://modelcontextprotocol.io/specification/2026-07-28/server/tools#capabilities',
  async run(ctx) {
    const lists = LIST_METHODS.filter((l) => l.capability in ctx.serverCapabilities);
    if (lists.length === 0) ctx.skip('the server declared none of tools, resources and prompts');
    const other = await ctx.openSession();
    other.setVersion(ctx.version!);
    const nameOf = (item: Record<string, unknown>): string => String(item.name ?? item.uri ?? item.uriTemplate);
    for (const { method, key } of lists) {
      const [a, b, c] = await Promise.all([listAll(ctx.session, method, key), listAll(ctx.session, method, key), listAll(other, method, key)]);
      if (a.failure || b.failure || c.failure) continue;
      const [x, y, z] = [a, b, c].map((o) => o.items.map(nameOf));
      if ([...x!].sort().join('\n') !== [...z!].sort().join('\n')) ctx.violation(`${method} lists different items on another connection: [${x!.join(', ')}] vs [${z!.join(', ')}]`);
      else if (x!.join('\n') !== y!.join('\n') || x!.join('\n') !== z!.join('\n')) ctx.violation(`${method} returns its items in different orders`, { level: 'SHOULD' });
      else ctx.observe(`${method} gives the same ${x!.length} items on two connections`);
    }
  },
});

/**
 * "A server that supports only modern versions SHOULD name the protocol versions it supports in any error it returns
 * to an initialize request." The check runs once, for a server that accepted 2026-07-28; one whose initialize succeeds
 * speaks both eras, and skips.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/versioning
 */
export const modernInitializeError = defineCheck({
  id: 'modern/initialize-error-names-versions',
  title: 'A modern-only server answers initialize with an error naming its versions',
  level: 'SHOULD',
  requirements: ['modern.dual-era.initialize-error', 'modern.dual-era.server-select'],
  matrix: 'once',
  // Decided before a server is started for it.
  needs: { acceptedVersion: LATEST_PROTOCOL_VERSION },
  session: 'raw',
  spec: 'https://modelcontextprotocol.io/specification/2026-07-28/basic/versioning',
  async run(ctx) {
    const response = await ctx.session.request('initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: HARNESS_CLIENT_INFO }, { timeoutMs: ctx.startupTimeoutMs });
    const error = errorOf(response);
    if (!error) ctx.skip('initialize succeeded: the server speaks both eras, so the rule for modern-only servers does not apply');
    const text = JSON.stringify(error);
    if (text.includes(LATEST_PROTOCOL_VERSION)) ctx.observe(`initialize got ${describeResponse(response)}, naming ${LATEST_PROTOCOL_VERSION}`);
    else ctx.violation(`initialize got ${describeResponse(response)}, which does not name ${LATEST_PROTOCOL_VERSION}`);
  },
});

/** The id of the harness's subscriptions/listen request. */
export const LISTEN_REQUEST_ID = 'mcp-conform-listen';
/** How long the harness listens on a subscription stream. @default 1_000 */
export const LISTEN_WAIT_MS = 1_000;

/** The filter key for each notification a subscription may carry. */
const LISTEN_FILTERS: Record<string, string> = {
  toolsListChanged: 'notifications/tools/list_changed',
  promptsListChanged: 'notifications/prompts/list_changed',
  resourcesListChanged: 'notifications/resources/list_changed',
  resourceSubscriptions: 'notifications/resources/updated',
};

/**
 * subscriptions/listen: the server "MUST send notifications/subscriptions/acknowledged as the first message carrying
 * the subscription's ID", acknowledging a subset of what was asked; "the server MUST include
 * io.modelcontextprotocol/subscriptionId in _meta" of every notification on the stream; it "MUST NOT send notification
 * types the client has not explicitly requested"; and request-scoped notifications (progress, log messages) never go
 * on the stream. The check opens one stream for the list_changed notification of the first list the server declared,
 * reads it for {@link LISTEN_WAIT_MS}, then cancels it.
 * @see https://modelcontextprotocol.io/specification/2026-07-28/basic/patterns/subscriptions
 */
export const modernSubscriptionsListen = defineCheck({
  id: 'modern/subscriptions-listen',
  title: 'subscriptions/listen is acknowledged first, tagged, and carries only what was asked',
  level: 'MUST',
  requirements: ['modern.subs.ack-first', 'modern.subs.tag', 'modern.subs.only-requested', 'modern.subs.no-request-scoped'],
  versions: MODERN,
  spec: 'https://modelcontextprotocol.io/specification/2026-07-28/basic/patterns/subscriptions',
  async run(ctx) {
    const declared = ['tools', 'prompts', 'resources'].find((c) => c in ctx.serverCapabilities);
    if (!declared) ctx.skip('the server declared none of tools, prompts and resources, whose list changes a subscription carries');
    const filterKey = `${declared}ListChanged`;
    const session = ctx.session;
    const from = nextSeq(session);
    const listen = session
      .request('subscriptions/listen', { notifications: { [filterKey]: true } }, { id: LISTEN_REQUEST_ID, timeoutMs: LISTEN_WAIT_MS })
      .then((response) => response, () => undefined);
    const response = await listen;
    await session.notify('notifications/cancelled', { requestId: LISTEN_REQUEST_ID, reason: 'mcp-conform: subscription check done' });
    const error = response ? errorOf(response) : undefined;
    if (error?.code === -32601) ctx.skip('the server does not implement subscriptions/listen (-32601)');
    if (error) return void ctx.violation(`subscriptions/listen got ${describeResponse(response!)}`);
    const tagged = messagesIn(session, from).filter(({ message }) => {
      const meta = isObject(message.params) && isObject(message.params._meta) ? message.params._meta : undefined;
      return typeof message.method === 'string' && meta?.[`${META}subscriptionId`] === LISTEN_REQUEST_ID;
    });
    const first = tagged[0];
    if (!first) return void ctx.violation(`no message carried the subscription id ${JSON.stringify(LISTEN_REQUEST_ID)} within ${LISTEN_WAIT_MS} ms; the first must be notifications/subscriptions/acknowledged`);
    if (first.message.method !== 'notifications/subscriptions/acknowledged') ctx.violation(`the first message of the subscription is ${String(first.message.method)}, not notifications/subscriptions/acknowledged`, { evidence: [first.frame] });
    const allowed = new Set(['notifications/subscriptions/acknowledged', LISTEN_FILTERS[filterKey]!]);
    for (const { message, frame } of tagged) {
      const method = String(message.method);
      if (method === 'notifications/progress' || method === 'notifications/message') ctx.violation(`the subscription stream carried ${method}, which belongs to a request, not a subscription`, { evidence: [frame] });
      else if (!allowed.has(method)) ctx.violation(`the subscription stream carried ${method}, which the harness did not ask for (only ${filterKey})`, { evidence: [frame] });
    }
    const ack = first.message.method === 'notifications/subscriptions/acknowledged' && isObject(first.message.params) ? first.message.params.notifications : undefined;
    if (isObject(ack)) {
      const extra = Object.keys(ack).filter((k) => k !== filterKey && ack[k] !== false);
      if (extra.length > 0) ctx.violation(`the acknowledgment grants ${extra.join(', ')}, which the harness did not ask for`, { evidence: [first.frame] });
    }
    for (const { message, frame } of messagesIn(session, from)) {
      const method = String(message.method);
      if (Object.values(LISTEN_FILTERS).includes(method) && !tagged.some((t) => t.message === message)) ctx.violation(`${method} came without _meta["${META}subscriptionId"]`, { evidence: [frame] });
    }
    ctx.observe(`subscriptions/listen for ${filterKey} was acknowledged first, with ${tagged.length} tagged messages`);
  },
});
