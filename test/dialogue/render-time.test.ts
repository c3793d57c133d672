import { describe, expect, test } from 'bun:test';
import { listOr, ordinal, renderClock, renderShort, renderWhen } from '../../src/time/render-time.ts';
import { sameClockTime } from '../../src/dialogue/time-match.ts';

describe('renderWhen: dates as a receptionist says them, in the org zone', () => {
  test.each([
    ['2026-11-24T21:00:00Z', 'America/Chicago', 'Tuesday, November 24th at 3 PM'],
    ['2026-11-26T18:00:00Z', 'America/Chicago', 'Thursday, November 26th at noon'],
    ['2026-12-01T15:30:00Z', 'America/Chicago', 'Tuesday, December 1st at 9:30 AM'],
    ['2026-12-02T16:05:00Z', 'America/Chicago', 'Wednesday, December 2nd at 10:05 AM'],
    ['2026-12-03T06:00:00Z', 'America/Chicago', 'Thursday, December 3rd at midnight'],
    // The same instant is a different day and hour on the other coast.
    ['2026-11-25T03:30:00Z', 'America/Los_Angeles', 'Tuesday, November 24th at 7:30 PM'],
    ['2026-11-25T03:30:00Z', 'America/New_York', 'Tuesday, November 24th at 10:30 PM'],
    // After the spring-forward change New York is UTC−4.
    ['2027-03-15T13:00:00Z', 'America/New_York', 'Monday, March 15th at 9 AM'],
  ])('%s in %s → "%s"', (iso, tz, spoken) => {
    expect(renderWhen(iso, tz)).toBe(spoken);
  });

  test('accepts a Date as well as an ISO string', () => {
    expect(renderWhen(new Date('2026-11-24T21:00:00Z'), 'America/Chicago')).toBe('Tuesday, November 24th at 3 PM');
  });

  test('the short form for lists of options drops the date', () => {
    expect(renderShort('2026-11-26T20:30:00Z', 'America/Chicago')).toBe('Thursday at 2:30 PM');
  });
});

describe('ordinals and clocks', () => {
  test.each([
    [1, '1st'],
    [2, '2nd'],
    [3, '3rd'],
    [4, '4th'],
    [11, '11th'],
    [12, '12th'],
    [13, '13th'],
    [21, '21st'],
    [22, '22nd'],
    [23, '23rd'],
    [24, '24th'],
    [30, '30th'],
    [31, '31st'],
    [111, '111th'],
  ])('%d → %s', (n, s) => {
    expect(ordinal(n)).toBe(s);
  });

  test.each([
    [0, 0, 'midnight'],
    [12, 0, 'noon'],
    [12, 30, '12:30 PM'],
    [0, 15, '12:15 AM'],
    [9, 30, '9:30 AM'],
    [13, 0, '1 PM'],
    [23, 59, '11:59 PM'],
  ])('%d:%d → %s', (h, m, s) => {
    expect(renderClock(h, m)).toBe(s);
  });

  test('options are joined with "or"', () => {
    expect(listOr([])).toBe('');
    expect(listOr(['A'])).toBe('A');
    expect(listOr(['A', 'B'])).toBe('A or B');
    expect(listOr(['A', 'B', 'C'])).toBe('A, B or C');
  });
});

describe('sameClockTime: "11 works" against offered times', () => {
  const offer = '2026-11-27T17:00:00.000Z'; // Friday 11 AM Chicago
  const said = (start: string, text: string, hasTime = true) => ({ start, text, hasTime });
  test('an hour alone matches the offer at that local clock time', () => {
    expect(sameClockTime(offer, said('2026-11-24T17:00:00.000Z', '11 am'), 'America/Chicago')).toBe(true);
  });
  test('a different hour, a named day, or no hour does not', () => {
    expect(sameClockTime(offer, said('2026-11-24T18:00:00.000Z', 'noon'), 'America/Chicago')).toBe(false);
    expect(sameClockTime(offer, said('2026-11-30T17:00:00.000Z', 'monday at 11'), 'America/Chicago')).toBe(false);
    expect(sameClockTime(offer, said('2026-11-24T17:00:00.000Z', 'tomorrow', false), 'America/Chicago')).toBe(false);
  });
});
