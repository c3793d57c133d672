import { join } from 'node:path';
import { type Scenario, readScenario } from '../../src/sim/scenario.ts';

export type BenchLanguage = 'en' | 'es';

const SPANISH_SCRIPTS = ['es-hvac-ac-booking', 'es-auto-oil-change', 'es-dental-cleaning', 'es-salon-haircut'];

/** The language a scripted call starts in: its org's first language. */
export function scenarioLanguage(s: Scenario): BenchLanguage {
  const langs = s.org.settings.languages;
  return Array.isArray(langs) && langs[0] === 'es' ? 'es' : 'en';
}

/** Spanish callers: bookings across the verticals plus open questions only the LLM can answer. */
export function spanishScripts(): Scenario[] {
  const dir = join(import.meta.dir, '..', '..', 'test', 'scenarios');
  const out = SPANISH_SCRIPTS.map((n) => readScenario(join(dir, `${n}.json`)));
  const base = out[0]!;
  out.push({
    ...base,
    name: 'es-hvac-parking-question',
    turns: ['¿Tienen estacionamiento?', 'no, gracias'],
    expect: { outcome: 'answered' },
  });
  out.push({
    ...base,
    name: 'es-hvac-question-then-book',
    turns: [
      '¿Tienen estacionamiento?',
      'sí, necesito reparar la calefacción',
      'me llamo Ana Baker',
      'el jueves a las diez de la mañana',
      'calle Roble 12',
      'sí',
      'no, gracias',
    ],
    expect: { outcome: 'booked' },
  });
  return out;
}

/** English and Spanish calls alternating, so both see the same load. */
export function interleave<T>(a: T[], b: T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== undefined) out.push(a[i]!);
    if (b[i] !== undefined) out.push(b[i]!);
  }
  return out;
}
