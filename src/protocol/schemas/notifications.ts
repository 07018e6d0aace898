/**
 * Notification params: progress, cancellation, log messages, resource updates, list changes, subscription
 * acknowledgements, URL-elicitation completion and task status.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/progress
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/cancellation
 */
import { z } from 'zod';
import { integer, requiredIf, uriString } from './profile.js';
import type { SchemaProfile } from './profile.js';
import type { BaseSchemas } from './base.js';
import type { MetaSchemas } from './meta.js';
import type { StatelessSchemas } from './stateless.js';

/** Defines the notification-params schemas for a profile. */
export function defineNotificationSchemas(p: SchemaProfile, base: BaseSchemas, meta: MetaSchemas, stateless: StatelessSchemas) {
  const _meta = meta.NotificationMeta.optional();
  /** Params with only `_meta` (the `list_changed` notifications, `notifications/initialized`). */
  const NotificationParams = z.looseObject({ _meta });
  /** `notifications/progress`: `message` from 2025-03-26. */
  const ProgressNotificationParams = z.looseObject({
    _meta,
    progressToken: base.ProgressToken,
    progress: z.number(),
    total: z.number().optional(),
    message: z.string().optional(),
  });
  /**
   * `notifications/cancelled`. `requestId` is optional only in 2025-11-25 (a task is cancelled with
   * `tasks/cancel`); every other version requires it.
   */
  const CancelledNotificationParams = z.looseObject({
    _meta,
    requestId: requiredIf(!p.within('2025-11-25', '2025-11-25'), z.union([z.string(), integer()])),
    reason: z.string().optional(),
  });
  /** `notifications/message`: "Any JSON serializable type is allowed" as `data`. */
  const LoggingMessageNotificationParams = z.looseObject({
    _meta,
    level: base.LoggingLevel,
    logger: z.string().optional(),
    data: base.JsonValue,
  });
  /** `notifications/resources/updated`. */
  const ResourceUpdatedNotificationParams = z.looseObject({ _meta, uri: uriString(p) });
  /** `notifications/subscriptions/acknowledged` (2026-07-28): the filter the server honours. */
  const SubscriptionsAcknowledgedNotificationParams = z.looseObject({ _meta, notifications: stateless.SubscriptionFilter });
  /** `notifications/elicitation/complete` (2025-11-25). */
  const ElicitationCompleteNotificationParams = z.looseObject({ _meta, elicitationId: z.string() });
  return {
    NotificationParams,
    ProgressNotificationParams,
    CancelledNotificationParams,
    LoggingMessageNotificationParams,
    ResourceUpdatedNotificationParams,
    SubscriptionsAcknowledgedNotificationParams,
    ElicitationCompleteNotificationParams,
  };
}

/** The notification-params schemas of one profile. */
export type NotificationSchemas = ReturnType<typeof defineNotificationSchemas>;
