import { describe, expect, test } from 'bun:test';
import { PHRASES, dynamicPhrase, fixedPhrases, phrase } from '../../src/dialogue/phrases.ts';
import { answerFor, describeHours } from '../../src/dialogue/inquiry.ts';
import { resolveSettings, VERTICALS } from '../../src/templates/index.ts';

describe('fixedPhrases: what an org can synthesize ahead of time', () => {
  test.each([...VERTICALS])(
    '%s: greeting with the business name, every fixed phrase, answers, no placeholder left',
    (v) => {
      const settings = resolveSettings(v, {});
      const list = fixedPhrases(settings, 'Bright Smile');
      const ids = list.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(list[0]).toEqual({ id: 'greeting', text: expect.stringContaining('Bright Smile') });
      for (const [id, p] of Object.entries(PHRASES)) if (typeof p !== 'function') expect(ids).toContain(id);
      for (const id of ['oneMoment', 'dtmfYesNo', 'goodbye', 'anythingElse', 'askName', 'answerHours', 'answerPrices'])
        expect(ids).toContain(id);
      expect(settings.faq.length).toBeGreaterThan(0);
      expect(ids).toContain(`faq:${settings.faq.length - 1}`);
      for (const p of list) {
        expect(p.text).not.toMatch(/[{}]/);
        expect(p.text.trim().length).toBeGreaterThan(0);
      }
      expect(list.find((p) => p.id === 'goodbye')?.text).toBe('Thanks for calling Bright Smile. Have a great day!');
    },
  );

  test('template phrases are not listed: they carry names and dates', () => {
    const ids = fixedPhrases(resolveSettings('hvac', {}), 'X').map((p) => p.id);
    for (const [id, p] of Object.entries(PHRASES)) if (typeof p === 'function') expect(ids).not.toContain(id);
  });

  test('say actions: fixed ones fill the business, template ones are marked dynamic', () => {
    expect(phrase('goodbye', 'Polar Air')).toEqual({
      type: 'say',
      phraseId: 'goodbye',
      text: 'Thanks for calling Polar Air. Have a great day!',
    });
    expect(dynamicPhrase('rescheduled', { service: 'Haircut', when: 'Friday, November 27th at 11 AM' })).toEqual({
      type: 'say',
      phraseId: 'rescheduled',
      text: 'Done. Your Haircut is now on Friday, November 27th at 11 AM.',
      dynamic: true,
    });
  });
});

describe('inquiry answers from settings', () => {
  test('hours group equal consecutive days and skip closed ones', () => {
    expect(describeHours(resolveSettings('salon', {}))).toBe(
      'We’re open Tuesday and Wednesday, 10 AM to 7 PM; Thursday and Friday, 10 AM to 8 PM; Saturday, 9 AM to 5 PM.',
    );
  });

  test('a FAQ keyword beats the generic topic; unknown questions have no answer', () => {
    const hvac = resolveSettings('hvac', {});
    expect(answerFor(hvac, 'prices', 'do you charge for an estimate')?.id).toBe('faq:1');
    expect(answerFor(hvac, 'prices', 'how much is a tune up')?.id).toBe('answerPrices');
    expect(answerFor(hvac, 'do you sell space heaters', 'do you sell space heaters')).toBeNull();
  });

  test('the address is given when the org has one', () => {
    const s = resolveSettings('dental', { address: '12 Main Street' });
    expect(answerFor(s, 'address', 'where are you')?.text).toBe('We’re at 12 Main Street.');
  });
});
