// Signed stream tokens: any holder of the secret accepts an unaltered, unexpired token for the
// call it names; anything else (another key, another call or carrier, an edit, expiry) is refused.
import { describe, expect, test } from 'bun:test';
import { signStreamToken, verifyStreamToken, type StreamClaims } from '../../src/call/stream-token.ts';
import { streamSecretFrom } from '../../src/call/stream-secret.ts';

const KEY = Buffer.from('stream-secret-0123456789abcdef', 'utf8');
const NOW = Date.UTC(2026, 10, 23, 16);
const CLAIMS: StreamClaims = {
  callId: 'call-1',
  orgId: 'org-1',
  carrier: 'twilio',
  carrierCallId: 'CA0001',
  expiresAt: NOW + 300_000,
};
const FOR = { carrier: 'twilio', carrierCallId: 'CA0001' };

describe('stream tokens', () => {
  test('round-trip: the claims come back, simulated instant included', () => {
    expect(verifyStreamToken(KEY, signStreamToken(KEY, CLAIMS), FOR, NOW)).toEqual(CLAIMS);
    const sim = { ...CLAIMS, simulatedNow: NOW - 86_400_000 };
    expect(verifyStreamToken(KEY, signStreamToken(KEY, sim), FOR, NOW)).toEqual(sim);
    expect(signStreamToken(KEY, CLAIMS)).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  test('another key, call or carrier is refused', () => {
    const token = signStreamToken(KEY, CLAIMS);
    expect(verifyStreamToken(Buffer.from('another-secret'), token, FOR, NOW)).toBeNull();
    expect(verifyStreamToken(KEY, token, { ...FOR, carrierCallId: 'CA0002' }, NOW)).toBeNull();
    expect(verifyStreamToken(KEY, token, { ...FOR, carrier: 'telnyx' }, NOW)).toBeNull();
  });

  test('expired is refused; the last valid millisecond is not', () => {
    const token = signStreamToken(KEY, CLAIMS);
    expect(verifyStreamToken(KEY, token, FOR, CLAIMS.expiresAt)).not.toBeNull();
    expect(verifyStreamToken(KEY, token, FOR, CLAIMS.expiresAt + 1)).toBeNull();
  });

  test('altered claims, a cut signature or garbage is refused', () => {
    const token = signStreamToken(KEY, CLAIMS);
    const [v, , sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify(['call-2', 'org-1', 'twilio', 'CA0001', NOW + 300_000])).toString(
      'base64url',
    );
    expect(verifyStreamToken(KEY, `${v}.${forged}.${sig}`, FOR, NOW)).toBeNull();
    expect(verifyStreamToken(KEY, token.slice(0, -2), FOR, NOW)).toBeNull();
    for (const junk of [undefined, '', 'v1..', 'v2.a.b', 'x'.repeat(5000), `${token}.x`]) {
      expect(verifyStreamToken(KEY, junk, FOR, NOW)).toBeNull();
    }
  });

  test('without STREAM_TOKEN_SECRET each process has its own key and a warning', () => {
    const a = streamSecretFrom(undefined);
    const b = streamSecretFrom(undefined);
    expect(a.warning).toContain('STREAM_TOKEN_SECRET');
    expect(Buffer.from(a.key).equals(Buffer.from(b.key))).toBe(false);
    expect(verifyStreamToken(b.key, signStreamToken(a.key, CLAIMS), FOR, NOW)).toBeNull();
    const shared = streamSecretFrom('s3cret');
    expect(shared.warning).toBeNull();
    expect(verifyStreamToken(streamSecretFrom('s3cret').key, signStreamToken(shared.key, CLAIMS), FOR, NOW)).toEqual(
      CLAIMS,
    );
  });
});
