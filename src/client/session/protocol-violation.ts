/** Something the peer sent that breaks the protocol but does not stop the session. It is recorded, never thrown. */
export interface ProtocolViolation {
  /**
   * - `unparseable-frame`: a frame that is not JSON at all (a banner, a log line, pretty-printed JSON).
   * - `malformed-message`: JSON that is no JSON-RPC 2.0 message.
   * - `unknown-response-id`: a response to no request we sent.
   * - `duplicate-response`: a second response to a request already answered.
   * - `uncorrelated-error`: an error response without an id (allowed only for a request the server could not read).
   * - `unknown-progress-token`: progress for no request in flight.
   * - `unexpected-request`: a request from the server where none is allowed (2026-07-28).
   */
  kind:
    | 'unparseable-frame'
    | 'malformed-message'
    | 'unknown-response-id'
    | 'duplicate-response'
    | 'uncorrelated-error'
    | 'unknown-progress-token'
    | 'unexpected-request';
  /** What happened, for a person. */
  message: string;
  /** The message as received (absent for an unparseable frame, whose text is on the wire log). */
  received?: unknown;
}
