// Stream tokens: what the webhook hands the carrier for the media stream, signed so that any
// instance holding the same secret can check it without asking the instance that answered. A
// token names its call (our id, the org, the carrier's call id) and an expiry; single use is
// enforced by the claim on the call row, not here. Pure: no I/O, no clock of its own.
import { createHmac } from 'node:crypto';
import { safeEqual } from '../safe-equal.ts';

export interface StreamClaims {
  callId: string;
  orgId: string;
  carrier: string;
  carrierCallId: string;
  /** Epoch ms after which the token opens nothing. */
  expiresAt: number;
  /** Simulated calls only: the instant the call's clock starts at. */
  simulatedNow?: number;
}

const VERSION = 'v1';

const mac = (secret: Uint8Array, body: string): string =>
  createHmac('sha256', secret).update(`${VERSION}.${body}`).digest('base64url');

/** `v1.<claims>.<hmac>`, URL- and XML-safe (base64url and dots). */
export function signStreamToken(secret: Uint8Array, claims: StreamClaims): string {
  const c: unknown[] = [claims.callId, claims.orgId, claims.carrier, claims.carrierCallId, claims.expiresAt];
  if (claims.simulatedNow !== undefined) c.push(claims.simulatedNow);
  const body = Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
  return `${VERSION}.${body}.${mac(secret, body)}`;
}

/** The token's claims if it is ours, unaltered, unexpired and for this carrier's call; else null. */
export function verifyStreamToken(
  secret: Uint8Array,
  token: string | undefined,
  expect: { carrier: string; carrierCallId: string },
  now: number,
): StreamClaims | null {
  if (!token || token.length > 1024) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) return null;
  const [, body, sig] = parts as [string, string, string];
  if (!safeEqual(sig, mac(secret, body))) return null;
  const claims = decodeClaims(body);
  if (!claims || claims.expiresAt < now) return null;
  if (claims.carrier !== expect.carrier || claims.carrierCallId !== expect.carrierCallId) return null;
  return claims;
}

function decodeClaims(body: string): StreamClaims | null {
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(c) || c.length < 5 || c.length > 6) return null;
  const [callId, orgId, carrier, carrierCallId, expiresAt, simulatedNow] = c as unknown[];
  const strings = [callId, orgId, carrier, carrierCallId].every((v) => typeof v === 'string');
  if (!strings || typeof expiresAt !== 'number') return null;
  if (simulatedNow !== undefined && typeof simulatedNow !== 'number') return null;
  return {
    callId: callId as string,
    orgId: orgId as string,
    carrier: carrier as string,
    carrierCallId: carrierCallId as string,
    expiresAt,
    ...(simulatedNow !== undefined ? { simulatedNow } : {}),
  };
}
