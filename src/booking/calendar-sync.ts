// Bookings the calendar refused at call time (status pending_sync) are written to the calendar
// later, from a durable queue in the database: retried with backoff until they land, across
// restarts, and never twice (the booking id is the calendar event's idempotency key).
import type { Db } from '../db/client.ts';
import type { CalendarProvider, CalendarSettings } from '../providers/calendar/types.ts';
import type { NotifyProvider } from '../providers/notify/types.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { resolveSettings } from '../templates/index.ts';
import { renderWhen } from '../time/render-time.ts';
import { notificationText } from '../privacy/hipaa.ts';
import { calendarEventFor } from './event.ts';
import {
  changeStatus,
  closeSyncJob,
  dueSyncJobs,
  getOrganization,
  openSyncJob,
  pendingWithoutJob,
  retrySyncJobLater,
} from './store.ts';
import type { BookingRecord } from './types.ts';

export interface CalendarSyncDeps {
  db: Db;
  /** The calendar of an org, picked from its stored settings. */
  calendarFor(org: { settings: CalendarSettings }): CalendarProvider;
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
  /** Counts stop() calls: a pass under way when it changes finishes the booking in hand and takes no more. */
  let stops = 0;

  /** The business hears once that a booking is not in its calendar yet. */
  async function tellBusiness(b: BookingRecord): Promise<void> {
    const org = await getOrganization(deps.db, b.orgId);
    if (!org) return;
    const settings = resolveSettings(org.vertical, org.settings);
    const body = notificationText(settings, {
      kind: 'pendingSync',
      customerName: b.customerName,
      service: b.serviceType,
      when: renderWhen(b.appointmentTime, org.timezone),
    });
    const to = settings.businessPhone ?? 'business';
    const msg = { orgId: org.id, ...(b.callId ? { callId: b.callId } : {}), to, body };
    void deps.notify.send(msg).catch(() => undefined);
  }

  /** Every pending_sync booking gets exactly one open job. */
  async function enqueueNew(now: number): Promise<number> {
    const pending = await pendingWithoutJob(deps.db);
    for (const b of pending) {
      await openSyncJob(deps.db, b.id, new Date(now));
      await tellBusiness(b);
    }
    return pending.length;
  }

  async function pass(): Promise<SyncPass> {
    const now = deps.clock.now();
    const at = new Date(now);
    const stopsAtStart = stops;
    const result: SyncPass = { queued: await enqueueNew(now), synced: 0, failed: 0 };
    for (const { job, b, org } of await dueSyncJobs(deps.db, at)) {
      if (stops !== stopsAtStart) break;
      if (b.status !== 'pending_sync') {
        await closeSyncJob(deps.db, job.id, at);
        continue;
      }
      const settings = resolveSettings(org.vertical, org.settings);
      const calendar = deps.calendarFor(org);
      const attempts = job.attempts + 1;
      try {
        const event = calendarEventFor(settings, {
          id: b.id,
          service: b.serviceType,
          customerName: b.customerName,
          customerPhone: b.customerPhone,
          start: b.appointmentTime,
          durationMinutes: b.durationMinutes,
          details: b.details ?? {},
          address: b.address,
          intake: b.intake,
        });
        const calOrg = { id: org.id, timezone: org.timezone, settings };
        const ev = await calendar.createEvent(calOrg, event, AbortSignal.timeout(10_000));
        const set = { externalEventId: ev.id };
        // The booking's confirmation and its job's end are one write: no reader (nor a crash)
        // sees a confirmed booking whose job is still open, which a restart would redo.
        const confirmed = await deps.db.transaction(async (tx) => {
          const row = await changeStatus(tx, b.id, 'pending_sync', 'confirmed', at, set);
          await closeSyncJob(tx, job.id, at, attempts);
          return row;
        });
        if (!confirmed) {
          // Cancelled (or done) while the event was being written: it stays so, and the slot is
          // freed again.
          await calendar.cancelEvent(calOrg, ev.id, AbortSignal.timeout(10_000)).catch((e: unknown) => {
            deps.log.warn('calendar event of a settled booking left', { bookingId: b.id, error: e });
          });
        }
        result.synced++;
      } catch (e) {
        const delay = Math.min(max, base * 2 ** Math.min(attempts - 1, 20));
        const error = e instanceof Error ? e.message : String(e);
        await retrySyncJobLater(deps.db, job.id, attempts, new Date(now + delay), error);
        result.failed++;
        if (attempts === 1 || attempts % 10 === 0) {
          deps.log.warn('calendar sync failed; will retry', { bookingId: b.id, attempts, retryInMs: delay });
        }
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
    /** No more passes; resolves once a pass under way has written its outcome. */
    async stop(): Promise<void> {
      stops++;
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
