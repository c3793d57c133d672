// Local-first understanding of intake answers: what the rules can read is answered locally and
// confidently; what they cannot (a named option, words that are not an address) is left for the
// model, and anything else the rules heard stays beside the answer.
import { describe, expect, test } from 'bun:test';
import { classifyLocal } from '../../src/nlu/local.ts';
import { classifyLocalEs } from '../../src/nlu/es/local.ts';
import type { IntakeField, NluContext } from '../../src/nlu/types.ts';

const FIELDS: IntakeField[] = [
  { id: 'address', kind: 'address', question: 'What is the address?' },
  { id: 'dob', kind: 'date', question: 'Date of birth?' },
  { id: 'pets', kind: 'yesNo', question: 'Any pets at home?' },
  { id: 'notes', kind: 'text', question: 'Anything we should know?' },
  { id: 'stylist', kind: 'choice', question: 'Which stylist?', options: ['Jessica', 'Marco'] },
];

const ctx = (asking: string, language: 'en' | 'es' = 'en'): NluContext => ({
  expecting: 'intake',
  asking,
  intake: FIELDS,
  now: Date.parse('2026-11-23T16:00:00Z'),
  timezone: 'America/Chicago',
  services: [{ name: 'AC Repair', keywords: ['ac', 'air conditioning'] }],
  language,
});

describe('intake answers read by the local rules', () => {
  test.each([
    ['address', "it's 12 Oak Street", '12 Oak Street'],
    ['dob', 'March 3rd 1985', '1985-03-03'],
    ['pets', 'yes', 'yes'],
    ['notes', 'the gate code is 4411', 'the gate code is 4411'],
  ])('%s: "%s" is read as %s, confidently', (asking, said, value) => {
    const r = classifyLocal(said, ctx(asking));
    expect(r.slots.intake?.[asking]).toBe(value);
    expect(r.confidence).toBeGreaterThanOrEqual(0.85);
  });

  test('Spanish: an address and a yes', () => {
    expect(classifyLocalEs('calle Roble 12', ctx('address', 'es')).slots.intake?.address).toBe('Calle Roble 12');
    const yes = classifyLocalEs('sí, tenemos un perro', ctx('pets', 'es'));
    expect(yes.slots.intake?.pets).toBe('yes');
    expect(yes.confidence).toBeGreaterThanOrEqual(0.85);
  });

  test('what the rules cannot read is left for the model: no answer, no confidence', () => {
    for (const [asking, said] of [
      ['address', 'I am not sure, let me check'],
      ['stylist', 'the one with the red hair'],
    ] as const) {
      const r = classifyLocal(said, ctx(asking));
      expect(r.slots.intake).toBeUndefined();
      expect(r.confidence).toBeLessThan(0.85);
    }
  });

  test('only while an intake question is open', () => {
    const r = classifyLocal("it's 12 Oak Street", { ...ctx('address'), expecting: 'name' });
    expect(r.slots.intake).toBeUndefined();
  });

  test('an emergency said with the answer is kept beside it', () => {
    const r = classifyLocal("there's a gas smell, it's 12 Oak Street", ctx('address'));
    expect(r.slots.intake?.address).toBe('12 Oak Street');
    expect(r.slots.emergency).toBe(true);
  });
});
