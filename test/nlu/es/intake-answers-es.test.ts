// Spanish answers to intake questions: an address in Spanish word order, a date of birth, "no
// preference" and "I'd rather not say".
import { describe, expect, test } from 'bun:test';
import { declinesEs, extractAddressEs, extractDateEs } from '../../../src/nlu/es/intake-answers.ts';

describe('a street address in Spanish', () => {
  test('the street kind first, then its name and number', () => {
    expect(extractAddressEs('calle Roble 12')).toBe('Calle Roble 12');
    expect(extractAddressEs('es en la Avenida Central número 5')).toBe('Avenida Central 5');
    expect(extractAddressEs('Calle de la Paz num. 230, departamento 4')).toBe('Calle de la Paz 230, Departamento 4');
    expect(extractAddressEs('vivo en la avenida Juárez #18 por favor')).toBe('Avenida Juárez 18');
  });

  test('a number then the street, when the address was asked', () => {
    expect(extractAddressEs('en el 4410 de North Lamar', { asked: true })).toBe('4410 North Lamar');
    expect(extractAddressEs('es el 88 Oak Street')).toBe('88 Oak Street');
    expect(extractAddressEs('en el 4410 de North Lamar')).toBeUndefined();
  });

  test('times and counts are not addresses', () => {
    expect(extractAddressEs('a las 3 de la tarde', { asked: true })).toBeUndefined();
    expect(extractAddressEs('son 2 unidades', { asked: true })).toBeUndefined();
    expect(extractAddressEs('el jueves a las tres')).toBeUndefined();
    expect(extractAddressEs('no sé', { asked: true })).toBeUndefined();
  });
});

describe('a date of birth in Spanish', () => {
  test('day, month and year as said', () => {
    expect(extractDateEs('el 3 de marzo de 1985')).toBe('1985-03-03');
    expect(extractDateEs('nací el primero de enero del 2001')).toBe('2001-01-01');
    expect(extractDateEs('veintidós de septiembre de 1990')).toBe('1990-09-22');
    expect(extractDateEs('el 4 de Agosto, 1979')).toBe('1979-08-04');
  });

  test('day first in figures; no date that does not exist', () => {
    expect(extractDateEs('3/4/1985')).toBe('1985-04-03');
    expect(extractDateEs('el 31 de febrero de 1985')).toBeUndefined();
    expect(extractDateEs('el martes')).toBeUndefined();
  });
});

describe('passing on a question in Spanish', () => {
  test('no preference, rather not say, a plain no', () => {
    for (const t of ['cualquiera', 'me da igual', 'quien sea', 'no tengo preferencia', 'prefiero no decirlo', 'No.'])
      expect(declinesEs(t)).toBe(true);
  });

  test('an answer is not a refusal', () => {
    for (const t of ['con Marco', 'el 3 de marzo de 1985', 'sí']) expect(declinesEs(t)).toBe(false);
  });
});
