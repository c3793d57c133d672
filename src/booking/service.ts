// Bookings as the operator API and dashboard see them: list, read, and settle (cancel or mark
// done) through the status table; an operator's cancel also frees the calendar slot.
import type { Db } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { CalendarProvider, CalendarSettings } from '../providers/calendar/types.ts';
import { resolveSettings } from '../templates/index.ts';
import { assertTransition } from './status.ts';
import {
  changeStatus,
  getBookingById,
  getOrganization,
  latestBookingOfCall,
  listBookings,
  type BookingFilter,
} from './store.ts';
import type { BookingRecord } from './types.ts';
import type { NotifyProvider } from '../providers/notify/types.ts';
import { customerCancelText, tellBusiness } from './booking-notices.ts';

export type { BookingFilter };

/** The booking changed between reading and writing it: reload and retry. */
export class BookingConflictError extends Error {
  override name = 'BookingConflictError';
}

export interface BookingServiceDeps {
  db: Db;
  clock: Clock;
  /** The calendar of an org; without it an operator's cancel changes only our records. */
  calendarFor?: (org: { settings: CalendarSettings }) => CalendarProvider;
  log?: Logger;
  /** An operator's cancel texts the customer and the business; nothing is sent without it. */
  notify?: NotifyProvider;
}

export interface BookingService {
  list(filter: BookingFilter): Promise<BookingRecord[]>;
  /** A booking of any org: the caller checks who may see it. */
  get(id: string): Promise<BookingRecord | null>;
  /** The latest booking a call made. */
  ofCall(callId: string): Promise<BookingRecord | null>;
  /**
   * Cancels or completes a booking. Repeating it is a no-op; a change the status table forbids
   * throws BookingTransitionError; a booking changed meanwhile throws BookingConflictError.
   */
  settle(booking: BookingRecord, to: 'cancelled' | 'done'): Promise<BookingRecord>;
}

export function createBookingService(deps: BookingServiceDeps): BookingService {
  /** Frees the calendar slot of a cancelled booking; our records stand either way. */
  async function releaseSlot(b: BookingRecord): Promise<void> {
    const eventId = b.externalEventId;
    if (!eventId || !deps.calendarFor) return;
    const org = await getOrganization(deps.db, b.orgId);
    if (!org) return;
    const calOrg = { id: org.id, timezone: org.timezone, settings: resolveSettings(org.vertical, org.settings) };
    try {
      await deps.calendarFor(org).cancelEvent(calOrg, eventId);
    } catch (e) {
      // The business sees the event to remove in its calendar.
      deps.log?.warn('calendar event not cancelled', { bookingId: b.id, error: e });
    }
  }

  /** The customer (if the booking has a phone) and the business hear of an operator's cancel. */
  async function announceCancel(b: BookingRecord): Promise<void> {
    const notify = deps.notify;
    if (!notify) return;
    const org = await getOrganization(deps.db, b.orgId);
    if (!org) return;
    const o = {
      id: org.id,
      name: org.name,
      timezone: org.timezone,
      settings: resolveSettings(org.vertical, org.settings),
    };
    const facts = {
      customerName: b.customerName,
      customerPhone: b.customerPhone,
      service: b.serviceType,
      start: b.appointmentTime,
    };
    const sends: Array<Promise<unknown>> = [tellBusiness(notify, o, 'cancelled', facts, { by: 'operator' })];
    if (b.customerPhone) {
      const msg = { orgId: org.id, to: b.customerPhone, body: customerCancelText(o, facts) };
      sends.push(notify.send(msg).catch((e) => deps.log?.warn('customer notification failed', { error: e })));
    }
    await Promise.all(sends);
  }

  return {
    list: (filter) => listBookings(deps.db, filter),
    get: (id) => getBookingById(deps.db, id),
    ofCall: (callId) => latestBookingOfCall(deps.db, callId),
    async settle(b, to) {
      if (b.status === to) return b;
      assertTransition(b.status, to);
      const updated = await changeStatus(deps.db, b.id, b.status, to, new Date(deps.clock.now()));
      if (!updated) throw new BookingConflictError('the booking changed meanwhile; reload and retry');
      if (to === 'cancelled') await Promise.all([releaseSlot(updated), announceCancel(updated)]);
      return updated;
    },
  };
}
