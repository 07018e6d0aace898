/**
 * How a client learns whom it talks to. Up to 2025-11-25: `initialize` with a proposed version, the server's answer,
 * then `notifications/initialized`. In 2026-07-28: `server/discover`, whose `supportedVersions` must include ours.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#version-negotiation
 * @see https://modelcontextprotocol.io/specification/2026-07-28/server/discover
 */
import {
  DiscoverResultSchema,
  eraOf,
  ErrorCode,
  formatMessage,
  InitializeResultSchema,
  isProtocolVersion,
  JsonRpcError,
  PROTOCOL_VERSIONS,
  ProtocolError,
  type ClientCapabilities,
  type DiscoverResult,
  type Implementation,
  type InitializeResult,
  type ProtocolVersion,
  type ServerCapabilities,
} from '../protocol/index.js';
import type { RequestOptions, Session } from './session/session.js';
import { parseResult } from './parse-result.js';

/** What the handshake established. */
export interface ServerDescription {
  /** The version both sides speak from now on. */
  protocolVersion: ProtocolVersion;
  serverInfo: Implementation | undefined;
  capabilities: ServerCapabilities;
  instructions: string | undefined;
  /** The `initialize` result (legacy) or the `server/discover` result (2026-07-28), as received. */
  raw: InitializeResult | DiscoverResult;
  /** Whether the protocol is the stateless one (2026-07-28: `_meta` on every request, no server requests). */
  stateless: boolean;
}

/** Options of the handshakes. */
export interface HandshakeOptions {
  /** The version to propose (any string: checks propose unknown ones). */
  protocolVersion: string;
  capabilities: ClientCapabilities;
  clientInfo: Implementation;
  /** Whether to send `notifications/initialized` after `initialize`. */
  sendInitialized: boolean;
  /** Whether to validate the result against the schema. */
  validate: boolean;
  requestOptions?: RequestOptions;
}

const LEGACY_VERSIONS = PROTOCOL_VERSIONS.filter((v) => eraOf(v) === 'legacy');

/**
 * The `initialize` handshake. "If the client does not support the version in the server's response, it SHOULD
 * disconnect": that is the caller's part when this throws UNSUPPORTED_PROTOCOL_VERSION.
 */
export async function initializeHandshake(session: Session, options: HandshakeOptions): Promise<ServerDescription> {
  const params = { protocolVersion: options.protocolVersion, capabilities: options.capabilities, clientInfo: options.clientInfo };
  const raw = await session.request('initialize', params, options.requestOptions);
  const answered = raw.protocolVersion;
  if (!isProtocolVersion(answered) || eraOf(answered) !== 'legacy') {
    throw new ProtocolError(
      formatMessage(
        'initialize the session',
        `the server answered protocol version ${JSON.stringify(answered)}, which this client does not speak over initialize (it speaks ${LEGACY_VERSIONS.join(', ')})`,
        'Use a server that supports one of these versions.',
      ),
      { code: 'UNSUPPORTED_PROTOCOL_VERSION' },
    );
  }
  const result = options.validate ? parseResult(InitializeResultSchema, raw, 'initialize') : (raw as InitializeResult);
  // HTTP sends the version as a header on every later message, `notifications/initialized` included.
  session.transport.setProtocolVersion?.(answered);
  if (options.sendInitialized) await session.notify('notifications/initialized');
  return {
    protocolVersion: answered,
    serverInfo: result.serverInfo,
    capabilities: result.capabilities ?? {},
    instructions: result.instructions,
    raw: result,
    stateless: false,
  };
}

/** The `server/discover` handshake of 2026-07-28; `meta` is the per-request `_meta` the client sends. */
export async function discoverHandshake(session: Session, options: HandshakeOptions & { meta: Record<string, unknown> }): Promise<ServerDescription> {
  let raw: Record<string, unknown>;
  // Every 2026-07-28 request carries its version, over HTTP as a header too: server/discover is no exception.
  session.transport.setProtocolVersion?.(options.protocolVersion);
  try {
    raw = await session.request('server/discover', {}, { ...options.requestOptions, meta: options.meta });
  } catch (error) {
    throw discoverError(error, options.protocolVersion);
  }
  const result = options.validate ? parseResult(DiscoverResultSchema, raw, 'server/discover') : (raw as DiscoverResult);
  const supported = Array.isArray(result.supportedVersions) ? result.supportedVersions : [];
  if (!supported.includes(options.protocolVersion) || !isProtocolVersion(options.protocolVersion)) {
    throw new ProtocolError(
      formatMessage(
        'discover the server',
        `the server supports ${supported.map((v) => JSON.stringify(v)).join(', ') || 'no version'}, not ${JSON.stringify(options.protocolVersion)}`,
        'Propose one of the versions the server supports.',
      ),
      { code: 'UNSUPPORTED_PROTOCOL_VERSION' },
    );
  }
  const meta = result._meta as Record<string, unknown> | undefined;
  return {
    protocolVersion: options.protocolVersion,
    serverInfo: meta?.['io.modelcontextprotocol/serverInfo'] as Implementation | undefined,
    capabilities: result.capabilities ?? {},
    instructions: result.instructions,
    raw: result,
    stateless: true,
  };
}

function discoverError(error: unknown, proposed: string): unknown {
  if (!(error instanceof JsonRpcError)) return error;
  if (error.code === ErrorCode.MethodNotFound) {
    return new ProtocolError(
      formatMessage(
        'discover the server',
        'it does not implement server/discover, so it does not speak the 2026-07-28 protocol',
        'Propose a version that uses initialize (for example 2025-11-25).',
      ),
      { code: 'UNSUPPORTED_PROTOCOL_VERSION', cause: error },
    );
  }
  if (error.code === ErrorCode.UnsupportedProtocolVersion) {
    const supported = (error.data as { supported?: unknown } | undefined)?.supported;
    return new ProtocolError(
      formatMessage(
        'discover the server',
        `it does not support ${JSON.stringify(proposed)}${Array.isArray(supported) ? ` (it supports ${supported.map((v) => JSON.stringify(v)).join(', ')})` : ''}`,
        'Propose one of the versions the server supports.',
      ),
      { code: 'UNSUPPORTED_PROTOCOL_VERSION', cause: error },
    );
  }
  return error;
}
