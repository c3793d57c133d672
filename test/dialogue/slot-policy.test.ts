import { describe, expect, test } from 'bun:test';
import { isCorrection, mayReplace, mergeSlots } from '../../src/dialogue/slot-policy.ts';
import { at, context, nlu, run, TZ, utter } from './reducer-helpers.ts';
import { classifyLocal } from '../../src/nlu/local.ts';
import type { NluContext } from '../../src/nlu/types.ts';
import { resolveSettings } from '../../src/templates/index.ts';

const wed10 = at('2026-12-09T10:00:00-06:00');
const thuDay = at('2026-12-10T09:00:00-06:00', false, 'thursday');

describe('filled slots stay put', () => {
  test('passing words do not overwrite a filled slot; an answer to the question does', () => {
    const filled = { service: 'Oil Change', name: 'Dana Reyes', time: wed10 };
    const passing = nlu('booking', { service: 'Tire Rotation', vehicle: '2019 Toyota Camry' });
    expect(mergeSlots(filled, passing, { asked: 'vehicle', replace: false }, TZ)).toEqual({
      ...filled,
      vehicle: '2019 Toyota Camry',
    });
    expect(mergeSlots(filled, passing, { asked: 'service', replace: false }, TZ).service).toBe('Tire Rotation');
    expect(mergeSlots(filled, passing, { asked: null, replace: true }, TZ).service).toBe('Tire Rotation');
  });

  test('a day with no time keeps the clock time already chosen', () => {
    const merged = mergeSlots({ time: wed10 }, nlu('unknown', { time: thuDay }), { asked: null, replace: true }, TZ);
    expect(merged.time?.start).toBe(new Date('2026-12-10T10:00:00-06:00').toISOString());
    expect(merged.time?.hasTime).toBe(true);
    // A part of day is a new time, not a day.
    const morning = { ...thuDay, partOfDay: 'morning' as const, text: 'thursday morning' };
    expect(
      mergeSlots({ time: wed10 }, nlu('unknown', { time: morning }), { asked: 'time', replace: false }, TZ).time,
    ).toEqual(morning);
  });

  test('a fresh request keeps the caller’s name', () => {
    const merged = mergeSlots(
      { name: 'Ana Ruiz' },
      nlu('booking', { name: 'Looking Forward' }),
      { asked: null, replace: true, keepName: true },
      TZ,
    );
    expect(merged.name).toBe('Ana Ruiz');
  });

  test.each([
    ['actually make it thursday', true],
    ['no, make it friday', true],
    ['can we do thursday instead', true],
    ['I meant the brakes', true],
    ['the tire pressure light comes on sometimes', false],
    ['Tom Becker, the furnace bangs every cold morning', false],
  ])('"%s" is a correction: %p', (text, expected) => {
    expect(isCorrection(text)).toBe(expected);
  });

  test('a short reply that states one value restates it; a long one mentions it in passing', () => {
    expect(mayReplace('tuesday at 10 am', nlu('booking', { time: wed10 }))).toBe(true);
    expect(
      mayReplace(
        'and my tire pressure light has been coming on lately too',
        nlu('booking', { service: 'Tire Rotation' }),
      ),
    ).toBe(false);
    expect(mayReplace('Tom Becker friday', nlu('booking', { name: 'Tom Becker', time: wed10 }))).toBe(false);
  });

  test('in the reducer: a service heard while answering the vehicle question leaves the service', () => {
    const auto = context('automotive');
    const r = run(auto, [
      { type: 'callStarted' },
      utter('I need an oil change', nlu('booking', { service: 'Oil Change' })),
      utter('Dana Reyes', nlu('unknown', { name: 'Dana Reyes' })),
      utter('wednesday at 10 am', nlu('booking', { time: wed10 })),
      utter(
        'a 2019 toyota camry and the tire pressure light is on',
        nlu('booking', { vehicle: '2019 Toyota Camry', service: 'Tire Rotation' }),
      ),
    ]);
    expect(r.state.slots.service).toBe('Oil Change');
    expect(r.state.phase).toBe('checkingAvailability');
  });

  test('in the reducer: "make it Thursday" at the read-back keeps 10 AM', () => {
    const dental = context('dental');
    const r = run(dental, [
      { type: 'callStarted' },
      utter('a cleaning', nlu('booking', { service: 'Cleaning' })),
      utter('Ana Ruiz', nlu('unknown', { name: 'Ana Ruiz' })),
      utter('wednesday at 10 am', nlu('booking', { time: wed10 })),
      { type: 'availabilityResult', free: true, alternatives: [] },
      utter('actually make it thursday', nlu('unknown', { time: thuDay })),
    ]);
    const check = r.last.find((a) => a.type === 'checkAvailability');
    expect(check && 'start' in check ? check.start : null).toBe(new Date('2026-12-10T10:00:00-06:00').toISOString());
  });
});

describe('the local NLU leaves passing words alone', () => {
  const ctx = (expecting: NluContext['expecting'], vertical: 'hvac' | 'salon' = 'hvac'): NluContext => ({
    expecting,
    now: Date.parse('2026-12-07T10:00:00-06:00'),
    timezone: TZ,
    services: resolveSettings(vertical, {}).services.map((s) => ({ name: s.name, keywords: s.keywords })),
  });

  test.each(['mmm uh', 'uhh mmm', 'hmm', 'mm', 'eh uh'])('a mumble ("%s") is never a name', (text) => {
    expect(classifyLocal(text, ctx('name')).slots.name).toBeUndefined();
  });

  test('a habit is not a time: "every cold morning", "each night"', () => {
    expect(classifyLocal('the furnace bangs every cold morning', ctx('intent')).slots.time).toBeUndefined();
    expect(classifyLocal('it rattles each night', ctx('intent')).slots.time).toBeUndefined();
    expect(classifyLocal('friday morning works', ctx('time')).slots.time?.partOfDay).toBe('morning');
  });

  test('the name is the first clause of a longer answer', () => {
    expect(classifyLocal('Tom Becker, the furnace bangs every cold morning', ctx('name')).slots.name).toBe(
      'Tom Becker',
    );
  });
});
