import { describe, expect, it } from 'vitest';
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
  it("gives the servers it starts Node's compile cache, in the temporary directory by default", async () => {
    const inherited = process.env.NODE_COMPILE_CACHE ?? process.env.NODE_DISABLE_COMPILE_CACHE;
    expect(await serverEnv({})).toEqual(inherited ? expect.anything() : { cache: DEFAULT_NODE_COMPILE_CACHE_DIR, off: null });
    expect(await serverEnv({ nodeCompileCache: '/tmp/mcp-conform-test-cache' })).toEqual(inherited ? expect.anything() : { cache: '/tmp/mcp-conform-test-cache', off: null });
  });

  it('leaves the environment alone when told to, or when the user set either variable', async () => {
    expect((await serverEnv({ nodeCompileCache: false })).cache).toBe(process.env.NODE_COMPILE_CACHE ?? null);
    expect(await serverEnv({ env: { NODE_COMPILE_CACHE: '/tmp/mine' } })).toMatchObject({ cache: '/tmp/mine' });
    expect(await serverEnv({ env: { NODE_DISABLE_COMPILE_CACHE: '1' } })).toEqual({ cache: process.env.NODE_COMPILE_CACHE ?? null, off: '1' });
  });

  it('keeps the cache directory out of the secrets it redacts (only --env values are secret)', () => {
    expect(createStdioTarget({ command: 'server', env: { TOKEN: 'abc' } }).secrets).toEqual(['abc']);
  });
});
