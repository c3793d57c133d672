// The one table of booking status changes. Every write that changes a booking's status asks it
// first; a change it does not list is an error, never a silent overwrite.
import type { BookingStatus } from './types.ts';

export const BOOKING_STATUSES = [
  'confirmed',
  'pending_sync',
  'cancelled',
  'rescheduled',
  'done',
] as const satisfies readonly BookingStatus[];

/** from → the statuses it may become. Cancelled and done are final. */
export const TRANSITIONS: Readonly<Record<BookingStatus, readonly BookingStatus[]>> = {
  // Written to the calendar later by the sync, or settled by the caller or an operator first.
  pending_sync: ['confirmed', 'cancelled', 'done'],
  confirmed: ['cancelled', 'done'],
  // The schema allows it though no path writes it today (a move keeps the status): settles like confirmed.
  rescheduled: ['cancelled', 'done'],
  cancelled: [],
  done: [],
};

/** What a new booking starts as: in the calendar, or waiting for the sync to put it there. */
export const INITIAL_STATUSES = ['confirmed', 'pending_sync'] as const satisfies readonly BookingStatus[];

/** Upcoming bookings a caller may find, move or cancel. Moving keeps the status. */
export const ACTIVE_STATUSES = INITIAL_STATUSES;

export class BookingTransitionError extends Error {
  override name = 'BookingTransitionError';
  constructor(
    readonly from: BookingStatus,
    readonly to: BookingStatus,
  ) {
    super(`a ${from} booking cannot become ${to}`);
  }
}

export function canTransition(from: BookingStatus, to: BookingStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Throws BookingTransitionError unless the table allows from → to. */
export function assertTransition(from: BookingStatus, to: BookingStatus): void {
  if (!canTransition(from, to)) throw new BookingTransitionError(from, to);
}

export function isActive(status: BookingStatus): boolean {
  return (ACTIVE_STATUSES as readonly BookingStatus[]).includes(status);
}
