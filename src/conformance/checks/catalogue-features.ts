/** Feature checks (JSON-RPC, lifecycle, capabilities, utilities, tools, resources, prompts, logging, completion, the 2026-07-28 wire), in report order. */
import type { CheckDefinition } from '../define-check.js';
import { toolsCallResultsValid, toolsListValid, toolsNames, toolsSchemasCompile, toolsUnknownToolError } from './tools.js';

export const FEATURE_CHECKS: readonly CheckDefinition[] = [
  toolsListValid,
  toolsSchemasCompile,
  toolsNames,
  toolsUnknownToolError,
  toolsCallResultsValid,
];
