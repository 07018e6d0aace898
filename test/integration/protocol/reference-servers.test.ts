/**
 * The reference servers, checked with our strict schemas and with the official JSON Schema: for every message a
 * server sends, we and the official schema agree on whether it is valid, and the messages we flag are exactly the
 * known deviations listed here.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { validateMessage } from '../../../src/protocol/index.js';
import type { ProtocolVersion } from '../../../src/protocol/index.js';
import { HAS_SPEC, SPEC_ROOT, officialErrorsOf } from './official-schema.js';
import { startStdioPeer } from './stdio-peer.js';
import type { StdioPeer } from './stdio-peer.js';

const script = (name: string) => fileURLToPath(import.meta.resolve(`@modelcontextprotocol/${name}/dist/index.js`));
const scratch = mkdtempSync(join(tmpdir(), 'mcp-conform-protocol-'));
writeFileSync(join(scratch, 'note.txt'), 'hello\n');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface ReferenceServer {
  name: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  versions: ProtocolVersion[];
  /** What the test asks the server, after the handshake. */
  exercise(peer: StdioPeer): Promise<void>;
}

const SERVERS: ReferenceServer[] = [
  {
    name: 'server-everything',
    args: ['stdio'],
    versions: ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'],
    async exercise(peer) {
      const prompts = (await peer.request('prompts/list')).result as { prompts: { name: string; arguments?: { name: string }[] }[] };
      for (const prompt of prompts.prompts) {
        const args = Object.fromEntries((prompt.arguments ?? []).map((a) => [a.name, 'x']));
        await peer.request('prompts/get', { name: prompt.name, arguments: args });
      }
      await peer.request('resources/list');
      await peer.request('resources/templates/list');
      await peer.request('resources/read', { uri: 'demo://resource/static/document/architecture.md' });
      await peer.request('completion/complete', { ref: { type: 'ref/prompt', name: 'completable-prompt' }, argument: { name: 'department', value: 'E' } });
      await peer.request('ping');
      for (const [name, args] of [
        ['echo', { message: 'hi' }],
        ['get-sum', { a: 1, b: 2.5 }],
        ['get-tiny-image', {}],
        ['get-annotated-message', { messageType: 'error', includeImage: true }],
        ['get-resource-links', { count: 2 }],
        ['get-resource-reference', { resourceType: 'Blob', resourceId: 2 }],
        ['get-structured-content', { location: 'Chicago' }],
        ['echo', {}],
      ] as const) {
        await peer.request('tools/call', { name, arguments: args });
      }
    },
  },
  {
    name: 'server-filesystem',
    args: [scratch],
    versions: ['2024-11-05', '2025-11-25'],
    async exercise(peer) {
      await peer.request('tools/call', { name: 'list_allowed_directories', arguments: {} });
      await peer.request('tools/call', { name: 'read_text_file', arguments: { path: join(scratch, 'note.txt') } });
      await peer.request('tools/call', { name: 'read_text_file', arguments: { path: '/etc/passwd' } });
      await peer.request('tools/call', { name: 'directory_tree', arguments: { path: scratch } });
    },
  },
  {
    name: 'server-memory',
    args: [],
    env: { ...process.env, MEMORY_FILE_PATH: join(scratch, 'memory.jsonl') },
    versions: ['2024-11-05', '2025-11-25'],
    async exercise(peer) {
      await peer.request('tools/call', { name: 'read_graph', arguments: {} });
      await peer.request('tools/call', { name: 'search_nodes', arguments: { query: 'nothing' } });
    },
  },
];

/**
 * Known deviations: server-everything's `get-resource-links` returns `resource_link` content, which only exists
 * from 2025-06-18, to clients that negotiated an older version.
 */
const KNOWN_DEVIATIONS: Record<string, string[]> = {
  'server-everything 2024-11-05': ['tools/call result.content[1].type', 'tools/call result.content[2].type'],
  'server-everything 2025-03-26': ['tools/call result.content[1].type', 'tools/call result.content[2].type'],
};

const title = HAS_SPEC ? 'reference servers' : `reference servers (skipped: ${SPEC_ROOT} is absent)`;

describe.skipIf(!HAS_SPEC)(title, () => {
  describe.each(SERVERS.flatMap((server) => server.versions.map((version) => [`${server.name} ${version}`, server, version] as const)))(
    '%s',
    (key, server, version) => {
      it('sends only messages that both we and the official schema judge alike, and only the known deviations', async () => {
        await using peer = startStdioPeer(script(server.name), server.args, server.env);
        const init = await peer.request('initialize', {
          protocolVersion: version,
          capabilities: {},
          clientInfo: { name: 'mcp-conform-protocol-test', version: '0.0.0' },
        });
        expect((init.result as { protocolVersion?: string }).protocolVersion).toBe(version);
        peer.notify('notifications/initialized');
        await peer.request('tools/list');
        await server.exercise(peer);
        const flagged: string[] = [];
        for (const { message, requestMethod } of peer.received) {
          const options = requestMethod === undefined ? { direction: 'server-to-client' as const } : { direction: 'server-to-client' as const, requestMethod };
          const ours = validateMessage(version, message, options);
          const official = officialErrorsOf(version, 'server-to-client', message, requestMethod);
          expect({ message, ours: ours.valid, official: official.length === 0 }).toMatchObject({ ours: official.length === 0 });
          expect(ours.unknownMethod).toBe(false);
          for (const issue of ours.issues) flagged.push(`${requestMethod ?? ours.method} ${issue.path}`);
        }
        expect(flagged).toEqual(KNOWN_DEVIATIONS[key] ?? []);
        expect(peer.received.length).toBeGreaterThan(3);
      }, 30_000);
    },
  );
});

