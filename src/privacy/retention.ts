// Retention: caller content older than an org's retentionDays is erased. That is every stored
// text a caller's words can reach: call transcripts and turn texts, notification bodies, free-text
// booking details and local calendar event descriptions (the last two once the appointment has
// passed, as the business still needs them before). Rows, timings, costs and the bookings' own
// fields stay, so KPIs and the business's appointments survive the purge. A call's age is
// measured from its start, a notification's, booking's or event's from its creation.
import { and, eq, inArray, isNotNull, lt, ne, or } from 'drizzle-orm';
import { rm } from 'node:fs/promises';
import type { Db } from '../db/client.ts';
import { bookings, calendarEvents, calls, callTurns, messages, notifications, organizations } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import { isVertical, resolveSettings } from '../templates/index.ts';
import type { Logger } from '../log.ts';

const DAY_MS = 86_400_000;
/** Calls per UPDATE: keeps each write transaction short so call writes never wait long. */
const BATCH = 500;
/** What an erased notification body reads (the column is required). */
export const ERASED_BODY = '';

export interface PurgeReport {
  callsPurged: number;
  turnsPurged: number;
  notificationsPurged: number;
  bookingsPurged: number;
  eventsPurged: number;
  /** Call recordings (WAV files) deleted. */
  recordingsPurged: number;
}

function retentionDaysOf(vertical: string, stored: Record<string, unknown>): number {
  if (!isVertical(vertical)) return 0;
  const days = resolveSettings(vertical, stored).retentionDays;
  return Number.isFinite(days) && days > 0 ? days : 0;
}

export function purgeTotal(r: PurgeReport): number {
  return r.callsPurged + r.turnsPurged + r.notificationsPurged + r.bookingsPurged + r.eventsPurged + r.recordingsPurged;
}

async function purgeCalls(db: Db, orgId: string, cutoff: Date, report: PurgeReport): Promise<void> {
  const expired = await db
    .select({ id: calls.id })
    .from(calls)
    .where(and(eq(calls.orgId, orgId), lt(calls.startedAt, cutoff)));
  for (let i = 0; i < expired.length; i += BATCH) {
    const ids = expired.slice(i, i + BATCH).map((c) => c.id);
    const c = await db
      .update(calls)
      .set({ transcript: null, summary: null })
      .where(and(inArray(calls.id, ids), or(isNotNull(calls.transcript), isNotNull(calls.summary))))
      .returning({ id: calls.id });
    const t = await db
      .update(callTurns)
      .set({ callerText: null, assistantText: null })
      .where(
        and(inArray(callTurns.callId, ids), or(isNotNull(callTurns.callerText), isNotNull(callTurns.assistantText))),
      )
      .returning({ id: callTurns.id });
    report.callsPurged += c.length;
    report.turnsPurged += t.length;
    await purgeRecordings(db, ids, report);
  }
}

/** Deletes the calls' recordings, then forgets their paths (a file already gone counts as deleted). */
async function purgeRecordings(db: Db, ids: string[], report: PurgeReport): Promise<void> {
  const recorded = await db
    .select({ id: calls.id, path: calls.recordingPath })
    .from(calls)
    .where(and(inArray(calls.id, ids), isNotNull(calls.recordingPath)));
  const deleted: string[] = [];
  for (const r of recorded) {
    if (!r.path) continue;
    const ok = await rm(r.path, { force: true }).then(
      () => true,
      () => false,
    );
    if (ok) deleted.push(r.id);
  }
  if (deleted.length === 0) return;
  await db.update(calls).set({ recordingPath: null }).where(inArray(calls.id, deleted));
  report.recordingsPurged += deleted.length;
}

async function purgeOrgContent(db: Db, orgId: string, cutoff: Date, now: Date, report: PurgeReport): Promise<void> {
  const n = await db
    .update(notifications)
    .set({ body: ERASED_BODY, error: null })
    .where(
      and(eq(notifications.orgId, orgId), lt(notifications.createdAt, cutoff), ne(notifications.body, ERASED_BODY)),
    )
    .returning({ id: notifications.id });
  const b = await db
    .update(bookings)
    .set({ details: null, intake: null })
    .where(
      and(
        eq(bookings.orgId, orgId),
        lt(bookings.createdAt, cutoff),
        lt(bookings.appointmentTime, now),
        or(isNotNull(bookings.details), isNotNull(bookings.intake)),
      ),
    )
    .returning({ id: bookings.id });
  const e = await db
    .update(calendarEvents)
    .set({ description: null })
    .where(
      and(
        eq(calendarEvents.orgId, orgId),
        lt(calendarEvents.createdAt, cutoff),
        lt(calendarEvents.endAt, now),
        isNotNull(calendarEvents.description),
      ),
    )
    .returning({ id: calendarEvents.id });
  // A message's words go with the rest; who called and the number to call back stay.
  const m = await db
    .update(messages)
    .set({ body: null })
    .where(and(eq(messages.orgId, orgId), lt(messages.createdAt, cutoff), isNotNull(messages.body)))
    .returning({ id: messages.id });
  report.notificationsPurged += n.length + m.length;
  report.bookingsPurged += b.length;
  report.eventsPurged += e.length;
}

export async function purgeExpired(db: Db, clock: Clock): Promise<PurgeReport> {
  const report: PurgeReport = {
    callsPurged: 0,
    turnsPurged: 0,
    notificationsPurged: 0,
    bookingsPurged: 0,
    eventsPurged: 0,
    recordingsPurged: 0,
  };
  const orgs = await db
    .select({ id: organizations.id, vertical: organizations.vertical, settings: organizations.settings })
    .from(organizations);
  const now = new Date(clock.now());
  for (const org of orgs) {
    const days = retentionDaysOf(org.vertical, org.settings);
    if (days === 0) continue;
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    await purgeCalls(db, org.id, cutoff, report);
    await purgeOrgContent(db, org.id, cutoff, now, report);
  }
  return report;
}

export interface RetentionTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: RetentionTimers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    (t as { unref?: () => void }).unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface RetentionJobOptions {
  timers?: RetentionTimers;
  log?: Logger;
  onRun?: (report: PurgeReport) => void;
}

/** Purges now and then every intervalMs (never two runs at once); returns the stop function. */
export function startRetentionJob(
  db: Db,
  clock: Clock,
  intervalMs: number,
  opts: RetentionJobOptions = {},
): () => void {
  const timers = opts.timers ?? realTimers;
  let stopped = false;
  let handle: unknown = null;
  const run = async () => {
    handle = null;
    try {
      const report = await purgeExpired(db, clock);
      if (purgeTotal(report) > 0) opts.log?.info('retention purge', { ...report });
      opts.onRun?.(report);
    } catch (e) {
      opts.log?.warn('retention purge failed', { error: e });
    }
    if (!stopped) handle = timers.setTimeout(() => void run(), intervalMs);
  };
  void run();
  return () => {
    stopped = true;
    if (handle !== null) timers.clearTimeout(handle);
  };
}
