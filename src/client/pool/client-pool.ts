/**
 * A pool of named servers over any mix of transports: their tools are exposed as `server__tool`, calls are routed to
 * the server that owns the tool, each server has its own self-healing connection, and one `close()` ends them all.
 * Collisions are impossible: a server name may not contain the separator, so the first separator always ends it.
 */
import { ConfigError, McpConformError, formatMessage } from '../../protocol/index.js';
import type { ServerDescription } from '../handshake.js';
import type { CallToolOptions, ListOptions } from '../mcp-client.js';
import {
  createConnectionManager,
  type ConnectionManager,
  type ConnectionManagerOptions,
  type ConnectionMetrics,
  type ConnectionState,
} from '../connection/connection-manager.js';

/** The separator between a server's name and its tool's name. */
export const DEFAULT_TOOL_SEPARATOR = '__';

/** One server of a pool: how to reach it, and its connection settings. */
export type PoolServerConfig = Omit<ConnectionManagerOptions, 'name'>;

/** Options of {@link createClientPool}. */
export interface ClientPoolOptions {
  /** The servers, by name (letters, digits, `-` and `_`, without the separator). */
  servers: Record<string, PoolServerConfig>;
  /** @default DEFAULT_TOOL_SEPARATOR */
  separator?: string;
  /** Told when one server's part of an aggregate (its tool list) failed; the others' parts are still returned. */
  onServerError?: (server: string, error: Error) => void;
}

/** A tool of the pool: the server's tool, renamed. */
export interface PoolTool {
  /** `server__tool`. */
  name: string;
  server: string;
  /** The tool's name on its server. */
  originalName: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  [key: string]: unknown;
}

/** One server's health in the pool. */
export interface PoolServerHealth {
  state: ConnectionState;
  healthScore: number;
  metrics: ConnectionMetrics;
}

/** The outcome of connecting one server. */
export type PoolConnectResult = { server: string; ok: true; description: ServerDescription } | { server: string; ok: false; error: Error };

/** Many servers behind one client. */
export interface ClientPool {
  readonly names: readonly string[];
  readonly separator: string;
  /** Each server's connection. */
  connection(server: string): ConnectionManager;
  /** Connects every server at once; one server's failure does not stop the others. */
  connect(): Promise<PoolConnectResult[]>;
  /** Every connected server's tools, renamed `server__tool`, in server order. */
  listTools(options?: ListOptions): Promise<PoolTool[]>;
  /** Calls `server__tool` on its server. */
  callTool(name: string, args?: Record<string, unknown>, options?: CallToolOptions): ReturnType<ConnectionManager['callTool']>;
  /** Splits `server__tool` into its server and tool names. */
  resolve(name: string): { server: string; tool: string };
  health(): Record<string, PoolServerHealth>;
  /** Closes every server. Idempotent. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const SERVER_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * Creates a pool (nothing connects until `connect()`).
 * @example
 * await using pool = createClientPool({
 *   servers: {
 *     files: { createTransport: () => new StdioClientTransport({ command: 'npx', args: ['server-filesystem', '.'] }) },
 *     search: { createTransport: () => new StreamableHttpClientTransport('http://127.0.0.1:3000/mcp') },
 *   },
 * });
 * await pool.connect();
 * await pool.callTool('files__read_file', { path: 'README.md' });
 */
export function createClientPool(options: ClientPoolOptions): ClientPool {
  const separator = options.separator ?? DEFAULT_TOOL_SEPARATOR;
  if (separator === '') throw new ConfigError(formatMessage('create the client pool', 'the tool separator is empty', 'Use a separator such as "__".'));
  const names = Object.keys(options.servers);
  if (names.length === 0) throw new ConfigError(formatMessage('create the client pool', 'no servers were given', 'Name at least one server.'));
  for (const name of names) {
    if (name.includes(separator)) {
      throw new ConfigError(
        formatMessage('create the client pool', `the server name "${name}" contains the separator "${separator}", so its tool names would be ambiguous`, 'Rename the server or choose another separator.'),
      );
    }
    if (!SERVER_NAME.test(name)) {
      throw new ConfigError(formatMessage('create the client pool', `the server name "${name}" has characters other than letters, digits, "-" and "_"`, 'Rename the server.'));
    }
  }
  const connections = new Map<string, ConnectionManager>(names.map((name) => [name, createConnectionManager({ ...options.servers[name]!, name })]));

  const connection = (server: string) => {
    const found = connections.get(server);
    if (!found) throw new McpConformError('CONFIG_INVALID', formatMessage(`find server "${server}" in the pool`, 'no server has that name', `Use one of: ${names.join(', ')}.`));
    return found;
  };

  const pool: ClientPool = {
    names,
    separator,
    connection,
    async connect() {
      const settled = await Promise.allSettled(names.map((name) => connections.get(name)!.connect()));
      return settled.map((outcome, i) =>
        outcome.status === 'fulfilled'
          ? { server: names[i]!, ok: true as const, description: outcome.value }
          : { server: names[i]!, ok: false as const, error: outcome.reason as Error },
      );
    },
    async listTools(listOptions) {
      const lists = await Promise.all(
        names.map(async (server) => {
          const manager = connections.get(server)!;
          if (manager.state !== 'connected') return [];
          try {
            const tools = await manager.listTools(listOptions);
            return tools.map((tool) => ({ ...tool, name: `${server}${separator}${tool.name}`, server, originalName: tool.name }) as PoolTool);
          } catch (error) {
            // One server's failure must not hide every other server's tools.
            options.onServerError?.(server, error as Error);
            return [];
          }
        }),
      );
      return lists.flat();
    },
    resolve(name) {
      const at = name.indexOf(separator);
      if (at <= 0) {
        throw new McpConformError('CONFIG_INVALID', formatMessage(`route the tool "${name}"`, `it does not start with a server name and "${separator}"`, `Name tools as <server>${separator}<tool>.`));
      }
      const server = name.slice(0, at);
      connection(server);
      return { server, tool: name.slice(at + separator.length) };
    },
    async callTool(name, args, callOptions) {
      const { server, tool } = pool.resolve(name);
      return connection(server).callTool({ name: tool, ...(args === undefined ? {} : { arguments: args }) }, callOptions);
    },
    health() {
      const out: Record<string, PoolServerHealth> = {};
      for (const [name, manager] of connections) {
        const metrics = manager.metrics;
        out[name] = { state: metrics.state, healthScore: metrics.healthScore, metrics };
      }
      return out;
    },
    async close() {
      await Promise.allSettled([...connections.values()].map((m) => m.close()));
    },
    [Symbol.asyncDispose]() {
      return pool.close();
    },
  };
  return pool;
}
