// The bookings rows a conversation reads and writes. Writes take a `Db` so they can run inside
// the write queue's transaction or directly.
import { and, asc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { bookings, calls, type Booking, type BookingStatus } from '../db/schema.ts';
import type { FoundBooking } from './types.ts';

export interface NewBookingRow {
  id: string;
  callId: string;
  orgId: string;
  customerName: string;
  customerPhone: string | null;
  service: string;
  start: Date;
  durationMinutes: number;
  status: Extract<BookingStatus, 'confirmed' | 'pending_sync'>;
  externalEventId: string | null;
  details: Record<string, unknown>;
}

/** The booking row and the call's "booking created" flag, together. */
export async function insertBooking(db: Db, row: NewBookingRow): Promise<void> {
  await db.insert(bookings).values({
    id: row.id,
    callId: row.callId,
    orgId: row.orgId,
    customerName: row.customerName,
    customerPhone: row.customerPhone,
    serviceType: row.service,
    appointmentTime: row.start,
    durationMinutes: row.durationMinutes,
    status: row.status,
    externalEventId: row.externalEventId,
    details: row.details,
  });
  await db.update(calls).set({ bookingCreated: true }).where(eq(calls.id, row.callId));
}

/** Upcoming, still-valid bookings of a caller, by phone and/or name (case-insensitive), soonest first. */
export async function findUpcoming(db: Db, orgId: string, who: { phone?: string; name?: string }, now: Date): Promise<FoundBooking[]> {
  const match = [];
  if (who.phone) match.push(eq(bookings.customerPhone, who.phone));
  if (who.name) match.push(sql`lower(${bookings.customerName}) = ${who.name.toLowerCase()}`);
  if (match.length === 0) return [];
  const rows = await db
    .select()
    .from(bookings)
    .where(and(eq(bookings.orgId, orgId), or(...match), inArray(bookings.status, ['confirmed', 'pending_sync']), gt(bookings.appointmentTime, now)))
    .orderBy(asc(bookings.appointmentTime))
    .limit(10);
  return rows.map((r) => ({
    id: r.id,
    service: r.serviceType,
    start: r.appointmentTime.toISOString(),
    durationMinutes: r.durationMinutes,
    customerName: r.customerName,
  }));
}

export async function getBooking(db: Db, orgId: string, id: string): Promise<Booking | null> {
  const [row] = await db
    .select()
    .from(bookings)
    .where(and(eq(bookings.id, id), eq(bookings.orgId, orgId)));
  return row ?? null;
}

export async function moveBooking(db: Db, row: Booking, start: Date, callId: string, now: Date): Promise<void> {
  // The old time stays on record: the business can see what was moved and by which call.
  const details = { ...(row.details ?? {}), rescheduledFrom: row.appointmentTime.toISOString(), rescheduledByCall: callId };
  await db.update(bookings).set({ appointmentTime: start, details, updatedAt: now }).where(eq(bookings.id, row.id));
}

export async function cancelBooking(db: Db, id: string, now: Date): Promise<void> {
  await db.update(bookings).set({ status: 'cancelled', updatedAt: now }).where(eq(bookings.id, id));
}
