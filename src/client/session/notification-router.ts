/** Notification handlers by method: several per method, each removable, run in the order they were added. */
import type { JsonRpcNotification } from '../../protocol/index.js';

/** Handles one notification method. */
export type NotificationHandler = (params: Record<string, unknown> | undefined, notification: JsonRpcNotification) => void;

/** The handlers of a session or a client. */
export interface NotificationRouter {
  /** Adds a handler; returns a function that removes it. */
  on(method: string, handler: NotificationHandler): () => void;
  /** Runs the handlers of the notification's method; `run` calls each (so the caller decides what a throw means). */
  dispatch(notification: JsonRpcNotification, run: (handler: NotificationHandler) => void): void;
}

/** Creates an empty router. */
export function createNotificationRouter(): NotificationRouter {
  const handlers = new Map<string, Set<NotificationHandler>>();
  return {
    on(method, handler) {
      let set = handlers.get(method);
      if (!set) handlers.set(method, (set = new Set()));
      set.add(handler);
      return () => void set.delete(handler);
    },
    dispatch(notification, run) {
      const set = handlers.get(notification.method);
      if (set) for (const handler of set) run(handler);
    },
  };
}
