// Bookings: list (by appointment time, latest first), detail, and operator status changes, all
// through the booking service.
import { Hono } from 'hono';
import { z } from 'zod';
import { canSee, scopeOrg, type ApiEnv, type Principal } from '../auth.ts';
import type { ResolvedDeps } from '../deps.ts';
import { ApiError, notFound } from '../errors.ts';
import { decodeCursor, page, PageQuery } from '../pagination.ts';
import { bookingJson } from '../serialize.ts';
import { Instant } from '../time-query.ts';
import { query } from '../validate.ts';
import { BOOKING_STATUSES, BookingTransitionError } from '../../booking/status.ts';
import { BookingConflictError } from '../../booking/service.ts';
import type { BookingRecord } from '../../booking/types.ts';

export const BookingsQuery = z.object({
  orgId: z.string().min(1).optional(),
  status: z.enum(BOOKING_STATUSES).optional(),
  /** appointmentTime ≥ from */
  from: Instant.optional(),
  /** appointmentTime < to */
  to: Instant.optional(),
  ...PageQuery,
});

export function bookingRoutes(deps: ResolvedDeps): Hono<ApiEnv> {
  const service = deps.bookings;
  const app = new Hono<ApiEnv>();

  async function visibleBooking(p: Principal, id: string): Promise<BookingRecord> {
    const b = await service.get(id);
    if (!b || !canSee(p, b.orgId)) throw notFound('booking');
    return b;
  }

  app.get('/bookings', async (c) => {
    const q = query(c, BookingsQuery);
    const orgId = scopeOrg(c.var.principal, q.orgId);
    const rows = await service.list({
      ...(orgId ? { orgId } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.from !== undefined ? { from: q.from } : {}),
      ...(q.to !== undefined ? { to: q.to } : {}),
      ...(q.cursor ? { after: decodeCursor(q.cursor) } : {}),
      limit: q.limit + 1,
    });
    const p = page(rows, q.limit, (r) => ({ at: r.appointmentTime.getTime(), id: r.id }));
    return c.json({ data: p.data.map(bookingJson), nextCursor: p.nextCursor });
  });

  app.get('/bookings/:id', async (c) => c.json(bookingJson(await visibleBooking(c.var.principal, c.req.param('id')))));

  const change = (to: 'cancelled' | 'done') =>
    app.post(`/bookings/:id/${to === 'cancelled' ? 'cancel' : 'done'}`, async (c) => {
      const b = await visibleBooking(c.var.principal, c.req.param('id'));
      try {
        return c.json(bookingJson(await service.settle(b, to)));
      } catch (e) {
        if (e instanceof BookingTransitionError || e instanceof BookingConflictError) {
          throw new ApiError(409, 'conflict', e.message);
        }
        throw e;
      }
    });
  change('cancelled');
  change('done');

  return app;
}
