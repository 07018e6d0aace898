/**
 * Which methods each protocol version defines, in which direction, with which params and result schemas.
 * Sources: the `ClientRequest`, `ServerRequest`, `ClientNotification` and `ServerNotification` unions of each
 * version's official schema.
 * @see https://github.com/modelcontextprotocol/modelcontextprotocol/tree/main/schema
 */
import { z } from 'zod';
import { supports } from '../versions.js';
import type { ProtocolVersion } from '../versions.js';
import type { MessageSchemas } from './define-schemas.js';

/** Who sends a message. */
export type MessageDirection = 'client-to-server' | 'server-to-client';

/** One method of one version, in one direction. */
export interface MethodDefinition {
  readonly method: string;
  readonly kind: 'request' | 'notification';
  /** Who sends the request or notification. */
  readonly direction: MessageDirection;
  /** The params schema; it accepts `undefined` when params may be omitted. */
  readonly params: z.ZodType;
  /** The result schema (requests only). */
  readonly result?: z.ZodType;
}

const C2S: MessageDirection = 'client-to-server';
const S2C: MessageDirection = 'server-to-client';

/** Lists the methods of one version, given that version's strict schemas. */
export function defineMethodTable(version: ProtocolVersion, s: MessageSchemas): MethodDefinition[] {
  const has = (feature: Parameters<typeof supports>[1]) => supports(version, feature);
  const modern = has('stateless');
  const tasks = has('tasks');
  /** In 2026-07-28 every client request carries `_meta`, so its params are required. */
  const listParams = modern ? s.PaginatedRequestParams : s.PaginatedRequestParams.optional();
  /** `tools/call`, `prompts/get` and `resources/read` may answer `input_required` from 2026-07-28. */
  const orInputRequired = (complete: z.ZodObject): z.ZodType =>
    modern ? z.discriminatedUnion('resultType', [s.InputRequiredResult, complete as z.ZodObject]) : complete;
  /** A task-augmented request may answer with the task it created (2025-11-25). */
  const orTask = (complete: z.ZodType): z.ZodType => (tasks ? z.union([complete, s.CreateTaskResult]) : complete);
  const request = (direction: MessageDirection, method: string, params: z.ZodType, result: z.ZodType): MethodDefinition => ({
    method,
    kind: 'request',
    direction,
    params,
    result,
  });
  const notification = (direction: MessageDirection, method: string, params: z.ZodType): MethodDefinition => ({
    method,
    kind: 'notification',
    direction,
    params,
  });
  const ping = s.RequestParams.optional();
  const listChanged = s.NotificationParams.optional();
  const table: (MethodDefinition | false)[] = [
    // Client → server requests.
    has('initialize') && request(C2S, 'initialize', s.InitializeRequestParams, s.InitializeResult),
    has('ping') && request(C2S, 'ping', ping, s.EmptyResult),
    has('discover') && request(C2S, 'server/discover', s.RequestParams, s.DiscoverResult),
    request(C2S, 'resources/list', listParams, s.ListResourcesResult),
    request(C2S, 'resources/templates/list', listParams, s.ListResourceTemplatesResult),
    request(C2S, 'resources/read', s.ReadResourceRequestParams, orInputRequired(s.ReadResourceResult)),
    has('resourceSubscribe') && request(C2S, 'resources/subscribe', s.ResourceRequestParams, s.EmptyResult),
    has('resourceSubscribe') && request(C2S, 'resources/unsubscribe', s.ResourceRequestParams, s.EmptyResult),
    has('subscriptionsListen') &&
      request(C2S, 'subscriptions/listen', s.SubscriptionsListenRequestParams, s.SubscriptionsListenResult),
    request(C2S, 'prompts/list', listParams, s.ListPromptsResult),
    request(C2S, 'prompts/get', s.GetPromptRequestParams, orInputRequired(s.GetPromptResult)),
    request(C2S, 'tools/list', listParams, s.ListToolsResult),
    request(C2S, 'tools/call', s.CallToolRequestParams, orTask(orInputRequired(s.CallToolResult))),
    has('setLevel') && request(C2S, 'logging/setLevel', s.SetLevelRequestParams, s.EmptyResult),
    request(C2S, 'completion/complete', s.CompleteRequestParams, s.CompleteResult),
    // Server → client requests (none from 2026-07-28: they travel inside InputRequiredResult).
    has('ping') && request(S2C, 'ping', ping, s.EmptyResult),
    has('serverRequests') &&
      request(S2C, 'sampling/createMessage', s.CreateMessageRequestParams, orTask(s.CreateMessageResult)),
    has('serverRequests') && request(S2C, 'roots/list', ping, s.ListRootsResult),
    has('serverRequests') && has('elicitation') && request(S2C, 'elicitation/create', s.ElicitRequestParams, orTask(s.ElicitResult)),
    // Tasks go both ways (2025-11-25).
    ...[C2S, S2C].flatMap((direction) =>
      tasks
        ? [
            request(direction, 'tasks/get', s.TaskRequestParams, s.TaskResult),
            request(direction, 'tasks/result', s.TaskRequestParams, s.EmptyResult),
            request(direction, 'tasks/list', listParams, s.ListTasksResult),
            request(direction, 'tasks/cancel', s.TaskRequestParams, s.TaskResult),
            notification(direction, 'notifications/tasks/status', s.TaskStatusNotificationParams),
          ]
        : [],
    ),
    // Client → server notifications.
    has('initialize') && notification(C2S, 'notifications/initialized', listChanged),
    notification(C2S, 'notifications/cancelled', s.CancelledNotificationParams),
    !modern && notification(C2S, 'notifications/progress', s.ProgressNotificationParams),
    !modern && notification(C2S, 'notifications/roots/list_changed', listChanged),
    // Server → client notifications.
    notification(S2C, 'notifications/cancelled', s.CancelledNotificationParams),
    notification(S2C, 'notifications/progress', s.ProgressNotificationParams),
    notification(S2C, 'notifications/message', s.LoggingMessageNotificationParams),
    notification(S2C, 'notifications/resources/updated', s.ResourceUpdatedNotificationParams),
    notification(S2C, 'notifications/resources/list_changed', listChanged),
    notification(S2C, 'notifications/prompts/list_changed', listChanged),
    notification(S2C, 'notifications/tools/list_changed', listChanged),
    has('urlElicitation') &&
      !modern &&
      notification(S2C, 'notifications/elicitation/complete', s.ElicitationCompleteNotificationParams),
    has('subscriptionsListen') &&
      notification(S2C, 'notifications/subscriptions/acknowledged', s.SubscriptionsAcknowledgedNotificationParams),
  ];
  return table.filter((entry): entry is MethodDefinition => entry !== false);
}
