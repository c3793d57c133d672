// Phrase cache status and rebuild, delegated to the runtime's cache when one is wired in.
import { Hono } from 'hono';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { organizations } from '../../db/schema.ts';
import { canSee, scopeOrg, type ApiEnv } from '../auth.ts';
import type { PhraseCacheControl, ResolvedDeps } from '../deps.ts';
import { ApiError, notFound } from '../errors.ts';
import { query } from '../validate.ts';

function cacheOf(deps: ResolvedDeps): PhraseCacheControl {
  if (!deps.phraseCache) throw new ApiError(501, 'not_implemented', 'this server has no phrase cache configured');
  return deps.phraseCache;
}

export function phraseRoutes(deps: ResolvedDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get('/phrases/status', async (c) => {
    const q = query(c, z.object({ orgId: z.string().min(1).optional() }));
    const orgId = scopeOrg(c.var.principal, q.orgId);
    const cache = cacheOf(deps);
    return c.json({ orgId: orgId ?? null, status: await cache.status(orgId) });
  });

  app.post('/orgs/:id/phrases/rebuild', async (c) => {
    const id = c.req.param('id');
    if (!canSee(c.var.principal, id)) throw notFound('organization');
    const [org] = await deps.db
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, id))
      .limit(1);
    if (!org) throw notFound('organization');
    const cache = cacheOf(deps);
    // Synthesis runs in the background (seconds per phrase), at most once a minute per org by
    // default (PHRASE_REBUILD_MIN_INTERVAL_SECONDS); progress shows in /phrases/status.
    return c.json({ orgId: id, result: await cache.rebuild(id) }, 202);
  });

  return app;
}
