import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/** ARCHITECTURE.md: which layer may import which. Unit tests beside the source follow the same rule. */
const ALLOWED: Record<string, readonly string[]> = {
  protocol: [],
  client: ['protocol'],
  mocks: ['protocol'],
  conformance: ['protocol', 'client', 'mocks'],
  report: ['conformance'],
  vitest: ['conformance', 'mocks', 'protocol'],
  cli: ['protocol', 'client', 'mocks', 'conformance', 'report', 'vitest'],
  /** The root entry (`src/index.ts`): the public API, never the CLI and never an optional peer. */
  'index.ts': ['protocol', 'client', 'mocks', 'conformance', 'report'],
};

/** Optional peer dependencies: only their own subpath modules may import them. */
const OPTIONAL_PEERS = ['msw', 'mock-socket', 'vitest'];

const SRC = join(import.meta.dirname, '..', '..', 'src');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const pattern = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const match of source.matchAll(pattern)) specifiers.push((match[1] ?? match[2])!);
  return specifiers;
}

const files = walk(SRC).filter((file) => !file.endsWith('.test.ts'));

describe('layering (ARCHITECTURE.md)', () => {
  it.each(files.map((file) => [relative(SRC, file), file]))('%s imports only what its layer may', (_name, file) => {
    const layer = relative(SRC, file).split(sep)[0]!;
    const allowed = ALLOWED[layer];
    const violations: string[] = [];
    for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      const target = relative(SRC, join(file, '..', specifier)).split(sep)[0]!;
      if (target === layer || !(target in ALLOWED)) continue;
      if (!allowed?.includes(target)) violations.push(`${specifier} (${layer} → ${target})`);
    }
    expect(violations).toEqual([]);
  });

  it('keeps optional peers (msw, mock-socket, vitest) out of every module but their own adapters', () => {
    const offenders = files.filter((file) => {
      const rel = relative(SRC, file);
      const mayUse = /(^|\/)(msw|mock-socket)[^/]*\.ts$/.test(rel) || rel.startsWith(`vitest${sep}`);
      return !mayUse && importsOf(readFileSync(file, 'utf8')).some((s) => OPTIONAL_PEERS.some((p) => s === p || s.startsWith(`${p}/`)));
    });
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });
});
