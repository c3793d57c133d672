// Book → reschedule → cancel through the booking service, on a real in-memory database with the
// embedded calendar; then what an operator may and may not do to a booking.
import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { manualClock } from '../../src/clock.ts';
import type { DbHandle } from '../../src/db/client.ts';
import { bookings, calendarEvents, calls } from '../../src/db/schema.ts';
import { openCallBookings } from '../../src/booking/call-bookings.ts';
import { BookingConflictError, createBookingService } from '../../src/booking/service.ts';
import { BookingTransitionError } from '../../src/booking/status.ts';
import { createLocalCalendar } from '../../src/providers/calendar/local.ts';
import { resolveSettings } from '../../src/templates/index.ts';
import { memoryDb, seedCall, seedOrg } from '../api/seed.ts';

const NOW = Date.parse('2026-11-23T08:00:00-06:00');
const CALLER = '+15125550123';
const THU_1PM = new Date('2026-11-26T13:00:00-06:00');
const FRI_10AM = new Date('2026-11-27T10:00:00-06:00');

let h: DbHandle;
let orgId: string;
let callId: string;
beforeEach(async () => {
  h = await memoryDb();
  orgId = await seedOrg(h.db, { vertical: 'hvac' });
  callId = await seedCall(h.db, { orgId, startedAt: NOW });
});
afterEach(() => h.close());

const settings = resolveSettings('hvac', {});
const openCall = (phone: string | null = CALLER) =>
  openCallBookings({
    db: h.db,
    calendar: createLocalCalendar(h.db),
    org: { id: orgId, timezone: 'America/Chicago', settings },
    callId,
    ...(phone ? { callerPhone: phone } : {}),
    clock: manualClock(NOW),
  });
const row = async (id: string) => (await h.db.select().from(bookings).where(eq(bookings.id, id)))[0]!;
const events = () => h.db.select().from(calendarEvents).where(eq(calendarEvents.orgId, orgId));
const request = {
  customerName: 'Maria Gonzalez',
  customerPhone: CALLER,
  service: 'Heating Repair',
  start: THU_1PM,
  durationMinutes: 60,
  details: {},
};

describe('a call books, moves and cancels', () => {
  test('book → reschedule → cancel keeps the booking row and the calendar in step', async () => {
    const call = openCall();
    expect(await call.availability(THU_1PM, 60)).toEqual({ free: true, alternatives: [] });

    const booked = await call.book(request);
    if (!booked.ok) throw new Error('booking failed');
    expect(booked.pendingSync).toBe(false);
    const b = await row(booked.bookingId);
    expect(b).toMatchObject({ status: 'confirmed', customerName: 'Maria Gonzalez', serviceType: 'Heating Repair' });
    expect(b.appointmentTime).toEqual(THU_1PM);
    const [event] = await events();
    expect(event).toMatchObject({ id: b.externalEventId, title: 'Heating Repair – Maria Gonzalez' });
    expect(event!.cancelledAt).toBeNull();
    expect(event!.startAt).toEqual(THU_1PM);
    const [c] = await h.db.select().from(calls).where(eq(calls.id, callId));
    expect(c!.bookingCreated).toBe(true);
    // The booked hour is now busy.
    expect((await call.availability(THU_1PM, 60)).free).toBe(false);

    // A later call finds it by caller ID, then moves it.
    const later = openCall();
    expect(await later.reschedule(b.id, FRI_10AM, 60)).toBe(false); // not looked up in this call yet
    expect((await later.find({ by: 'callerId' })).map((f) => f.id)).toEqual([b.id]);
    expect(await later.reschedule(b.id, FRI_10AM, 60)).toBe(true);
    const moved = await row(b.id);
    expect(moved.status).toBe('confirmed');
    expect(moved.appointmentTime).toEqual(FRI_10AM);
    expect(moved.details).toMatchObject({ rescheduledFrom: THU_1PM.toISOString(), rescheduledByCall: callId });
    const [movedEvent] = await events();
    expect(movedEvent!.startAt).toEqual(FRI_10AM);
    expect(movedEvent!.endAt).toEqual(new Date(FRI_10AM.getTime() + 3600_000));

    expect(await later.cancel(b.id)).toBe(true);
    expect((await row(b.id)).status).toBe('cancelled');
    expect((await events())[0]!.cancelledAt).toBeInstanceOf(Date);
    // Cancelled is final: a second cancel is refused, and lookups no longer see it.
    expect(await later.cancel(b.id)).toBe(false);
    expect(await later.reschedule(b.id, THU_1PM, 60)).toBe(false);
    expect(await openCall().find({ by: 'callerId' })).toEqual([]);
  });

  test('an unverified slot is stored for the sync and not written to the calendar', async () => {
    const r = await openCall().book({ ...request, unverified: true });
    if (!r.ok) throw new Error('booking failed');
    expect(r.pendingSync).toBe(true);
    expect(await row(r.bookingId)).toMatchObject({ status: 'pending_sync', externalEventId: null });
    expect(await events()).toEqual([]);
  });

  test('a HIPAA org keeps no free-text details on the booking', async () => {
    const dental = resolveSettings('dental', {});
    const call = openCallBookings({
      db: h.db,
      calendar: createLocalCalendar(h.db),
      org: { id: orgId, timezone: 'America/Chicago', settings: dental },
      callId,
      clock: manualClock(NOW),
    });
    const r = await call.book({ ...request, service: 'Root canal', details: { notes: 'left molar' } });
    if (!r.ok) throw new Error('booking failed');
    expect((await row(r.bookingId)).details).toEqual({});
    expect((await events())[0]!.title).toBe('Appointment – Maria Gonzalez');
  });

  test('without caller ID a caller-ID lookup finds nothing, so nothing can be changed', async () => {
    const r = await openCall().book(request);
    if (!r.ok) throw new Error('booking failed');
    const anonymous = openCall(null);
    expect(await anonymous.find({ by: 'callerId' })).toEqual([]);
    expect(await anonymous.cancel(r.bookingId)).toBe(false);
    expect((await row(r.bookingId)).status).toBe('confirmed');
  });
});

describe('an operator settles bookings', () => {
  const service = () =>
    createBookingService({ db: h.db, clock: manualClock(NOW), calendarFor: () => createLocalCalendar(h.db) });

  test('cancel frees the calendar slot; repeating it is a no-op; a cancelled booking cannot be done', async () => {
    const r = await openCall().book(request);
    if (!r.ok) throw new Error('booking failed');
    const s = service();
    const cancelled = await s.settle((await s.get(r.bookingId))!, 'cancelled');
    expect(cancelled.status).toBe('cancelled');
    expect((await events())[0]!.cancelledAt).toBeInstanceOf(Date);
    expect((await s.settle(cancelled, 'cancelled')).status).toBe('cancelled');
    await expect(s.settle(cancelled, 'done')).rejects.toBeInstanceOf(BookingTransitionError);
  });

  test('done keeps the calendar event; a stale copy of the booking is a conflict', async () => {
    const r = await openCall().book(request);
    if (!r.ok) throw new Error('booking failed');
    const s = service();
    const stale = (await s.get(r.bookingId))!;
    expect((await s.settle(stale, 'done')).status).toBe('done');
    expect((await events())[0]!.cancelledAt).toBeNull();
    // The copy still says confirmed; the row is done by now.
    await expect(s.settle(stale, 'cancelled')).rejects.toBeInstanceOf(BookingConflictError);
    expect((await row(r.bookingId)).status).toBe('done');
  });

  test('a call that looked a booking up cannot change it once an operator has settled it', async () => {
    const r = await openCall().book(request);
    if (!r.ok) throw new Error('booking failed');
    const call = openCall();
    expect(await call.find({ by: 'callerId' })).toHaveLength(1);
    const s = service();
    await s.settle((await s.get(r.bookingId))!, 'done');
    expect(await call.reschedule(r.bookingId, FRI_10AM, 60)).toBe(false);
    expect(await call.cancel(r.bookingId)).toBe(false);
    const b = await row(r.bookingId);
    expect(b.status).toBe('done');
    expect(b.appointmentTime).toEqual(THU_1PM);
    expect((await events())[0]!.startAt).toEqual(THU_1PM);
  });
});
