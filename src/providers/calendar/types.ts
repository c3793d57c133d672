// Calendar seam: busy time, and create/move/cancel of events. Slot rules live in src/booking/.
import type { OrgSettings } from '../../templates/types.ts';

export interface TimeRange {
  start: Date;
  end: Date;
}

/** Per-org Google Calendar credentials and calendar id. */
export type GoogleCalendarSettings = NonNullable<OrgSettings['googleCalendar']>;

/** The org settings a calendar reads: resolved `OrgSettings` satisfy it as they are. */
export type CalendarSettings = Pick<OrgSettings, 'googleCalendar'>;

/** What a calendar needs to know about the organization it acts for. */
export interface CalendarOrg {
  id: string;
  timezone: string;
  settings: CalendarSettings;
}

export interface NewCalendarEvent {
  /** Idempotency key: creating the same id twice makes one event (retries after a failure). */
  id?: string;
  start: Date;
  end: Date;
  title: string;
  description?: string;
  /** Where the job is (the service address), when the booking has one. */
  location?: string;
}

export interface CalendarProvider {
  readonly name: string;
  freeBusy(org: CalendarOrg, range: TimeRange, signal?: AbortSignal): Promise<TimeRange[]>;
  createEvent(org: CalendarOrg, event: NewCalendarEvent, signal?: AbortSignal): Promise<{ id: string }>;
  moveEvent(org: CalendarOrg, eventId: string, range: TimeRange, signal?: AbortSignal): Promise<void>;
  cancelEvent(org: CalendarOrg, eventId: string, signal?: AbortSignal): Promise<void>;
}
