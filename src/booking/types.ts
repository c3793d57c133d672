// Bookings as the rest of the product sees them. The dialogue uses only these shapes; database
// rows are mapped to them inside src/booking/.
import type { Booking, BookingStatus } from '../db/schema.ts';
import type { OrgSettings } from '../templates/types.ts';
import type { TimeRange } from '../providers/calendar/types.ts';
import type { SlotRefusal } from './slots.ts';

export type { BookingStatus };

/** A booking as stored, for the operator API. */
export type BookingRecord = Booking;

/** The org a booking belongs to, with its resolved settings. */
export interface BookingOrg {
  id: string;
  timezone: string;
  settings: OrgSettings;
}

/** An upcoming booking of the caller, as a lookup found it. */
export interface FoundBooking {
  id: string;
  service: string;
  /** ISO instant. */
  start: string;
  durationMinutes: number;
  customerName: string;
}

/**
 * The only two ways a caller finds their bookings: by the call's own caller ID, or by the
 * booking's name together with the last four digits of the phone number on it.
 */
export type BookingLookup = { by: 'callerId' } | { by: 'nameAndDigits'; name: string; lastFour: string };

export interface Availability {
  free: boolean;
  reason?: SlotRefusal;
  /** A dated closure's reason (a holiday's name), or null when closed that date without one. */
  closedFor?: string | null;
  alternatives: TimeRange[];
}

export interface BookRequest {
  customerName: string;
  customerPhone?: string;
  service: string;
  start: Date;
  durationMinutes: number;
  /** Free-text details (vehicle, stylist); kept only where the HIPAA rule allows. */
  details: Record<string, unknown>;
  /** The service address, when an intake question asked for it. */
  address?: string;
  /** Answers to the org's intake questions, by question id. */
  intake?: Record<string, string>;
  /** The slot could not be checked: store it for the sync, don't write the calendar now. */
  unverified?: boolean;
}

export type BookResult = { ok: true; bookingId: string; pendingSync: boolean } | { ok: false };

/** Bookings as one call may touch them: its caller's, checked by the org's verification policy. */
export interface CallBookings {
  /** Throws when the calendar fails or is too slow. */
  availability(start: Date, durationMinutes: number, signal?: AbortSignal): Promise<Availability>;
  /** The caller's upcoming bookings the policy lets this lookup see; only these may be changed. */
  find(lookup: BookingLookup): Promise<FoundBooking[]>;
  book(req: BookRequest): Promise<BookResult>;
  reschedule(bookingId: string, start: Date, durationMinutes: number): Promise<boolean>;
  cancel(bookingId: string): Promise<boolean>;
  /** Resolves when background calendar clean-up has finished. */
  idle(): Promise<void>;
}
