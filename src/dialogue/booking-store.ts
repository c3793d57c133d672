// The bookings rows a conversation reads and writes. Writes take a `Db` so they can run inside
// the write queue's transaction or directly.
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { bookings, calls, type Booking, type BookingStatus } from '../db/schema.ts';
import type { FoundBooking } from './types.ts';
import { phoneDigits } from '../nlu/digits.ts';

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

/**
 * Who is asking: the caller's own number, or a booking's name together with the last four digits
 * of the phone number on it. There is deliberately no lookup by name alone.
 */
export type BookingOwner = { phone: string } | { name: string; lastFour: string };

/** Upcoming, still-valid bookings of a verified caller, soonest first (names case-insensitive). */
export async function findUpcoming(db: Db, orgId: string, who: BookingOwner, now: Date): Promise<FoundBooking[]> {
  let match;
  if ('phone' in who) {
    if (!who.phone) return [];
    match = eq(bookings.customerPhone, who.phone);
  } else {
    if (!who.name.trim() || !/^\d{4}$/.test(who.lastFour)) return [];
    match = sql`lower(${bookings.customerName}) = ${who.name.trim().toLowerCase()}`;
  }
  const rows = await db
    .select()
    .from(bookings)
    .where(
      and(eq(bookings.orgId, orgId), match, inArray(bookings.status, ['confirmed', 'pending_sync']), gt(bookings.appointmentTime, now)),
    )
    .orderBy(asc(bookings.appointmentTime))
    .limit(50);
  // Phones are compared by their digits, so "(512) 555-9999" and "+15125559999" both end in 9999.
  const owns = (phone: string | null) => 'phone' in who || (phone !== null && phoneDigits(phone).endsWith(who.lastFour));
  const owned = rows.filter((r) => owns(r.customerPhone));
  return owned.slice(0, 10).map((r) => ({
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
