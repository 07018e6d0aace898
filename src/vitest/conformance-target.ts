/**
 * What `describeConformance` tests, declared so that the transport is known while tests are collected (test names
 * depend on it: each check says which transports it applies to) and the target itself is made only in `beforeAll`
 * (a mock's URL exists only once it listens).
 */
import type { ConformanceTarget } from '../conformance/target.js';
import { createStdioTarget } from '../conformance/stdio-target.js';
import { createHttpTarget } from '../conformance/network-target.js';
import { createInMemoryTransport } from '../mocks/memory.js';
import type { MockServer } from '../mocks/define-mock-server.js';
import type { MockCommand } from '../mocks/mock-server-command.js';
import { ConfigError, formatMessage } from '../protocol/errors.js';
import type { TransportKind } from '../protocol/wire.js';

/** A value, or a function called in `beforeAll` that gives it (for values that exist only once the suite runs). */
export type Lazy<T> = T | (() => T | Promise<T>);

/** A server spawned over stdio, once per session: a command line, or `{ command, args }` (`mockServerCommand`). */
export interface StdioTargetSpec {
  stdio: Lazy<string | MockCommand>;
  env?: Record<string, string>;
  cwd?: string;
}

/** A server at a URL. The HTTP transport is named, not detected, because test names depend on it. */
export interface HttpTargetSpec {
  url: Lazy<string>;
  /** @default 'streamable-http' */
  transport?: 'streamable-http' | 'sse';
  headers?: Record<string, string>;
}

/** A mock server in this process, one in-memory connection per session (transport `memory`; no port, no process). */
export interface MockTargetSpec {
  mock: Lazy<MockServer>;
}

/** Any other target: the transport it will use, and a function that makes it. */
export interface CustomTargetSpec {
  kind: TransportKind;
  target: () => ConformanceTarget | Promise<ConformanceTarget>;
}

/** What {@link describeConformance} tests. */
export type ConformanceTargetSpec = StdioTargetSpec | HttpTargetSpec | MockTargetSpec | CustomTargetSpec;

/** The transport of a target spec, known without starting anything. */
export function kindOfSpec(spec: ConformanceTargetSpec): TransportKind {
  if ('stdio' in spec) return 'stdio';
  if ('url' in spec) return spec.transport ?? 'streamable-http';
  if ('mock' in spec) return 'memory';
  return spec.kind;
}

async function resolveLazy<T>(value: Lazy<T>): Promise<T> {
  return typeof value === 'function' ? (value as () => T | Promise<T>)() : value;
}

/** Quotes a word so that the harness's shell-word splitter gives it back unchanged. */
function quoteWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `{ command, args }` as the command line the stdio target takes. */
export function commandLineOf(command: string | MockCommand): string {
  return typeof command === 'string' ? command : [command.command, ...command.args].map(quoteWord).join(' ');
}

/** Makes the target (in `beforeAll`); throws a ConfigError when it does not use the transport the spec declared. */
export async function createTargetFromSpec(spec: ConformanceTargetSpec): Promise<ConformanceTarget> {
  const target = await makeTarget(spec);
  const declared = kindOfSpec(spec);
  if (target.kind !== declared) {
    throw new ConfigError(
      formatMessage('start the conformance suite', `the target uses ${target.kind}, but the suite was declared for ${declared}`, 'Declare the transport the target really uses (kind or transport).'),
    );
  }
  return target;
}

async function makeTarget(spec: ConformanceTargetSpec): Promise<ConformanceTarget> {
  if ('stdio' in spec) {
    return createStdioTarget({ command: commandLineOf(await resolveLazy(spec.stdio)), ...(spec.env ? { env: spec.env } : {}), ...(spec.cwd ? { cwd: spec.cwd } : {}) });
  }
  if ('url' in spec) {
    return createHttpTarget({ url: await resolveLazy(spec.url), transport: spec.transport ?? 'streamable-http', ...(spec.headers ? { headers: spec.headers } : {}) });
  }
  if ('mock' in spec) {
    const server = await resolveLazy(spec.mock);
    return {
      kind: 'memory',
      description: { transport: 'memory' },
      createTransport: () => createInMemoryTransport(server),
    };
  }
  return spec.target();
}
