import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from './checks/index.js';
import { defineCheck } from './define-check.js';
import { REQUIREMENTS } from './requirements.js';

const base = { title: 't', level: 'MUST' as const, spec: 'https://example.test', run: async () => undefined };

describe('defineCheck', () => {
  it('throws for a requirement id that is not in the catalogue', () => {
    expect(() => defineCheck({ ...base, id: 'a/b', requirements: ['no.such.requirement'] })).toThrow(
      '[mcp-conform] Failed to define the check "a/b": the requirement "no.such.requirement" is not in the catalogue. Use an id from CATALOGUE.md (src/conformance/requirements.ts).',
    );
  });

  it('throws for an id that is not <suite>/<behaviour> in kebab-case, and for no requirement', () => {
    expect(() => defineCheck({ ...base, id: 'Bad_Id', requirements: ['ping.respond-empty'] })).toThrow(/its id is not <suite>\/<behaviour> in kebab-case/);
    expect(() => defineCheck({ ...base, id: 'a/b', requirements: [] })).toThrow(/it names no requirement/);
  });

  it('fills defaults: every version and transport, an initialized fresh session, per-version runs', () => {
    const check = defineCheck({ ...base, id: 'suite/behaviour', requirements: ['ping.respond-empty'] });
    expect(check).toMatchObject({ suite: 'suite', session: 'initialized', matrix: 'per-version', observesSession: false });
    expect(check.versions).toHaveLength(5);
  });
});

describe('the built-in checks', () => {
  it('have unique ids, cite catalogue requirements and link the specification', () => {
    expect(new Set(ALL_CHECKS.map((c) => c.id)).size).toBe(ALL_CHECKS.length);
    const ids = new Set(REQUIREMENTS.map((r) => r.id));
    for (const check of ALL_CHECKS) {
      for (const requirement of check.requirements) expect(ids.has(requirement), `${check.id} cites ${requirement}`).toBe(true);
      expect(check.spec).toMatch(/^https:\/\/(modelcontextprotocol\.io\/specification\/|www\.jsonrpc\.org\/specification)/);
    }
  });
});

describe('the requirements data', () => {
  it('holds every catalogue row with parsed versions', () => {
    expect(REQUIREMENTS).toHaveLength(467);
    for (const r of REQUIREMENTS) expect(r.versions.length, r.id).toBeGreaterThan(0);
    expect(REQUIREMENTS.find((r) => r.id === 'jsonrpc.batch.receive')?.versions).toEqual(['2025-03-26']);
    expect(REQUIREMENTS.find((r) => r.id === 'lifecycle.init.result-shape')?.versions).toEqual(['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25']);
  });
});
