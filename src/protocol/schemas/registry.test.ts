import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSIONS } from '../versions.js';
import { methodOf, methodsOf, notificationSchemaOf, requestSchemaOf, resultSchemaOf, schemasOf } from './registry.js';

const names = (version: (typeof PROTOCOL_VERSIONS)[number], direction: 'client-to-server' | 'server-to-client', kind: 'request' | 'notification') =>
  methodsOf(version)
    .filter((m) => m.direction === direction && m.kind === kind)
    .map((m) => m.method);

describe('the message registry', () => {
  it('has ping and initialize up to 2025-11-25, and server/discover only from 2026-07-28', () => {
    for (const version of PROTOCOL_VERSIONS) {
      const modern = version === '2026-07-28';
      expect(methodOf(version, 'ping', 'client-to-server') !== undefined).toBe(!modern);
      expect(methodOf(version, 'initialize') !== undefined).toBe(!modern);
      expect(methodOf(version, 'server/discover') !== undefined).toBe(modern);
    }
  });

  it('has no server-to-client requests in 2026-07-28 (they travel in InputRequiredResult)', () => {
    expect(names('2026-07-28', 'server-to-client', 'request')).toEqual([]);
    expect(names('2025-06-18', 'server-to-client', 'request')).toEqual(['ping', 'sampling/createMessage', 'roots/list', 'elicitation/create']);
    expect(names('2024-11-05', 'server-to-client', 'request')).toEqual(['ping', 'sampling/createMessage', 'roots/list']);
  });

  it('has the experimental tasks only in 2025-11-25, in both directions', () => {
    for (const version of PROTOCOL_VERSIONS) {
      const tasks = version === '2025-11-25';
      expect(methodOf(version, 'tasks/get', 'client-to-server') !== undefined).toBe(tasks);
      expect(methodOf(version, 'tasks/get', 'server-to-client') !== undefined).toBe(tasks);
    }
  });

  it('lets legacy list requests omit params, and requires them (for _meta) in 2026-07-28', () => {
    expect(requestSchemaOf('2025-11-25', 'tools/list')?.safeParse(undefined).success).toBe(true);
    expect(requestSchemaOf('2026-07-28', 'tools/list')?.safeParse(undefined).success).toBe(false);
  });

  it('returns nothing for a method the version does not define', () => {
    expect(requestSchemaOf('2026-07-28', 'logging/setLevel')).toBeUndefined();
    expect(resultSchemaOf('2024-11-05', 'elicitation/create')).toBeUndefined();
    expect(notificationSchemaOf('2026-07-28', 'notifications/roots/list_changed')).toBeUndefined();
    expect(notificationSchemaOf('2025-06-18', 'tools/list')).toBeUndefined();
  });

  it('knows which way a notification may go', () => {
    expect(notificationSchemaOf('2025-06-18', 'notifications/progress', 'client-to-server')).toBeDefined();
    expect(notificationSchemaOf('2026-07-28', 'notifications/progress', 'client-to-server')).toBeUndefined();
    expect(notificationSchemaOf('2026-07-28', 'notifications/progress', 'server-to-client')).toBeDefined();
  });

  it('builds each version’s schemas once', () => {
    expect(schemasOf('2025-06-18')).toBe(schemasOf('2025-06-18'));
    expect(schemasOf('2025-06-18')).not.toBe(schemasOf('2025-11-25'));
  });
});
