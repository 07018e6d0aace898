/**
 * `tools/list-changed`, `resources/list-changed`, `prompts/list-changed`: a call the profile says changes a list does
 * change it, and a server that declared `listChanged` for that list says so with a notification.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/tools#list-changed-notification
 */
import type { JsonRpcResponse } from '../../protocol/jsonrpc.js';
import { eraOf } from '../../protocol/versions.js';
import type { CheckContext } from '../check-context.js';
import { defineCheck, type CheckDefinition } from '../define-check.js';
import { describeResponse, errorOf, resultOf } from '../handshake.js';
import { isObject, listAll, messagesIn, nextSeq, notificationsIn } from './lib-features.js';

/** How long after the changing call's response the harness waits for the notification. @default 1_000 */
export const LIST_CHANGED_WAIT_MS = 1_000;
/** How long the harness waits for a 2026-07-28 subscription to be acknowledged. @default 2_000 */
export const LIST_CHANGED_ACK_WAIT_MS = 2_000;
/** How often the harness looks for the notification. @default 25 */
const POLL_MS = 25;
/** The id of the 2026-07-28 subscriptions/listen request the checks open. */
export const LIST_CHANGED_LISTEN_ID = 'mcp-conform-list-changed';

const META = 'io.modelcontextprotocol/';

type ListKind = 'tools' | 'resources' | 'prompts';

/** What each list is made of: the list methods, the key of their items and the field that names an item. */
const LISTS: Record<ListKind, { lists: Array<{ method: string; key: string; id: string }>; notification: string; filter: string }> = {
  tools: { lists: [{ method: 'tools/list', key: 'tools', id: 'name' }], notification: 'notifications/tools/list_changed', filter: 'toolsListChanged' },
  resources: {
    lists: [
      { method: 'resources/list', key: 'resources', id: 'uri' },
      { method: 'resources/templates/list', key: 'resourceTemplates', id: 'uriTemplate' },
    ],
    notification: 'notifications/resources/list_changed',
    filter: 'resourcesListChanged',
  },
  prompts: { lists: [{ method: 'prompts/list', key: 'prompts', id: 'name' }], notification: 'notifications/prompts/list_changed', filter: 'promptsListChanged' },
};

/** One snapshot of a list: each item's identity mapped to its JSON (so changed definitions count too). */
async function snapshot(ctx: CheckContext, kind: ListKind): Promise<Map<string, string> | string> {
  const items = new Map<string, string>();
  for (const { method, key, id } of LISTS[kind].lists) {
    const outcome = await listAll(ctx.session, method, key);
    // A server without templates may refuse resources/templates/list; the resources list alone is still a list.
    if (outcome.failure && method === 'resources/templates/list') continue;
    if (outcome.failure || outcome.loop) return outcome.failure ?? outcome.loop!;
    for (const item of outcome.items) items.set(`${method} ${String(item[id])}`, JSON.stringify(item));
  }
  return items;
}

/** How two snapshots differ, in words ('' when they do not). */
function difference(before: Map<string, string>, after: Map<string, string>): string {
  const name = (key: string): string => JSON.stringify(key.slice(key.indexOf(' ') + 1));
  const added = [...after.keys()].filter((k) => !before.has(k)).map(name);
  const removed = [...before.keys()].filter((k) => !after.has(k)).map(name);
  const changed = [...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k)).map(name);
  return [added.length ? `added ${added.join(', ')}` : '', removed.length ? `removed ${removed.join(', ')}` : '', changed.length ? `changed ${changed.join(', ')}` : '']
    .filter(Boolean)
    .join('; ');
}

/** Waits until a message of the session since `from` satisfies `found`, or `ms` pass. */
async function waitFor(ctx: CheckContext, from: number, found: (message: Record<string, unknown>) => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (messagesIn(ctx.session, from).some(({ message }) => found(message))) return true;
    if (Date.now() >= deadline || ctx.session.closed) return false;
    await ctx.session.collect(Math.min(POLL_MS, Math.max(1, deadline - Date.now())));
  }
}

const subscriptionOf = (message: Record<string, unknown>): unknown =>
  isObject(message.params) && isObject(message.params._meta) ? message.params._meta[`${META}subscriptionId`] : undefined;

/**
 * 2026-07-28: opens a `subscriptions/listen` stream for the list's notification and waits for its acknowledgment.
 * Skips when the server does not implement it or does not grant the filter.
 */
async function listen(ctx: CheckContext, kind: ListKind, from: number): Promise<void> {
  const { filter } = LISTS[kind];
  let refused: JsonRpcResponse | undefined;
  void ctx.session
    .request('subscriptions/listen', { notifications: { [filter]: true } }, { id: LIST_CHANGED_LISTEN_ID, timeoutMs: LIST_CHANGED_ACK_WAIT_MS + 2 * ctx.requestTimeoutMs + LIST_CHANGED_WAIT_MS })
    // Kept, not thrown: the stream stays open until the check cancels it, and its time limit only bounds a stray wait.
    .then((response) => void (refused = response), () => undefined);
  const isAck = (m: Record<string, unknown>): boolean => m.method === 'notifications/subscriptions/acknowledged' && subscriptionOf(m) === LIST_CHANGED_LISTEN_ID;
  const acked = await waitFor(ctx, from, (m) => isAck(m) || ('id' in m && m.id === LIST_CHANGED_LISTEN_ID), LIST_CHANGED_ACK_WAIT_MS);
  if (refused) {
    const error = errorOf(refused);
    ctx.skip(`subscriptions/listen got ${describeResponse(refused)}${error?.code === -32601 ? ' (not implemented)' : ''}, so there is no stream to carry ${LISTS[kind].notification}`);
  }
  if (!acked) ctx.skip(`subscriptions/listen for ${filter} was not acknowledged within ${LIST_CHANGED_ACK_WAIT_MS} ms (modern/subscriptions-listen judges that)`);
  const ack = messagesIn(ctx.session, from).find(({ message }) => isAck(message))!.message;
  const granted = isObject(ack.params) && isObject(ack.params.notifications) ? ack.params.notifications[filter] : undefined;
  if (granted !== true) ctx.skip(`the server's acknowledgment does not grant ${filter}, so it will not send ${LISTS[kind].notification} on this stream`);
}

/**
 * One list's check. "When the list of available {tools, resources, prompts} changes, servers that declared the
 * listChanged capability SHOULD send a notification" (2026-07-28 adds: "to clients that have opened a
 * subscriptions/listen stream with toolsListChanged: true"). The profile names a call that changes the list
 * (`listChanged: { tools: { tool, arguments } }`); the check lists before and after the call, and when the list did
 * change, expects the notification within {@link LIST_CHANGED_WAIT_MS} of the call's response. The call changes the
 * server's state for good, so the check runs once per version, after every other check of that version.
 */
function listChangedCheck(kind: ListKind): CheckDefinition {
  const { notification, filter } = LISTS[kind];
  return defineCheck({
    id: `${kind}/list-changed`,
    title: `A change of the ${kind} list is announced with ${notification} when listChanged is declared`,
    level: 'SHOULD',
    requirements: [`${kind}.list-changed`],
    needs: { capability: kind },
    session: 'shared',
    sharedOrder: 'last',
    timeoutMs: 30_000,
    spec: `https://modelcontextprotocol.io/specification/2025-11-25/server/${kind}#list-changed-notification`,
    async run(ctx) {
      const capability = ctx.serverCapabilities[kind];
      if (!isObject(capability) || capability.listChanged !== true) ctx.skip(`the server did not declare ${kind}.listChanged, so it owes no ${notification}`);
      const call = ctx.profile.listChanged?.[kind];
      if (!call) return ctx.skip(`the profile names no call that changes the ${kind} list; add "listChanged": { "${kind}": { "tool": "<tool>", "arguments": { … } } } to the profile`);
      const before = await snapshot(ctx, kind);
      if (typeof before === 'string') return void ctx.violation(before);
      const from = nextSeq(ctx.session);
      const modern = eraOf(ctx.version!) === 'modern';
      try {
        if (modern) await listen(ctx, kind, from);
        const response = await ctx.session.request('tools/call', { name: call.tool, arguments: call.arguments ?? {} });
        const result = resultOf(response);
        if (!result || result.isError === true) {
          ctx.skip(`the profile's listChanged.${kind} call of "${call.tool}" got ${result ? 'a result with isError: true' : describeResponse(response)}, so it changed nothing; fix its arguments`);
        }
        const sent = (m: Record<string, unknown>): boolean => m.method === notification && !('id' in m) && (!modern || subscriptionOf(m) === LIST_CHANGED_LISTEN_ID);
        const notified = await waitFor(ctx, from, sent, LIST_CHANGED_WAIT_MS);
        const after = await snapshot(ctx, kind);
        if (typeof after === 'string') return void ctx.violation(after);
        const changed = difference(before, after);
        const evidence = notificationsIn(ctx.session, notification, from).map((n) => n.frame);
        if (notified) return void ctx.observe(`"${call.tool}" changed the ${kind} list (${changed || 'no difference seen by listing'}) and the server sent ${notification}`, evidence);
        if (!changed) ctx.skip(`the profile's listChanged.${kind} call of "${call.tool}" left the ${kind} list as it was (it may change it only once per server), so no notification was owed`);
        const where = modern ? ` on the subscriptions/listen stream that asked for ${filter}` : '';
        ctx.violation(`after "${call.tool}" the ${kind} list changed (${changed}) but no ${notification} came${where} within ${LIST_CHANGED_WAIT_MS} ms; servers that declared listChanged SHOULD send it`);
      } finally {
        if (modern) await ctx.session.notify('notifications/cancelled', { requestId: LIST_CHANGED_LISTEN_ID, reason: 'mcp-conform: list-changed check done' });
      }
    },
  });
}

/** @see https://modelcontextprotocol.io/specification/2025-11-25/server/tools#list-changed-notification */
export const toolsListChanged = listChangedCheck('tools');
/** @see https://modelcontextprotocol.io/specification/2025-11-25/server/resources#list-changed-notification */
export const resourcesListChanged = listChangedCheck('resources');
/** @see https://modelcontextprotocol.io/specification/2025-11-25/server/prompts#list-changed-notification */
export const promptsListChanged = listChangedCheck('prompts');
