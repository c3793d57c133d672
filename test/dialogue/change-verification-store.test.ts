// A whole conversation over a real SQLite database: a stranger who names a customer cannot cancel
// or hear about their booking, and leaves a message in the outbox; the customer calling from
// another phone proves it with the last four digits and cancels. The lookup itself has no way to
// find bookings by a name alone.
import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { openDb, type DbHandle } from '../../src/db/client.ts';
import { bookings, notifications } from '../../src/db/schema.ts';
import { createOrganization } from '../../src/orgs/create-org.ts';
import { resolveSettings } from '../../src/templates/index.ts';
import type { ChangeVerification } from '../../src/templates/types.ts';
import { createLocalCalendar } from '../../src/providers/calendar/local.ts';
import { createOutboxNotify } from '../../src/providers/notify/outbox.ts';
import { createLocalNlu } from '../../src/nlu/local.ts';
import { manualClock } from '../../src/clock.ts';
import { createConversation, type Conversation } from '../../src/dialogue/conversation.ts';
import { findUpcoming, type BookingOwner } from '../../src/booking/store.ts';
import type { ReplyPart } from '../../src/dialogue/types.ts';

const NOW = Date.parse('2026-11-23T16:00:00Z');
const STRANGER = '+15125550123';
const EMILY = '+15125559999';

let db: DbHandle;
let orgId: string;
let bookingId: string;

async function seedOrg(changeVerification?: ChangeVerification): Promise<void> {
  const org = await createOrganization(db.db, {
    template: 'dental',
    name: 'Bright Smiles Dental',
    phoneNumber: '+15125550100',
    timezone: 'America/Chicago',
    ...(changeVerification ? { settings: { changeVerification } } : {}),
  });
  orgId = org.id;
}

beforeEach(async () => {
  db = await openDb({ url: ':memory:' });
  await seedOrg();
  bookingId = randomUUID();
  await db.db.insert(bookings).values({
    id: bookingId,
    orgId,
    customerName: 'Emily Chen',
    customerPhone: EMILY,
    serviceType: 'Cleaning',
    appointmentTime: new Date('2026-11-30T16:00:00Z'),
    durationMinutes: 60,
    status: 'confirmed',
  });
});
afterEach(() => db.close());

const byDigits = resolveSettings('dental', { changeVerification: 'caller_id_or_digits' });

function call(callerPhone: string | undefined, settings = byDigits): Conversation {
  return createConversation({
    db: db.db,
    org: { id: orgId, name: 'Bright Smiles Dental', timezone: 'America/Chicago', vertical: 'dental', settings },
    callId: randomUUID(),
    ...(callerPhone ? { callerPhone } : {}),
    clock: manualClock(NOW),
    nlu: createLocalNlu(),
    calendar: createLocalCalendar(db.db),
    notify: createOutboxNotify(db.db),
  });
}

async function text(parts: AsyncIterable<ReplyPart>): Promise<string> {
  const out: string[] = [];
  for await (const p of parts) if (p.type === 'text' || p.type === 'phrase') out.push(p.text);
  return out.join(' ');
}

/** Says each line in turn; returns everything the receptionist said. */
async function converse(c: Conversation, lines: Array<string | { dtmf: string }>): Promise<string> {
  const said = [await text(c.begin())];
  for (const l of lines) said.push(await text(typeof l === 'string' ? c.handleUtterance(l) : c.handleDtmf(l.dtmf)));
  await c.idle();
  return said.join(' ');
}

async function status(): Promise<string | undefined> {
  const [row] = await db.db.select().from(bookings).where(eq(bookings.id, bookingId));
  return row?.status;
}

const DETAILS = ['cleaning', 'november', '30th', '10 am', 'monday'];

describe('changing a booking by phone', () => {
  test('a stranger who names the customer and says "yes" cancels nothing, hears nothing, leaves a message', async () => {
    const c = call(STRANGER);
    const said = await converse(c, ['I need to cancel my appointment', 'Emily Chen', 'yes', '1234', '4321', 'no']);
    expect(await status()).toBe('confirmed');
    for (const d of DETAILS) expect(said.toLowerCase()).not.toContain(d);
    expect(said).toContain('last four digits');
    expect(c.outcome()).toBe('callback');
    const notes = await db.db.select().from(notifications).where(eq(notifications.orgId, orgId));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain('Request to cancel an appointment from +15125550123, under the name Emily Chen');
  });

  test("a stranger's reschedule by name is refused the same way", async () => {
    const c = call(STRANGER);
    const lines = [
      'I need to reschedule my appointment',
      'Emily Chen',
      'five five one two',
      'one two three four',
      'no',
    ];
    const said = await converse(c, lines);
    expect(await status()).toBe('confirmed');
    const [row] = await db.db.select().from(bookings).where(eq(bookings.id, bookingId));
    expect(row!.appointmentTime.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    for (const d of DETAILS) expect(said.toLowerCase()).not.toContain(d);
    expect(c.outcome()).toBe('callback');
  });

  test('the customer calling from another phone gives the last four digits (spoken or keyed) and cancels', async () => {
    const spoken = call(STRANGER);
    const said = await converse(spoken, ['I need to cancel my appointment', 'Emily Chen', 'nine nine nine nine']);
    expect(said).toContain('I see your cleaning on Monday, November 30th at 10 AM. Would you like me to cancel it?');
    await converse(spoken, ['yes', 'no']);
    expect(await status()).toBe('cancelled');
  });

  test('keyed digits work the same', async () => {
    const keyed = call(undefined);
    const nine = { dtmf: '9' };
    const said = await converse(keyed, [
      'I need to cancel my appointment',
      'Emily Chen',
      nine,
      nine,
      nine,
      nine,
      'yes',
    ]);
    expect(said).toContain('Would you like me to cancel it?');
    expect(await status()).toBe('cancelled');
  });

  test("the customer's own number (caller ID) still cancels without digits", async () => {
    const c = call(EMILY);
    await converse(c, ['I need to cancel my appointment', 'yes', 'no']);
    expect(await status()).toBe('cancelled');
  });

  test('a booking an operator marked done after the lookup is not cancelled by the call', async () => {
    const c = call(EMILY);
    expect(await converse(c, ['I need to cancel my appointment'])).toContain('Would you like me to cancel it?');
    await db.db.update(bookings).set({ status: 'done' }).where(eq(bookings.id, bookingId));
    await converse(c, ['yes', 'no']);
    expect(await status()).toBe('done');
  });

  test("message_only: even the customer's own number only leaves a message", async () => {
    const c = call(EMILY, resolveSettings('dental', { changeVerification: 'message_only' }));
    const said = await converse(c, ['I need to cancel my appointment', 'Emily Chen', 'yes']);
    expect(await status()).toBe('confirmed');
    for (const d of DETAILS) expect(said.toLowerCase()).not.toContain(d);
    expect(await db.db.select().from(notifications).where(eq(notifications.orgId, orgId))).toHaveLength(1);
  });
});

describe('the booking lookup', () => {
  const now = new Date(NOW);

  test("by the caller's number, or by name with the last four digits of the phone on the booking", async () => {
    const ids = async (who: BookingOwner) => (await findUpcoming(db.db, orgId, who, now)).map((b) => b.id);
    expect(await ids({ phone: EMILY })).toEqual([bookingId]);
    expect(await ids({ name: 'emily chen', lastFour: '9999' })).toEqual([bookingId]);
    expect(await findUpcoming(db.db, orgId, { name: 'Emily Chen', lastFour: '0123' }, now)).toEqual([]);
    expect(await findUpcoming(db.db, orgId, { phone: STRANGER }, now)).toEqual([]);
  });

  test('a name with anything but four digits finds nothing', async () => {
    for (const lastFour of ['', '999', '%', '_999', '99999']) {
      expect(await findUpcoming(db.db, orgId, { name: 'Emily Chen', lastFour }, now)).toEqual([]);
    }
  });

  test('formatted stored numbers compare by digits; a booking without a phone cannot be proven by digits', async () => {
    const exam = {
      orgId,
      customerName: 'Bob Lee',
      serviceType: 'Exam',
      durationMinutes: 30,
      status: 'confirmed' as const,
    };
    await db.db.insert(bookings).values([
      { ...exam, id: 'f1', customerPhone: '(512) 555-4321', appointmentTime: new Date('2026-11-25T16:00:00Z') },
      { ...exam, id: 'f2', customerPhone: null, appointmentTime: new Date('2026-11-26T16:00:00Z') },
    ]);
    const found = await findUpcoming(db.db, orgId, { name: 'Bob Lee', lastFour: '4321' }, now);
    expect(found.map((b) => b.id)).toEqual(['f1']);
  });
});
