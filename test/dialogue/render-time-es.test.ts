import { describe, expect, test } from 'bun:test';
import { listOrEs, numberEs, renderClockEs, renderShortEs, renderWhenEs } from '../../src/dialogue/render-time-es.ts';

describe('renderWhenEs: dates as a Spanish-speaking receptionist says them, in the org zone', () => {
  test.each([
    ['2026-12-03T21:30:00Z', 'America/Chicago', 'el jueves 3 de diciembre a las tres y media de la tarde'],
    ['2026-11-26T18:00:00Z', 'America/Chicago', 'el jueves 26 de noviembre a mediodía'],
    ['2026-12-01T15:15:00Z', 'America/Chicago', 'el martes 1 de diciembre a las nueve y cuarto de la mañana'],
    ['2026-12-02T19:05:00Z', 'America/Chicago', 'el miércoles 2 de diciembre a la una y cinco de la tarde'],
    ['2026-12-03T06:00:00Z', 'America/Chicago', 'el jueves 3 de diciembre a medianoche'],
    ['2026-12-05T22:45:00Z', 'America/Chicago', 'el sábado 5 de diciembre a las cuatro y cuarenta y cinco de la tarde'],
    ['2026-12-06T02:00:00Z', 'America/Chicago', 'el sábado 5 de diciembre a las ocho de la noche'],
    ['2026-12-06T18:30:00Z', 'America/Chicago', 'el domingo 6 de diciembre a las doce y media del mediodía'],
    // The same instant is a different day and hour on the other coast.
    ['2026-11-25T03:30:00Z', 'America/Los_Angeles', 'el martes 24 de noviembre a las siete y media de la tarde'],
    ['2026-11-25T03:30:00Z', 'America/New_York', 'el martes 24 de noviembre a las diez y media de la noche'],
    // After the spring-forward change New York is UTC−4.
    ['2027-03-15T13:00:00Z', 'America/New_York', 'el lunes 15 de marzo a las nueve de la mañana'],
  ])('%s in %s → "%s"', (iso, tz, spoken) => {
    expect(renderWhenEs(iso, tz)).toBe(spoken);
  });

  test('the short form for lists of options drops the date', () => {
    expect(renderShortEs(new Date('2026-11-26T20:30:00Z'), 'America/Chicago')).toBe(
      'el jueves a las dos y media de la tarde',
    );
  });
});

describe('clocks, numbers and lists in Spanish', () => {
  test('the small hours, the night and "la una"', () => {
    expect(renderClockEs(0, 30)).toBe('a las doce y media de la noche');
    expect(renderClockEs(3, 0)).toBe('a las tres de la madrugada');
    expect(renderClockEs(13, 0)).toBe('a la una de la tarde');
    expect(renderClockEs(1, 20)).toBe('a la una y veinte de la madrugada');
    expect(renderClockEs(23, 59)).toBe('a las once y cincuenta y nueve de la noche');
  });

  test('numbers up to 59 in words', () => {
    expect([0, 1, 16, 21, 22, 30, 31, 45, 59].map(numberEs)).toEqual([
      'cero',
      'uno',
      'dieciséis',
      'veintiuno',
      'veintidós',
      'treinta',
      'treinta y uno',
      'cuarenta y cinco',
      'cincuenta y nueve',
    ]);
  });

  test('"o" joins the last option, "u" before an o sound', () => {
    expect(listOrEs(['el lunes', 'el martes', 'el jueves'])).toBe('el lunes, el martes o el jueves');
    expect(listOrEs(['siete', 'ocho'])).toBe('siete u ocho');
    expect(listOrEs(['uno'])).toBe('uno');
  });
});
