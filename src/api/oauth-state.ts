// The `state` of the Google consent round trip: which org (and calendar) the consent is for,
// signed so the callback — which arrives from the browser without an API key — can trust it, and
// short-lived so a leaked consent link goes stale. Pure; the key is the OAuth client secret, which
// only the server holds.
import { createHmac } from 'node:crypto';
import { safeEqual } from '../safe-equal.ts';

export interface ConnectState {
  orgId: string;
  calendarId: string;
  /** The org key that asked for the consent link (null: the admin key), for the audit record. */
  actorKeyId: string | null;
  /** Epoch ms after which the callback refuses it. */
  expiresAt: number;
}

const b64url = (s: string | Buffer) => Buffer.from(s).toString('base64url');
const sign = (payload: string, key: string) => createHmac('sha256', key).update(payload).digest('base64url');

export function signState(state: ConnectState, key: string): string {
  const payload = b64url(JSON.stringify(state));
  return `${payload}.${sign(payload, key)}`;
}

/** The state if its signature holds and it has not expired; null otherwise. */
export function verifyState(raw: string, key: string, now: number): ConnectState | null {
  const dot = raw.indexOf('.');
  if (dot <= 0) return null;
  const payload = raw.slice(0, dot);
  if (!safeEqual(raw.slice(dot + 1), sign(payload, key))) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const s = parsed as Partial<ConnectState>;
  if (typeof s.orgId !== 'string' || typeof s.calendarId !== 'string' || typeof s.expiresAt !== 'number') return null;
  if (s.actorKeyId !== null && typeof s.actorKeyId !== 'string') return null;
  if (now > s.expiresAt) return null;
  return { orgId: s.orgId, calendarId: s.calendarId, actorKeyId: s.actorKeyId, expiresAt: s.expiresAt };
}
