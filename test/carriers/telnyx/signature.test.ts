import { describe, expect, test } from 'bun:test';
import { generateKeyPairSync } from 'node:crypto';
import {
  createReplayGuard,
  parseTelnyxPublicKey,
  signatureHeaders,
  verifyTelnyxSignature,
} from '../../../src/carriers/telnyx/signature.ts';
import { createTelnyxSigner } from '../../../src/sim/telnyx-caller.ts';

const signer = createTelnyxSigner();
const key = parseTelnyxPublicKey(signer.publicKeyBase64);
const NOW_MS = 1_790_000_000_000;
const TS = String(NOW_MS / 1000);
const BODY = '{"data":{"event_type":"call.initiated","id":"e1","record_type":"event","payload":{}}}';

const check = (over: Partial<Parameters<typeof verifyTelnyxSignature>[0]> = {}) =>
  verifyTelnyxSignature({
    publicKey: key,
    signature: signer.sign(TS, BODY),
    timestamp: TS,
    rawBody: BODY,
    nowMs: NOW_MS,
    ...over,
  });

describe('Telnyx public key', () => {
  test('accepts the portal form: base64 of the 32 raw bytes', () => {
    expect(key.asymmetricKeyType).toBe('ed25519');
  });

  test('accepts base64 SPKI DER and PEM of the same key', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const der = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(parseTelnyxPublicKey(der).asymmetricKeyType).toBe('ed25519');
    expect(parseTelnyxPublicKey(pem).asymmetricKeyType).toBe('ed25519');
  });

  test.each([
    ['not base64', 'not a key!'],
    ['wrong length', Buffer.alloc(31).toString('base64')],
    ['44 bytes that are not an Ed25519 SPKI', Buffer.alloc(44, 1).toString('base64')],
  ])('refuses %s at start-up', (_name, value) => {
    expect(() => parseTelnyxPublicKey(value)).toThrow();
  });

  test('refuses a PEM key of another algorithm', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => parseTelnyxPublicKey(publicKey.export({ format: 'pem', type: 'spki' }).toString())).toThrow(/Ed25519/);
  });
});

describe('Telnyx webhook signature', () => {
  test('a genuine signature over timestamp|body verifies', () => {
    expect(check()).toEqual({ ok: true });
  });

  test('verifies raw bytes as well as text', () => {
    expect(check({ rawBody: new TextEncoder().encode(BODY) })).toEqual({ ok: true });
  });

  test('a body with non-ASCII text verifies over its UTF-8 bytes', () => {
    const body = '{"caller_id_name":"Zoë — ☎"}';
    expect(check({ rawBody: body, signature: signer.sign(TS, body) })).toEqual({ ok: true });
  });

  test.each([
    ['a changed body', { rawBody: BODY.replace('e1', 'e2') }, 'mismatch'],
    ['re-serialized JSON', { rawBody: JSON.stringify(JSON.parse(BODY), null, 1) }, 'mismatch'],
    ['another timestamp', { timestamp: String(Number(TS) + 1) }, 'mismatch'],
    ['no signature', { signature: null }, 'missing_signature'],
    ['an empty signature', { signature: '  ' }, 'missing_signature'],
    ['no timestamp', { timestamp: undefined }, 'missing_timestamp'],
    ['a non-numeric timestamp', { timestamp: '12.5' }, 'bad_timestamp'],
    ['a timestamp in ms', { timestamp: String(NOW_MS) }, 'bad_timestamp'],
    ['garbage signature', { signature: 'abc' }, 'bad_signature'],
    ['a 63-byte signature', { signature: Buffer.alloc(63).toString('base64') }, 'bad_signature'],
  ] as const)('refuses %s', (_name, over, reason) => {
    expect(check(over)).toEqual({ ok: false, reason });
  });

  test('a signature by another key is a mismatch', () => {
    const other = createTelnyxSigner();
    expect(check({ signature: other.sign(TS, BODY) })).toEqual({ ok: false, reason: 'mismatch' });
  });

  test('the replay window is 300 s either way by default, and configurable', () => {
    expect(check({ nowMs: NOW_MS + 300_000 }).ok).toBe(true);
    expect(check({ nowMs: NOW_MS + 301_000 })).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(check({ nowMs: NOW_MS - 301_000 })).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(check({ nowMs: NOW_MS + 31_000, toleranceSeconds: 30 })).toEqual({ ok: false, reason: 'stale_timestamp' });
  });

  test('the replay guard refuses the same signed delivery twice inside the window', () => {
    const replayGuard = createReplayGuard();
    expect(check({ replayGuard })).toEqual({ ok: true });
    expect(check({ replayGuard, nowMs: NOW_MS + 1000 })).toEqual({ ok: false, reason: 'replayed' });
    // A different delivery (new timestamp, new signature) still passes.
    const ts2 = String(Number(TS) + 2);
    const again = check({ replayGuard, timestamp: ts2, signature: signer.sign(ts2, BODY), nowMs: NOW_MS + 2000 });
    expect(again).toEqual({ ok: true });
  });

  test('forged signatures never enter the replay guard', () => {
    const replayGuard = createReplayGuard();
    for (let i = 0; i < 5; i++) check({ replayGuard, signature: createTelnyxSigner().sign(TS, BODY) });
    expect(replayGuard.size).toBe(0);
  });

  test('the replay guard forgets entries once they expire, and stays bounded', () => {
    const guard = createReplayGuard(10, 3);
    expect(guard.accept('a', 100, 100_000)).toBe(true);
    expect(guard.accept('a', 100, 105_000)).toBe(false);
    expect(guard.accept('a', 100, 111_000)).toBe(true);
    for (const s of ['b', 'c', 'd', 'e']) guard.accept(s, 111, 111_000);
    expect(guard.size).toBeLessThanOrEqual(4);
  });
});

describe('signature headers', () => {
  test('read from Fetch headers and from a plain record, case-insensitively', () => {
    const h = new Headers({ 'Telnyx-Signature-Ed25519': 'sig', 'Telnyx-Timestamp': '1' });
    expect(signatureHeaders(h)).toEqual({ signature: 'sig', timestamp: '1' });
    const record = { 'TELNYX-SIGNATURE-ED25519': 'sig', 'telnyx-timestamp': '1' };
    expect(signatureHeaders(record)).toEqual({ signature: 'sig', timestamp: '1' });
    expect(signatureHeaders({})).toEqual({ signature: null, timestamp: null });
  });
});
