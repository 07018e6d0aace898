/**
 * Resources: the list, reading what is listed (listing and reading are safe), templates, subscriptions, the
 * not-found error, and URIs the server must validate.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/resources
 */
import { eraOf, resourceNotFoundCode, supports, versionsWith, type ProtocolVersion } from '../../protocol/versions.js';
import { defineCheck } from '../define-check.js';
import { describeResponse, errorOf, resultOf } from '../handshake.js';
import { annotationProblems, isObject, listOrViolate, listProblems, notificationsIn, resourceContentsProblems, stillAnswers } from './lib-features.js';

const RESOURCES_SPEC = 'https://modelcontextprotocol.io/specification/2025-11-25/server/resources';

/** How many listed resources the harness reads. @default 10 */
export const MAX_RESOURCE_READS = 10;

/** An absolute URI: a scheme, a colon, and no whitespace (RFC 3986 §3). */
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/;

/** Whether a string is an absolute RFC 3986 URI. */
export function isAbsoluteUri(value: unknown): boolean {
  return typeof value === 'string' && ABSOLUTE_URI.test(value);
}

/** What is wrong with one listed resource. */
function resourceProblems(resource: Record<string, unknown>, version: ProtocolVersion): string[] {
  const where = typeof resource.uri === 'string' ? `resource ${JSON.stringify(resource.uri)}` : 'a resource';
  const problems: string[] = [];
  if (typeof resource.uri !== 'string') problems.push(`a resource has uri ${JSON.stringify(resource.uri) ?? '(missing)'}, not a string`);
  else if (supports(version, 'titles') && !isAbsoluteUri(resource.uri)) problems.push(`${where} is not an absolute URI (RFC 3986)`);
  if (typeof resource.name !== 'string') problems.push(`${where} has name ${JSON.stringify(resource.name) ?? '(missing)'}, not a string`);
  if ('mimeType' in resource && typeof resource.mimeType !== 'string') problems.push(`${where} has a mimeType that is not a string`);
  if ('size' in resource && (typeof resource.size !== 'number' || !Number.isInteger(resource.size) || resource.size < 0)) problems.push(`${where} has size ${JSON.stringify(resource.size)}, not a non-negative integer`);
  if (supports(version, 'titles') && 'title' in resource && typeof resource.title !== 'string') problems.push(`${where} has a title that is not a string`);
  problems.push(...annotationProblems(resource.annotations, version, `${where} annotations`));
  return problems;
}

/**
 * `resources/list` gives `resources[]`, each with a `uri` and a `name` (ListResourcesResult); from 2025-06-18 "The
 * URI MUST be in accordance with RFC3986"; annotations are typed.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/resources#listing-resources
 */
export const resourcesListValid = defineCheck({
  id: 'resources/list-valid',
  title: 'resources/list gives resources with a URI and a name',
  level: 'MUST',
  requirements: ['resources.list.shape', 'resources.uri.rfc3986', 'resources.annotations.shape'],
  needs: { capability: 'resources' },
  session: 'shared',
  concurrent: true,
  spec: `${RESOURCES_SPEC}#listing-resources`,
  async run(ctx) {
    const resources = await listOrViolate(ctx, 'resources/list', 'resources');
    if (!resources) return;
    const problems = resources.flatMap((r) => resourceProblems(r, ctx.version!));
    if (problems.length > 0) ctx.violation(`resources/list: ${listProblems(problems)}`);
    else ctx.observe(`${resources.length} resources, each with a URI and a name`);
  },
});

/**
 * Reading a listed resource gives `contents[]`, each item with a `uri` and exactly one of `text` and `blob`
 * (ReadResourceResult); "Binary data MUST be properly encoded" (base64). The harness reads up to
 * {@link MAX_RESOURCE_READS} listed resources and every resource the profile names.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/resources#reading-resources
 */
export const resourcesReadListed = defineCheck({
  id: 'resources/read-listed',
  title: 'Listed resources can be read, each content with a URI and exactly one of text and base64 blob',
  level: 'MUST',
  requirements: ['resources.read.shape', 'resources.read.binary-encoded'],
  needs: { capability: 'resources' },
  session: 'shared',
  concurrent: true,
  spec: `${RESOURCES_SPEC}#reading-resources`,
  async run(ctx) {
    const resources = await listOrViolate(ctx, 'resources/list', 'resources');
    if (!resources) return;
    const uris = [...new Set([...resources.slice(0, MAX_RESOURCE_READS).map((r) => r.uri).filter((u): u is string => typeof u === 'string'), ...(ctx.profile.resources ?? [])])];
    if (uris.length === 0) ctx.skip('the server lists no resources and the profile names none');
    for (const uri of uris) {
      const response = await ctx.session.request('resources/read', { uri });
      const result = resultOf(response);
      if (!result) {
        ctx.violation(`resources/read of ${JSON.stringify(uri)} (listed) got ${describeResponse(response)}`);
        continue;
      }
      if (!Array.isArray(result.contents)) {
        ctx.violation(`resources/read of ${JSON.stringify(uri)}: "contents" is not an array`);
        continue;
      }
      const problems = result.contents.flatMap((c, i) => resourceContentsProblems(c, `contents[${i}]`));
      if (problems.length > 0) ctx.violation(`resources/read of ${JSON.stringify(uri)}: ${listProblems(problems)}`);
    }
    ctx.observe(`read ${uris.length} resources`);
  },
});

/** An RFC 6570 expression: an optional operator, then variable specs with optional prefix or explode modifiers. */
const EXPRESSION = /^[+#./;?&]?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:\.?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2}))*(?::[1-9]\d{0,3}|\*)?(?:,(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:\.?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2}))*(?::[1-9]\d{0,3}|\*)?)*$/;

/** Why a string is not an RFC 6570 URI template, or undefined. */
export function uriTemplateProblem(template: string): string | undefined {
  let rest = template;
  while (rest.length > 0) {
    const open = rest.indexOf('{');
    const close = rest.indexOf('}');
    if (open === -1) return close === -1 ? undefined : 'it has a "}" without a "{"';
    if (close !== -1 && close < open) return 'it has a "}" without a "{"';
    if (close === -1) return 'it has a "{" without a "}"';
    const expression = rest.slice(open + 1, close);
    if (!EXPRESSION.test(expression)) return `the expression {${expression}} is not RFC 6570`;
    rest = rest.slice(close + 1);
  }
  return undefined;
}

/**
 * `resources/templates/list` gives `resourceTemplates[]`, each with a `name` and a `uriTemplate`: "Resource templates
 * allow servers to expose parameterized resources using URI templates" (RFC 6570).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/resources#resource-templates
 */
export const resourcesTemplatesValid = defineCheck({
  id: 'resources/templates-valid',
  title: 'resources/templates/list gives templates with a name and an RFC 6570 uriTemplate',
  level: 'MUST',
  requirements: ['resources.templates.shape', 'resources.templates.rfc6570'],
  needs: { capability: 'resources' },
  session: 'shared',
  concurrent: true,
  spec: `${RESOURCES_SPEC}#resource-templates`,
  async run(ctx) {
    const templates = await listOrViolate(ctx, 'resources/templates/list', 'resourceTemplates');
    if (!templates) return;
    const problems: string[] = [];
    for (const template of templates) {
      const uriTemplate = template.uriTemplate;
      if (typeof uriTemplate !== 'string') {
        problems.push(`a template has uriTemplate ${JSON.stringify(uriTemplate) ?? '(missing)'}, not a string`);
        continue;
      }
      if (typeof template.name !== 'string') problems.push(`template ${JSON.stringify(uriTemplate)} has no string name`);
      const problem = uriTemplateProblem(uriTemplate);
      if (problem) problems.push(`template ${JSON.stringify(uriTemplate)} is not an RFC 6570 URI template: ${problem}`);
    }
    if (problems.length > 0) ctx.violation(`resources/templates/list: ${listProblems(problems)}`);
    else ctx.observe(`${templates.length} resource templates, each with a name and an RFC 6570 uriTemplate`);
  },
});

/** A URI no server has. */
export const MISSING_RESOURCE_URI = 'mcp-conform://missing/resource';

/**
 * "Resource not found: -32002" (up to 2025-11-25, Error Handling). The TypeScript SDK answers -32602, the code
 * 2026-07-28 uses, so that only warns (CATALOGUE §31 #5), as does any other error, and a success.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/resources#error-handling
 */
export const resourcesNotFoundError = defineCheck({
  id: 'resources/not-found-error',
  title: 'Reading a resource that does not exist gets error -32002',
  level: 'SHOULD',
  requirements: ['resources.read.not-found'],
  versions: versionsWith('initialize'),
  needs: { capability: 'resources' },
  session: 'shared',
  concurrent: true,
  spec: `${RESOURCES_SPEC}#error-handling`,
  async run(ctx) {
    const expected = resourceNotFoundCode(ctx.version!);
    const response = await ctx.session.request('resources/read', { uri: MISSING_RESOURCE_URI });
    const error = errorOf(response);
    if (error?.code === expected) ctx.observe(`resources/read of ${MISSING_RESOURCE_URI} got ${describeResponse(response)}`);
    else if (error) ctx.violation(`resources/read of ${MISSING_RESOURCE_URI} got error code ${String(error.code)} instead of ${expected} (Resource not found)`);
    else ctx.violation(`resources/read of ${MISSING_RESOURCE_URI} got ${describeResponse(response)} instead of error ${expected} (Resource not found)`);
  },
});

/** URIs that are not URIs, or that reach outside any root. */
export const HOSTILE_URIS = ['::not a uri::', '', 'file:///../../../../etc/passwd'] as const;

/**
 * "Servers MUST validate all resource URIs": reading a malformed or hostile URI gets an error (or a harmless result)
 * and the server keeps answering. A result that returns the contents of `/etc/passwd` fails.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/resources#security-considerations
 */
export const resourcesInvalidUriHandled = defineCheck({
  id: 'resources/invalid-uri-handled',
  title: 'Malformed and hostile resource URIs are refused without harm',
  level: 'MUST',
  requirements: ['resources.uri.validate'],
  needs: { capability: 'resources' },
  session: 'shared',
  concurrent: true,
  spec: `${RESOURCES_SPEC}#security-considerations`,
  async run(ctx) {
    const outcomes: string[] = [];
    for (const uri of HOSTILE_URIS) {
      const response = await ctx.session.request('resources/read', { uri });
      const leaked = JSON.stringify(resultOf(response) ?? {}).includes('root:x:0:0');
      if (leaked) ctx.violation(`resources/read of ${JSON.stringify(uri)} returned the contents of /etc/passwd`);
      outcomes.push(`${JSON.stringify(uri)} → ${errorOf(response) ? `error ${String(errorOf(response)!.code)}` : 'a result'}`);
    }
    const dead = await stillAnswers(ctx);
    if (dead) ctx.violation(`after reading malformed URIs the server stopped answering: ${dead}`);
    ctx.observe(`resources/read of ${outcomes.join(', ')}; the server still answers`);
  },
});

/**
 * With `resources.subscribe: true`, `resources/subscribe {uri}` and `resources/unsubscribe {uri}` each get an empty
 * result ("subscribe: whether the client can subscribe to be notified of changes to individual resources").
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/resources#subscriptions
 */
export const resourcesSubscribeRoundtrip = defineCheck({
  id: 'resources/subscribe-roundtrip',
  title: 'A declared subscribe capability works: subscribe and unsubscribe get empty results',
  level: 'MUST',
  requirements: ['resources.subscribe.roundtrip', 'caps.server.subscribe-gated'],
  versions: versionsWith('resourceSubscribe'),
  needs: { capability: 'resources' },
  session: 'shared',
  besideConcurrent: true,
  spec: `${RESOURCES_SPEC}#subscriptions`,
  async run(ctx) {
    const declared = ctx.serverCapabilities.resources;
    if (!isObject(declared) || declared.subscribe !== true) ctx.skip(`the server did not declare resources.subscribe in ${ctx.version}`);
    const listed = await listOrViolate(ctx, 'resources/list', 'resources');
    if (!listed) return;
    const uri = [...listed.map((r) => r.uri), ...(ctx.profile.resources ?? [])].find((u): u is string => typeof u === 'string');
    if (uri === undefined) ctx.skip('the server lists no resources and the profile names none');
    for (const method of ['resources/subscribe', 'resources/unsubscribe'] as const) {
      const response = await ctx.session.request(method, { uri });
      const result = resultOf(response);
      const extra = result ? Object.keys(result).filter((k) => k !== '_meta') : [];
      if (!result) ctx.violation(`${method} of ${JSON.stringify(uri)} got ${describeResponse(response)} though resources.subscribe is declared`);
      else if (extra.length > 0 && eraOf(ctx.version!) === 'legacy') ctx.violation(`${method} of ${JSON.stringify(uri)} got a result with ${extra.map((k) => `"${k}"`).join(', ')}; it must be empty`);
    }
    ctx.observe(`subscribed to and unsubscribed from ${JSON.stringify(uri)}`);
  },
});

/** How long the harness waits for an update after subscribing. @default 100 */
export const UPDATE_WAIT_MS = 100;

/**
 * `notifications/resources/updated`: "This should only be sent if the client previously sent a resources/subscribe
 * request" (ResourceUpdatedNotification, a warning), and its `uri` is a string (the schema). The check reads every
 * notification of the shared session against the subscriptions the harness sent on it.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/resources#subscriptions
 */
export const resourcesUpdatedOnlySubscribed = defineCheck({
  id: 'resources/updated-only-if-subscribed',
  title: 'resources/updated notifications name a subscribed URI',
  level: 'SHOULD',
  requirements: ['resources.updated.only-if-subscribed', 'resources.updated.shape'],
  versions: versionsWith('resourceSubscribe'),
  needs: { capability: 'resources' },
  session: 'shared',
  observesSession: true,
  spec: `${RESOURCES_SPEC}#subscriptions`,
  async run(ctx) {
    // Traffic of its own, in case the check runs alone: the list, and a subscription where one is declared.
    const listed = await listOrViolate(ctx, 'resources/list', 'resources');
    const declared = ctx.serverCapabilities.resources;
    const uri = listed?.map((r) => r.uri).find((u): u is string => typeof u === 'string');
    if (uri !== undefined && isObject(declared) && declared.subscribe === true) {
      await ctx.session.request('resources/subscribe', { uri });
      await ctx.session.collect(UPDATE_WAIT_MS);
      await ctx.session.request('resources/unsubscribe', { uri });
    } else {
      // Read once every judge running beside this one has made its requests (see createGathering).
      await ctx.session.collect(0);
    }
    const subscribed = new Set<string>();
    for (const event of ctx.session.wire.events) {
      if (event.kind !== 'frame' || event.direction !== 'out' || !isObject(event.message)) continue;
      const message = event.message;
      if (message.method === 'resources/subscribe' && isObject(message.params) && typeof message.params.uri === 'string') subscribed.add(message.params.uri);
    }
    const updates = notificationsIn(ctx.session, 'notifications/resources/updated');
    if (updates.length === 0) ctx.skip('the server sent no notifications/resources/updated on the shared session');
    for (const { message, frame } of updates) {
      const uri = isObject(message.params) ? message.params.uri : undefined;
      if (typeof uri !== 'string') ctx.violation(`a notifications/resources/updated has uri ${JSON.stringify(uri) ?? '(missing)'}, not a string`, { level: 'MUST', evidence: [frame] });
      else if (!subscribed.has(uri)) ctx.violation(`the server sent notifications/resources/updated for ${JSON.stringify(uri)}, which the harness never subscribed to`, { evidence: [frame] });
    }
    ctx.observe(`${updates.length} notifications/resources/updated, each for a subscribed URI`);
  },
});
