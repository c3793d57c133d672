// The one status table: every pair of statuses, legal or not, spelled out here on purpose (not
// derived from the table under test).
import { describe, expect, test } from 'bun:test';
import {
  assertTransition,
  BOOKING_STATUSES,
  BookingTransitionError,
  canTransition,
  isActive,
} from '../../src/booking/status.ts';
import type { BookingStatus } from '../../src/booking/types.ts';

const LEGAL: Array<[BookingStatus, BookingStatus]> = [
  ['pending_sync', 'confirmed'],
  ['pending_sync', 'cancelled'],
  ['pending_sync', 'done'],
  ['confirmed', 'cancelled'],
  ['confirmed', 'done'],
  ['rescheduled', 'cancelled'],
  ['rescheduled', 'done'],
];

const ALL = ['confirmed', 'pending_sync', 'cancelled', 'rescheduled', 'done'] as const;
const pairs = ALL.flatMap((from) => ALL.map((to) => [from, to] as [BookingStatus, BookingStatus]));
const legal = (from: BookingStatus, to: BookingStatus) => LEGAL.some(([f, t]) => f === from && t === to);

describe('booking status transitions', () => {
  test('the table knows every status', () => {
    expect([...BOOKING_STATUSES].sort()).toEqual([...ALL].sort());
  });

  for (const [from, to] of pairs.filter(([f, t]) => legal(f, t))) {
    test(`${from} → ${to} is allowed`, () => {
      expect(canTransition(from, to)).toBe(true);
      expect(() => assertTransition(from, to)).not.toThrow();
    });
  }

  for (const [from, to] of pairs.filter(([f, t]) => !legal(f, t))) {
    test(`${from} → ${to} is an error`, () => {
      expect(canTransition(from, to)).toBe(false);
      let thrown: unknown;
      try {
        assertTransition(from, to);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(BookingTransitionError);
      expect((thrown as BookingTransitionError).message).toBe(`a ${from} booking cannot become ${to}`);
    });
  }

  test('cancelled and done are final; only confirmed and pending_sync bookings are active', () => {
    for (const to of ALL) {
      expect(canTransition('cancelled', to)).toBe(false);
      expect(canTransition('done', to)).toBe(false);
    }
    expect(ALL.filter(isActive)).toEqual(['confirmed', 'pending_sync']);
  });
});
