import { describe, expect, it } from 'vitest';
import type { CliIo } from './io.js';
import { runCli } from './main.js';

function memoryIo(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', cwd: process.cwd(), isTty: false, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

describe('runCli', () => {
  it.each([[['--help']], [['-h']], [['run', '--help']], [['--stdio', 'x', '--help']]])('prints the help for %j, exit 0', async (argv) => {
    const io = memoryIo();
    expect(await runCli(argv, io)).toBe(0);
    expect(io.out).toContain('Usage:');
  });

  it('lists the checks as JSON', async () => {
    const io = memoryIo();
    expect(await runCli(['list', '--json'], io)).toBe(0);
    expect((JSON.parse(io.out) as Array<{ id: string }>).some((c) => c.id === 'ping/responds-empty')).toBe(true);
  });

  it('refuses an unknown list option with exit 2', async () => {
    const io = memoryIo();
    expect(await runCli(['list', '--xml'], io)).toBe(2);
    expect(io.err).toBe("[mcp-conform] Failed to read the command line: Unknown option '--xml'. Run `mcp-conform --help` for the options.\n");
  });
});
