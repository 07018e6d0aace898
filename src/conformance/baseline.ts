/**
 * Baselines of expected failures: a listed check that fails passes the run; a listed check that no longer fails
 * makes the run fail as stale, so baselines burn down. The format is the official conformance suite's
 * (`server: [ids]`), also accepted as a plain list; an entry is a check id, optionally `id@<protocol version>`.
 * @see https://github.com/modelcontextprotocol/conformance#expected-failures
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { ConfigError, formatMessage } from '../protocol/errors.js';
import type { CheckResult } from './run-report.js';

/** A parsed baseline: entries as written. */
export interface Baseline {
  entries: string[];
}

/**
 * The YAML parser, loaded on first use: a run without a baseline (most runs) does not load its 72 modules, which took
 * about 40 ms of every start of the CLI.
 */
let yamlParse: ((text: string) => unknown) | undefined;
const parseYaml = (text: string): unknown => {
  yamlParse ??= (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse;
  return yamlParse(text);
};

/** Reads a baseline YAML text. */
export function parseBaseline(text: string, source = 'the expected-failures file'): Baseline {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new ConfigError(formatMessage(`read ${source}`, `it is not YAML (${(error as Error).message})`, 'Fix the file.'));
  }
  const list = value === null || value === undefined ? [] : Array.isArray(value) ? value : (value as Record<string, unknown>).server;
  if (!Array.isArray(list) || !list.every((e) => typeof e === 'string')) {
    throw new ConfigError(
      formatMessage(`read ${source}`, 'it must be a list of check ids, or a mapping with a "server" list', 'Example: "server:\\n  - jsonrpc/unknown-method".'),
    );
  }
  return { entries: list as string[] };
}

/** Reads a baseline file. */
export async function loadBaseline(path: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(formatMessage(`read the expected-failures file ${path}`, (error as Error).message, 'Check the path.'));
  }
  return parseBaseline(text, `the expected-failures file ${path}`);
}

const matches = (entry: string, result: CheckResult): boolean => {
  const [id, version] = entry.split('@');
  return id === result.id && (version === undefined || version === result.protocolVersion);
};

/**
 * Marks results the baseline expects to fail (`expected: 'failure'`) and those it lists that did not fail
 * (`expected: 'stale'`); returns the marked results and the stale entries. Warnings count as failures for a baseline
 * (so `--strict` runs can baseline them); skipped results, and checks that did not run, neither match nor make an entry
 * stale.
 */
export function applyBaseline(results: readonly CheckResult[], baseline: Baseline): { results: CheckResult[]; stale: string[] } {
  const stale: string[] = [];
  const marked = results.map((r) => ({ ...r }));
  for (const entry of baseline.entries) {
    const hits = marked.filter((r) => matches(entry, r) && r.status !== 'skipped');
    const failing = hits.filter((r) => r.status === 'failed' || r.status === 'errored' || r.status === 'warned');
    for (const r of failing) r.expected = 'failure';
    const passing = hits.filter((r) => r.status === 'passed');
    for (const r of passing) r.expected = 'stale';
    // Stale: the listed check ran and no longer fails. (A check filtered out of this run says nothing.)
    if (hits.length > 0 && failing.length === 0) stale.push(entry);
  }
  return { results: marked, stale };
}
