/**
 * Errors of the HTTP transports, built from what came back (status, headers, body) so that a person can act on them.
 */
import {
  AuthenticationError,
  ConnectionError,
  HttpStatusError,
  TransportError,
  formatMessage,
  type McpConformErrorOptions,
  type RequestId,
} from '../../protocol/index.js';

/** How much of an unexpected body an error keeps. @default 4 KiB */
export const HTTP_ERROR_BODY_MAX_BYTES = 4096;

/** A response stream broke before the responses of some requests arrived: those requests will never be answered. */
export class ResponseStreamError extends TransportError {
  override name = 'ResponseStreamError';
  /** The requests whose responses were lost. A session fails them at once. */
  readonly requestIds: RequestId[];

  constructor(message: string, requestIds: RequestId[], options?: McpConformErrorOptions) {
    super(message, { ...options, code: 'TRANSPORT_CLOSED' });
    this.requestIds = requestIds;
  }
}

/** Reads the `resource_metadata` parameter of a `WWW-Authenticate` challenge (RFC 9728 §5.1). */
export function parseResourceMetadataUrl(challenge: string | undefined): string | undefined {
  if (!challenge) return undefined;
  const match = /resource_metadata\s*=\s*(?:"([^"]*)"|([^\s,]+))/i.exec(challenge);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** Builds the error for a status the transport cannot use: 401 → AuthenticationError, anything else → HttpStatusError. */
export function httpStatusError(
  what: string,
  response: { status: number; headers: Record<string, string>; body: string },
  extra: { code?: 'SESSION_EXPIRED'; reason?: string; advice?: string } = {},
): HttpStatusError {
  const details = { status: response.status, headers: response.headers, body: response.body };
  if (response.status === 401) {
    const challenge = response.headers['www-authenticate'];
    const resourceMetadataUrl = parseResourceMetadataUrl(challenge);
    const reason = `the server answered HTTP 401 Unauthorized${challenge ? ` (WWW-Authenticate: ${challenge})` : ' without a WWW-Authenticate challenge'}`;
    const advice = resourceMetadataUrl
      ? `Get a token from the authorization server named in ${resourceMetadataUrl} and pass it as an Authorization header.`
      : 'Pass a token as an Authorization header.';
    return new AuthenticationError(formatMessage(what, reason, advice), {
      ...details,
      ...(challenge === undefined ? {} : { challenge }),
      ...(resourceMetadataUrl === undefined ? {} : { resourceMetadataUrl }),
    });
  }
  const reason = extra.reason ?? `the server answered HTTP ${response.status}${statusText(response.status)}${describeBody(response)}`;
  return new HttpStatusError(formatMessage(what, reason, extra.advice ?? adviceFor(response)), details, extra.code ? { code: extra.code } : undefined);
}

/** Wraps a failure to get any response (refused, reset, DNS, TLS) in a ConnectionError that says which. */
export function networkError(what: string, cause: unknown): ConnectionError {
  const code = (cause as { code?: string } | undefined)?.code;
  const message = (cause as Error | undefined)?.message ?? String(cause);
  const reason =
    code === 'ECONNREFUSED'
      ? 'the connection was refused (ECONNREFUSED)'
      : code === 'ECONNRESET'
        ? 'the server reset the connection (ECONNRESET)'
        : code === 'ENOTFOUND'
          ? 'the host name could not be resolved (ENOTFOUND)'
          : `${message}${code ? ` (${code})` : ''}`;
  const advice = code === 'ECONNREFUSED' ? 'Check that the server is running and listening on that address and port.' : 'Check the URL and that the server is reachable.';
  return new ConnectionError(formatMessage(what, reason, advice), { cause });
}

function statusText(status: number): string {
  const text = STATUS_TEXT[status];
  return text ? ` ${text}` : '';
}

function describeBody(response: { headers: Record<string, string>; body: string }): string {
  const type = response.headers['content-type']?.split(';')[0]?.trim() || 'no content type';
  const body = response.body.trim();
  if (!body) return ` (${type}, empty body)`;
  const excerpt = body.length > 120 ? `${body.slice(0, 120)}…` : body;
  return ` (${type}: ${JSON.stringify(excerpt)})`;
}

function adviceFor(response: { status: number; headers: Record<string, string> }): string {
  if (response.status === 429) {
    const after = response.headers['retry-after'];
    return `The server is rate limiting${after ? `; it asks to retry after ${after}${/^\d+$/.test(after) ? ' s' : ''}` : ''}. Slow down and retry later.`;
  }
  if (response.status >= 500) return 'The server failed; check its logs.';
  if (response.status === 403) return 'The server refused the request; check the Origin and the credentials.';
  return 'Check that the URL is the MCP endpoint and that the server speaks this transport.';
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};
