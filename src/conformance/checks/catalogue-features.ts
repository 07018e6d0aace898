/** Feature checks (JSON-RPC, lifecycle, capabilities, utilities, tools, resources, prompts, logging, completion, the 2026-07-28 wire), in report order. */
import type { CheckDefinition } from '../define-check.js';
import {
  modernCachingHints,
  modernDiscoverValid,
  modernErrorCodes,
  modernLoggingOptIn,
  modernMissingMetaRejected,
  modernResourceNotFound,
  modernResultType,
  modernUnsupportedVersion,
} from './modern.js';
import { capabilitiesMatchLists, capabilitiesRespected } from './capabilities.js';
import { envelopeBatch, envelopeInvalidRequest, envelopeErrorMessagesConcise, envelopeParseError } from './jsonrpc-envelope.js';
import { cancellationInvalidIgnored, cancellationNoResponseAfterCancel, cancellationNothingAfterCancel, cancellationRaceGraceful } from './cancellation.js';
import { progressNotificationsValid } from './progress.js';
import { timeoutsRequestsAnswered } from './timeouts.js';
import { completionCompleteValid, completionInvalidRef, completionUndeclared } from './completion.js';
import { loggingSetLevel, loggingThreshold } from './logging.js';
import { paginationCursorsFollowed, paginationInvalidCursor } from './pagination.js';
import { promptsErrors, promptsGetValid, promptsListValid } from './prompts.js';
import {
  resourcesInvalidUriHandled,
  resourcesListValid,
  resourcesNotFoundError,
  resourcesReadListed,
  resourcesSubscribeRoundtrip,
  resourcesTemplatesValid,
} from './resources.js';
import { toolsCallResultsValid, toolsListValid, toolsNames, toolsSchemasCompile, toolsUnknownToolError } from './tools.js';

export const FEATURE_CHECKS: readonly CheckDefinition[] = [
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
  toolsListValid,
  toolsSchemasCompile,
  toolsNames,
  toolsUnknownToolError,
  toolsCallResultsValid,
  resourcesListValid,
  resourcesReadListed,
  resourcesTemplatesValid,
  resourcesNotFoundError,
  resourcesInvalidUriHandled,
  resourcesSubscribeRoundtrip,
  promptsListValid,
  promptsGetValid,
  promptsErrors,
  loggingSetLevel,
  loggingThreshold,
  completionCompleteValid,
  completionInvalidRef,
  completionUndeclared,
  modernDiscoverValid,
  modernUnsupportedVersion,
  modernMissingMetaRejected,
  modernCachingHints,
  modernResourceNotFound,
  modernLoggingOptIn,
  modernResultType,
  modernErrorCodes,
  capabilitiesRespected,
  envelopeErrorMessagesConcise,
];
