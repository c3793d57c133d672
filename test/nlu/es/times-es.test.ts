// Spanish dates and times in the org's zone: the phrases chrono's Spanish parser gets wrong or does
// not find are read by rule, and the English conventions hold (a bare "a las 3" is 3 PM, a time
// already past today is tomorrow, a weekday naming today is next week's).
import { describe, expect, test } from 'bun:test';
import * as chrono from 'chrono-node';
import { resolveTimeEs } from '../../../src/nlu/es/times.ts';
import { utcToZoned, zonedToUtc } from '../../../src/time/zoned.ts';

const TZ = 'America/Chicago';
/** Monday 23 November 2026, 10:00 in Chicago. */
const NOW = zonedToUtc({ year: 2026, month: 11, day: 23, hour: 10, minute: 0 }, TZ).getTime();

const pad = (n: number) => String(n).padStart(2, '0');

function local(text: string, now = NOW, tz = TZ): string | undefined {
  const r = resolveTimeEs(text, now, tz);
  if (!r) return undefined;
  const z = utcToZoned(new Date(r.start), tz);
  const when = `${z.year}-${pad(z.month)}-${pad(z.day)}`;
  return r.hasTime ? `${when} ${pad(z.hour)}:${pad(z.minute)}` : `${when}${r.partOfDay ? ` ${r.partOfDay}` : ''}`;
}

describe('Spanish times chrono gets wrong', () => {
  /** What chrono's Spanish parser makes of it, in the same form ("none" when it finds nothing). */
  function chronoReads(text: string): string {
    const c = chrono.es.parse(text, { instant: new Date(NOW), timezone: -360 }, { forwardDate: true })[0];
    if (!c) return 'none';
    const z = utcToZoned(c.start.date(), TZ);
    const when = `${z.year}-${pad(z.month)}-${pad(z.day)}`;
    return c.start.isCertain('hour') ? `${when} ${pad(z.hour)}:${pad(z.minute)}` : when;
  }

  test.each([
    ['pasado mañana', '2026-11-25'],
    ['a las cuatro y cuarto', '2026-11-23 16:15'],
    ['a las tres y media de la tarde', '2026-11-23 15:30'],
    ['a las 4 de la tarde', '2026-11-23 16:00'],
    ['a las diez', '2026-11-24 10:00'],
  ])('"%s": chrono misreads it, the resolver reads %s', (text, want) => {
    expect(chronoReads(text)).not.toBe(want);
    expect(local(text)).toBe(want);
  });
});

describe('resolveTimeEs', () => {
  test.each([
    ['mañana a las 3', '2026-11-24 15:00'],
    ['mañana en la mañana', '2026-11-24 morning'],
    ['mañana por la tarde', '2026-11-24 afternoon'],
    ['a mediodía', '2026-11-23 12:00'],
    ['en la tarde', '2026-11-23 afternoon'],
    ['el próximo martes', '2026-11-24'],
    ['el martes de la semana que viene', '2026-12-01'],
    ['el lunes', '2026-11-30'],
    ['el lunes a las 3', '2026-11-23 15:00'],
    ['el lunes a las ocho de la mañana', '2026-11-30 08:00'],
    ['cuarto para las cinco', '2026-11-23 16:45'],
    ['a las cinco menos cuarto', '2026-11-23 16:45'],
    ['a la una y veinte', '2026-11-23 13:20'],
    ['a las doce y media de la noche', '2026-11-24 00:30'],
    ['a las nueve de la mañana', '2026-11-24 09:00'],
    ['el jueves 3 de diciembre a las tres y media de la tarde', '2026-12-03 15:30'],
    ['el primero de diciembre', '2026-12-01'],
    ['el 5 de enero', '2027-01-05'],
    ['el día 5', '2026-12-05'],
    ['el 3/12', '2026-12-03'],
    ['en 3 días', '2026-11-26'],
    ['lo antes posible', '2026-11-23'],
    ['quiero cambiar mi cita del jueves para el viernes', '2026-11-27'],
  ])('"%s" → %s', (text, want) => {
    expect(local(text)).toBe(want);
  });

  test.each([
    'se descompuso el lunes',
    'desde ayer no prende',
    'la semana pasada vino el técnico',
    'quiero una cita',
    'ninguna de las dos',
    'la semana que viene',
    'tienen servicio las 24 horas',
    '',
  ])('"%s" names no time to book', (text) => {
    expect(resolveTimeEs(text, NOW, TZ)).toBeUndefined();
  });

  test('across the fall-back change the wall time is kept', () => {
    // Saturday 31 October 2026, 10:00 in Chicago; "el lunes a las 9" is after clocks fall back.
    const now = zonedToUtc({ year: 2026, month: 10, day: 31, hour: 10, minute: 0 }, TZ).getTime();
    expect(local('el lunes a las nueve', now)).toBe('2026-11-02 09:00');
  });
});
