// Telnyx webhook signatures (API v2).
//
// Confirmed (telnyx-node `src/lib/webhooks.ts`; Telnyx SDK webhook pages; Telnyx callback reference):
// - headers `telnyx-signature-ed25519` (base64 of a 64-byte Ed25519 signature) and `telnyx-timestamp`
//   (Unix seconds, decimal);
// - the signed message is the UTF-8 bytes of `${timestamp}|${rawBody}`, the body exactly as sent;
// - the key is the account's Ed25519 public key, shown base64-encoded (32 raw bytes) in the portal;
// - the official SDKs reject a timestamp more than 300 s away from now, in either direction;
// - the TeXML stream callbacks are documented with the same two headers.
// Not confirmed: whether Telnyx re-signs a retried delivery (its body carries `meta.attempt`, so a
// retry is a different message either way) — the replay guard below only refuses exact repeats.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

export const SIGNATURE_HEADER = 'telnyx-signature-ed25519';
export const TIMESTAMP_HEADER = 'telnyx-timestamp';
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow it. */
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * The account public key as configured (TELNYX_PUBLIC_KEY): base64 of the 32 raw bytes, as the
 * portal shows it; base64 DER (SPKI) and PEM are accepted too. Throws on anything else, so a bad
 * key fails at start-up rather than on the first call.
 */
export function parseTelnyxPublicKey(configured: string): KeyObject {
  const text = configured.trim();
  if (text.startsWith('-----BEGIN')) return ed25519Only(createPublicKey(text));
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) throw new Error('TELNYX_PUBLIC_KEY is not base64');
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length === 32) {
    return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, bytes]), format: 'der', type: 'spki' });
  }
  if (bytes.length === 44 && bytes.subarray(0, 12).equals(SPKI_ED25519_PREFIX)) {
    return createPublicKey({ key: bytes, format: 'der', type: 'spki' });
  }
  throw new Error(`TELNYX_PUBLIC_KEY must be a 32-byte Ed25519 key (got ${bytes.length} bytes)`);
}

function ed25519Only(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('TELNYX_PUBLIC_KEY is not an Ed25519 key');
  return key;
}

export type SignatureFailure =
  | 'missing_signature'
  | 'missing_timestamp'
  | 'bad_timestamp'
  | 'stale_timestamp'
  | 'bad_signature'
  | 'mismatch'
  | 'replayed';

export type SignatureResult = { ok: true } | { ok: false; reason: SignatureFailure };

export interface SignatureInput {
  publicKey: KeyObject;
  signature: string | null | undefined;
  timestamp: string | null | undefined;
  /** The request body exactly as received: verification is over bytes, never re-serialized JSON. */
  rawBody: string | Uint8Array;
  nowMs: number;
  toleranceSeconds?: number;
  /** Refuses a signature already accepted inside the window. */
  replayGuard?: ReplayGuard;
}

const fail = (reason: SignatureFailure): SignatureResult => ({ ok: false, reason });

export function verifyTelnyxSignature(input: SignatureInput): SignatureResult {
  const signature = input.signature?.trim();
  const timestamp = input.timestamp?.trim();
  if (!signature) return fail('missing_signature');
  if (!timestamp) return fail('missing_timestamp');
  if (!/^\d{1,12}$/.test(timestamp)) return fail('bad_timestamp');
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const skew = Math.abs(input.nowMs / 1000 - Number(timestamp));
  if (skew > tolerance) return fail('stale_timestamp');
  if (!/^[A-Za-z0-9+/]{86}==$/.test(signature)) return fail('bad_signature');
  const body = typeof input.rawBody === 'string' ? Buffer.from(input.rawBody, 'utf8') : input.rawBody;
  const message = Buffer.concat([Buffer.from(`${timestamp}|`, 'utf8'), body]);
  let valid: boolean;
  try {
    valid = verify(null, message, input.publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return fail('bad_signature');
  }
  if (!valid) return fail('mismatch');
  // Only a genuine signature is remembered: forged ones must not fill the guard.
  const guard = input.replayGuard;
  if (guard && !guard.accept(signature, Number(timestamp), input.nowMs)) return fail('replayed');
  return { ok: true };
}

/** Remembers accepted signatures until their timestamp leaves the tolerance window. */
export interface ReplayGuard {
  /** False when this signature was already accepted and has not expired. */
  accept(signature: string, timestampSeconds: number, nowMs: number): boolean;
  readonly size: number;
}

export function createReplayGuard(toleranceSeconds = DEFAULT_TOLERANCE_SECONDS, maxEntries = 10_000): ReplayGuard {
  const seen = new Map<string, number>(); // signature → expiry (ms); insertion order ≈ expiry order
  const sweep = (nowMs: number): void => {
    for (const [sig, expires] of seen) {
      if (expires > nowMs && seen.size <= maxEntries) break;
      seen.delete(sig);
    }
  };
  return {
    accept(signature, timestampSeconds, nowMs) {
      sweep(nowMs);
      const expires = seen.get(signature);
      if (expires !== undefined && expires > nowMs) return false;
      seen.set(signature, (timestampSeconds + toleranceSeconds) * 1000);
      return true;
    },
    get size() {
      return seen.size;
    },
  };
}

/** Header lookup for Fetch `Headers` or a plain record (names are case-insensitive either way). */
export function signatureHeaders(headers: Headers | Record<string, string | undefined>): {
  signature: string | null;
  timestamp: string | null;
} {
  if (headers instanceof Headers) {
    return { signature: headers.get(SIGNATURE_HEADER), timestamp: headers.get(TIMESTAMP_HEADER) };
  }
  const get = (name: string): string | null => {
    for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name && v !== undefined) return v;
    return null;
  };
  return { signature: get(SIGNATURE_HEADER), timestamp: get(TIMESTAMP_HEADER) };
}
