// GET /orgs/{id}/audit: the organization's audit trail, newest first (admin only).
import { Hono } from 'hono';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditEvents, organizations } from '../../db/schema.ts';
import { requireAdmin, type ApiEnv } from '../auth.ts';
import type { ResolvedDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { decodeCursor, invalidCursor, page, PageQuery } from '../pagination.ts';
import { auditJson } from '../audit.ts';
import { query } from '../validate.ts';

export const AuditQuery = z.object({ ...PageQuery });

export function auditRoutes(deps: ResolvedDeps): Hono<ApiEnv> {
  const { db } = deps;
  const app = new Hono<ApiEnv>();
  app.get('/orgs/:id/audit', async (c) => {
    requireAdmin(c.var.principal);
    const q = query(c, AuditQuery);
    const [org] = await db
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, c.req.param('id')))
      .limit(1);
    if (!org) throw notFound('organization');
    const where: SQL[] = [eq(auditEvents.orgId, org.id)];
    if (q.cursor) {
      // Rows are paged on their insertion order alone: the trail is kept in the order it happened.
      const { id } = decodeCursor(q.cursor);
      if (!/^\d{1,15}$/.test(id)) throw invalidCursor();
      where.push(lt(auditEvents.id, Number(id)));
    }
    const rows = await db
      .select()
      .from(auditEvents)
      .where(and(...where))
      .orderBy(desc(auditEvents.id))
      .limit(q.limit + 1);
    const p = page(rows, q.limit, (r) => ({ at: r.createdAt.getTime(), id: String(r.id) }));
    return c.json({ data: p.data.map(auditJson), nextCursor: p.nextCursor });
  });
  return app;
}
