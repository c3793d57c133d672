// The local NLU never throws and always answers with a well-formed result, for any text in any
// context: arbitrary Unicode, and word soup built from what callers actually say (days, times,
// numbers, services, names, yes/no), across zones with DST changes.
import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { classifyLocal } from '../../src/nlu/local.ts';
import type { Expectation, NluContext, NluResult } from '../../src/nlu/types.ts';
import { resolveSettings } from '../../src/templates/index.ts';
import { fcParams, timeoutFor } from './fc-config.ts';

const INTENTS = new Set(['booking', 'inquiry', 'reschedule', 'cancel', 'complex', 'emergency', 'unknown']);
const EXPECTING: Expectation[] = [
  'intent',
  'name',
  'service',
  'time',
  'vehicle',
  'stylist',
  'confirm',
  'alternative',
  'anything_else',
  'callback',
];
const ZONES = [
  'America/Chicago',
  'America/New_York',
  'America/Los_Angeles',
  'America/Phoenix',
  'Europe/London',
  'Australia/Lord_Howe',
  'UTC',
];
const VERTICALS = ['hvac', 'automotive', 'dental', 'salon'] as const;

const VOCAB = [
  'yes',
  'no',
  'yeah',
  'nope',
  'maybe',
  'uh',
  'um',
  'the',
  'first',
  'second',
  'last',
  'one',
  'two',
  'three',
  'twelve',
  'noon',
  'midnight',
  'tomorrow',
  'today',
  'tonight',
  'next',
  'this',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'week',
  'morning',
  'afternoon',
  'evening',
  'at',
  'on',
  'in',
  'the',
  'of',
  'am',
  'pm',
  'a.m.',
  'p.m.',
  ':',
  '3:30',
  '10:15',
  '25:99',
  '0',
  '31st',
  'february',
  '29th',
  'march',
  'november',
  '2026',
  '1999',
  'my',
  'name',
  'is',
  "it's",
  'this is',
  'I',
  'need',
  'want',
  'book',
  'cancel',
  'reschedule',
  'move',
  'appointment',
  'furnace',
  'AC',
  'oil change',
  'brakes',
  'cleaning',
  'haircut',
  'color',
  'with',
  'Jessica',
  'anyone',
  'gas',
  'smell',
  'leak',
  'emergency',
  'person',
  'human',
  'call me back',
  'hours',
  'price',
  'how much',
  'a 2015 Honda Civic',
  'Maria',
  'Gonzalez',
  "O'Brien",
  'José',
  '—',
  '...',
  '?',
  '!',
  ',',
  '',
  '  ',
  '\n',
  '😀',
  'ß',
  'İ',
];

const wordSoup = fc.array(fc.constantFrom(...VOCAB), { maxLength: 20 }).map((w) => w.join(' '));
const text = fc.oneof(
  wordSoup,
  wordSoup,
  fc.string({ maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

const context = fc
  .record({
    expecting: fc.constantFrom(...EXPECTING),
    // 1990 … 2100, including every DST change in between.
    now: fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }),
    timezone: fc.constantFrom(...ZONES),
    vertical: fc.constantFrom(...VERTICALS),
    offered: fc.option(
      fc.array(
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }).map((t) => new Date(t).toISOString()),
        { maxLength: 4 },
      ),
      { nil: undefined },
    ),
  })
  .map(({ vertical, offered, ...rest }): NluContext => {
    const settings = resolveSettings(vertical, {});
    return {
      ...rest,
      services: settings.services.map((s) => ({ name: s.name, keywords: s.keywords })),
      ...(settings.staff ? { staff: settings.staff } : {}),
      ...(offered ? { offered } : {}),
    };
  });

function wellFormed(r: NluResult, ctx: NluContext): void {
  expect(INTENTS.has(r.intent)).toBe(true);
  expect(r.source).toBe('local');
  expect(Number.isFinite(r.confidence) && r.confidence >= 0 && r.confidence <= 1).toBe(true);
  const s = r.slots;
  if (s.service !== undefined) expect(ctx.services.some((x) => x.name === s.service)).toBe(true);
  if (s.time !== undefined) {
    expect(Number.isFinite(Date.parse(s.time.start))).toBe(true);
    expect(new Date(s.time.start).toISOString()).toBe(s.time.start);
    expect(typeof s.time.hasTime).toBe('boolean');
    expect(typeof s.time.text).toBe('string');
  }
  if (s.yesNo !== undefined) expect(['yes', 'no', 'maybe']).toContain(s.yesNo);
  if (s.choice !== undefined) {
    expect(Number.isInteger(s.choice) && s.choice >= 0).toBe(true);
    expect(s.choice).toBeLessThan(Math.max(1, ctx.offered?.length ?? 0));
  }
  for (const k of ['name', 'vehicle', 'stylist', 'topic'] as const) {
    const v = s[k];
    if (v !== undefined) {
      expect(typeof v).toBe('string');
      expect(v.trim().length).toBeGreaterThan(0);
    }
  }
}

describe('local NLU properties', () => {
  test(
    'never throws; every result is well-formed',
    () => {
      fc.assert(
        fc.property(text, context, (t, ctx) => {
          wellFormed(classifyLocal(t, ctx), ctx);
        }),
        fcParams(2),
      );
    },
    timeoutFor(5, 2),
  );

  test(
    'the same text in the same context gives the same answer',
    () => {
      fc.assert(
        fc.property(wordSoup, context, (t, ctx) => {
          expect(classifyLocal(t, ctx)).toEqual(classifyLocal(t, ctx));
        }),
        fcParams(0.5),
      );
    },
    timeoutFor(5, 0.5),
  );
});
