import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSIONS } from '../protocol/versions.js';
import { initialServerStarts, probeUnits, proposedVersions, wantsHandshakeProbe } from './server-plan.js';

describe('the run plan', () => {
  it('probes every released version for all and latest, one for a chosen version', () => {
    expect(proposedVersions('all')).toEqual([...PROTOCOL_VERSIONS]);
    expect(proposedVersions('latest')).toEqual([...PROTOCOL_VERSIONS]);
    expect(proposedVersions('2025-03-26')).toEqual(['2025-03-26']);
  });

  it('lets the 2026-07-28 probe share its process with the first initialize-era probe over stdio only', () => {
    const all = proposedVersions('all');
    expect(probeUnits('stdio', all)).toEqual([['2025-03-26'], ['2025-06-18'], ['2025-11-25'], ['2026-07-28', '2024-11-05']]);
    expect(probeUnits('streamable-http', all)).toHaveLength(5);
    expect(probeUnits('stdio', ['2026-07-28'])).toEqual([['2026-07-28']]);
  });

  it('opens the handshake probe over stdio when a check that judges it is selected and an initialize-era version is proposed', () => {
    expect(wantsHandshakeProbe('stdio', ['2025-11-25'], true)).toBe(true);
    expect(wantsHandshakeProbe('stdio', ['2025-11-25'], false)).toBe(false);
    expect(wantsHandshakeProbe('stdio', ['2026-07-28'], true)).toBe(false);
    expect(wantsHandshakeProbe('websocket', ['2025-11-25'], true)).toBe(false);
  });

  it('starts the handshake probe first at the inherited priority, then one server per probe session at the lowered one', () => {
    expect(initialServerStarts({ protocolVersion: 'all', handshakeCheckSelected: true, loweredPriority: 10 })).toEqual([undefined, 10, 10, 10, 10]);
    expect(initialServerStarts({ protocolVersion: 'all', handshakeCheckSelected: true })).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(initialServerStarts({ protocolVersion: '2025-06-18', handshakeCheckSelected: true, loweredPriority: 10 })).toEqual([undefined, 10]);
    // Without the handshake probe nothing is lowered (there is nothing to go first).
    expect(initialServerStarts({ protocolVersion: 'all', handshakeCheckSelected: false, loweredPriority: 10 })).toEqual([undefined, undefined, undefined, undefined]);
    expect(initialServerStarts({ protocolVersion: '2026-07-28', handshakeCheckSelected: true, loweredPriority: 10 })).toEqual([undefined]);
  });
});
