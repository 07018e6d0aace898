/**
 * The command line that serves a mock file over stdio, for any client under test (the SDK's
 * `StdioClientTransport`, our client, a client in another language).
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { formatMessage } from '../protocol/errors.js';

/** A spawnable command. */
export interface MockCommand {
  command: string;
  args: string[];
}

/**
 * `{ command, args }` that serve `file` (or `everything`) over stdio with this Node (`process.execPath`). TypeScript
 * files, and this package run from source, are loaded through tsx.
 * @example const transport = new StdioClientTransport(mockServerCommand('test/fixtures/echo.ts'));
 */
export function mockServerCommand(file: string): MockCommand {
  const fromSource = import.meta.url.endsWith('.ts');
  const runner = fileURLToPath(new URL(fromSource ? './stdio-main.ts' : './stdio-main.js', import.meta.url));
  const target = file === 'everything' ? file : resolve(file);
  const needsTsx = fromSource || /\.[mc]?tsx?$/.test(target);
  const tsx = needsTsx ? resolveTsx() : undefined;
  if (tsx === undefined) {
    if (fromSource) throw new Error(formatMessage('build the mock server command', 'tsx is not installed and this package runs from source', 'Install tsx.'));
    // Node ≥ 22.18 strips types by itself; the runner registers tsx when it can find it.
    return { command: process.execPath, args: [runner, target] };
  }
  return { command: process.execPath, args: ['--import', tsx, runner, target] };
}

function resolveTsx(): string | undefined {
  try {
    return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  } catch {
    return undefined;
  }
}
