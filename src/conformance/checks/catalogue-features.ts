/** Feature checks (JSON-RPC, lifecycle, capabilities, utilities, tools, resources, prompts, logging, completion, the 2026-07-28 wire), in report order. */
import type { CheckDefinition } from '../define-check.js';
import { lifecyclePingBeforeInitialize } from './lifecycle-features.js';
import { metaKeysValid } from './meta.js';
import { tasksAugmentedCall, tasksIgnoredWhenUndeclared } from './tasks.js';
import {
  modernCachingHints,
  modernListsStable,
  modernDiscoverValid,
  modernErrorCodes,
  modernInitializeError,
  modernLoggingOptIn,
  modernMissingMetaRejected,
  modernResourceNotFound,
  modernResultType,
  modernSubscriptionsListen,
  modernUnsupportedVersion,
} from './modern.js';
import { capabilitiesMatchLists, capabilitiesRespected } from './capabilities.js';
import { envelopeBatch, envelopeInvalidRequest, envelopeErrorMessagesConcise, envelopeParseError } from './jsonrpc-envelope.js';
import { cancellationInvalidIgnored, cancellationNoResponseAfterCancel, cancellationNothingAfterCancel, cancellationRaceGraceful } from './cancellation.js';
import { progressNotificationsValid } from './progress.js';
import { timeoutsRequestsAnswered } from './timeouts.js';
import { completionCompleteValid, completionInvalidRef, completionUndeclared } from './completion.js';
import { loggingMessagesSafe, loggingSetLevel, loggingThreshold } from './logging.js';
import { paginationCursorsFollowed, paginationInvalidCursor, paginationStableCursors } from './pagination.js';
import { promptsErrors, promptsGetValid, promptsListValid } from './prompts.js';
import {
  resourcesInvalidUriHandled,
  resourcesListValid,
  resourcesNotFoundError,
  resourcesReadListed,
  resourcesSubscribeRoundtrip,
  resourcesUpdatedOnlySubscribed,
  resourcesTemplatesValid,
} from './resources.js';
import {
  toolsCallResultsValid,
  toolsInputValidation,
  toolsListValid,
  toolsMalformedCallError,
  toolsNames,
  toolsSchemasCompile,
  toolsUnknownToolError,
} from './tools.js';

export const FEATURE_CHECKS: readonly CheckDefinition[] = [
  lifecyclePingBeforeInitialize,
  modernInitializeError,
  envelopeInvalidRequest,
  envelopeParseError,
  envelopeBatch,
  capabilitiesMatchLists,
  timeoutsRequestsAnswered,
  cancellationNoResponseAfterCancel,
  cancellationNothingAfterCancel,
  cancellationInvalidIgnored,
  cancellationRaceGraceful,
  progressNotificationsValid,
  paginationCursorsFollowed,
  paginationInvalidCursor,
  paginationStableCursors,
  toolsListValid,
  toolsSchemasCompile,
  toolsNames,
  toolsUnknownToolError,
  toolsMalformedCallError,
  toolsCallResultsValid,
  toolsInputValidation,
  tasksIgnoredWhenUndeclared,
  tasksAugmentedCall,
  resourcesListValid,
  resourcesReadListed,
  resourcesTemplatesValid,
  resourcesNotFoundError,
  resourcesInvalidUriHandled,
  resourcesSubscribeRoundtrip,
  resourcesUpdatedOnlySubscribed,
  promptsListValid,
  promptsGetValid,
  promptsErrors,
  loggingSetLevel,
  loggingThreshold,
  loggingMessagesSafe,
  completionCompleteValid,
  completionInvalidRef,
  completionUndeclared,
  modernDiscoverValid,
  modernUnsupportedVersion,
  modernMissingMetaRejected,
  modernCachingHints,
  modernListsStable,
  modernSubscriptionsListen,
  modernResourceNotFound,
  modernLoggingOptIn,
  modernResultType,
  modernErrorCodes,
  capabilitiesRespected,
  metaKeysValid,
  envelopeErrorMessagesConcise,
];
