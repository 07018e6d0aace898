import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** Loads a built entry in a fresh Node process and lists which optional peers it pulled in. */
function peersLoadedBy(specifier: string): string[] {
  const probe = `
    const loaded = new Set();
    const { registerHooks } = await import('node:module');
    registerHooks({ resolve(spec, ctx, next) { const r = next(spec, ctx); loaded.add(r.url); return r; } });
    const mod = await import(${JSON.stringify(specifier)});
    if (Object.keys(mod).length === 0) throw new Error('empty entry');
    console.log(JSON.stringify([...loaded].filter((u) => /node_modules\\/(msw|mock-socket|vitest)\\//.test(u))));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as string[];
}

describe('the package entries (ARCHITECTURE.md: optional peers only through their own subpaths)', () => {
  it.each(['mcp-conform', 'mcp-conform/protocol', 'mcp-conform/client', 'mcp-conform/mocks', 'mcp-conform/conformance', 'mcp-conform/report'])(
    '%s loads without msw, mock-socket or vitest',
    (specifier) => {
      expect(peersLoadedBy(specifier)).toEqual([]);
    },
  );

  it('mcp-conform/mocks/msw is where msw comes in', () => {
    expect(peersLoadedBy('mcp-conform/mocks/msw').some((u) => u.includes('/msw/'))).toBe(true);
  });
});
