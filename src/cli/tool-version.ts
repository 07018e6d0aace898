/** The version of mcp-conform, read from its package.json (two levels above both src/cli and dist/cli). */
import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The package version, e.g. `0.1.0`. */
export function toolVersion(): string {
  if (cached === undefined) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    cached = pkg.version;
  }
  return cached;
}
