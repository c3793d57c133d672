// Messages callers left: GET /orgs/{id}/messages (newest first, paged) and
// POST /orgs/{id}/messages/{mid}/handled. An org key sees only its own org's messages.
import { Hono } from 'hono';
import { and, desc, eq, isNull, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { messages, type Message } from '../../db/schema.ts';
import { markMessageHandled } from '../../db/messages-repo.ts';
import { canSee, type ApiEnv } from '../auth.ts';
import type { ResolvedDeps } from '../deps.ts';
import { forbidden, notFound } from '../errors.ts';
import { afterCursor, decodeCursor, page, PageQuery } from '../pagination.ts';
import { query } from '../validate.ts';

export const MessagesQuery = z.object({
  /** "true": only messages nobody has handled yet. */
  unhandled: z.enum(['true', 'false']).optional(),
  ...PageQuery,
});

export function messageJson(m: Message) {
  return {
    id: m.id,
    orgId: m.orgId,
    callId: m.callId,
    callerName: m.callerName,
    callbackPhone: m.callbackPhone,
    body: m.body,
    createdAt: m.createdAt.toISOString(),
    handledAt: m.handledAt ? m.handledAt.toISOString() : null,
  };
}

export function messageRoutes(deps: ResolvedDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get('/orgs/:id/messages', async (c) => {
    const orgId = c.req.param('id');
    if (!canSee(c.var.principal, orgId)) throw forbidden();
    const q = query(c, MessagesQuery);
    const where: SQL[] = [eq(messages.orgId, orgId)];
    if (q.unhandled === 'true') where.push(isNull(messages.handledAt));
    if (q.cursor) where.push(afterCursor(messages.createdAt, messages.id, decodeCursor(q.cursor)));
    const rows = await deps.db
      .select()
      .from(messages)
      .where(and(...where))
      .orderBy(desc(messages.createdAt), desc(messages.id))
      .limit(q.limit + 1);
    const p = page(rows, q.limit, (r) => ({ at: r.createdAt.getTime(), id: r.id }));
    return c.json({ data: p.data.map(messageJson), nextCursor: p.nextCursor });
  });
  app.post('/orgs/:id/messages/:mid/handled', async (c) => {
    const orgId = c.req.param('id');
    if (!canSee(c.var.principal, orgId)) throw forbidden();
    const row = await markMessageHandled(deps.db, orgId, c.req.param('mid'), new Date());
    if (!row) throw notFound('message');
    return c.json(messageJson(row));
  });
  return app;
}
