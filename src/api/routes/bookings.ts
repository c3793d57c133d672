// Bookings: list (by appointment time, latest first), detail, and operator status changes.
import { Hono } from 'hono';
import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { bookings, type Booking, type BookingStatus } from '../../db/schema.ts';
import { canSee, scopeOrg, type ApiEnv, type Principal } from '../auth.ts';
import type { ResolvedDeps } from '../deps.ts';
import { ApiError, notFound } from '../errors.ts';
import { afterCursor, decodeCursor, page, PageQuery } from '../pagination.ts';
import { bookingJson } from '../serialize.ts';
import { Instant } from '../time-query.ts';
import { query } from '../validate.ts';

export const BOOKING_STATUSES = ['confirmed', 'pending_sync', 'cancelled', 'rescheduled', 'done'] as const satisfies readonly BookingStatus[];

export const BookingsQuery = z.object({
  orgId: z.string().min(1).optional(),
  status: z.enum(BOOKING_STATUSES).optional(),
  /** appointmentTime ≥ from */
  from: Instant.optional(),
  /** appointmentTime < to */
  to: Instant.optional(),
  ...PageQuery,
});

/** Which statuses each operator action may start from; repeating an action is a no-op. */
const TRANSITIONS: Record<'cancelled' | 'done', readonly BookingStatus[]> = {
  cancelled: ['confirmed', 'pending_sync', 'rescheduled'],
  done: ['confirmed', 'pending_sync', 'rescheduled'],
};

export function bookingRoutes(deps: ResolvedDeps): Hono<ApiEnv> {
  const { db } = deps;
  const app = new Hono<ApiEnv>();

  async function visibleBooking(p: Principal, id: string): Promise<Booking> {
    const [b] = await db.select().from(bookings).where(eq(bookings.id, id)).limit(1);
    if (!b || !canSee(p, b.orgId)) throw notFound('booking');
    return b;
  }

  app.get('/bookings', async (c) => {
    const q = query(c, BookingsQuery);
    const orgId = scopeOrg(c.var.principal, q.orgId);
    const where: SQL[] = [];
    if (orgId) where.push(eq(bookings.orgId, orgId));
    if (q.status) where.push(eq(bookings.status, q.status));
    if (q.from !== undefined) where.push(gte(bookings.appointmentTime, new Date(q.from)));
    if (q.to !== undefined) where.push(lt(bookings.appointmentTime, new Date(q.to)));
    if (q.cursor) where.push(afterCursor(bookings.appointmentTime, bookings.id, decodeCursor(q.cursor)));
    const rows = await db
      .select()
      .from(bookings)
      .where(and(...where))
      .orderBy(desc(bookings.appointmentTime), desc(bookings.id))
      .limit(q.limit + 1);
    const p = page(rows, q.limit, (r) => ({ at: r.appointmentTime.getTime(), id: r.id }));
    return c.json({ data: p.data.map(bookingJson), nextCursor: p.nextCursor });
  });

  app.get('/bookings/:id', async (c) => c.json(bookingJson(await visibleBooking(c.var.principal, c.req.param('id')))));

  const change = (to: 'cancelled' | 'done') =>
    app.post(`/bookings/:id/${to === 'cancelled' ? 'cancel' : 'done'}`, async (c) => {
      const b = await visibleBooking(c.var.principal, c.req.param('id'));
      if (b.status === to) return c.json(bookingJson(b));
      if (!TRANSITIONS[to].includes(b.status)) throw new ApiError(409, 'conflict', `a ${b.status} booking cannot become ${to}`);
      const [updated] = await db
        .update(bookings)
        .set({ status: to, updatedAt: new Date(deps.clock.now()) })
        .where(and(eq(bookings.id, b.id), eq(bookings.status, b.status)))
        .returning();
      if (!updated) throw new ApiError(409, 'conflict', 'the booking changed meanwhile; reload and retry');
      await deps.onBookingChanged?.(updated, to);
      return c.json(bookingJson(updated));
    });
  change('cancelled');
  change('done');

  return app;
}
