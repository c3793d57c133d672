// The receptionist sounds like a person: repeated questions change their wording (every wording
// precomputed), read-backs say "an AC repair", and the many ways of saying yes are understood.
import { describe, expect, test } from 'bun:test';
import { fixedPhrases, phrase } from '../../src/dialogue/phrases.ts';
import { articleFor, spokenService, withArticle } from '../../src/dialogue/spoken.ts';
import { classifyLocal } from '../../src/nlu/local.ts';
import type { NluContext } from '../../src/nlu/types.ts';
import { resolveSettings, VERTICALS } from '../../src/templates/index.ts';
import type { SayAction } from '../../src/dialogue/types.ts';
import { at, context, nlu, run, TZ, utter } from './reducer-helpers.ts';

const hvac = context('hvac');
const start = { type: 'callStarted' } as const;
const says = (actions: ReturnType<typeof run>['all']) => actions.filter((a): a is SayAction => a.type === 'say');

describe('fixed phrases vary', () => {
  test('"anything else?" asked on consecutive turns is worded differently', () => {
    const hours = utter('what are your hours', nlu('inquiry', { topic: 'hours' }));
    const prices = utter('and your prices', nlu('inquiry', { topic: 'prices' }));
    const a = run(hvac, [start, hours]);
    const b = run(hvac, [prices], a.state);
    const lastAsk = (r: ReturnType<typeof run>) => says(r.last).at(-1)!;
    expect(lastAsk(a).phraseId.replace(/#\d+$/, '')).toBe('anythingElse');
    expect(lastAsk(b).phraseId.replace(/#\d+$/, '')).toBe('anythingElse');
    expect(lastAsk(a).text).not.toBe(lastAsk(b).text);
  });

  test.each([...VERTICALS])('%s: every wording of every fixed phrase is precomputed under its own id', (v) => {
    const settings = resolveSettings(v, {});
    const list = fixedPhrases(settings, 'Polar Air');
    for (const id of ['askName', 'askTime', 'anythingElse', 'goodbye', 'callbackDeclined'] as const) {
      for (let n = 0; n < 6; n++) {
        const said = phrase(id, 'Polar Air', n);
        expect(list).toContainEqual({ id: said.phraseId, text: said.text });
      }
    }
  });

  test('no "one moment while I check the calendar" before a read-back', () => {
    const r = run(hvac, [
      start,
      utter('my furnace is out', nlu('booking', { service: 'Heating Repair' })),
      utter('Maria Gonzalez', nlu('unknown', { name: 'Maria Gonzalez' })),
      utter('thursday at 1 pm', nlu('booking', { time: at('2026-11-26T13:00:00-06:00') })),
    ]);
    expect(r.last.map((a) => a.type)).toEqual(['checkAvailability']);
    expect(JSON.stringify(r.all)).not.toContain('check the calendar');
  });
});

describe('natural read-backs', () => {
  test.each([
    ['hvac', 'AC Repair', 'an AC repair'],
    ['hvac', 'Maintenance', 'a maintenance visit'],
    ['hvac', 'Installation Estimate', 'an installation estimate'],
    ['automotive', 'Oil Change', 'an oil change'],
    ['automotive', 'Diagnostics', 'a diagnostic check'],
    ['dental', 'Exam', 'an exam'],
    ['dental', 'Emergency Visit', 'an emergency visit'],
    ['salon', 'Highlights', 'a highlights appointment'],
  ] as const)('%s %s → "%s"', (v, name, said) => {
    expect(withArticle(spokenService(resolveSettings(v, {}), name))).toBe(said);
  });

  test('articles follow the sound: an HVAC check, a uniform, an hour', () => {
    expect(articleFor('HVAC check')).toBe('an');
    expect(articleFor('UV lamp')).toBe('a');
    expect(articleFor('uniform fitting')).toBe('a');
    expect(articleFor('hour-long visit')).toBe('an');
  });

  test('the read-back of an AC job', () => {
    const r = run(hvac, [
      start,
      utter('my ac is broken', nlu('booking', { service: 'AC Repair' })),
      utter('Sam Ortiz', nlu('unknown', { name: 'Sam Ortiz' })),
      utter('tuesday at 1 pm', nlu('booking', { time: at('2026-12-08T13:00:00-06:00') })),
      { type: 'availabilityResult', free: true, alternatives: [] },
      utter('12 Oak Street', nlu('unknown')),
    ]);
    const text = says(r.last)
      .map((s) => s.text)
      .join(' ');
    expect(text).toContain('an AC repair at 12 Oak Street on Tuesday');
    expect(text).not.toMatch(/a AC|I have a/);
  });
});

describe('the many ways of saying yes', () => {
  const ctx: NluContext = {
    expecting: 'confirm',
    now: Date.parse('2026-12-07T10:00:00-06:00'),
    timezone: TZ,
    services: [],
  };
  test.each([
    'sounds good',
    'perfect',
    'that works',
    'cool',
    'awesome',
    'excellent',
    'lovely',
    "that'll work",
    'that would work',
    "let's do that",
    'sounds about right',
    'all good',
    "that's great",
    'works for me',
    "i'm good with that",
    'why not',
    'book me in',
    'that one works',
  ])('"%s" is a yes', (text) => {
    expect(classifyLocal(text, ctx).slots.yesNo).toBe('yes');
  });

  test.each(["that's it", "i'm good", 'nothing else'])('"%s" to "anything else?" is a no', (text) => {
    expect(classifyLocal(text, { ...ctx, expecting: 'anything_else' }).slots.yesNo).toBe('no');
  });

  test.each(["that doesn't work", 'that would not work'])('"%s" is not a yes', (text) => {
    expect(classifyLocal(text, ctx).slots.yesNo).not.toBe('yes');
  });
});
