import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  CallToolResultSchema,
  CancelledNotificationParamsSchema,
  ContentBlockSchema,
  DiscoverResultSchema,
  ElicitRequestParamsSchema,
  ElicitResultSchema,
  InputRequiredResultSchema,
  ListToolsResultSchema,
  LoggingLevelSchema,
  RequestMetaSchema,
  ToolSchema,
  UnsupportedProtocolVersionErrorDataSchema,
} from './loose.js';
import type { CallToolResult, ContentBlock, DiscoverResult, Tool } from './loose.js';
import { LOGGING_LEVELS } from './base.js';
import { META_KEYS } from './meta.js';
import { isValidMetaKey } from './meta-keys.js';
import { schemasOf } from './registry.js';

describe('loose schemas accept every released version’s shape', () => {
  it('takes results with and without resultType, and structuredContent of any JSON type', () => {
    for (const result of [
      { content: [] },
      { resultType: 'complete', content: [], structuredContent: { a: 1 } },
      { content: [], structuredContent: [1, 'two'] },
      { content: [], structuredContent: null },
    ]) {
      expect(CallToolResultSchema.safeParse(result).success).toBe(true);
    }
  });

  it('keeps unknown fields', () => {
    const tool = { name: 't', inputSchema: { type: 'object', additionalProperties: false }, vendorField: { x: 1 } };
    expect(ToolSchema.parse(tool)).toEqual(tool);
  });

  it('takes a 2026-07-28 output schema without type and boolean property schemas', () => {
    expect(ToolSchema.safeParse({ name: 't', inputSchema: { type: 'object', properties: { a: true } }, outputSchema: { oneOf: [] } }).success).toBe(true);
    expect(schemasOf('2025-06-18').Tool.safeParse({ name: 't', inputSchema: { type: 'object' }, outputSchema: { oneOf: [] } }).success).toBe(false);
  });

  it('takes URL elicitation with or without elicitationId (2025-11-25 has it, 2026-07-28 does not)', () => {
    const url = { mode: 'url', message: 'Log in', url: 'https://example.com/login' };
    expect(ElicitRequestParamsSchema.safeParse(url).success).toBe(true);
    expect(schemasOf('2025-11-25').ElicitRequestParams.safeParse(url).success).toBe(false);
    expect(schemasOf('2026-07-28').ElicitRequestParams.safeParse(url).success).toBe(true);
  });

  it('takes a fractional number in elicitation content (schema.ts: `string | number | boolean`)', () => {
    expect(ElicitResultSchema.safeParse({ action: 'accept', content: { price: 9.5 } }).success).toBe(true);
    expect(schemasOf('2025-06-18').ElicitResult.safeParse({ action: 'accept', content: { price: 9.5, tags: ['a'] } }).success).toBe(false);
    expect(schemasOf('2025-11-25').ElicitResult.safeParse({ action: 'accept', content: { price: 9.5, tags: ['a'] } }).success).toBe(true);
  });

  it('takes a cancellation without requestId (2025-11-25), which other versions require', () => {
    expect(CancelledNotificationParamsSchema.safeParse({ reason: 'x' }).success).toBe(true);
    expect(schemasOf('2025-06-18').CancelledNotificationParams.safeParse({ reason: 'x' }).success).toBe(false);
  });

  it('does not check string formats, which the strict schemas do', () => {
    const link = { type: 'resource_link', uri: 'not a uri', name: 'x' };
    expect(ContentBlockSchema.safeParse(link).success).toBe(true);
    expect(schemasOf('2025-06-18').ContentBlock.safeParse(link).success).toBe(false);
  });

  it('leaves the 2026-07-28 request _meta keys optional, which strict 2026-07-28 requires', () => {
    expect(RequestMetaSchema.safeParse({}).success).toBe(true);
    expect(schemasOf('2026-07-28').RequestMeta.safeParse({}).success).toBe(false);
    expect(
      schemasOf('2026-07-28').RequestMeta.safeParse({ [META_KEYS.protocolVersion]: '2026-07-28', [META_KEYS.clientCapabilities]: {} }).success,
    ).toBe(true);
  });

  it('takes a list without caching hints, which strict 2026-07-28 requires', () => {
    expect(ListToolsResultSchema.safeParse({ tools: [] }).success).toBe(true);
    expect(schemasOf('2026-07-28').ListToolsResult.safeParse({ tools: [], resultType: 'complete' }).success).toBe(false);
  });
});

describe('stateless (2026-07-28) schemas', () => {
  it('reads a discover result; server info rides in _meta', () => {
    const discover: DiscoverResult = DiscoverResultSchema.parse({
      resultType: 'complete',
      supportedVersions: ['2026-07-28'],
      capabilities: { tools: {} },
      ttlMs: 0,
      cacheScope: 'public',
      _meta: { [META_KEYS.serverInfo]: { name: 's', version: '1' } },
    });
    expect(discover._meta?.[META_KEYS.serverInfo]?.name).toBe('s');
  });

  it('requires inputRequests or requestState in an input-required result', () => {
    expect(InputRequiredResultSchema.safeParse({ resultType: 'input_required' }).success).toBe(false);
    expect(InputRequiredResultSchema.safeParse({ resultType: 'input_required', requestState: 's' }).success).toBe(true);
    expect(
      InputRequiredResultSchema.safeParse({ resultType: 'input_required', inputRequests: { a: { method: 'roots/list' } } }).success,
    ).toBe(true);
    expect(
      InputRequiredResultSchema.safeParse({ resultType: 'input_required', inputRequests: { a: { method: 'tools/call' } } }).success,
    ).toBe(false);
  });

  it('reads the data of an unsupported-version error', () => {
    expect(UnsupportedProtocolVersionErrorDataSchema.parse({ supported: ['2026-07-28'], requested: '2099-01-01' })).toEqual({
      supported: ['2026-07-28'],
      requested: '2099-01-01',
    });
  });

  it('names the reserved _meta keys', () => {
    expect(Object.values(META_KEYS)).toEqual([
      'io.modelcontextprotocol/protocolVersion',
      'io.modelcontextprotocol/clientCapabilities',
      'io.modelcontextprotocol/clientInfo',
      'io.modelcontextprotocol/logLevel',
      'io.modelcontextprotocol/serverInfo',
      'io.modelcontextprotocol/subscriptionId',
    ]);
  });
});

describe('logging levels', () => {
  it('are ordered from least to most severe (RFC 5424)', () => {
    expect(LOGGING_LEVELS).toEqual(['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency']);
    expect(LoggingLevelSchema.safeParse('fatal').success).toBe(false);
  });
});

describe('inferred types', () => {
  it('are the loose shapes', () => {
    expectTypeOf<Tool['inputSchema']['type']>().toEqualTypeOf<'object'>();
    expectTypeOf<CallToolResult['resultType']>().toEqualTypeOf<'complete' | undefined>();
    expectTypeOf<ContentBlock['type']>().toEqualTypeOf<'text' | 'image' | 'audio' | 'resource_link' | 'resource'>();
    expectTypeOf<DiscoverResult['cacheScope']>().toEqualTypeOf<'public' | 'private' | undefined>();
  });
});

describe('_meta key naming (2025-06-18 and later)', () => {
  it.each([
    ['progressToken', true],
    ['io.modelcontextprotocol/protocolVersion', true],
    ['com.example.mcp/trace-id', true],
    ['traceparent', true],
    ['example/', true],
    ['', true],
    ['my key', false],
    ['-leading', false],
    ['1com.example/x', false],
    ['com..example/x', false],
    ['trailing_', false],
  ])('judges %j as %s', (key, valid) => {
    expect(isValidMetaKey(key)).toBe(valid);
  });

  it('is checked by the strict schemas from 2025-06-18 and not by the loose ones or older versions', () => {
    const result = { content: [], _meta: { 'bad key': 1 } };
    expect(CallToolResultSchema.safeParse(result).success).toBe(true);
    expect(schemasOf('2025-03-26').CallToolResult.safeParse(result).success).toBe(true);
    expect(schemasOf('2025-06-18').CallToolResult.safeParse(result).error?.issues).toEqual([
      expect.objectContaining({
        path: ['_meta', 'bad key'],
        message:
          'Invalid _meta key "bad key": expected an optional prefix (dot-separated labels, each starting with a letter, then "/") and a name that starts and ends with a letter or digit',
      }),
    ]);
  });
});
