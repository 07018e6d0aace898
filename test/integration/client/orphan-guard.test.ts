import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const FIXTURES = join(import.meta.dirname, '../../fixtures/servers');

it('kills a server that is still running when the client process exits without closing it', async () => {
  // A client process that starts a SIGTERM-proof server, prints its pid and exits at once.
  const script = `
    import { StdioClientTransport } from ${JSON.stringify(join(import.meta.dirname, '../../../src/client/transports/stdio.ts'))};
    const transport = new StdioClientTransport({ command: process.execPath, args: [${JSON.stringify(join(FIXTURES, 'ignores-sigterm.mjs'))}] });
    await transport.start();
    console.log(transport.pid);
    process.exit(0);
  `;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  expect(run.status).toBe(0);
  const pid = Number(run.stdout.trim());
  expect(pid).toBeGreaterThan(0);
  try {
    // Its parent is gone, so whoever adopted it reaps it: until then it is a zombie ("Z"), which is dead all the same.
    await expect.poll(() => isDead(pid), { timeout: 2000 }).toBe(true);
  } finally {
    if (!isDead(pid)) process.kill(pid, 'SIGKILL');
  }
});

function isDead(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  }
}
