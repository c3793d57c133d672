// The notifications outbox: what was (or will be) sent to businesses and callers, newest first.
import { Hono } from 'hono';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { notifications } from '../../db/schema.ts';
import { scopeOrg, type ApiEnv } from '../auth.ts';
import type { ResolvedDeps } from '../deps.ts';
import { afterCursor, decodeCursor, page, PageQuery } from '../pagination.ts';
import { notificationJson } from '../serialize.ts';
import { query } from '../validate.ts';

export const NotificationsQuery = z.object({
  orgId: z.string().min(1).optional(),
  status: z.enum(['queued', 'sent', 'failed', 'stored']).optional(),
  ...PageQuery,
});

export function notificationRoutes(deps: ResolvedDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get('/notifications', async (c) => {
    const q = query(c, NotificationsQuery);
    const orgId = scopeOrg(c.var.principal, q.orgId);
    const where: SQL[] = [];
    if (orgId) where.push(eq(notifications.orgId, orgId));
    if (q.status) where.push(eq(notifications.status, q.status));
    if (q.cursor) where.push(afterCursor(notifications.createdAt, notifications.id, decodeCursor(q.cursor)));
    const rows = await deps.db
      .select()
      .from(notifications)
      .where(and(...where))
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(q.limit + 1);
    const p = page(rows, q.limit, (r) => ({ at: r.createdAt.getTime(), id: r.id }));
    return c.json({ data: p.data.map(notificationJson), nextCursor: p.nextCursor });
  });
  return app;
}
