// The business hears of every new, moved or cancelled booking (unless it switched that off), and a
// customer hears when an operator cancels their appointment: through the real outbox.
import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { asc, eq } from 'drizzle-orm';
import { manualClock } from '../../src/clock.ts';
import type { DbHandle } from '../../src/db/client.ts';
import { notifications, organizations } from '../../src/db/schema.ts';
import { openCallBookings } from '../../src/booking/call-bookings.ts';
import { createLocalCalendar } from '../../src/providers/calendar/local.ts';
import { createOutboxNotify } from '../../src/providers/notify/outbox.ts';
import { resolveSettings } from '../../src/templates/index.ts';
import type { OrgSettings } from '../../src/templates/types.ts';
import { harness, newOrg, type Harness } from '../api/harness.ts';
import { memoryDb, seedCall, seedOrg } from '../api/seed.ts';

const NOW = Date.parse('2026-11-23T08:00:00-06:00');
const CALLER = '+15125550123';
const BUSINESS = '+15125550999';
const THU_1PM = new Date('2026-11-26T13:00:00-06:00');
const FRI_10AM = new Date('2026-11-27T10:00:00-06:00');
const request = {
  customerName: 'Maria Gonzalez',
  customerPhone: CALLER,
  service: 'Heating Repair',
  start: THU_1PM,
  durationMinutes: 60,
  details: {},
};

let h: DbHandle;
let orgId: string;
let callId: string;
beforeEach(async () => {
  h = await memoryDb();
  orgId = await seedOrg(h.db, { vertical: 'hvac' });
  callId = await seedCall(h.db, { orgId, startedAt: NOW });
});
afterEach(() => h.close());

const sent = async () =>
  (await h.db.select().from(notifications).orderBy(asc(notifications.createdAt))).map((n) => ({
    to: n.recipient,
    body: n.body,
  }));

function openCall(settings: OrgSettings) {
  return openCallBookings({
    db: h.db,
    calendar: createLocalCalendar(h.db),
    notify: createOutboxNotify(h.db),
    org: { id: orgId, timezone: 'America/Chicago', settings },
    callId,
    callerPhone: CALLER,
    clock: manualClock(NOW),
  });
}

describe('the business hears of booking changes made in a call', () => {
  test('new, moved and cancelled bookings each send the business a text', async () => {
    const call = openCall(resolveSettings('hvac', { businessPhone: BUSINESS }));
    const r = await call.book(request);
    if (!r.ok) throw new Error('booking failed');
    await call.find({ by: 'callerId' });
    expect(await call.reschedule(r.bookingId, FRI_10AM, 60)).toBe(true);
    expect(await call.cancel(r.bookingId)).toBe(true);
    await call.idle();
    const texts = await sent();
    expect(texts.map((t) => t.to)).toEqual([BUSINESS, BUSINESS, BUSINESS]);
    expect(texts[0]!.body).toBe(
      'New booking by phone: Maria Gonzalez (+15125550123), Heating Repair, Thursday, November 26th at 1 PM.',
    );
    expect(texts[1]!.body).toContain('Booking moved by phone');
    expect(texts[1]!.body).toContain('Friday, November 27th at 10 AM');
    expect(texts[2]!.body).toContain('Booking cancelled by phone');
  });

  test('notifyBusiness: false sends nothing; HIPAA mode never names the treatment', async () => {
    const quiet = openCall(resolveSettings('hvac', { businessPhone: BUSINESS, notifyBusiness: false }));
    if (!(await quiet.book(request)).ok) throw new Error('booking failed');
    await quiet.idle();
    expect(await sent()).toEqual([]);
    const dental = openCall(resolveSettings('dental', { businessPhone: BUSINESS }));
    if (!(await dental.book({ ...request, service: 'Root canal', start: FRI_10AM })).ok) throw new Error('failed');
    await dental.idle();
    const [text] = await sent();
    expect(text!.body).toContain('appointment');
    expect(text!.body).not.toContain('Root canal');
  });
});

describe('an operator cancels through the API', () => {
  let t: Harness;
  afterEach(() => t?.close());

  test('the customer and the business both get a text', async () => {
    t = await harness();
    const org = (await t.call('POST', '/orgs', { body: newOrg({ settings: { businessPhone: BUSINESS } }) })).body;
    const [row] = await t.h.db.select().from(organizations).where(eq(organizations.id, org.id));
    const call = openCallBookings({
      db: t.h.db,
      calendar: createLocalCalendar(t.h.db),
      org: { id: org.id, timezone: row!.timezone, settings: resolveSettings('hvac', row!.settings) },
      callId: await seedCall(t.h.db, { orgId: org.id, startedAt: NOW }),
      callerPhone: CALLER,
      clock: manualClock(NOW),
    });
    const r = await call.book({ ...request, start: new Date(Date.parse('2025-03-14T10:00:00-05:00')) });
    if (!r.ok) throw new Error('booking failed');
    const res = await t.call('POST', `/bookings/${r.bookingId}/cancel`);
    expect(res.status).toBe(200);
    const out = await t.call('GET', `/notifications?orgId=${org.id}`);
    const byRecipient = Object.fromEntries(
      out.body.data.map((n: { recipient: string; body: string }) => [n.recipient, n.body]),
    );
    expect(byRecipient[CALLER]).toBe(
      'Cool Air Co: your Heating Repair appointment on Friday, March 14th at 10 AM has been cancelled. ' +
        'Call us to book a new time.',
    );
    expect(byRecipient[BUSINESS]).toContain('Booking cancelled by an operator: Maria Gonzalez');
  });
});
