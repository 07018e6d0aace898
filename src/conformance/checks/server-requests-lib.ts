/**
 * Helpers of the checks that declare client capabilities (server-requests.ts, server-requests-mrtr.ts): which
 * capabilities to declare, which profile call makes the server ask for something, and waiting on a session.
 */
import { supports, type ProtocolVersion } from '../../protocol/versions.js';
import type { WireFrameEvent } from '../../protocol/wire.js';
import type { CheckContext } from '../check-context.js';
import { INPUT_REQUEST_CAPABILITIES, type ProbeSession } from '../probe-session.js';
import type { Profile } from '../profile.js';
import { messagesIn } from './lib-features.js';

/** How often the harness looks at what arrived while it waits for something. @default 25 */
const POLL_MS = 25;
/** One profile call during which the server asks the client for something. */
export type ServerRequestCall = NonNullable<Profile['serverRequests']>[number];

/** The client capabilities that let a server call back, as `version` defines them (elicitation from 2025-06-18). */
export function callbackCapabilities(version: ProtocolVersion): Record<string, unknown> {
  return { roots: {}, sampling: {}, ...(supports(version, 'elicitation') ? { elicitation: {} } : {}) };
}

/** Whether `version` defines the client capability a profile call needs. */
function definesCapability(version: ProtocolVersion, capability: ServerRequestCall['capability']): boolean {
  return capability !== 'elicitation' || supports(version, 'elicitation');
}

/** The first profile call whose capability `version` defines; skips the check when there is none. */
export function serverRequestCallFor(ctx: CheckContext, version: ProtocolVersion): ServerRequestCall {
  const calls = ctx.profile.serverRequests ?? [];
  const call = calls.find((c) => definesCapability(version, c.capability));
  if (!call) ctx.skip(`the profile's serverRequests need ${[...new Set(calls.map((c) => c.capability))].join(', ')}, which ${version} does not define`);
  return call;
}

/** The method a server uses to ask for what a capability offers. */
export function inputMethodOf(capability: ServerRequestCall['capability']): string {
  return Object.entries(INPUT_REQUEST_CAPABILITIES).find(([, c]) => c === capability)![0];
}

/** Waits until `done()` holds, the session closes, or `ms` pass; returns whether it holds. */
export async function waitUntil(session: ProbeSession, done: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!done()) {
    const left = deadline - Date.now();
    if (left <= 0 || session.closed) return done();
    await session.collect(Math.min(POLL_MS, left));
  }
  return true;
}

/** The requests the server sent (batches flattened), with their frames. */
export function serverRequestsIn(session: ProbeSession): Array<{ message: Record<string, unknown>; frame: WireFrameEvent }> {
  return messagesIn(session).filter(({ message }) => typeof message.method === 'string' && 'id' in message);
}

/** `method (id …)`, for messages. */
export function named(message: Record<string, unknown>): string {
  return `${String(message.method)}${'id' in message ? ` (id ${JSON.stringify(message.id)})` : ''}`;
}
