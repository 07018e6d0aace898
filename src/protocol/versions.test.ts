import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  PROTOCOL_FEATURES,
  PROTOCOL_VERSIONS,
  compareVersions,
  eraOf,
  isProtocolVersion,
  isVersionInRange,
  resourceNotFoundCode,
  schemaDefinitionsKey,
  supports,
  versionsWith,
} from './versions.js';
import type { ProtocolFeature, ProtocolVersion } from './versions.js';

const VERSIONS_MD = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'), '..', 'shared', 'spec', 'VERSIONS.md');
const HAS_VERSIONS_MD = existsSync(VERSIONS_MD);

/** The version-gate matrix of VERSIONS.md §1: row label → its five cells, oldest version first. */
function readMatrix(): Map<string, string[]> {
  const text = readFileSync(VERSIONS_MD, 'utf8');
  const section = text.slice(text.indexOf('## 1.'), text.indexOf('## 2.'));
  const rows = new Map<string, string[]>();
  for (const line of section.split('\n')) {
    if (!line.startsWith('| ') || line.startsWith('| Feature') || line.startsWith('|---')) continue;
    const cells = line.split(' | ').map((cell) => cell.replace(/^\| /, '').replace(/ \|$/, '').trim());
    rows.set(cells[0]!, cells.slice(1, 6));
  }
  return rows;
}

/** Gates whose matrix row uses plain ✓ (present) and —/✗ (absent) cells: the row's label starts with the text. */
const CLEAN_ROWS: [ProtocolFeature, string][] = [
  ['initialize', '`initialize` / `notifications/initialized` handshake'],
  ['discover', '`server/discover`'],
  ['resultType', '`resultType` required on every result'],
  ['batching', 'JSON-RPC batching'],
  ['errorIdOptional', 'Error response `id` optional'],
  ['ping', '`ping`'],
  ['progressMessage', 'Progress `message` field'],
  ['completionsCapability', '`completions` capability'],
  ['completionContext', '`completion/complete` `context.arguments`'],
  ['audioContent', 'Audio content'],
  ['toolAnnotations', 'Tool `annotations`'],
  ['structuredContent', '`outputSchema` / `structuredContent`'],
  ['resourceLinks', '`resource_link` content'],
  ['titles', '`title` on Implementation'],
  ['icons', '`icons`, `Implementation.description`'],
  ['jsonSchema2020', 'JSON Schema 2020-12 default dialect'],
  ['elicitation', 'Elicitation (`elicitation/create`)'],
  ['tasks', 'Tasks ('],
  ['toolNameRules', 'Tool-name guidance'],
  ['setLevel', '`logging/setLevel`'],
  ['resourceSubscribe', '`resources/subscribe`, `resources/unsubscribe`'],
  ['sessions', '`Mcp-Session-Id` sessions'],
  ['getStream', 'GET standalone SSE stream'],
  ['resumability', 'SSE resumability'],
  ['ssePolling', 'SSE polling'],
  ['methodHeaders', '`Mcp-Method` / `Mcp-Name`'],
  ['cachingHints', 'Caching hints'],
];

/**
 * Gates whose row says it in words: the expected versions, read off the row (quoted), oldest first.
 */
const WORDED_ROWS: [ProtocolFeature, string, boolean[], string][] = [
  ['serverRequests', 'Server→client requests', [true, true, true, true, false], 'JSON-RPC requests | same | same | same | ✗ as requests → MRTR'],
  ['inputRequired', 'Server→client requests', [false, false, false, false, true], '… | ✗ as requests → **MRTR** `InputRequiredResult.inputRequests`'],
  ['subscriptionsListen', '`resources/subscribe`, `resources/unsubscribe`', [false, false, false, false, true], '✗ (→ `subscriptions/listen`)'],
  ['stateless', '`initialize` / `notifications/initialized` handshake', [false, false, false, false, true], '✗ (per-request `_meta`)'],
  ['inputValidationIsToolError', 'Input-validation failure', [false, false, false, true, true], 'protocol error ×3 | tool execution error ×2'],
  ['urlElicitation', 'Elicitation (`elicitation/create`)', [false, false, false, true, true], '✓ form + **url** mode | ✓ via MRTR only'],
  ['streamableHttp', '**Streamable HTTP** single endpoint', [false, true, true, true, true], '— | POST+GET ×3 | **POST only**'],
  ['legacySse', '**HTTP+SSE**', [true, true, true, true, false], '✓ | deprecated ×3 | Deprecated under the lifecycle policy (a legacy-era transport)'],
  ['protocolVersionHeader', '`MCP-Protocol-Version` header', [false, false, true, true, true], '— | — | MUST (after init) | same | MUST on every POST'],
  ['origin403', 'Origin validation', [false, false, false, true, true], 'MUST ×3 | MUST + **403** | MUST + 403'],
  ['unknownMethodHttp404', 'Unknown method over HTTP', [false, false, false, false, true], '200 + -32601 ×4 | **404** + -32601'],
  ['disconnectIsCancel', 'Cancel on HTTP disconnect', [false, false, false, false, true], 'n/a | NOT a cancel | same | same | IS a cancel (MUST)'],
  ['cancelledBothDirections', '`notifications/cancelled`', [true, true, true, true, false], 'both ×4 | client→server on stdio only'],
];

function rowOf(matrix: Map<string, string[]>, labelStart: string): string[] {
  const entry = [...matrix].find(([label]) => label.startsWith(labelStart));
  if (!entry) throw new Error(`VERSIONS.md has no matrix row starting with ${labelStart}`);
  return entry[1];
}

function presence(cell: string): boolean {
  if (cell.startsWith('✓')) return true;
  if (cell.startsWith('—') || cell.startsWith('✗')) return false;
  throw new Error(`Not a plain ✓/—/✗ cell: ${cell}`);
}

const matrixTitle = HAS_VERSIONS_MD ? 'feature gates match VERSIONS.md' : `feature gates match VERSIONS.md (skipped: ${VERSIONS_MD} is absent)`;

describe.skipIf(!HAS_VERSIONS_MD)(matrixTitle, () => {
  it.each(CLEAN_ROWS)('%s matches the row "%s"', (feature, label) => {
    const cells = rowOf(readMatrix(), label);
    expect(PROTOCOL_VERSIONS.map((v) => supports(v, feature))).toEqual(cells.map(presence));
  });

  it.each(WORDED_ROWS)('%s matches the row "%s"', (feature, label, expected) => {
    rowOf(readMatrix(), label);
    expect(PROTOCOL_VERSIONS.map((v) => supports(v, feature))).toEqual(expected);
  });

  it('covers every feature gate', () => {
    const covered = new Set([...CLEAN_ROWS.map(([f]) => f), ...WORDED_ROWS.map(([f]) => f)]);
    expect(PROTOCOL_FEATURES.filter((f) => !covered.has(f))).toEqual([]);
  });
});

describe('versions', () => {
  it('orders versions oldest first and compares them', () => {
    expect([...PROTOCOL_VERSIONS].sort()).toEqual(PROTOCOL_VERSIONS);
    expect(compareVersions('2024-11-05', '2026-07-28')).toBeLessThan(0);
    expect(compareVersions('2025-06-18', '2025-06-18')).toBe(0);
    expect(isVersionInRange('2025-06-18', '2025-03-26', '2025-11-25')).toBe(true);
    expect(isVersionInRange('2026-07-28', '2025-03-26', '2025-11-25')).toBe(false);
  });

  it('recognises only released versions', () => {
    expect(isProtocolVersion('2025-11-25')).toBe(true);
    expect(isProtocolVersion('2024-10-07')).toBe(false);
    expect(isProtocolVersion(20241105)).toBe(false);
  });

  it('puts only 2026-07-28 in the modern era, with its not-found code and $defs', () => {
    const modern: ProtocolVersion[] = PROTOCOL_VERSIONS.filter((v) => eraOf(v) === 'modern');
    expect(modern).toEqual(['2026-07-28']);
    expect(PROTOCOL_VERSIONS.map(resourceNotFoundCode)).toEqual([-32002, -32002, -32002, -32002, -32602]);
    expect(PROTOCOL_VERSIONS.map(schemaDefinitionsKey)).toEqual(['definitions', 'definitions', 'definitions', '$defs', '$defs']);
  });

  it('lists the versions of a feature', () => {
    expect(versionsWith('batching')).toEqual(['2025-03-26']);
    expect(versionsWith('structuredContent')).toEqual(['2025-06-18', '2025-11-25', '2026-07-28']);
  });
});
