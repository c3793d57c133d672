// Organization API keys: random, shown once, stored only as a SHA-256 hash plus a short prefix
// an operator can recognise in a list.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { apiKeys, auditEvents, organizations, type NewAuditEvent } from '../db/schema.ts';

const KEY_PREFIX = 'io_';
const PREFIX_LEN = 11; // "io_" + 8 characters of the random part

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Constant-time comparison that does not leak the secret's length either. */
export interface IssuedKey {
  id: string;
  key: string;
  prefix: string;
  name: string;
  createdAt: string;
}

/** What an audit record says of a key: never the key or its hash. */
export interface KeyRef {
  id: string;
  prefix: string;
  name: string;
}

/** Stores a new key for the org, with its audit row in the same batch. */
/** Builds the audit row of a key change once the key's id is known. */
export type KeyAudit = (k: KeyRef) => NewAuditEvent;

export async function issueKey(db: Db, orgId: string, name: string, now: number, audit: KeyAudit): Promise<IssuedKey> {
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  const prefix = key.slice(0, PREFIX_LEN);
  const id = randomUUID();
  await db.batch([
    db.insert(apiKeys).values({ id, orgId, name, keyHash: hashKey(key), prefix, createdAt: new Date(now) }),
    db.insert(auditEvents).values(audit({ id, prefix, name })),
  ]);
  return { id, key, prefix, name, createdAt: new Date(now).toISOString() };
}

/**
 * Revokes an org's key; false if the org has no such key. Revoking twice is harmless and
 * audited once.
 */
export async function revokeKey(db: Db, orgId: string, keyId: string, now: number, audit: KeyAudit): Promise<boolean> {
  const [row] = await db
    .select({ id: apiKeys.id, prefix: apiKeys.prefix, name: apiKeys.name, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.orgId, orgId)));
  if (!row) return false;
  if (row.revokedAt !== null) return true;
  await db.batch([
    db
      .update(apiKeys)
      .set({ revokedAt: new Date(now) })
      .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt))),
    db.insert(auditEvents).values(audit({ id: row.id, prefix: row.prefix, name: row.name })),
  ]);
  return true;
}

export type KeyLookup =
  | { status: 'active'; id: string; orgId: string }
  | { status: 'revoked' }
  | { status: 'org_disabled' };

/** What a presented key is worth: null if unknown; a disabled organization's keys do not work. */
export async function lookupKey(db: Db, key: string): Promise<KeyLookup | null> {
  const rows = await db
    .select({
      id: apiKeys.id,
      orgId: apiKeys.orgId,
      revokedAt: apiKeys.revokedAt,
      disabledAt: organizations.disabledAt,
    })
    .from(apiKeys)
    .innerJoin(organizations, eq(organizations.id, apiKeys.orgId))
    .where(eq(apiKeys.keyHash, hashKey(key)))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  if (row.revokedAt !== null) return { status: 'revoked' };
  if (row.disabledAt !== null) return { status: 'org_disabled' };
  return { status: 'active', id: row.id, orgId: row.orgId };
}

/** A key as an operator lists it: never the secret or its hash. */
export interface KeySummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

/** The org's keys, newest first, revoked ones included (so a list shows what was cut off). */
export async function listKeys(db: Db, orgId: string): Promise<KeySummary[]> {
  const rows = await db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.orgId, orgId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.createdAt.toISOString(),
    revokedAt: r.revokedAt ? r.revokedAt.toISOString() : null,
  }));
}
