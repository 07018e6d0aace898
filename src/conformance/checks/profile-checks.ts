/** Checks that need a profile entry beyond safe calls: an echoing tool, calls that change lists, hostile prompt arguments, mirrored tool parameters. */
import type { CheckDefinition } from '../define-check.js';
import { utf8Echo } from './profile-echo.js';
import { promptsListChanged, resourcesListChanged, toolsListChanged } from './profile-list-changed.js';
import { modernParamHeaderValidation } from './profile-param-headers.js';
import { promptsHostileArguments } from './profile-prompts.js';

/** The profile-driven checks, in report order. */
export const PROFILE_CHECKS: readonly CheckDefinition[] = [utf8Echo, promptsHostileArguments, toolsListChanged, resourcesListChanged, promptsListChanged, modernParamHeaderValidation];
