import { afterEach, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { manualClock } from '../../src/clock.ts';
import { bookings, calls, callTurns } from '../../src/db/schema.ts';
import type { DbHandle } from '../../src/db/client.ts';
import { purgeExpired, startRetentionJob } from '../../src/privacy/retention.ts';
import { manualTimers } from '../helpers/manual-timers.ts';
import { memoryDb, seedBooking, seedCall, seedOrg } from '../api/seed.ts';

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
    expect(report).toEqual({ callsPurged: 1, turnsPurged: 2 });

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
    expect(await purgeExpired(db, manualClock(NOW))).toEqual({ callsPurged: 0, turnsPurged: 0 });
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
    const stop = startRetentionJob(db, clock, 3600_000, { timers, onRun: (r) => { runs.push(r.callsPurged); notify(); } });
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
});
