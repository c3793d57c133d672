// Digits as callers read them out and as the recognizer writes them down, and the local NLU's
// `lastFour` slot, which is only filled when the digits were asked for.
import { describe, expect, test } from 'bun:test';
import { lastFourDigits, phoneDigits, spokenDigits } from '../../src/nlu/digits.ts';
import { lastFourDigitsEs, spokenDigitsEs } from '../../src/nlu/es/digits.ts';
import { classifyLocal } from '../../src/nlu/local.ts';
import type { Expectation, NluContext } from '../../src/nlu/types.ts';

describe('spokenDigitsEs', () => {
  test.each([
    ['cinco cinco uno dos', '5512'],
    ['es el 5 5 1 2', '5512'],
    ['cincuenta y cinco doce', '5512'],
    ['cincuenta y cero', '500'],
    ['cincuenta doce', '5012'],
    ['doble cinco uno dos', '5512'],
    ['veintidós treinta y uno', '2231'],
    ['los últimos cuatro dígitos son cinco cinco uno dos', '5512'],
    ['55-12', '5512'],
  ])('%p → %p', (text, digits) => {
    expect(spokenDigitsEs(text)).toBe(digits);
  });

  test('the last four only when four were given', () => {
    expect(lastFourDigitsEs('nueve uno dos cinco cinco cinco uno dos')).toBe('5512');
    expect(lastFourDigitsEs('cinco uno dos')).toBeUndefined();
    expect(spokenDigitsEs('no me acuerdo')).toBeUndefined();
  });
});

describe('spokenDigits', () => {
  test.each([
    ['five five one two', '5512'],
    ['5512', '5512'],
    ["it's 9 9 9 9", '9999'],
    ['Five, five, one, two.', '5512'],
    ['55-12', '5512'],
    ['5,512', '5512'],
    ['fifty five twelve', '5512'],
    ['double five one two', '5512'],
    ['triple nine eight', '9998'],
    ['oh three four five', '0345'],
    ['zero zero one nine', '0019'],
    ['twenty twenty', '2020'],
    ['fifty five hundred', '5500'],
    ['um the last four are uh 5 5 and 1 2', '5512'],
    ['five one two five five five nine nine nine nine', '5125559999'],
  ])('%p → %p', (text, digits) => {
    expect(spokenDigits(text)).toBe(digits);
  });

  test('no digits at all', () => {
    expect(spokenDigits("I don't remember")).toBeUndefined();
    expect(spokenDigits('')).toBeUndefined();
  });
});

describe('lastFourDigits', () => {
  test('four or more digits give the last four; fewer give nothing', () => {
    expect(lastFourDigits('five five one two')).toBe('5512');
    expect(lastFourDigits('my number is 512 555 9999')).toBe('9999');
    expect(lastFourDigits('five five')).toBeUndefined();
    expect(lastFourDigits('one two three')).toBeUndefined();
  });
});

describe('phoneDigits', () => {
  test('formatting is dropped', () => {
    expect(phoneDigits('+1 (512) 555-9999')).toBe('15125559999');
    expect(phoneDigits('+15125559999').endsWith('9999')).toBe(true);
  });
});

describe('the local NLU', () => {
  const ctx = (expecting: Expectation): NluContext => ({
    expecting,
    now: Date.parse('2026-11-23T16:00:00Z'),
    timezone: 'America/Chicago',
    services: [{ name: 'Cleaning', keywords: ['cleaning'] }],
  });

  test('reads the last four when they were asked for, and is sure of them', () => {
    for (const text of ['five five one two', '5512', "it's 9 9 9 9"]) {
      const r = classifyLocal(text, ctx('digits'));
      expect(r.slots.lastFour).toBe(text.includes('9') ? '9999' : '5512');
      expect(r.confidence).toBeGreaterThanOrEqual(0.85);
    }
  });

  test('never reads digits out of other answers ("at 3" is a time)', () => {
    expect(classifyLocal('tomorrow at 3 or 4 or 5 or 6', ctx('time')).slots.lastFour).toBeUndefined();
    expect(classifyLocal('5512', ctx('name')).slots.lastFour).toBeUndefined();
  });

  test('too few digits is not an answer', () => {
    const r = classifyLocal('five five', ctx('digits'));
    expect(r.slots.lastFour).toBeUndefined();
    expect(r.confidence).toBeLessThan(0.85);
  });
});
