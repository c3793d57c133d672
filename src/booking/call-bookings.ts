// Bookings as one call touches them: availability, lookup under the org's verification policy,
// book, reschedule and cancel. A caller may change only a booking this call's checked lookups
// returned; a booking is durable before the caller hears it is made.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import type { WriteQueue } from '../db/write-queue.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { CalendarOrg, CalendarProvider } from '../providers/calendar/types.ts';
import { changeVerificationOf } from '../templates/index.ts';
import { storableBookingDetails, storableIntake } from '../privacy/hipaa.ts';
import { freeTextQuestions } from '../dialogue/intake.ts';
import { checkAvailability } from './availability.ts';
import { calendarEventFor, endOf } from './event.ts';
import { isActive } from './status.ts';
import { changeStatus, findUpcoming, getBooking, insertBooking, moveBooking, type BookingOwner } from './store.ts';
import type { BookingLookup, BookingOrg, CallBookings } from './types.ts';
import type { NotifyProvider } from '../providers/notify/types.ts';
import { tellBusiness, type BookingChange, type BookingFacts } from './booking-notices.ts';

/** Where a call's bookings live; the conversation passes these through unchanged. */
export interface BookingAccess {
  db: Db;
  /** When given, booking writes go through it (ordered after the call's own rows, retried on failure). */
  writes?: WriteQueue;
  calendar: CalendarProvider;
  /** Calendar calls slower than this count as failures (the caller is waiting). */
  providerTimeoutMs?: number;
  /** How long the caller waits on a queued booking write before hearing it will be confirmed by text. */
  durableWaitMs?: number;
}

export interface CallBookingsDeps extends BookingAccess {
  org: BookingOrg;
  callId: string;
  /** The call's caller ID: the only phone number a lookup may use. */
  callerPhone?: string;
  clock: Clock;
  log?: Logger;
  /** The business hears of every booking change (org switch notifyBusiness); none without it. */
  notify?: NotifyProvider;
}

export function openCallBookings(deps: CallBookingsDeps): CallBookings {
  const calOrg: CalendarOrg = { id: deps.org.id, timezone: deps.org.timezone, settings: deps.org.settings };
  const timeoutMs = deps.providerTimeoutMs ?? 5000;
  const background = new Set<Promise<unknown>>();
  /** Bookings the caller has proven are theirs in this call. */
  const verified = new Set<string>();
  const now = () => new Date(deps.clock.now());

  /** A calendar call bounded by the timeout and, if given, the turn's signal. */
  async function bounded<T>(call: (signal: AbortSignal) => Promise<T>, turn?: AbortSignal): Promise<T> {
    const limit = AbortSignal.timeout(timeoutMs);
    const signal = turn ? AbortSignal.any([turn, limit]) : limit;
    let onAbort: () => void = () => undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error('provider call aborted'));
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      // Not every adapter honours the signal promptly; the race does.
      return await Promise.race([call(signal), aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
      aborted.catch(() => undefined);
    }
  }

  /** A write the caller's reply depends on: true once durable, false if still queued after the wait. */
  async function durable(label: string, op: (db: Db) => Promise<unknown>): Promise<boolean> {
    if (!deps.writes) {
      await op(deps.db);
      return true;
    }
    const done = deps.writes.enqueueAndWait(label, op).then(() => true);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), deps.durableWaitMs ?? 3000)));
    try {
      return await Promise.race([done, waited]);
    } finally {
      clearTimeout(timer);
    }
  }

  function track(p: Promise<unknown>): void {
    background.add(p);
    void p.finally(() => background.delete(p));
  }

  /** Off the caller's path: the reply does not wait on the text. */
  function notice(change: BookingChange, b: BookingFacts): void {
    if (deps.notify) track(tellBusiness(deps.notify, deps.org, change, b, { by: 'caller', callId: deps.callId }));
  }

  /**
   * Whose bookings a lookup may return, under the org's policy: a phone lookup is always the
   * call's own caller ID, never a number the caller said.
   */
  function ownerFor(l: BookingLookup): BookingOwner | null {
    const policy = changeVerificationOf(deps.org.settings);
    if (policy === 'message_only') return null;
    if (l.by === 'callerId') return deps.callerPhone ? { phone: deps.callerPhone } : null;
    return policy === 'caller_id_or_digits' ? { name: l.name, lastFour: l.lastFour } : null;
  }

  /**
   * The row of a booking this call verified and that is still active (an operator may have
   * settled it since the lookup), else null.
   */
  async function verifiedRow(bookingId: string, op: 'cancel' | 'reschedule') {
    if (!verified.has(bookingId)) {
      deps.log?.warn('booking change refused: not verified in this call', { op });
      return null;
    }
    const row = await getBooking(deps.db, deps.org.id, bookingId);
    if (row && !isActive(row.status)) {
      deps.log?.warn('booking change refused: no longer active', { op, status: row.status });
      return null;
    }
    return row;
  }

  return {
    availability: (start, durationMinutes, signal) =>
      bounded(
        (s) =>
          checkAvailability(deps.calendar, calOrg, deps.org.settings, start, durationMinutes, {
            now: deps.clock.now(),
            signal: s,
          }),
        signal,
      ),

    async find(lookup) {
      const owner = ownerFor(lookup);
      const found = owner ? await findUpcoming(deps.db, deps.org.id, owner, now()) : [];
      for (const b of found) verified.add(b.id);
      return found;
    },

    async book(a) {
      const id = randomUUID();
      let eventId: string | null = null;
      const details = storableBookingDetails(deps.org.settings, a.details);
      const intake = storableIntake(deps.org.settings, a.intake ?? {}, freeTextQuestions(deps.org.settings));
      const source = {
        id,
        service: a.service,
        customerName: a.customerName,
        customerPhone: a.customerPhone ?? null,
        start: a.start,
        durationMinutes: a.durationMinutes,
        details,
        address: a.address ?? null,
        intake,
      };
      try {
        // No turn signal: once confirmed, a booking is written even if the caller talks over us.
        // An unverified slot waits for the sync (the calendar just failed to answer us).
        const event = calendarEventFor(deps.org.settings, source);
        if (!a.unverified) eventId = (await bounded((signal) => deps.calendar.createEvent(calOrg, event, signal))).id;
      } catch (e) {
        // The slot was free moments ago: keep the booking and let the calendar catch up later.
        deps.log?.warn('calendar write failed; booking kept as pending_sync', { error: e });
      }
      try {
        const stored = await durable('booking.insert', (db) =>
          insertBooking(db, {
            ...source,
            callId: deps.callId,
            orgId: deps.org.id,
            status: eventId ? 'confirmed' : 'pending_sync',
            externalEventId: eventId,
          }),
        );
        notice('new', { ...source, service: a.service });
        return { ok: true, bookingId: id, pendingSync: !eventId || !stored };
      } catch (e) {
        deps.log?.error('booking insert failed', { error: e });
        if (eventId) {
          const held = eventId;
          track(
            bounded((signal) => deps.calendar.cancelEvent(calOrg, held, signal)).catch((err) =>
              deps.log?.warn('orphan calendar event left', { error: err }),
            ),
          );
        }
        return { ok: false };
      }
    },

    async reschedule(bookingId, start, durationMinutes) {
      try {
        const row = await verifiedRow(bookingId, 'reschedule');
        if (!row) return false;
        const eventId = row.externalEventId;
        const range = { start, end: endOf(start, durationMinutes) };
        if (eventId) await bounded((signal) => deps.calendar.moveEvent(calOrg, eventId, range, signal));
        await durable('booking.move', (db) => moveBooking(db, row, start, deps.callId, now()));
        notice('moved', { ...facts(row), start });
        return true;
      } catch (e) {
        deps.log?.warn('booking change failed', { error: e, op: 'reschedule' });
        return false;
      }
    },

    async cancel(bookingId) {
      try {
        const row = await verifiedRow(bookingId, 'cancel');
        if (!row) return false;
        const eventId = row.externalEventId;
        if (eventId) await bounded((signal) => deps.calendar.cancelEvent(calOrg, eventId, signal));
        await durable('booking.cancel', (db) => changeStatus(db, row.id, row.status, 'cancelled', now()));
        notice('cancelled', facts(row));
        return true;
      } catch (e) {
        deps.log?.warn('booking change failed', { error: e, op: 'cancel' });
        return false;
      }
    },

    async idle() {
      while (background.size > 0) await Promise.allSettled([...background]);
    },
  };
}

function facts(row: {
  customerName: string;
  customerPhone: string | null;
  serviceType: string;
  appointmentTime: Date;
}) {
  return {
    customerName: row.customerName,
    customerPhone: row.customerPhone,
    service: row.serviceType,
    start: row.appointmentTime,
  };
}
