// The Spanish side of the vertical templates, and the lookups the Spanish NLU and phrases use.
import type { Vertical } from '../../db/schema.ts';
import type { SpanishEntry, SpanishFaq, SpanishTemplate } from './types.ts';
import { hvacEs } from './hvac.ts';
import { automotiveEs } from './automotive.ts';
import { dentalEs } from './dental.ts';
import { salonEs } from './salon.ts';

const TEMPLATES_ES: Record<Vertical, SpanishTemplate> = {
  hvac: hvacEs,
  automotive: automotiveEs,
  dental: dentalEs,
  salon: salonEs,
};

export function getSpanishTemplate(v: Vertical): SpanishTemplate {
  return TEMPLATES_ES[v];
}

const ALL_SERVICES = new Map<string, SpanishEntry>();
const ALL_FAQ = new Map<string, SpanishFaq>();
for (const t of Object.values(TEMPLATES_ES)) {
  for (const [en, es] of Object.entries(t.services)) ALL_SERVICES.set(en.toLowerCase(), es);
  for (const [en, es] of Object.entries(t.faq)) ALL_FAQ.set(en.toLowerCase(), es);
}

/** The Spanish name and keywords of a template service, by its English name; undefined for an org's own service. */
export function spanishService(englishName: string): SpanishEntry | undefined {
  return ALL_SERVICES.get(englishName.toLowerCase());
}

/** The Spanish version of a template FAQ entry, by its English question. */
export function spanishFaq(englishQuestion: string): SpanishFaq | undefined {
  return ALL_FAQ.get(englishQuestion.toLowerCase());
}

/**
 * An org's FAQ entries with the Spanish keywords of the template entries they keep, for the
 * Spanish NLU: a match names the entry by its English question, as the English NLU does.
 */
export function spanishFaqKeywords(
  faq: ReadonlyArray<{ question: string }>,
): Array<{ question: string; keywords: string[] }> {
  return faq.map((f) => ({ question: f.question, keywords: spanishFaq(f.question)?.keywords ?? [] }));
}

export type { SpanishEntry, SpanishFaq, SpanishTemplate } from './types.ts';
