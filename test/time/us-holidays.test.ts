import { describe, expect, test } from 'bun:test';
import { nthWeekday, usFederalHolidayOn, usFederalHolidays } from '../../src/time/us-holidays.ts';

const byName = (year: number) => Object.fromEntries(usFederalHolidays(year).map((h) => [h.name, h]));

describe('US federal holidays', () => {
  test('2026: every holiday on its date, Independence Day (a Saturday) observed Friday July 3', () => {
    const h = byName(2026);
    expect(usFederalHolidays(2026).map((x) => [x.date, x.observed])).toEqual([
      ['2026-01-01', '2026-01-01'],
      ['2026-01-19', '2026-01-19'],
      ['2026-02-16', '2026-02-16'],
      ['2026-05-25', '2026-05-25'],
      ['2026-06-19', '2026-06-19'],
      ['2026-07-04', '2026-07-03'],
      ['2026-09-07', '2026-09-07'],
      ['2026-10-12', '2026-10-12'],
      ['2026-11-11', '2026-11-11'],
      ['2026-11-26', '2026-11-26'],
      ['2026-12-25', '2026-12-25'],
    ]);
    expect(h['Thanksgiving Day']!.date).toBe('2026-11-26');
  });

  test('Thanksgiving is the fourth Thursday of November, never the last when there are five', () => {
    // November 2029 has five Thursdays (1, 8, 15, 22, 29): Thanksgiving is the 22nd.
    expect(byName(2029)['Thanksgiving Day']!.date).toBe('2029-11-22');
    for (let y = 2000; y <= 2060; y++) {
      const d = new Date(`${byName(y)['Thanksgiving Day']!.date}T12:00:00Z`);
      expect(d.getUTCDay()).toBe(4);
      expect(d.getUTCDate()).toBeGreaterThanOrEqual(22);
      expect(d.getUTCDate()).toBeLessThanOrEqual(28);
    }
  });

  test('a Sunday holiday is observed the Monday after; a Saturday one the Friday before', () => {
    // Christmas 2022 and Juneteenth 2022 fell on Sundays.
    expect(byName(2022)['Christmas Day']!.observed).toBe('2022-12-26');
    expect(byName(2022).Juneteenth!.observed).toBe('2022-06-20');
    // Veterans Day 2028 is a Saturday.
    expect(byName(2028)['Veterans Day']!.observed).toBe('2028-11-10');
  });

  test('New Year’s Day on a Saturday is observed on December 31 of the year before', () => {
    expect(byName(2022)['New Year’s Day']!.observed).toBe('2021-12-31');
    expect(usFederalHolidayOn('2021-12-31')?.name).toBe('New Year’s Day');
  });

  test('Memorial Day is the last Monday of May; Labor Day the first of September', () => {
    expect(byName(2027)['Memorial Day']!.date).toBe('2027-05-31');
    expect(byName(2027)['Labor Day']!.date).toBe('2027-09-06');
    expect(nthWeekday(2026, 5, 1, -1)).toBe(25);
  });

  test('Juneteenth only from 2021; ordinary days are no holiday', () => {
    expect(usFederalHolidays(2020).some((h) => h.name === 'Juneteenth')).toBe(false);
    expect(usFederalHolidayOn('2026-11-27')).toBeNull();
    expect(usFederalHolidayOn('2026-07-04')?.name).toBe('Independence Day');
    expect(usFederalHolidayOn('2026-07-03')?.name).toBe('Independence Day');
  });
});
