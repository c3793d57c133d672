import { afterEach, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { manualClock } from '../../src/clock.ts';
import { bookings, calendarEvents, calls, callTurns, notifications } from '../../src/db/schema.ts';
import type { DbHandle } from '../../src/db/client.ts';
import { ERASED_BODY, purgeExpired, purgeTotal, startRetentionJob } from '../../src/privacy/retention.ts';
import { manualTimers } from '../helpers/manual-timers.ts';
import { memoryDb, seedBooking, seedCall, seedNotification, seedOrg } from '../api/seed.ts';
import { allColumns, whereIs } from './scan-db.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 1, 12);
let h: DbHandle | null = null;
afterEach(() => {
  h?.close();
  h = null;
});

describe('retention purge', () => {
  test('erases transcripts and turn texts older than retentionDays; newer calls and bookings stay', async () => {
    h = await memoryDb();
    const db = h.db;
    const org = await seedOrg(db, { settings: { retentionDays: 30 } });
    const old = await seedCall(db, { orgId: org, startedAt: NOW - 31 * DAY, turns: [{}, {}] });
    const fresh = await seedCall(db, { orgId: org, startedAt: NOW - 29 * DAY, turns: [{}] });
    const booking = await seedBooking(db, { orgId: org, callId: old, appointmentTime: NOW - 30 * DAY });

    const report = await purgeExpired(db, manualClock(NOW));
    expect(report).toMatchObject({ callsPurged: 1, turnsPurged: 2 });

    const [oldRow] = await db.select().from(calls).where(eq(calls.id, old));
    expect(oldRow?.transcript).toBeNull();
    expect(oldRow?.cost).toBe(0.05); // the call's facts survive
    for (const t of await db.select().from(callTurns).where(eq(callTurns.callId, old))) {
      expect(t.callerText).toBeNull();
      expect(t.assistantText).toBeNull();
      expect(t.latencyMs).toBe(700);
    }
    const [freshRow] = await db.select().from(calls).where(eq(calls.id, fresh));
    expect(freshRow?.transcript).toContain('Caller: hi');
    const [freshTurn] = await db.select().from(callTurns).where(eq(callTurns.callId, fresh));
    expect(freshTurn?.callerText).toBe('I need a repair');
    const [b] = await db.select().from(bookings).where(eq(bookings.id, booking));
    expect(b?.customerName).toBe('Pat Doe');

    // A second run finds nothing left to erase.
    expect(purgeTotal(await purgeExpired(db, manualClock(NOW)))).toBe(0);
  });

  test('retentionDays 0 keeps forever, and each org follows its own setting', async () => {
    h = await memoryDb();
    const db = h.db;
    const keep = await seedOrg(db, { settings: { retentionDays: 0 } });
    const week = await seedOrg(db, { settings: { retentionDays: 7 } });
    const kept = await seedCall(db, { orgId: keep, startedAt: NOW - 400 * DAY });
    await seedCall(db, { orgId: week, startedAt: NOW - 8 * DAY });
    const report = await purgeExpired(db, manualClock(NOW));
    expect(report.callsPurged).toBe(1);
    const [row] = await db.select().from(calls).where(eq(calls.id, kept));
    expect(row?.transcript).not.toBeNull();
  });

  test('the job purges at start and again each interval as the clock moves, until stopped', async () => {
    h = await memoryDb();
    const db = h.db;
    const org = await seedOrg(db, { settings: { retentionDays: 1 } });
    await seedCall(db, { orgId: org, startedAt: NOW - 12 * 3600_000 });
    const clock = manualClock(NOW);
    const timers = manualTimers();
    const runs: number[] = [];
    let notify: () => void = () => undefined;
    const ran = () => new Promise<void>((r) => (notify = r));
    let next = ran();
    const stop = startRetentionJob(db, clock, 3600_000, {
      timers,
      onRun: (r) => {
        runs.push(r.callsPurged);
        notify();
      },
    });
    await next;
    expect(runs).toEqual([0]);
    clock.advance(13 * 3600_000); // the call is now 25 h old
    next = ran();
    timers.advance(3600_000);
    await next;
    expect(runs).toEqual([0, 1]);
    stop();
    expect(timers.pending()).toBe(0);
  });

  test('every table holding caller text is purged past retentionDays; newer rows keep theirs', async () => {
    h = await memoryDb();
    const { db, client } = h;
    const org = await seedOrg(db, { vertical: 'dental', settings: { retentionDays: 30, flags: { hipaaMode: false } } });
    const other = await seedOrg(db, { settings: { retentionDays: 0 } });
    const OLD = 'my gums bleed since the root canal';
    const NEW = 'my crown fell out this morning';
    const said = (text: string) => ({
      transcript: `Caller: ${text}`,
      turns: [{ callerText: text, assistantText: `You said ${text}` }],
    });
    const _old = await seedCall(db, { orgId: org, startedAt: NOW - 31 * DAY, ...said(OLD) });
    await seedCall(db, { orgId: org, startedAt: NOW - 29 * DAY, ...said(NEW) });
    // Another org that keeps everything forever: its old text stays.
    await seedNotification(db, { orgId: other, createdAt: NOW - 400 * DAY, body: 'Callback: furnace is sparking' });

    const oldNote = await seedNotification(db, { orgId: org, createdAt: NOW - 31 * DAY, body: `URGENT: "${OLD}"` });
    await db
      .update(notifications)
      .set({ error: `delivery failed for "${OLD}"` })
      .where(eq(notifications.id, oldNote));
    await seedNotification(db, { orgId: org, createdAt: NOW - 29 * DAY, body: `URGENT: "${NEW}"` });

    const details = (text: string) => ({ note: text });
    const pastOld = await seedBooking(db, { orgId: org, appointmentTime: NOW - 25 * DAY, createdAt: NOW - 31 * DAY });
    await db
      .update(bookings)
      .set({ details: details(OLD), intake: { gateCode: OLD } })
      .where(eq(bookings.id, pastOld));
    // Booked long ago for an appointment still ahead: the business still needs the details.
    const ahead = await seedBooking(db, { orgId: org, appointmentTime: NOW + 5 * DAY, createdAt: NOW - 40 * DAY });
    await db
      .update(bookings)
      .set({ details: details(`ahead ${NEW}`) })
      .where(eq(bookings.id, ahead));
    const recent = await seedBooking(db, { orgId: org, appointmentTime: NOW - DAY, createdAt: NOW - 29 * DAY });
    await db
      .update(bookings)
      .set({ details: details(NEW) })
      .where(eq(bookings.id, recent));

    const event = (id: string, createdAt: number, startAt: number, description: string) =>
      db.insert(calendarEvents).values({
        id,
        orgId: org,
        startAt: new Date(startAt),
        endAt: new Date(startAt + 3600_000),
        title: 'Appointment – Pat Doe',
        description,
        createdAt: new Date(createdAt),
      });
    await event('ev-old', NOW - 31 * DAY, NOW - 25 * DAY, `note: ${OLD}`);
    await event('ev-ahead', NOW - 40 * DAY, NOW + 5 * DAY, `note: ahead ${NEW}`);
    await event('ev-new', NOW - 29 * DAY, NOW - DAY, `note: ${NEW}`);

    expect(await whereIs(client, OLD)).toEqual([
      'bookings.details',
      'bookings.intake',
      'calendar_events.description',
      'call_turns.assistant_text',
      'call_turns.caller_text',
      'calls.transcript',
      'notifications.body',
      'notifications.error',
    ]);

    const report = await purgeExpired(db, manualClock(NOW));
    const one = {
      callsPurged: 1,
      turnsPurged: 1,
      notificationsPurged: 1,
      bookingsPurged: 1,
      eventsPurged: 1,
      recordingsPurged: 0,
    };
    expect(report).toEqual(one);

    // Nothing the caller said past retention is left anywhere in the database...
    expect(await whereIs(client, OLD)).toEqual([]);
    // ...while newer content, and details for appointments still ahead, are kept.
    expect(await whereIs(client, NEW)).toEqual([
      'bookings.details',
      'calendar_events.description',
      'call_turns.assistant_text',
      'call_turns.caller_text',
      'calls.transcript',
      'notifications.body',
    ]);
    expect(await whereIs(client, `ahead ${NEW}`)).toEqual(['bookings.details', 'calendar_events.description']);
    expect(await whereIs(client, 'furnace is sparking')).toEqual(['notifications.body']);
    // The rows themselves stay: the outbox record, the booking and its calendar slot.
    const [note] = await db.select().from(notifications).where(eq(notifications.id, oldNote));
    expect(note?.body).toBe(ERASED_BODY);
    expect(note?.error).toBeNull();
    const [b] = await db.select().from(bookings).where(eq(bookings.id, pastOld));
    expect(b?.customerName).toBe('Pat Doe');
    expect(b?.details).toBeNull();
    expect(b?.intake).toBeNull();
    const [ev] = await db.select().from(calendarEvents).where(eq(calendarEvents.id, 'ev-old'));
    expect(ev?.title).toBe('Appointment – Pat Doe');
    expect(purgeTotal(await purgeExpired(db, manualClock(NOW)))).toBe(0);
  });

  test('every text column is either purged or known not to hold caller words', async () => {
    // A new table or column fails here until it is classified (and, if it holds caller text,
    // purged and added to the test above).
    const cols = (table: string, ...names: string[]) => names.map((n) => `${table}.${n}`);
    const purged = [
      // The recording's path is cleared when the purge deletes the file.
      ...cols('calls', 'transcript', 'recording_path', 'summary'),
      ...cols('messages', 'body'),
      ...cols('call_turns', 'caller_text', 'assistant_text'),
      // Intake answers may be the caller's own words (a free-text question).
      ...cols('bookings', 'details', 'intake'),
      ...cols('calendar_events', 'description'),
      ...cols('notifications', 'body', 'error'),
    ];
    const kept = [
      // Identity and the business's own settings.
      ...cols('organizations', 'id', 'name', 'phone_number', 'timezone', 'vertical', 'settings'),
      ...cols('api_keys', 'id', 'org_id', 'name', 'key_hash', 'prefix'),
      // Call facts: ids, caller ID, status, measured usage.
      ...cols('calls', 'id', 'org_id', 'carrier', 'carrier_call_id', 'caller_phone', 'status', 'region'),
      ...cols('calls', 'stream_token', 'stream_sid', 'instance_id'),
      // Which server instances share the database, for sweeping the calls of one gone quiet.
      ...cols('instances', 'id', 'region'),
      ...cols('calls', 'outcome', 'usage'),
      // Who left a message and the number to call back: the business's follow-up.
      ...cols('messages', 'id', 'org_id', 'call_id', 'caller_name', 'callback_phone'),
      ...cols('calls', 'stream_token', 'stream_sid'),
      ...cols('calls', 'outcome', 'usage', 'language'),
      ...cols('call_turns', 'call_id', 'latency'),
      // The booking's own fields (name, phone, service, time), which the business serves.
      ...cols('bookings', 'id', 'call_id', 'org_id', 'customer_name', 'customer_phone', 'service_type', 'status'),
      ...cols('bookings', 'external_event_id'),
      // Where the job is: the business needs it to serve the visit, like the name and phone.
      ...cols('bookings', 'address'),
      ...cols('calendar_events', 'id', 'org_id', 'title', 'location'),
      ...cols('notifications', 'id', 'org_id', 'call_id', 'channel', 'recipient', 'status', 'provider_id'),
      // Calendar retry bookkeeping and the business's own phrases.
      ...cols('sync_queue', 'id', 'booking_id', 'op', 'payload', 'last_error'),
      ...cols('phrase_audio', 'key', 'engine', 'voice', 'text'),
      ...cols('org_phrase_audio', 'org_id', 'phrase_id', 'key'),
      // Platform decisions about an org: who changed which admin field (number, HIPAA, retention).
      ...cols('audit_events', 'org_id', 'actor', 'actor_key_id', 'action', 'field', 'old_value', 'new_value'),
    ];
    h = await memoryDb();
    const text = (await allColumns(h.client)).filter((c) => c.type === 'text').map((c) => `${c.table}.${c.column}`);
    expect(text.filter((c) => !purged.includes(c) && !kept.includes(c))).toEqual([]);
  });
});
