// Pending-sync retry: a booking the calendar could not take at call time is written later, with
// backoff, exactly once; against the Google Calendar fake failing, then recovering.
import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { manualClock } from '../../src/clock.ts';
import type { DbHandle } from '../../src/db/client.ts';
import { bookings, calendarEvents, syncQueue } from '../../src/db/schema.ts';
import { createCalendarSync } from '../../src/booking/calendar-sync.ts';
import { createLogger } from '../../src/log.ts';
import { createGoogleCalendar } from '../../src/providers/calendar/google.ts';
import { createLocalCalendar } from '../../src/providers/calendar/local.ts';
import type { CalendarProvider } from '../../src/providers/calendar/types.ts';
import type { NotifyProvider } from '../../src/providers/notify/types.ts';
import { startFakeGoogleCalendar, type FakeGoogleCalendar } from '../fakes/google-calendar.ts';
import { memoryDb, seedCall, seedOrg } from '../api/seed.ts';

const CAL = 'frontdesk@polarair.example';
const TOKEN = 'ya29.polar-air';
const NOW = Date.parse('2026-11-23T08:00:00-06:00');
const THU_1PM = new Date('2026-11-26T13:00:00-06:00');

let h: DbHandle;
let google: FakeGoogleCalendar;
let orgId: string;
let bookingId: string;
/** What the business was told, as the sync sent it. */
let sent: string[];
const notify: NotifyProvider = {
  name: 'recorded',
  async send(n) {
    sent.push(n.body);
    return { id: String(sent.length), status: 'stored' };
  },
};

beforeEach(async () => {
  sent = [];
  h = await memoryDb();
  google = await startFakeGoogleCalendar({ accessTokens: [TOKEN], calendars: [CAL] });
  orgId = await seedOrg(h.db, {
    vertical: 'hvac',
    settings: { businessPhone: '+15125550999', googleCalendar: { calendarId: CAL, accessToken: TOKEN } },
  });
  const callId = await seedCall(h.db, { orgId, startedAt: NOW });
  bookingId = randomUUID();
  await h.db.insert(bookings).values({
    id: bookingId,
    callId,
    orgId,
    customerName: 'Maria Gonzalez',
    customerPhone: '+15125550123',
    serviceType: 'Heating Repair',
    appointmentTime: THU_1PM,
    durationMinutes: 60,
    status: 'pending_sync',
    details: {},
  });
});
afterEach(async () => {
  h.close();
  await google.close();
});

const booking = async () => (await h.db.select().from(bookings).where(eq(bookings.id, bookingId)))[0]!;
const sync = (calendar: CalendarProvider, clock = manualClock(NOW)) =>
  createCalendarSync({
    db: h.db,
    calendarFor: () => calendar,
    notify,
    clock,
    log: createLogger({ component: 'test' }),
    baseDelayMs: 1000,
  });

describe('pending-sync retry', () => {
  test('the calendar fails, the job backs off, then the event lands once and the booking is confirmed', async () => {
    const clock = manualClock(NOW);
    const calendar = createGoogleCalendar({ rootUrl: google.url, tokenUrl: google.tokenUrl });
    const s = sync(calendar, clock);
    google.failNext(1, 503);
    expect(await s.runOnce()).toEqual({ queued: 1, synced: 0, failed: 1 });
    expect(await booking()).toMatchObject({ status: 'pending_sync', externalEventId: null });
    const [job] = await h.db.select().from(syncQueue).where(eq(syncQueue.bookingId, bookingId));
    expect(job).toMatchObject({ attempts: 1, doneAt: null });
    expect(job!.nextAttemptAt).toEqual(new Date(NOW + 1000));
    expect(sent).toEqual([
      'New booking not yet in your calendar (it will be added automatically): ' +
        'Maria Gonzalez, Heating Repair, Thursday, November 26th at 1 PM.',
    ]);

    // Not due yet: the backoff holds the job.
    expect(await s.runOnce()).toEqual({ queued: 0, synced: 0, failed: 0 });

    clock.advance(1000);
    expect(await s.runOnce()).toEqual({ queued: 0, synced: 1, failed: 0 });
    const b = await booking();
    expect(b.status).toBe('confirmed');
    expect(b.externalEventId).toBe(bookingId.replace(/-/g, ''));
    const live = google.events(CAL).filter((e) => e.status !== 'cancelled');
    expect(live.map((e) => e.summary)).toEqual(['Heating Repair – Maria Gonzalez']);
    expect(live[0]!.id).toBe(b.externalEventId!);

    // Later passes find nothing to do; the business was told once.
    clock.advance(60_000);
    expect(await s.runOnce()).toEqual({ queued: 0, synced: 0, failed: 0 });
    expect(google.events(CAL)).toHaveLength(1);
    expect(sent).toHaveLength(1);
  });

  test('a booking cancelled while its event is written stays cancelled, and the slot is freed', async () => {
    const local = createLocalCalendar(h.db);
    // The caller cancels by phone just as the calendar takes the event.
    const racing: CalendarProvider = {
      ...local,
      async createEvent(org, event, signal) {
        await h.db.update(bookings).set({ status: 'cancelled' }).where(eq(bookings.id, bookingId));
        return local.createEvent(org, event, signal);
      },
    };
    expect(await sync(racing).runOnce()).toMatchObject({ queued: 1, failed: 0 });
    expect((await booking()).status).toBe('cancelled');
    const events = await h.db.select().from(calendarEvents).where(eq(calendarEvents.orgId, orgId));
    expect(events).toHaveLength(1);
    expect(events[0]!.cancelledAt).toBeInstanceOf(Date);
    const [job] = await h.db.select().from(syncQueue).where(eq(syncQueue.bookingId, bookingId));
    expect(job!.doneAt).toBeInstanceOf(Date);
  });

  test('stopping during a pass waits for the booking in hand to be confirmed and takes no other', async () => {
    const secondId = randomUUID();
    await h.db.insert(bookings).values({
      id: secondId,
      orgId,
      customerName: 'Ann Baker',
      customerPhone: '+15125550124',
      serviceType: 'AC Repair',
      appointmentTime: new Date(THU_1PM.getTime() + 2 * 3_600_000),
      durationMinutes: 60,
      status: 'pending_sync',
      details: {},
    });
    const local = createLocalCalendar(h.db);
    let writes = 0;
    const { promise: stopped, resolve: stopping } = Promise.withResolvers<Promise<void>>();
    // The server is shut down while the calendar takes the first event.
    const slow: CalendarProvider = {
      ...local,
      async createEvent(org, event, signal) {
        if (writes++ === 0) stopping(s.stop());
        await Bun.sleep(5);
        return local.createEvent(org, event, signal);
      },
    };
    const s = sync(slow);
    const pass = s.runOnce();
    await await stopped;
    // Resolved only once the booking in hand was stored as confirmed.
    const statuses = async () => (await h.db.select().from(bookings)).map((b) => b.status).sort();
    expect(await statuses()).toEqual(['confirmed', 'pending_sync']);
    await pass;
    expect(writes).toBe(1);
    expect(await statuses()).toEqual(['confirmed', 'pending_sync']);
    const open = await h.db.select().from(syncQueue);
    expect(open.filter((j) => j.doneAt === null)).toHaveLength(1);
  });
});
