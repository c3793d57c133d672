// Google Calendar fails at the moment of booking (after the slot was checked free): the booking is
// kept as pending_sync with a job in the durable sync queue, the business is told through the
// outbox, the caller hears it will be confirmed by text — and once the calendar is back the
// event is written exactly once, however many passes run.
import { afterAll, afterEach, beforeAll, expect, test } from 'bun:test';
import { and, eq } from 'drizzle-orm';
import { Scenario, runScenario } from '../../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';
import { startFakeGoogleCalendar, type FakeGoogleCalendar } from '../fakes/google-calendar.ts';
import { bookings, notifications, syncQueue } from '../../src/db/schema.ts';
import { createCalendarSync } from '../../src/booking/calendar-sync.ts';
import { manualClock } from '../../src/clock.ts';
import { createLogger } from '../../src/log.ts';
import { eventually } from '../helpers/eventually.ts';

const CAL = 'frontdesk@polarair.example';
const TOKEN = 'ya29.polar-air';

let env: SimEnv;
let google: FakeGoogleCalendar;
beforeAll(async () => {
  google = await startFakeGoogleCalendar({ accessTokens: [TOKEN], calendars: [CAL] });
  env = await startSimEnv({ env: { GOOGLE_API_ROOT: google.url, GOOGLE_TOKEN_URL: google.tokenUrl } });
  // This test drives the retry passes itself, on a clock it controls.
  await env.app.rt.calendarSync?.stop();
});
afterAll(async () => {
  await env.close();
  await google.close();
});
// A test that fails midway must not leave the calendar broken for the next one.
afterEach(() => google.control.clearFault('http5xx'));

const scenario = Scenario.parse({
  name: 'calendar-fails-at-booking',
  org: {
    template: 'hvac',
    name: 'Polar Air',
    timezone: 'America/Chicago',
    settings: { businessPhone: '+15125550999', googleCalendar: { calendarId: CAL, accessToken: TOKEN } },
  },
  now: '2026-11-23T10:00:00-06:00',
  turns: [
    'Hi, my furnace is banging, can someone come look at it?',
    'Maria Gonzalez',
    'Thursday at 1 pm',
    '12 Oak Street',
    'yes',
    "no that's all",
  ],
  expect: {
    outcome: 'booked',
    booking: {
      customerName: 'Maria Gonzalez',
      service: 'Heating Repair',
      start: '2026-11-26T13:00:00-06:00',
      address: '12 Oak Street',
    },
    said: ['confirm it by text'],
  },
});

test('calendar down at booking: pending_sync, queued, business notified, caller told "by text"; the sync lands once', async () => {
  const db = env.app.rt.db.db;
  // Break the calendar as soon as the availability check has been answered (the slot was free):
  // the caller is then asked to confirm, and the insert that follows fails.
  const freeBusyAnswered = (q: { path: string; status: number }) => q.path.endsWith('/freeBusy') && q.status === 200;
  const armed = google.waitForRequest(freeBusyAnswered).then((seen) => {
    if (seen) google.control.setFault('http5xx', { status: 503 });
    return seen;
  });
  const r = await runScenario(env, scenario);
  if (!r.pass) throw new Error(`${r.reason}\n${JSON.stringify(r.turns, null, 2)}`);
  expect(await armed).toBe(true);
  const inserts = () => google.calendarRequests().filter((q) => q.method === 'POST' && q.path.endsWith('/events'));
  expect(inserts().map((q) => q.status)).toEqual([503]);

  // What the caller heard after saying yes.
  const afterYes = r.turns.find((t) => t.caller === 'yes')!.assistant;
  expect(afterYes).toContain('we’ll confirm it by text');
  expect(afterYes).not.toContain('all set');
  for (const n of r.replyAudioBytes!) expect(n).toBeGreaterThan(0);

  const [b] = await db.select().from(bookings).where(eq(bookings.callId, r.callId!));
  expect(b!.status).toBe('pending_sync');
  expect(b!.externalEventId).toBeNull();

  // The retry queue, on a clock the test moves.
  const clock = manualClock(Date.now());
  const sync = createCalendarSync({
    db,
    calendarFor: env.app.rt.providers.calendarFor,
    notify: env.app.rt.providers.notify,
    clock,
    log: createLogger({ component: 'test' }),
    baseDelayMs: 1000,
  });
  const failed = await sync.runOnce();
  expect(failed).toEqual({ queued: 1, synced: 0, failed: 1 });
  const jobs = () => db.select().from(syncQueue).where(eq(syncQueue.bookingId, b!.id));
  expect((await jobs()).map((j) => [j.attempts, j.doneAt])).toEqual([[1, null]]);
  // Not due yet: backoff.
  expect(await sync.runOnce()).toEqual({ queued: 0, synced: 0, failed: 0 });

  // The business heard about it once, in the outbox.
  await env.app.rt.writes.flush(3);
  const toBusiness = await eventually(async () => {
    const rows = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.callId, r.callId!), eq(notifications.recipient, '+15125550999')));
    return rows.length > 0 && rows;
  });
  expect(toBusiness.filter((n) => n.body.startsWith('New booking not yet in your calendar')).length).toBe(1);

  // The calendar comes back: the next due pass writes the event, and later passes do nothing.
  google.control.clearFault('http5xx');
  clock.advance(1000);
  expect(await sync.runOnce()).toEqual({ queued: 0, synced: 1, failed: 0 });
  clock.advance(60_000);
  expect(await sync.runOnce()).toEqual({ queued: 0, synced: 0, failed: 0 });
  const [after] = await db.select().from(bookings).where(eq(bookings.id, b!.id));
  expect(after!.status).toBe('confirmed');
  const events = google.events(CAL).filter((e) => e.status !== 'cancelled');
  expect(events.length).toBe(1);
  expect(events[0]!.id).toBe(after!.externalEventId!);
  expect(events[0]!.summary).toBe('Heating Repair – Maria Gonzalez');
  // The later sync writes the same event as the call would have: the address is its location.
  expect(events[0]!.location).toBe('12 Oak Street');
  expect((await jobs()).map((j) => [j.attempts, j.doneAt !== null])).toEqual([[2, true]]);
  // At the call, the failed retry, the one that landed.
  expect(inserts().map((q) => q.status)).toEqual([503, 503, 200]);
}, 30_000);

test('the insert reached the calendar but its answer was lost: the sync finds that event instead of making a second', async () => {
  const db = env.app.rt.db.db;
  const before = google.events(CAL).filter((e) => e.status !== 'cancelled').length;
  google.loseInsertAnswers(1);
  // The same calendar as the first test: a different hour, so the slot is free.
  const r = await runScenario(env, {
    ...scenario,
    name: 'calendar-answer-lost',
    turns: [
      'Hi, my furnace is banging, can someone come look at it?',
      'Maria Gonzalez',
      'Thursday at 3 pm',
      '12 Oak Street',
      'yes',
      "no that's all",
    ],
    expect: {
      ...scenario.expect,
      booking: { customerName: 'Maria Gonzalez', service: 'Heating Repair', start: '2026-11-26T15:00:00-06:00' },
    },
  });
  if (!r.pass) throw new Error(`${r.reason}\n${JSON.stringify(r.turns, null, 2)}`);
  const [b] = await db.select().from(bookings).where(eq(bookings.callId, r.callId!));
  expect(b!.status).toBe('pending_sync');
  // The event exists at the calendar already, under the booking's own id.
  const written = google.events(CAL).filter((e) => e.status !== 'cancelled');
  expect(written.length).toBe(before + 1);
  expect(written.at(-1)!.id).toBe(b!.id.replace(/-/g, ''));

  const clock = manualClock(Date.now());
  const sync = createCalendarSync({
    db,
    calendarFor: env.app.rt.providers.calendarFor,
    notify: env.app.rt.providers.notify,
    clock,
    log: createLogger({ component: 'test' }),
    baseDelayMs: 1000,
  });
  expect(await sync.runOnce()).toEqual({ queued: 1, synced: 1, failed: 0 });
  const [after] = await db.select().from(bookings).where(eq(bookings.id, b!.id));
  expect(after!.status).toBe('confirmed');
  expect(after!.externalEventId).toBe(b!.id.replace(/-/g, ''));
  // Still one event for this booking.
  expect(google.events(CAL).filter((e) => e.status !== 'cancelled').length).toBe(before + 1);
}, 30_000);

test('the calendar cannot be read at the availability check: taken down unverified, "by text", written once by the sync', async () => {
  const db = env.app.rt.db.db;
  const before = google.events(CAL).filter((e) => e.status !== 'cancelled').length;
  google.control.setFault('http5xx', { status: 503 });
  let r;
  try {
    r = await runScenario(env, {
      ...scenario,
      name: 'calendar-unreadable',
      turns: [
        'Hi, my furnace is banging, can someone come look at it?',
        'Maria Gonzalez',
        'Thursday at 4 pm',
        '12 Oak Street',
        'yes',
        "no that's all",
      ],
      expect: {
        ...scenario.expect,
        booking: { customerName: 'Maria Gonzalez', service: 'Heating Repair', start: '2026-11-26T16:00:00-06:00' },
      },
    });
  } finally {
    google.control.clearFault('http5xx');
  }
  if (!r.pass) throw new Error(`${r.reason}\n${JSON.stringify(r.turns, null, 2)}`);
  const afterYes = r.turns.find((t) => t.caller === 'yes')!.assistant;
  expect(afterYes).toContain('we’ll confirm it by text');
  // Nothing was written to the calendar during the call.
  expect(google.events(CAL).filter((e) => e.status !== 'cancelled').length).toBe(before);
  const [b] = await db.select().from(bookings).where(eq(bookings.callId, r.callId!));
  expect(b!.status).toBe('pending_sync');

  const clock = manualClock(Date.now());
  const sync = createCalendarSync({
    db,
    calendarFor: env.app.rt.providers.calendarFor,
    notify: env.app.rt.providers.notify,
    clock,
    log: createLogger({ component: 'test' }),
    baseDelayMs: 1000,
  });
  expect(await sync.runOnce()).toEqual({ queued: 1, synced: 1, failed: 0 });
  clock.advance(60_000);
  expect(await sync.runOnce()).toEqual({ queued: 0, synced: 0, failed: 0 });
  expect(google.events(CAL).filter((e) => e.status !== 'cancelled').length).toBe(before + 1);
}, 30_000);
