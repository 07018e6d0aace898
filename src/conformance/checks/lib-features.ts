/**
 * Helpers shared by the feature checks: listing every page of a list method, waiting for the answer to a raw frame,
 * validating content blocks, and the version-aware request every server must answer.
 */
import type { JsonRpcMessage, JsonRpcResponse, RequestId } from '../../protocol/jsonrpc.js';
import { LATEST_LEGACY_PROTOCOL_VERSION, isVersionInRange, supports, type ProtocolVersion } from '../../protocol/versions.js';
import type { WireFrameEvent } from '../../protocol/wire.js';
import type { CheckContext } from '../check-context.js';
import { describeResponse, errorOf, resultOf } from '../handshake.js';
import type { ProbeSession } from '../probe-session.js';

/** Whether a value is a plain JSON object. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The most pages the harness follows before it calls a list endless. @default 1_000 */
export const MAX_LIST_PAGES = 1_000;

/** The list methods, the capability that declares each, and the key of its items. */
export const LIST_METHODS = [
  { method: 'tools/list', capability: 'tools', key: 'tools' },
  { method: 'resources/list', capability: 'resources', key: 'resources' },
  { method: 'resources/templates/list', capability: 'resources', key: 'resourceTemplates' },
  { method: 'prompts/list', capability: 'prompts', key: 'prompts' },
] as const;

/**
 * Sends, all at once, each list request of a declared capability that the session has not sent yet, and waits for the
 * answers. For checks that judge the traffic of a whole session: alone, they need some traffic of their own; after
 * the other checks of a run, which have listed everything already, they add nothing.
 */
export async function listUnlisted(ctx: CheckContext, methods: readonly ListMethod[] = LIST_METHODS): Promise<void> {
  // Judges that start together ask at the same time: what one of them is already asking for counts as sent (its
  // answer is in the session by the time they read it, see createGathering).
  let sent = asked.get(ctx.session.wire);
  if (!sent) asked.set(ctx.session.wire, (sent = new Set()));
  for (const event of ctx.session.wire.events) {
    if (event.kind === 'frame' && event.direction === 'out' && isObject(event.message) && typeof event.message.method === 'string') sent.add(event.message.method);
  }
  const wanted = methods.filter(({ method, capability }) => capability in ctx.serverCapabilities && !sent.has(method));
  for (const { method } of wanted) sent.add(method);
  await Promise.all(wanted.map(({ method }) => ctx.session.request(method, {})));
}

/** The list methods asked for on each session (by its wire log, which a session's views share). */
const asked = new WeakMap<object, Set<string>>();

/** A list method the harness can page through. */
export type ListMethod = (typeof LIST_METHODS)[number];

/** What following a list's cursors gave. */
export interface ListOutcome {
  items: Record<string, unknown>[];
  /** Every page's result, in order. */
  pages: Record<string, unknown>[];
  /** Set when a page was an error or had no array of items. */
  failure?: string;
  /** Set when a cursor came back a second time (the server would page forever). */
  loop?: string;
}

/** Follows `nextCursor` from the first page until it is absent, refusing loops and endless lists. */
export async function listAll(session: ProbeSession, method: string, key: string): Promise<ListOutcome> {
  const items: Record<string, unknown>[] = [];
  const pages: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  let cursor: unknown;
  for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
    const response = await session.request(method, cursor === undefined ? {} : { cursor });
    const result = resultOf(response);
    if (!result) return { items, pages, failure: `${method}${cursor === undefined ? '' : ` (cursor ${JSON.stringify(cursor)})`} got ${describeResponse(response)}` };
    pages.push(result);
    const list = result[key];
    if (!Array.isArray(list)) return { items, pages, failure: `${method} result has no "${key}" array` };
    items.push(...list.filter(isObject));
    const next = result.nextCursor;
    if (next === undefined || next === null) return { items, pages };
    const seenKey = JSON.stringify(next);
    if (seen.has(seenKey)) return { items, pages, loop: `${method} returned the cursor ${seenKey} a second time (page ${page + 1}), so following its cursors never ends` };
    seen.add(seenKey);
    cursor = next;
  }
  return { items, pages, loop: `${method} still had a nextCursor after ${MAX_LIST_PAGES} pages` };
}

/** Lists every item of a method, recording a violation (and returning undefined) when listing broke. */
export async function listOrViolate(ctx: CheckContext, method: string, key: string): Promise<Record<string, unknown>[] | undefined> {
  const outcome = await listAll(ctx.session, method, key);
  if (outcome.failure || outcome.loop) {
    ctx.violation(outcome.failure ?? outcome.loop!);
    return undefined;
  }
  return outcome.items;
}

/** A request every server of the version must answer: `ping` in the initialize era, `server/discover` in 2026-07-28. */
export function markerMethod(version: ProtocolVersion): string {
  return supports(version, 'ping') ? 'ping' : 'server/discover';
}

/** Whether a session still answers (a marker request gets any response). */
export async function stillAnswers(ctx: CheckContext, session: ProbeSession = ctx.session): Promise<string | undefined> {
  const method = markerMethod(ctx.version!);
  try {
    const response = await session.request(method);
    return resultOf(response) ? undefined : `${method} afterwards got ${describeResponse(response)}`;
  } catch (error) {
    return `${method} afterwards failed: ${(error as Error).message}`;
  }
}

/** How often {@link responseTo} looks at what arrived. @default 25 */
const RESPONSE_POLL_MS = 25;

/**
 * Waits for a response carrying `id` (for frames sent raw, which the session does not track), or for `ms` to pass.
 * Returns the response, or undefined.
 */
export async function responseTo(session: ProbeSession, id: RequestId | null, ms: number, from = 0): Promise<JsonRpcResponse | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = session.received.slice(from).find((m) => isResponseMessage(m) && (m as { id?: unknown }).id === id);
    if (found) return found as JsonRpcResponse;
    if (Date.now() >= deadline || session.closed) return undefined;
    await session.collect(Math.min(RESPONSE_POLL_MS, Math.max(1, deadline - Date.now())));
  }
}

/**
 * How long the harness still listens for the answer to a raw frame once the server has answered a later request (on
 * an ordered stream the answer would already have come; the grace is for servers that handle frames concurrently,
 * whose error for an invalid frame is still immediate). @default 50
 */
export const MARKER_GRACE_MS = 50;

/**
 * Waits for a response carrying `id` to a frame just sent raw, with a harmless request sent right after it as a
 * marker: on an ordered stream (stdio lines, WebSocket messages) a server that answers the frame at all answers it
 * before the marker, so once the marker is answered (and {@link MARKER_GRACE_MS} more have passed, for servers that
 * answer out of order) no answer is coming. Waits at most `ms`. Returns the response, or undefined.
 */
export async function responseBeforeMarker(session: ProbeSession, version: ProtocolVersion, id: RequestId | null, ms: number, from = 0): Promise<JsonRpcResponse | undefined> {
  const [response] = await responsesBeforeMarker(session, version, [id], ms, from);
  return response;
}

/**
 * {@link responseBeforeMarker} for several ids at once (the requests of a batch), behind one marker: each id's
 * response, or undefined for those that had none by the time the marker was answered (and {@link MARKER_GRACE_MS}
 * more had passed), or `ms` had passed.
 */
export async function responsesBeforeMarker(
  session: ProbeSession,
  version: ProtocolVersion,
  ids: ReadonlyArray<RequestId | null>,
  ms: number,
  from = 0,
): Promise<Array<JsonRpcResponse | undefined>> {
  const deadline = Date.now() + ms;
  let graceEnd = Number.POSITIVE_INFINITY;
  const marker = session
    .request(supports(version, 'ping') ? 'ping' : 'server/discover', undefined, { timeoutMs: ms })
    .then(() => void (graceEnd = Date.now() + MARKER_GRACE_MS), () => undefined);
  const find = (): Array<JsonRpcResponse | undefined> => {
    const arrived = session.received.slice(from);
    return ids.map((id) => arrived.find((m) => isResponseMessage(m) && (m as { id?: unknown }).id === id) as JsonRpcResponse | undefined);
  };
  try {
    for (;;) {
      const found = find();
      if (found.every((response) => response !== undefined)) return found;
      const now = Date.now();
      if (now >= deadline || now >= graceEnd || session.closed) return found;
      await session.collect(Math.min(RESPONSE_POLL_MS, Math.max(1, Math.min(deadline, graceEnd) - now)));
    }
  } finally {
    // Leave no request of ours pending on a shared session (a live server has answered it by now; it times out within `ms`).
    await marker;
  }
}

/**
 * The responses the session could match to no request of its own, leaving out those whose id the harness did send on
 * it (a late answer to a request that timed out, perhaps another check's, is no answer to a notification or to a raw
 * frame): what is left answers something that had no id, or an id the harness never used.
 * @param from how many unmatched responses to skip (the count before the check's own frames)
 */
export function strayResponses(session: ProbeSession, from = 0): JsonRpcResponse[] {
  const sent = requestMethodsById(session);
  return session.unmatched.slice(from).filter((response) => {
    const id = (response as { id?: unknown }).id;
    return id === undefined || id === null || !sent.has(idKey(id));
  });
}

/** Whether a message is a response (has result or error, no method). */
export function isResponseMessage(message: unknown): boolean {
  return isObject(message) && !('method' in message) && ('result' in message || 'error' in message);
}

/** The frames the server sent since wire event `seq` (every frame when omitted). */
export function framesIn(session: ProbeSession, fromSeq = 0): WireFrameEvent[] {
  return session.wire.events.filter((e): e is WireFrameEvent => e.kind === 'frame' && e.direction === 'in' && e.seq >= fromSeq);
}

/** The messages (batches flattened) the server sent since wire event `seq`. */
export function messagesIn(session: ProbeSession, fromSeq = 0): Array<{ message: Record<string, unknown>; frame: WireFrameEvent }> {
  const out: Array<{ message: Record<string, unknown>; frame: WireFrameEvent }> = [];
  for (const frame of framesIn(session, fromSeq)) {
    for (const message of Array.isArray(frame.message) ? frame.message : [frame.message]) if (isObject(message)) out.push({ message, frame });
  }
  return out;
}

/** The notifications of one method the server sent since wire event `seq`. */
export function notificationsIn(session: ProbeSession, method: string, fromSeq = 0): Array<{ message: Record<string, unknown>; frame: WireFrameEvent }> {
  return messagesIn(session, fromSeq).filter(({ message }) => message.method === method && !('id' in message));
}

/** The sequence number the next wire event will have. */
export function nextSeq(session: ProbeSession): number {
  return (session.wire.events.at(-1)?.seq ?? -1) + 1;
}

/** Strict base64 (RFC 4648 §4, padded). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Whether a string is strict, padded base64. */
export function isBase64(value: unknown): boolean {
  return typeof value === 'string' && BASE64.test(value);
}

/** A MIME type `type/subtype` (parameters allowed). */
const MIME_TYPE = /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+(?:\s*;.*)?$/;

/** The content block types each version allows. */
export function contentTypesOf(version: ProtocolVersion): string[] {
  return [
    'text',
    'image',
    'resource',
    ...(supports(version, 'audioContent') ? ['audio'] : []),
    ...(supports(version, 'resourceLinks') ? ['resource_link'] : []),
  ];
}

/**
 * What is wrong with one content block (tool results, prompt messages): its type must exist in the version; text
 * needs `text`; image and audio need base64 `data` and a `type/subtype` `mimeType`; an embedded resource needs a
 * `uri` and exactly one of `text` and `blob` (base64); annotations are typed.
 */
export function contentProblems(block: unknown, version: ProtocolVersion, where: string): string[] {
  if (!isObject(block)) return [`${where} is not an object`];
  const type = block.type;
  const allowed = contentTypesOf(version);
  // A type a later version defines is graded apart (see laterContentTypes): respecting the version is a SHOULD before 2025-06-18.
  if (typeof type === 'string' && !allowed.includes(type) && !isVersionInRange(version, '2025-06-18') && contentTypesOf(LATEST_LEGACY_PROTOCOL_VERSION).includes(type)) {
    return [];
  }
  if (typeof type !== 'string' || !allowed.includes(type)) {
    return [`${where} has type ${JSON.stringify(type)}, which ${version} does not define (${allowed.join(', ')})`];
  }
  const problems: string[] = [];
  if (type === 'text' && typeof block.text !== 'string') problems.push(`${where} (text) has no string "text"`);
  if (type === 'image' || type === 'audio') {
    if (!isBase64(block.data)) problems.push(`${where} (${type}) "data" is not base64`);
    if (typeof block.mimeType !== 'string' || !MIME_TYPE.test(block.mimeType)) problems.push(`${where} (${type}) "mimeType" ${JSON.stringify(block.mimeType) ?? 'is missing'} is not a MIME type`);
  }
  if (type === 'resource') problems.push(...resourceContentsProblems(block.resource, `${where}.resource`));
  if (type === 'resource_link' && (typeof block.uri !== 'string' || typeof block.name !== 'string')) problems.push(`${where} (resource_link) needs string "uri" and "name"`);
  problems.push(...annotationProblems(block.annotations, version, `${where}.annotations`));
  return problems;
}

/** What is wrong with one item of resource contents: a `uri`, and exactly one of `text` and base64 `blob`. */
export function resourceContentsProblems(contents: unknown, where: string): string[] {
  if (!isObject(contents)) return [`${where} is not an object`];
  const problems: string[] = [];
  if (typeof contents.uri !== 'string') problems.push(`${where} has no string "uri"`);
  const hasText = 'text' in contents;
  const hasBlob = 'blob' in contents;
  if (hasText === hasBlob) problems.push(`${where} has ${hasText ? 'both "text" and "blob"' : 'neither "text" nor "blob"'}; it needs exactly one`);
  else if (hasText && typeof contents.text !== 'string') problems.push(`${where} "text" is not a string`);
  else if (hasBlob && !isBase64(contents.blob)) problems.push(`${where} "blob" is not base64`);
  return problems;
}

/** What is wrong with `annotations`: audience ⊆ {user, assistant}, priority in [0, 1], lastModified an ISO 8601 date. */
export function annotationProblems(annotations: unknown, version: ProtocolVersion, where: string): string[] {
  if (annotations === undefined) return [];
  if (!isObject(annotations)) return [`${where} is not an object`];
  const problems: string[] = [];
  const { audience, priority, lastModified } = annotations;
  if (audience !== undefined && (!Array.isArray(audience) || audience.some((a) => a !== 'user' && a !== 'assistant'))) {
    problems.push(`${where}.audience ${JSON.stringify(audience)} is not a list of "user" and "assistant"`);
  }
  if (priority !== undefined && (typeof priority !== 'number' || priority < 0 || priority > 1)) problems.push(`${where}.priority ${JSON.stringify(priority)} is not a number from 0 to 1`);
  if (supports(version, 'structuredContent') && lastModified !== undefined && (typeof lastModified !== 'string' || Number.isNaN(Date.parse(lastModified)))) {
    problems.push(`${where}.lastModified ${JSON.stringify(lastModified)} is not an ISO 8601 date`);
  }
  return problems;
}

/** Joins problems for one message, at most `max` of them. */
export function listProblems(problems: readonly string[], max = 5): string {
  return `${problems.slice(0, max).join('; ')}${problems.length > max ? `; and ${problems.length - max} more` : ''}`;
}

/** The error code of a response, or undefined for a result. */
export function errorCodeOf(response: JsonRpcResponse): unknown {
  return errorOf(response)?.code;
}

/** The messages of a list the harness received, for evidence. */
export function isNotification(message: JsonRpcMessage): boolean {
  return isObject(message) && typeof message.method === 'string' && !('id' in message);
}

/** The method of every request the harness sent on a session, by id (`typeof:value`, so "1" and 1 differ). */
export function requestMethodsById(session: ProbeSession): Map<string, string> {
  const methods = new Map<string, string>();
  for (const event of session.wire.events) {
    if (event.kind !== 'frame' || event.direction !== 'out') continue;
    for (const message of Array.isArray(event.message) ? event.message : [event.message]) {
      if (isObject(message) && typeof message.method === 'string' && 'id' in message) methods.set(idKey(message.id), message.method);
    }
  }
  return methods;
}

/** A map key for a JSON-RPC id that keeps its type. */
export function idKey(id: unknown): string {
  return `${typeof id}:${String(id)}`;
}

/**
 * The content blocks of types a later version defines, in a version before 2025-06-18, where "Both parties SHOULD:
 * Respect the negotiated protocol version" (2025-06-18 made it a MUST, and from then contentProblems reports them).
 * @see https://modelcontextprotocol.io/specification/2025-03-26/basic/lifecycle#operation
 */
export function laterContentTypes(blocks: readonly unknown[], version: ProtocolVersion, where: string): string[] {
  if (isVersionInRange(version, '2025-06-18')) return [];
  const allowed = contentTypesOf(version);
  const later = contentTypesOf(LATEST_LEGACY_PROTOCOL_VERSION);
  const out: string[] = [];
  blocks.forEach((block, i) => {
    const type = isObject(block) ? block.type : undefined;
    if (typeof type === 'string' && !allowed.includes(type) && later.includes(type)) out.push(`${where}[${i}] has type "${type}", which ${version} does not define`);
  });
  return out;
}
