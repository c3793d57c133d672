// The one calendar event built for a booking, at call time and by the later sync alike. Its text
// follows the HIPAA rule (privacy/hipaa.ts); its id is the booking's, so a retried create finds
// the event an earlier, unanswered attempt made instead of adding a second.
import type { NewCalendarEvent } from '../providers/calendar/types.ts';
import { calendarEventText, calendarLocation, type HipaaAware } from '../privacy/hipaa.ts';

export interface EventSource {
  /** The booking id (a UUID). */
  id: string;
  service: string;
  customerName: string;
  customerPhone: string | null;
  start: Date;
  durationMinutes: number;
  details: Record<string, unknown>;
  /** The service address, if the booking has one. */
  address?: string | null;
  /** Answers to intake questions (the address among them). */
  intake?: Record<string, string> | null;
}

/** Calendar ids allow no dashes (Google: base32hex); the booking id without them is still unique. */
export function eventIdFor(bookingId: string): string {
  return bookingId.replace(/-/g, '');
}

export function endOf(start: Date, durationMinutes: number): Date {
  return new Date(start.getTime() + durationMinutes * 60_000);
}

export function calendarEventFor(settings: HipaaAware, b: EventSource): NewCalendarEvent {
  // The address is the event's location, not a line of its description.
  const answers = Object.fromEntries(Object.entries(b.intake ?? {}).filter(([, v]) => v !== b.address));
  const text = calendarEventText(settings, {
    service: b.service,
    customerName: b.customerName,
    customerPhone: b.customerPhone,
    details: { ...b.details, ...answers },
  });
  const location = b.address ? calendarLocation(settings, b.address) : null;
  return {
    id: eventIdFor(b.id),
    start: b.start,
    end: endOf(b.start, b.durationMinutes),
    ...text,
    ...(location ? { location } : {}),
  };
}
