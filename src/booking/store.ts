// Database access for bookings and their calendar-sync jobs; rows are mapped to booking shapes
// here. Writes take a `Db` so they can run inside the write queue's transaction or directly.
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/client.ts';
import { bookings, calls, organizations, syncQueue, type Organization, type SyncJob } from '../db/schema.ts';
import { phoneDigits } from '../nlu/digits.ts';
import { ACTIVE_STATUSES, assertTransition, type INITIAL_STATUSES } from './status.ts';
import type { BookingRecord, BookingStatus, FoundBooking } from './types.ts';

export interface NewBookingRow {
  id: string;
  callId: string;
  orgId: string;
  customerName: string;
  customerPhone: string | null;
  service: string;
  start: Date;
  durationMinutes: number;
  status: (typeof INITIAL_STATUSES)[number];
  externalEventId: string | null;
  details: Record<string, unknown>;
  address?: string | null;
  intake?: Record<string, string> | null;
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
    address: row.address ?? null,
    intake: row.intake && Object.keys(row.intake).length > 0 ? row.intake : null,
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
      and(
        eq(bookings.orgId, orgId),
        match,
        inArray(bookings.status, [...ACTIVE_STATUSES]),
        gt(bookings.appointmentTime, now),
      ),
    )
    .orderBy(asc(bookings.appointmentTime))
    .limit(50);
  // Phones are compared by their digits, so "(512) 555-9999" and "+15125559999" both end in 9999.
  const owns = (phone: string | null) =>
    'phone' in who || (phone !== null && phoneDigits(phone).endsWith(who.lastFour));
  const owned = rows.filter((r) => owns(r.customerPhone));
  return owned.slice(0, 10).map((r) => ({
    id: r.id,
    service: r.serviceType,
    start: r.appointmentTime.toISOString(),
    durationMinutes: r.durationMinutes,
    customerName: r.customerName,
  }));
}

/** A booking of the org, or null. */
export async function getBooking(db: Db, orgId: string, id: string): Promise<BookingRecord | null> {
  const [row] = await db
    .select()
    .from(bookings)
    .where(and(eq(bookings.id, id), eq(bookings.orgId, orgId)));
  return row ?? null;
}

/** A booking of any org (the operator API checks who may see it). */
export async function getBookingById(db: Db, id: string): Promise<BookingRecord | null> {
  const [row] = await db.select().from(bookings).where(eq(bookings.id, id)).limit(1);
  return row ?? null;
}

/** The latest booking a call made, if any. */
export async function latestBookingOfCall(db: Db, callId: string): Promise<BookingRecord | null> {
  const [row] = await db
    .select()
    .from(bookings)
    .where(eq(bookings.callId, callId))
    .orderBy(desc(bookings.createdAt))
    .limit(1);
  return row ?? null;
}

export interface BookingFilter {
  orgId?: string;
  status?: BookingStatus;
  /** appointmentTime ≥ from (epoch ms) */
  from?: number;
  /** appointmentTime < to (epoch ms) */
  to?: number;
  /** Rows strictly after this one in (appointmentTime desc, id desc) order. */
  after?: { at: number; id: string };
  limit: number;
}

/** Bookings, latest appointment first (appointmentTime desc, id desc). */
export async function listBookings(db: Db, f: BookingFilter): Promise<BookingRecord[]> {
  const where: SQL[] = [];
  if (f.orgId) where.push(eq(bookings.orgId, f.orgId));
  if (f.status) where.push(eq(bookings.status, f.status));
  if (f.from !== undefined) where.push(gte(bookings.appointmentTime, new Date(f.from)));
  if (f.to !== undefined) where.push(lt(bookings.appointmentTime, new Date(f.to)));
  if (f.after) {
    const at = new Date(f.after.at);
    const sameTimeBefore = and(eq(bookings.appointmentTime, at), lt(bookings.id, f.after.id));
    where.push(or(lt(bookings.appointmentTime, at), sameTimeBefore)!);
  }
  return db
    .select()
    .from(bookings)
    .where(and(...where))
    .orderBy(desc(bookings.appointmentTime), desc(bookings.id))
    .limit(f.limit);
}

export async function moveBooking(db: Db, row: BookingRecord, start: Date, callId: string, now: Date): Promise<void> {
  // The old time stays on record: the business can see what was moved and by which call.
  const details = {
    ...(row.details ?? {}),
    rescheduledFrom: row.appointmentTime.toISOString(),
    rescheduledByCall: callId,
  };
  await db.update(bookings).set({ appointmentTime: start, details, updatedAt: now }).where(eq(bookings.id, row.id));
}

/**
 * Changes a booking's status if the transition table allows it (else throws) and the row still
 * has `from` (else null: someone changed it meanwhile).
 */
export async function changeStatus(
  db: Queryable,
  id: string,
  from: BookingStatus,
  to: BookingStatus,
  now: Date,
  set: { externalEventId?: string } = {},
): Promise<BookingRecord | null> {
  assertTransition(from, to);
  const [updated] = await db
    .update(bookings)
    .set({ status: to, updatedAt: now, ...set })
    .where(and(eq(bookings.id, id), eq(bookings.status, from)))
    .returning();
  return updated ?? null;
}

export async function getOrganization(db: Db, id: string): Promise<Organization | null> {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, id));
  return org ?? null;
}

// ---------------------------------------------------------------- calendar-sync jobs

/** pending_sync bookings that have no open sync job yet. */
export async function pendingWithoutJob(db: Db): Promise<BookingRecord[]> {
  const rows = await db
    .select({ b: bookings, job: syncQueue.id })
    .from(bookings)
    .leftJoin(syncQueue, and(eq(syncQueue.bookingId, bookings.id), isNull(syncQueue.doneAt)))
    .where(eq(bookings.status, 'pending_sync'));
  return rows.filter((r) => !r.job).map((r) => r.b);
}

export async function openSyncJob(db: Db, bookingId: string, dueAt: Date): Promise<void> {
  await db.insert(syncQueue).values({ id: randomUUID(), bookingId, op: 'create', payload: {}, nextAttemptAt: dueAt });
}

/** Open jobs due by `now`, with their booking and its org. */
export async function dueSyncJobs(
  db: Db,
  now: Date,
): Promise<Array<{ job: SyncJob; b: BookingRecord; org: Organization }>> {
  return db
    .select({ job: syncQueue, b: bookings, org: organizations })
    .from(syncQueue)
    .innerJoin(bookings, eq(bookings.id, syncQueue.bookingId))
    .innerJoin(organizations, eq(organizations.id, bookings.orgId))
    .where(and(isNull(syncQueue.doneAt), lte(syncQueue.nextAttemptAt, now)));
}

export async function closeSyncJob(db: Queryable, id: string, now: Date, attempts?: number): Promise<void> {
  const set = attempts === undefined ? { doneAt: now } : { doneAt: now, attempts, lastError: null };
  await db.update(syncQueue).set(set).where(eq(syncQueue.id, id));
}

export async function retrySyncJobLater(
  db: Db,
  id: string,
  attempts: number,
  nextAttemptAt: Date,
  error: string,
): Promise<void> {
  await db
    .update(syncQueue)
    .set({ attempts, nextAttemptAt, lastError: error.slice(0, 300) })
    .where(eq(syncQueue.id, id));
}
