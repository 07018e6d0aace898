/**
 * Loads a mock server from a file: a JS/TS module whose default (or `server`) export is a mock server or a function
 * that returns one, or a JSON file of declarative tools, resources, prompts and faults. `everything` names the
 * built-in mock.
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, formatMessage } from '../protocol/errors.js';
import { defineMockServer, type MockServer, type MockServerOptions } from './define-mock-server.js';
import { defineEverythingServer } from './everything.js';
import type { FaultHandler, FaultSpec } from './faults.js';

/** A fault written as data in a JSON fixture: the fault's fields plus its target. */
export type FaultJson = FaultSpec & { method?: string; name?: string; once?: boolean; times?: number };

/** The JSON fixture format: `defineMockServer` options without functions, with `faults` as data. */
export type MockServerJson = Omit<MockServerOptions, 'handlers' | 'faults' | 'onUnhandledMethod' | 'capabilities'> & {
  capabilities?: Record<string, unknown>;
  faults?: FaultJson[];
};

/** Whether a value is a mock server. */
export function isMockServer(value: unknown): value is MockServer {
  return typeof value === 'object' && value !== null && 'createSession' in value && 'use' in value;
}

/** Turns JSON fault entries into fault handlers. */
export function faultsFromJson(entries: FaultJson[]): FaultHandler[] {
  return entries.map(({ method = '*', name, once, times, ...spec }) => {
    const options: FaultHandler['options'] = {};
    if (once !== undefined) options.once = once;
    if (times !== undefined) options.times = times;
    return { kind: 'fault', method, name, fault: spec as FaultSpec, options };
  });
}

/**
 * Loads `everything`, a `.json` fixture, or a module (`.js`, `.mjs`, `.ts`, `.mts`; TypeScript needs tsx loaded).
 * @example const server = await loadMockServer('test/fixtures/slow-tool.ts');
 */
export async function loadMockServer(target: string): Promise<MockServer> {
  if (target === 'everything') return defineEverythingServer();
  const path = resolve(target);
  if (extname(path) === '.json') {
    let json: MockServerJson;
    try {
      json = JSON.parse(await readFile(path, 'utf8')) as MockServerJson;
    } catch (error) {
      throw new ConfigError(formatMessage(`load the mock server ${target}`, (error as Error).message, 'Check that the file exists and is JSON.'), { cause: error });
    }
    const { faults, ...options } = json;
    return defineMockServer({ ...options, faults: faultsFromJson(faults ?? []) });
  }
  if (/\.[mc]?tsx?$/.test(path)) await registerTypeScriptLoader();
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(formatMessage(`load the mock server ${target}`, (error as Error).message, 'Check the path; TypeScript files need tsx.'), { cause: error });
  }
  let exported = module.default ?? module.server;
  if (typeof exported === 'function') exported = await (exported as () => unknown)();
  if (!isMockServer(exported)) {
    throw new ConfigError(
      formatMessage(`load the mock server ${target}`, 'its default export is not a mock server', 'Export defineMockServer({...}) as default (or a function returning it).'),
    );
  }
  return exported;
}

let typeScriptLoader: Promise<void> | undefined;

/**
 * Loads TypeScript mock files through tsx when it is installed (it maps `./x.js` imports to `./x.ts`, as TypeScript
 * projects write them); without it, Node's own type stripping loads files that import packages only.
 */
function registerTypeScriptLoader(): Promise<void> {
  typeScriptLoader ??= (async () => {
    try {
      const api = (await import('tsx/esm/api')) as { register: () => unknown };
      api.register();
    } catch {
      // tsx is optional: Node ≥ 22.18 strips types by itself.
    }
  })();
  return typeScriptLoader;
}
