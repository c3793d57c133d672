// Retention: transcripts and turn texts older than an org's retentionDays are erased (set to
// null). Call rows, timings, costs and bookings stay, so KPIs and the business's appointments
// survive the purge. Age is measured from the call's start.
import { and, eq, inArray, isNotNull, lt, or } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { calls, callTurns, organizations } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import { isVertical, resolveSettings } from '../templates/index.ts';
import type { Logger } from '../log.ts';

const DAY_MS = 86_400_000;
/** Calls per UPDATE: keeps each write transaction short so call writes never wait long. */
const BATCH = 500;

export interface PurgeReport {
  callsPurged: number;
  turnsPurged: number;
}

function retentionDaysOf(vertical: string, stored: Record<string, unknown>): number {
  if (!isVertical(vertical)) return 0;
  const days = resolveSettings(vertical, stored).retentionDays;
  return Number.isFinite(days) && days > 0 ? days : 0;
}

export async function purgeExpired(db: Db, clock: Clock): Promise<PurgeReport> {
  const report: PurgeReport = { callsPurged: 0, turnsPurged: 0 };
  const orgs = await db.select({ id: organizations.id, vertical: organizations.vertical, settings: organizations.settings }).from(organizations);
  for (const org of orgs) {
    const days = retentionDaysOf(org.vertical, org.settings);
    if (days === 0) continue;
    const cutoff = new Date(clock.now() - days * DAY_MS);
    const expired = await db
      .select({ id: calls.id })
      .from(calls)
      .where(and(eq(calls.orgId, org.id), lt(calls.startedAt, cutoff)));
    for (let i = 0; i < expired.length; i += BATCH) {
      const ids = expired.slice(i, i + BATCH).map((c) => c.id);
      const c = await db.update(calls).set({ transcript: null }).where(and(inArray(calls.id, ids), isNotNull(calls.transcript))).returning({ id: calls.id });
      const t = await db
        .update(callTurns)
        .set({ callerText: null, assistantText: null })
        .where(and(inArray(callTurns.callId, ids), or(isNotNull(callTurns.callerText), isNotNull(callTurns.assistantText))))
        .returning({ id: callTurns.id });
      report.callsPurged += c.length;
      report.turnsPurged += t.length;
    }
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
export function startRetentionJob(db: Db, clock: Clock, intervalMs: number, opts: RetentionJobOptions = {}): () => void {
  const timers = opts.timers ?? realTimers;
  let stopped = false;
  let handle: unknown = null;
  const run = async () => {
    handle = null;
    try {
      const report = await purgeExpired(db, clock);
      if (report.callsPurged + report.turnsPurged > 0) opts.log?.info('retention purge', { ...report });
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
