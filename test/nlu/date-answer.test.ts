import { describe, expect, test } from 'bun:test';
import { extractDate } from '../../src/nlu/date-answer.ts';

describe('a calendar date in an answer (date of birth)', () => {
  test.each([
    ['March 4th 1985', '1985-03-04'],
    ['it is march 4, 1985', '1985-03-04'],
    ['the 4th of March, 1985', '1985-03-04'],
    ['3/4/1985', '1985-03-04'],
    ['12-25-1970', '1970-12-25'],
    ['1990-07-01', '1990-07-01'],
    ['sept 9 2001', '2001-09-09'],
  ])('"%s" → %s', (text, iso) => {
    expect(extractDate(text)).toBe(iso);
  });

  test.each(['February 30th 1990', 'march 1985', 'thursday', '13/13/1999', 'skip'])('no date in "%s"', (text) => {
    expect(extractDate(text)).toBeUndefined();
  });
});
