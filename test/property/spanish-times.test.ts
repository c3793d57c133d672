// The Spanish time resolver and NLU never throw and always answer well-formed, for any text in any
// zone; and a time rendered in Spanish reads back as the same instant (what the receptionist says
// is what the caller can repeat).
import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { renderShortEs, renderWhenEs } from '../../src/dialogue/render-time-es.ts';
import { classifyLocalEs } from '../../src/nlu/es/local.ts';
import { resolveTimeEs } from '../../src/nlu/es/times.ts';
import type { Expectation, NluContext } from '../../src/nlu/types.ts';
import { resolveSettings } from '../../src/templates/index.ts';
import { utcToZoned, zonedToUtc } from '../../src/time/zoned.ts';
import { fcParams, timeoutFor } from './fc-config.ts';

const ZONES = [
  'America/Chicago',
  'America/New_York',
  'America/Los_Angeles',
  'America/Phoenix',
  'America/Mexico_City',
  'Europe/Madrid',
  'Australia/Lord_Howe',
  'UTC',
];
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
  'digits',
];
const VERTICALS = ['hvac', 'automotive', 'dental', 'salon'] as const;

const VOCAB = [
  'sí',
  'si',
  'no',
  'claro',
  'mejor',
  'el',
  'la',
  'las',
  'los',
  'a',
  'de',
  'del',
  'y',
  'menos',
  'media',
  'cuarto',
  'para',
  'en',
  'por',
  'que',
  'viene',
  'próximo',
  'proximo',
  'semana',
  'pasado',
  'mañana',
  'manana',
  'hoy',
  'ayer',
  'tarde',
  'noche',
  'madrugada',
  'mediodía',
  'medianoche',
  'lunes',
  'martes',
  'miércoles',
  'jueves',
  'viernes',
  'sábado',
  'domingo',
  'una',
  'uno',
  'dos',
  'tres',
  'doce',
  'trece',
  'veinticuatro',
  'treinta',
  'cuarenta',
  'cincuenta',
  'cinco',
  '0',
  '1',
  '3',
  '12',
  '24',
  '31',
  '99',
  '3:30',
  '25:99',
  '12:60',
  '3/12',
  '31/02',
  '29 de febrero',
  'primero',
  'día',
  'dia',
  'enero',
  'febrero',
  'diciembre',
  'setiembre',
  '2026',
  '1999',
  'p. m.',
  'a.m.',
  'pm',
  'am',
  'en punto',
  'minutos',
  'me llamo',
  'soy',
  'a nombre de',
  'José',
  'Núñez',
  'de la Cruz',
  'cita',
  'cancelar',
  'cambiar',
  'huele a gas',
  'no hay calefacción',
  'English',
  'inglés',
  'español',
  '¿',
  '?',
  '¡',
  '!',
  ',',
  '.',
  '',
  '  ',
  '\n',
  '😀',
  'ß',
  'İ',
  'ñ',
  'ü',
  '\u0301',
];
const wordSoup = fc.array(fc.constantFrom(...VOCAB), { maxLength: 20 }).map((w) => w.join(' '));
const text = fc.oneof(
  wordSoup,
  wordSoup,
  fc.string({ maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
);
const now = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) });

const context = fc
  .record({
    expecting: fc.constantFrom(...EXPECTING),
    now,
    timezone: fc.constantFrom(...ZONES),
    vertical: fc.constantFrom(...VERTICALS),
  })
  .map(({ vertical, ...rest }): NluContext => {
    const settings = resolveSettings(vertical, {});
    return {
      ...rest,
      services: settings.services.map((s) => ({ name: s.name, keywords: s.keywords })),
      ...(settings.staff ? { staff: settings.staff } : {}),
    };
  });

describe('Spanish time resolver properties', () => {
  test(
    'never throws; a time it finds is a real instant',
    () => {
      fc.assert(
        fc.property(text, now, fc.constantFrom(...ZONES), (t, n, tz) => {
          const r = resolveTimeEs(t, n, tz);
          if (r === undefined) return;
          expect(new Date(r.start).toISOString()).toBe(r.start);
          expect(typeof r.hasTime).toBe('boolean');
          if (r.partOfDay !== undefined) expect(['morning', 'afternoon', 'evening']).toContain(r.partOfDay);
        }),
        fcParams(2),
      );
    },
    timeoutFor(5, 2),
  );

  test(
    'the Spanish NLU never throws and answers well-formed',
    () => {
      fc.assert(
        fc.property(text, context, (t, ctx) => {
          const r = classifyLocalEs(t, ctx);
          expect(r.source).toBe('local');
          expect(r.confidence >= 0 && r.confidence <= 1).toBe(true);
          if (r.slots.service !== undefined) expect(ctx.services.some((s) => s.name === r.slots.service)).toBe(true);
          if (r.slots.name !== undefined) expect(r.slots.name.trim().length).toBeGreaterThan(0);
          if (r.slots.lastFour !== undefined) expect(r.slots.lastFour).toMatch(/^\d{4}$/);
        }),
        fcParams(2),
      );
    },
    timeoutFor(5, 2),
  );

  // An instant some minutes to ~11 months after "now" (the spoken date has no year), whose local
  // wall time names it alone (not the repeated hour when clocks fall back).
  const future = fc
    .record({ now, ahead: fc.integer({ min: 1, max: 330 * 24 * 60 }), tz: fc.constantFrom(...ZONES) })
    .map(({ now: n, ahead, tz }) => ({ now: n, tz, at: Math.floor(n / 60_000) * 60_000 + ahead * 60_000 }))
    .filter(({ at, tz }) => zonedToUtc(utcToZoned(at, tz), tz).getTime() === at);

  test(
    'round trip: a time rendered in Spanish reads back as the same instant',
    () => {
      fc.assert(
        fc.property(future, ({ now: n, tz, at }) => {
          const spoken = renderWhenEs(new Date(at), tz);
          const r = resolveTimeEs(spoken, n, tz);
          expect(r?.start).toBe(new Date(at).toISOString());
          expect(r?.hasTime).toBe(true);
          // As the caller would repeat it to the recognizer: capitalized, no accents, with ¿…?.
          const heard = `¿${spoken.normalize('NFD').replace(/\p{M}/gu, '')}?`.replace('¿e', '¿E');
          expect(resolveTimeEs(heard, n, tz)?.start).toBe(new Date(at).toISOString());
        }),
        fcParams(2),
      );
    },
    timeoutFor(5, 2),
  );

  test(
    'round trip of the short form within the coming week',
    () => {
      fc.assert(
        fc.property(
          future.filter(({ now: n, at }) => at - n < 6 * 86_400_000),
          ({ now: n, tz, at }) => {
            const nowDay = utcToZoned(n, tz);
            const atDay = utcToZoned(at, tz);
            // A weekday names the coming days only; today's own weekday means next week's.
            fc.pre(nowDay.weekday !== atDay.weekday);
            expect(resolveTimeEs(renderShortEs(new Date(at), tz), n, tz)?.start).toBe(new Date(at).toISOString());
          },
        ),
        fcParams(1),
      );
    },
    timeoutFor(5, 1),
  );
});
