import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const CATALOGUE = join(ROOT, '..', 'shared', 'spec', 'CATALOGUE.md');

describe('src/conformance/requirements.ts', () => {
  it.skipIf(!existsSync(CATALOGUE))('is what scripts/generate-requirements.ts makes of the catalogue (skipped without ../shared/spec)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcp-conform-requirements-'));
    try {
      const out = join(dir, 'requirements.ts');
      const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
      await new Promise<void>((done, fail) =>
        execFile(process.execPath, [tsx, join(ROOT, 'scripts', 'generate-requirements.ts'), CATALOGUE, out], { timeout: 60_000 }, (error) => (error ? fail(error) : done())),
      );
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(ROOT, 'src', 'conformance', 'requirements.ts'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
