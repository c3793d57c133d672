import { describe, expect, test } from 'bun:test';
import { extractAddress } from '../../src/nlu/address.ts';

describe('a street address in what the caller said', () => {
  test.each([
    ['12 Oak Street', '12 Oak Street'],
    ["it's 12 oak street", '12 Oak Street'],
    ['no, it’s 14 Oak Street', '14 Oak Street'],
    ['sure, 4410 north lamar blvd apartment 3', '4410 North Lamar Blvd, Apartment 3'],
    ['we are at 221B Baker St', '221B Baker St'],
    ['1200 West Martin Luther King Junior Drive, Austin', '1200 West Martin Luther King Junior Drive'],
    ['come out to 77 Sunset Ln unit 12 please', '77 Sunset Ln, Unit 12'],
  ])('"%s" → %s', (text, address) => {
    expect(extractAddress(text)).toBe(address);
  });

  test.each(['thursday at 3', 'my name is Oak Street', '12', 'I need 2 units looked at', 'next week'])(
    'no address in "%s"',
    (text) => {
      expect(extractAddress(text)).toBeUndefined();
    },
  );

  test('a number and a street name without a suffix counts only when an address was asked for', () => {
    expect(extractAddress('1200 Congress')).toBeUndefined();
    expect(extractAddress('1200 Congress', { asked: true })).toBe('1200 Congress');
    expect(extractAddress('at 3 please', { asked: true })).toBeUndefined();
  });
});
