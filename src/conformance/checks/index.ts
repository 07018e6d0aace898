/** Every built-in check, in report order. */
import type { CheckDefinition } from '../define-check.js';
import { unknownMethod, invalidParams, responseIdMatches } from './jsonrpc.js';
import { initializeResultValid, notificationsGetNoResponse } from './lifecycle.js';
import { pingRespondsEmpty } from './ping.js';
import { serverMessagesValid } from './schema.js';
import { stdioExitOnStdinClose, stdoutLinesAreMessages } from './stdio.js';
import { versionNegotiation } from './version.js';
import { FEATURE_CHECKS } from './catalogue-features.js';
import { TRANSPORT_CHECKS } from './catalogue-transports.js';
import { SERVER_REQUEST_CHECKS } from './server-requests.js';
import { TASK_CHECKS } from './tasks-checks.js';
import { PROFILE_CHECKS } from './profile-checks.js';

/** The built-in checks. Ids are unique (a test proves it). */
export const ALL_CHECKS: readonly CheckDefinition[] = [
  initializeResultValid,
  notificationsGetNoResponse,
  versionNegotiation,
  // Early: their sessions mostly wait, which overlaps other checks' work only if they start first.
  ...SERVER_REQUEST_CHECKS,
  pingRespondsEmpty,
  unknownMethod,
  invalidParams,
  responseIdMatches,
  stdoutLinesAreMessages,
  stdioExitOnStdinClose,
  serverMessagesValid,
  ...FEATURE_CHECKS,
  ...TASK_CHECKS,
  ...TRANSPORT_CHECKS,
  ...PROFILE_CHECKS,
];
