import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_NODE_COMPILE_CACHE_DIR, createStdioTarget, type StdioTargetOptions } from './stdio-target.js';

/** A "server" that writes its compile-cache variables as one notification and exits. */
const SCRIPT =
  "process.stdout.write(JSON.stringify({jsonrpc:'2.0',method:'env',params:{cache:process.env.NODE_COMPILE_CACHE??null,off:process.env.NODE_DISABLE_COMPILE_CACHE??null}})+'\\n')";

async function serverEnv(options: Omit<StdioTargetOptions, 'command'>): Promise<{ cache: string | null; off: string | null }> {
  const target = createStdioTarget({ command: `${JSON.stringify(process.execPath)} -e ${JSON.stringify(SCRIPT)}`, ...options });
  const transport = target.createTransport();
  const got = new Promise<{ cache: string | null; off: string | null }>((resolve) => {
    transport.onmessage = (message) => resolve((message as unknown as { params: { cache: string | null; off: string | null } }).params);
  });
  await transport.start();
  try {
    return await got;
  } finally {
    await transport.close();
  }
}

describe('the stdio target', () => {
  // Whatever the environment the tests run in: neither variable set, unless a test sets it.
  beforeEach(() => {
    vi.stubEnv('NODE_COMPILE_CACHE', undefined);
    vi.stubEnv('NODE_DISABLE_COMPILE_CACHE', undefined);
  });
  afterEach(() => void vi.unstubAllEnvs());

  it("gives the servers it starts Node's compile cache, in the temporary directory by default", async () => {
    expect(await serverEnv({})).toEqual({ cache: DEFAULT_NODE_COMPILE_CACHE_DIR, off: null });
    expect(await serverEnv({ nodeCompileCache: '/tmp/mcp-conform-test-cache' })).toEqual({ cache: '/tmp/mcp-conform-test-cache', off: null });
  });

  it('leaves the environment alone when told to, or when the user set either variable (with --env or in its own environment)', async () => {
    expect(await serverEnv({ nodeCompileCache: false })).toEqual({ cache: null, off: null });
    expect(await serverEnv({ env: { NODE_COMPILE_CACHE: '/tmp/mine' } })).toEqual({ cache: '/tmp/mine', off: null });
    expect(await serverEnv({ env: { NODE_DISABLE_COMPILE_CACHE: '1' } })).toEqual({ cache: null, off: '1' });
    vi.stubEnv('NODE_COMPILE_CACHE', '/tmp/inherited');
    expect(await serverEnv({})).toEqual({ cache: '/tmp/inherited', off: null });
  });

  it('keeps the cache directory out of the secrets it redacts (only --env values are secret)', () => {
    expect(createStdioTarget({ command: 'server', env: { TOKEN: 'abc' } }).secrets).toEqual(['abc']);
  });
});
