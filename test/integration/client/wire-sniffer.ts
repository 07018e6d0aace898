/**
 * A wire sniffer for tests (STYLE.md §12): validates every frame a transport recorded, both ways, against the
 * negotiated version's schemas, pairing each response with the method of the request it answers.
 */
import { validateMessage, type ProtocolVersion, type WireEvent, type WireLog } from '../../../src/protocol/index.js';

/** One invalid frame: who sent it, what it was, and why it is wrong. */
export interface SniffedIssue {
  direction: 'in' | 'out';
  method: string | undefined;
  issues: string[];
  raw: string;
}

/** Every frame on the wire that is not a valid message of `version` (unparseable frames included). */
export function invalidFrames(wire: WireLog, version: ProtocolVersion): SniffedIssue[] {
  const requested = { in: new Map<unknown, string>(), out: new Map<unknown, string>() };
  const found: SniffedIssue[] = [];
  for (const event of wire.events) {
    if (event.kind !== 'frame') continue;
    const frame = event as Extract<WireEvent, { kind: 'frame' }>;
    if (frame.parseError !== undefined) {
      found.push({ direction: frame.direction, method: undefined, issues: [frame.parseError], raw: frame.raw });
      continue;
    }
    const message = frame.message as { id?: unknown; method?: string };
    // A request's method, by the id its answer will carry (answers travel the other way).
    if (message.method !== undefined && message.id !== undefined) requested[frame.direction].set(message.id, message.method);
    const answered = message.method === undefined ? requested[frame.direction === 'in' ? 'out' : 'in'].get(message.id) : undefined;
    const check = validateMessage(version, frame.message, {
      direction: frame.direction === 'in' ? 'server-to-client' : 'client-to-server',
      ...(answered === undefined ? {} : { requestMethod: answered }),
    });
    if (!check.valid) {
      found.push({ direction: frame.direction, method: message.method ?? answered, issues: check.issues.map((i) => `${i.path}: ${i.message}`), raw: frame.raw.slice(0, 300) });
    }
  }
  return found;
}
