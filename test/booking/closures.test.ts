// The slot finder honours closed dates, special hours and (opt-in) the US federal holidays.
import { describe, expect, test } from 'bun:test';
import { dayRulesOf } from '../../src/booking/closures.ts';
import { checkSlot, findFreeSlots, nearestAlternatives } from '../../src/booking/slots.ts';
import { weekdayHours } from '../../src/templates/hours.ts';
import { SettingsPatch } from '../../src/api/settings-schema.ts';

const tz = 'America/Chicago';
const hours = weekdayHours('08:00', '17:00', ['09:00', '13:00']);
const base = { hours, timezone: tz, busy: [], durationMinutes: 60, bufferMinutes: 0 };
const local = (s: string) => new Date(`${s}-06:00`);
const day = (d: Date) => d.toLocaleDateString('en-CA', { timeZone: tz });

describe('closures in the slot finder', () => {
  test('Thanksgiving 2026 is closed when the org observes federal holidays; open otherwise', () => {
    const start = local('2026-11-26T10:00:00');
    expect(checkSlot({ ...base, start })).toEqual({ free: true });
    const days = dayRulesOf({ usFederalHolidays: true });
    expect(checkSlot({ ...base, days, start })).toEqual({
      free: false,
      reason: 'closed',
      closedFor: 'Thanksgiving Day',
    });
    const alts = nearestAlternatives({ ...base, days, requested: start, count: 3 });
    expect(alts.length).toBe(3);
    for (const a of alts) expect(day(a.start)).toBe('2026-11-27');
  });

  test('a listed closure removes the whole day and carries its reason', () => {
    const days = dayRulesOf({ closures: [{ date: '2026-12-02', reason: 'staff training' }] });
    const slots = findFreeSlots({
      ...base,
      days,
      from: local('2026-12-01T00:00:00'),
      to: local('2026-12-04T00:00:00'),
    });
    expect(new Set(slots.map((s) => day(s.start)))).toEqual(new Set(['2026-12-01', '2026-12-03']));
    const verdict = checkSlot({ ...base, days, start: local('2026-12-02T09:00:00') });
    expect(verdict).toEqual({ free: false, reason: 'closed', closedFor: 'staff training' });
  });

  test('special hours replace the weekly hours that day, and may open a holiday', () => {
    const days = dayRulesOf({
      usFederalHolidays: true,
      specialHours: [
        { date: '2026-12-24', open: '09:00', close: '12:00' },
        { date: '2026-11-26', open: '10:00', close: '12:00' },
      ],
    });
    const eve = findFreeSlots({ ...base, days, from: local('2026-12-24T00:00:00'), to: local('2026-12-25T00:00:00') });
    expect(eve.map((s) => s.start.toISOString())).toEqual([
      local('2026-12-24T09:00:00').toISOString(),
      local('2026-12-24T09:30:00').toISOString(),
      local('2026-12-24T10:00:00').toISOString(),
      local('2026-12-24T10:30:00').toISOString(),
      local('2026-12-24T11:00:00').toISOString(),
    ]);
    expect(checkSlot({ ...base, days, start: local('2026-12-24T14:00:00') })).toEqual({
      free: false,
      reason: 'outside_hours',
    });
    expect(checkSlot({ ...base, days, start: local('2026-11-26T10:00:00') })).toEqual({ free: true });
  });

  test('settings validate dates and hours', () => {
    expect(SettingsPatch.safeParse({ closures: [{ date: '2026-11-26', reason: 'Thanksgiving' }] }).success).toBe(true);
    expect(SettingsPatch.safeParse({ closures: [{ date: '2026-02-30' }] }).success).toBe(false);
    expect(SettingsPatch.safeParse({ closures: [{ date: 'next friday' }] }).success).toBe(false);
    expect(
      SettingsPatch.safeParse({ specialHours: [{ date: '2026-12-24', open: '12:00', close: '09:00' }] }).success,
    ).toBe(false);
    expect(SettingsPatch.safeParse({ usFederalHolidays: 'yes' }).success).toBe(false);
    expect(SettingsPatch.safeParse({ usFederalHolidays: true, notifyBusiness: false }).success).toBe(true);
  });
});
