/** The task checks beyond tasks.ts (2025-11-25, experimental), in report order. */
import type { CheckDefinition } from '../define-check.js';
import { tasksCancelTransition, tasksIdsUnguessable, tasksToolForbidden } from './tasks-control.js';
import { tasksListInvalidCursor, tasksListNextCursor } from './tasks-listing.js';
import { tasksInputRequestRelatedTask, tasksProgressToken, tasksRelatedTaskIgnoredOnOps, tasksRelatedTaskOnMessages } from './tasks-related.js';
import { tasksFailedOnIsError, tasksResultBlocks, tasksResultExact } from './tasks-results.js';

export const TASK_CHECKS: readonly CheckDefinition[] = [
  tasksToolForbidden,
  tasksResultBlocks,
  tasksResultExact,
  tasksFailedOnIsError,
  tasksCancelTransition,
  tasksListInvalidCursor,
  tasksListNextCursor,
  tasksRelatedTaskIgnoredOnOps,
  tasksRelatedTaskOnMessages,
  tasksInputRequestRelatedTask,
  tasksProgressToken,
  tasksIdsUnguessable,
];
