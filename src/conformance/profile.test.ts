import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../protocol/errors.js';
import { loadProfile, parseProfile } from './profile.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples', 'profiles');

describe('the example profiles', () => {
  it('all parse, and the server-everything one names its echoing tool and a call that changes the resources', async () => {
    const files = (await readdir(EXAMPLES)).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) await loadProfile(join(EXAMPLES, file));
    const everything = await loadProfile(join(EXAMPLES, 'server-everything.json'));
    expect(everything.echo).toEqual({ tool: 'echo', argument: 'message' });
    expect(everything.listChanged?.resources?.tool).toBe('gzip-file-as-resource');
  });
});

describe('profile fields echo and listChanged', () => {
  it('accepts an echoing tool and calls that change lists', () => {
    const profile = parseProfile({
      echo: { tool: 'echo', argument: 'message', arguments: { loud: false } },
      listChanged: { resources: { tool: 'gzip-file-as-resource', arguments: { name: 'a.gz' } }, tools: { tool: 'add-tool' } },
    });
    expect(profile.echo).toEqual({ tool: 'echo', argument: 'message', arguments: { loud: false } });
    expect(profile.listChanged?.resources?.tool).toBe('gzip-file-as-resource');
    expect(profile.listChanged?.prompts).toBeUndefined();
  });

  it('says which field is wrong and how to fix it', () => {
    expect(() => parseProfile({ echo: { tool: 'echo' } }, 'the profile p.json')).toThrow(
      '[mcp-conform] Failed to read the profile p.json: Invalid input: expected string, received undefined at echo.argument. See ARCHITECTURE.md "Profiles" for the format.',
    );
  });

  it.each([
    [{ echo: { tool: 'echo' } }, 'at echo.argument'],
    [{ echo: { tool: 'echo', argument: '' } }, 'at echo.argument'],
    [{ echo: { tool: 'echo', argument: 'message', argumnets: {} } }, 'at echo'],
    [{ echo: 'echo' }, 'at echo'],
    [{ listChanged: { tool: { tool: 'add-tool' } } }, 'at listChanged'],
    [{ listChanged: { tools: { arguments: {} } } }, 'at listChanged.tools.tool'],
    [{ listChanged: { prompts: [] } }, 'at listChanged.prompts'],
  ])('refuses %j with a ConfigError naming the field', (value, where) => {
    const attempt = () => parseProfile(value, 'the profile p.json');
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(where);
    expect(attempt).toThrow(/^\[mcp-conform\] Failed to read the profile p\.json: .* See ARCHITECTURE\.md "Profiles" for the format\.$/);
  });
});
