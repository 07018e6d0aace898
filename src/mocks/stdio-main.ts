/**
 * The process entry that serves one mock over stdio: `node stdio-main.js <file|everything>`. Spawned by the
 * commands {@link mockServerCommand} gives, and by `mcp-conform mock --stdio`.
 */
import { loadMockServer } from './load-mock-server.js';
import { serveStdio } from './stdio.js';

const target = process.argv[2];
if (target === undefined) {
  process.stderr.write('[mcp-conform] Failed to start the mock server: no file given. Pass a mock file or "everything".\n');
  process.exit(2);
}
try {
  const server = await loadMockServer(target);
  const running = serveStdio(server);
  await running.closed;
  await server.close();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 2;
}
