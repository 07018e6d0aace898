/**
 * The arguments of `mcp-conform [run]`, parsed with `node:util` parseArgs and checked: every mistake is a usage error
 * (exit 2) with a message that says what to do.
 */
import { parseArgs } from 'node:util';
import { PROTOCOL_VERSIONS, isProtocolVersion } from '../protocol/versions.js';
import type { VersionChoice } from '../conformance/run-conformance.js';
import { usageError } from './usage-error.js';

/** The report formats the CLI writes. */
export const REPORT_FORMATS = ['json', 'html', 'junit', 'md'] as const;
/** A report format. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A parsed `run` command. */
export interface RunArgs {
  target:
    | { kind: 'stdio'; command: string }
    | { kind: 'url'; url: string; transport: 'auto' | 'streamable-http' | 'sse' }
    | { kind: 'ws'; url: string };
  env: Record<string, string>;
  headers: Record<string, string>;
  protocolVersion: VersionChoice;
  suites: string[];
  checks: string[];
  skip: string[];
  profile?: string;
  expectedFailures?: string;
  strict: boolean;
  timeoutMs?: number;
  concurrency?: number;
  reportDir: string;
  formats: ReportFormat[];
  json: boolean;
  quiet: boolean;
}

/** The default report directory. */
export const DEFAULT_REPORT_DIR = 'reports';
/** The default report formats: all four (each is cheap to write, and CI jobs want the JUnit and Markdown ones). */
export const DEFAULT_REPORT_FORMATS: readonly ReportFormat[] = ['json', 'html', 'junit', 'md'];

const OPTIONS = {
  stdio: { type: 'string' },
  url: { type: 'string' },
  ws: { type: 'string' },
  transport: { type: 'string' },
  env: { type: 'string', multiple: true },
  header: { type: 'string', multiple: true },
  'protocol-version': { type: 'string' },
  suite: { type: 'string', multiple: true },
  check: { type: 'string', multiple: true },
  skip: { type: 'string', multiple: true },
  profile: { type: 'string' },
  'expected-failures': { type: 'string' },
  strict: { type: 'boolean' },
  timeout: { type: 'string' },
  concurrency: { type: 'string' },
  'report-dir': { type: 'string' },
  format: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
} as const;

const list = (values: readonly string[] | undefined): string[] =>
  (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v.length > 0);

function positiveInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw usageError(`${flag} must be a positive whole number, not "${value}"`);
  return n;
}

/** Parses `run` arguments (without the `run` word). Throws a ConfigError on any usage mistake. */
export function parseRunArgs(argv: readonly string[]): RunArgs {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true; allowPositionals: true }>>['values'];
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true }));
  } catch (error) {
    // Node's first sentence names the problem; its advice about positionals does not apply (none are accepted).
    throw usageError((error as Error).message.split(/\.\s/)[0]!.replace(/\.$/, ''));
  }
  if (positionals.length > 0) {
    throw usageError(`unexpected argument "${positionals[0]}"`, 'Quote the server command: --stdio "node server.js --flag".');
  }
  const targets = [values.stdio !== undefined, values.url !== undefined, values.ws !== undefined].filter(Boolean).length;
  if (targets === 0) throw usageError('no target was given', 'Pass --stdio "<command line>", --url <url> or --ws <url>.');
  if (targets > 1) throw usageError('more than one target was given', 'Pass exactly one of --stdio, --url and --ws.');
  if (values.stdio !== undefined && values.stdio.trim() === '') throw usageError('--stdio is empty', 'Pass the command that starts the server.');
  const transport = values.transport ?? 'auto';
  if (!['auto', 'streamable-http', 'sse'].includes(transport)) throw usageError(`--transport must be auto, streamable-http or sse, not "${transport}"`);
  if (values.transport !== undefined && values.url === undefined) throw usageError('--transport applies to --url only');

  const env: Record<string, string> = {};
  for (const entry of values.env ?? []) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw usageError(`--env must be KEY=VALUE, not "${entry.includes('=') ? entry : `${entry.slice(0, 20)}…`}"`);
    env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  const headers: Record<string, string> = {};
  for (const entry of values.header ?? []) {
    const colon = entry.indexOf(':');
    if (colon <= 0) throw usageError(`--header must be "Name: value" (the value is not shown here)`);
    headers[entry.slice(0, colon).trim()] = entry.slice(colon + 1).trim();
  }

  const version = values['protocol-version'] ?? 'all';
  if (version !== 'all' && version !== 'latest' && !isProtocolVersion(version)) {
    throw usageError(`--protocol-version must be one of ${PROTOCOL_VERSIONS.join(', ')}, all or latest, not "${version}"`);
  }
  const formats = values.format === undefined ? [...DEFAULT_REPORT_FORMATS] : list([values.format]);
  for (const format of formats) {
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw usageError(`--format accepts ${REPORT_FORMATS.join(', ')}, not "${format}"`);
  }
  if (formats.length === 0 && !values.json) throw usageError('--format names no format');

  return {
    target:
      values.stdio !== undefined
        ? { kind: 'stdio', command: values.stdio }
        : values.url !== undefined
          ? { kind: 'url', url: values.url, transport: transport as 'auto' | 'streamable-http' | 'sse' }
          : { kind: 'ws', url: values.ws! },
    env,
    headers,
    protocolVersion: version as VersionChoice,
    suites: list(values.suite),
    checks: list(values.check),
    skip: list(values.skip),
    ...(values.profile === undefined ? {} : { profile: values.profile }),
    ...(values['expected-failures'] === undefined ? {} : { expectedFailures: values['expected-failures'] }),
    strict: values.strict === true,
    ...(values.timeout === undefined ? {} : { timeoutMs: positiveInteger(values.timeout, '--timeout')! }),
    ...(values.concurrency === undefined ? {} : { concurrency: positiveInteger(values.concurrency, '--concurrency')! }),
    reportDir: values['report-dir'] ?? DEFAULT_REPORT_DIR,
    formats: [...new Set(formats)] as ReportFormat[],
    json: values.json === true,
    quiet: values.quiet === true,
  };
}
