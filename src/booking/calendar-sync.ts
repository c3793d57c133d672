// Bookings the calendar refused at call time (status pending_sync) are written to the calendar
// later, from a durable queue in the database: retried with backoff until they land, across
// restarts, and never twice (the booking id is the calendar event's idempotency key).
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, lte } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { bookings, organizations, syncQueue } from '../db/schema.ts';
import type { CalendarProvider } from '../providers/calendar/types.ts';
import type { NotifyProvider } from '../providers/notify/types.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { resolveSettings } from '../templates/index.ts';
import { renderWhen } from '../dialogue/render-time.ts';
import { calendarEventText, notificationText } from '../privacy/hipaa.ts';

export interface CalendarSyncDeps {
  db: Db;
  calendarFor(org: { settings: Record<string, unknown> }): CalendarProvider;
  notify: NotifyProvider;
  clock: Clock;
  log: Logger;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface SyncPass {
  queued: number;
  synced: number;
  failed: number;
}

export function createCalendarSync(deps: CalendarSyncDeps) {
  const base = deps.baseDelayMs ?? 1000;
  const max = deps.maxDelayMs ?? 5 * 60_000;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<SyncPass> | null = null;

  /** Every pending_sync booking gets exactly one open job; the business hears about it once. */
  async function enqueueNew(now: number): Promise<number> {
    const pending = await deps.db
      .select({ b: bookings, job: syncQueue.id })
      .from(bookings)
      .leftJoin(syncQueue, and(eq(syncQueue.bookingId, bookings.id), isNull(syncQueue.doneAt)))
      .where(eq(bookings.status, 'pending_sync'));
    let n = 0;
    for (const { b, job } of pending) {
      if (job) continue;
      await deps.db.insert(syncQueue).values({ id: randomUUID(), bookingId: b.id, op: 'create', payload: {}, nextAttemptAt: new Date(now) });
      n++;
      const [org] = await deps.db.select().from(organizations).where(eq(organizations.id, b.orgId));
      if (org) {
        const settings = resolveSettings(org.vertical, org.settings);
        void deps.notify
          .send({
            orgId: org.id,
            ...(b.callId ? { callId: b.callId } : {}),
            to: settings.businessPhone ?? 'business',
            body: notificationText(settings, {
              kind: 'pendingSync',
              customerName: b.customerName,
              service: b.serviceType,
              when: renderWhen(b.appointmentTime, org.timezone),
            }),
          })
          .catch(() => undefined);
      }
    }
    return n;
  }

  async function pass(): Promise<SyncPass> {
    const now = deps.clock.now();
    const result: SyncPass = { queued: await enqueueNew(now), synced: 0, failed: 0 };
    const due = await deps.db
      .select({ job: syncQueue, b: bookings, org: organizations })
      .from(syncQueue)
      .innerJoin(bookings, eq(bookings.id, syncQueue.bookingId))
      .innerJoin(organizations, eq(organizations.id, bookings.orgId))
      .where(and(isNull(syncQueue.doneAt), lte(syncQueue.nextAttemptAt, new Date(now))));
    for (const { job, b, org } of due) {
      if (b.status !== 'pending_sync') {
        await deps.db.update(syncQueue).set({ doneAt: new Date(now) }).where(eq(syncQueue.id, job.id));
        continue;
      }
      const settings = resolveSettings(org.vertical, org.settings);
      const calendar = deps.calendarFor(org);
      try {
        const ev = await calendar.createEvent(
          { id: org.id, timezone: org.timezone, settings },
          {
            id: b.id.replace(/-/g, ''),
            start: b.appointmentTime,
            end: new Date(b.appointmentTime.getTime() + b.durationMinutes * 60_000),
            ...calendarEventText(settings, {
              service: b.serviceType,
              customerName: b.customerName,
              customerPhone: b.customerPhone,
              details: b.details ?? {},
            }),
          },
          AbortSignal.timeout(10_000),
        );
        await deps.db.update(bookings).set({ status: 'confirmed', externalEventId: ev.id, updatedAt: new Date(now) }).where(eq(bookings.id, b.id));
        await deps.db.update(syncQueue).set({ doneAt: new Date(now), attempts: job.attempts + 1, lastError: null }).where(eq(syncQueue.id, job.id));
        result.synced++;
      } catch (e) {
        const attempts = job.attempts + 1;
        const delay = Math.min(max, base * 2 ** Math.min(attempts - 1, 20));
        await deps.db
          .update(syncQueue)
          .set({ attempts, nextAttemptAt: new Date(now + delay), lastError: (e instanceof Error ? e.message : String(e)).slice(0, 300) })
          .where(eq(syncQueue.id, job.id));
        result.failed++;
        if (attempts === 1 || attempts % 10 === 0) deps.log.warn('calendar sync failed; will retry', { bookingId: b.id, attempts, retryInMs: delay });
      }
    }
    return result;
  }

  return {
    /** One pass over the queue (tests, and the timer). */
    runOnce(): Promise<SyncPass> {
      running ??= pass().finally(() => {
        running = null;
      });
      return running;
    },
    start(intervalMs = 2000): void {
      const tick = () => {
        timer = setTimeout(() => {
          void this.runOnce()
            .catch((e) => deps.log.error('calendar sync pass failed', { error: e }))
            .finally(() => {
              if (timer) tick();
            });
        }, intervalMs);
      };
      tick();
    },
    stop(): void {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
