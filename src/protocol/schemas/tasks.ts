/**
 * Experimental tasks of 2025-11-25: `tasks/get`, `tasks/result`, `tasks/list`, `tasks/cancel` and
 * `notifications/tasks/status`. (2026-07-28 moves tasks to an extension.)
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/tasks
 */
import { z } from 'zod';
import { integer } from './profile.js';
import type { BaseSchemas } from './base.js';
import type { MetaSchemas } from './meta.js';

/** The states of a task. */
export const TASK_STATUSES = ['working', 'input_required', 'completed', 'failed', 'cancelled'] as const;

/** Defines the task schemas for a profile. */
export function defineTaskSchemas(base: BaseSchemas, meta: MetaSchemas) {
  const taskFields = {
    taskId: z.string(),
    status: z.enum(TASK_STATUSES),
    statusMessage: z.string().optional(),
    createdAt: z.string(),
    lastUpdatedAt: z.string(),
    /** "Actual retention duration from creation in milliseconds, null for unlimited." */
    ttl: integer().nullable(),
    pollInterval: integer().optional(),
  };
  /** A task. */
  const Task = z.looseObject(taskFields);
  /** Params naming one task (`tasks/get`, `tasks/result`, `tasks/cancel`). */
  const TaskRequestParams = z.looseObject({ ...meta.requestMetaField, taskId: z.string() });
  /** The `tasks/get` and `tasks/cancel` result: a task. */
  const TaskResult = z.looseObject({ ...meta.resultFields, ...taskFields });
  /** The result of a task-augmented request: the task it created. */
  const CreateTaskResult = z.looseObject({ ...meta.resultFields, task: Task });
  /** The `tasks/list` result. */
  const ListTasksResult = z.looseObject({ ...meta.resultFields, tasks: z.array(Task), nextCursor: base.Cursor.optional() });
  /** `notifications/tasks/status`: a task. */
  const TaskStatusNotificationParams = z.looseObject({ _meta: base.Meta.optional(), ...taskFields });
  return { Task, TaskRequestParams, TaskResult, CreateTaskResult, ListTasksResult, TaskStatusNotificationParams };
}

/** The task schemas of one profile. */
export type TaskSchemas = ReturnType<typeof defineTaskSchemas>;
