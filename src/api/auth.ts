// Bearer-key authentication. The admin key (ADMIN_API_KEY) sees every organization; an
// organization key sees only its own, and nothing while its organization is disabled. Keys are
// looked up on every request so a revocation or a disable takes effect at once.
import type { MiddlewareHandler } from 'hono';
import type { Db } from '../db/client.ts';
import { ApiError, forbidden } from './errors.ts';
import { lookupKey } from './keys.ts';
import { safeEqual } from '../safe-equal.ts';

export type Principal = { kind: 'admin' } | { kind: 'org'; orgId: string; keyId: string };

export type ApiEnv = { Variables: { principal: Principal } };

export function authenticate(db: Db, adminKey: string | undefined): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw new ApiError(401, 'unauthorized', 'an API key is required: Authorization: Bearer <key>');
    const key = m[1]!;
    if (adminKey && safeEqual(key, adminKey)) {
      c.set('principal', { kind: 'admin' });
    } else {
      const found = await lookupKey(db, key);
      if (found?.status === 'org_disabled') throw forbidden('the organization of this API key is disabled');
      if (found?.status !== 'active') throw new ApiError(401, 'unauthorized', 'the API key is invalid or revoked');
      c.set('principal', { kind: 'org', orgId: found.orgId, keyId: found.id });
    }
    await next();
  };
}

export function requireAdmin(p: Principal): void {
  if (p.kind !== 'admin') throw forbidden('this action needs the admin key');
}

/** True if the principal may see rows of this organization. */
export function canSee(p: Principal, orgId: string | null): boolean {
  return p.kind === 'admin' || (orgId !== null && p.orgId === orgId);
}

/**
 * The organization filter a list request runs with: an org key is pinned to its own org
 * (asking for another is 403); the admin key may filter by any org or none.
 */
export function scopeOrg(p: Principal, requested: string | undefined): string | undefined {
  if (p.kind === 'admin') return requested;
  if (requested !== undefined && requested !== p.orgId) throw forbidden();
  return p.orgId;
}
