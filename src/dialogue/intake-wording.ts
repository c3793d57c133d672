// The words of an intake question in the call's language. A question carries its Spanish in `es`;
// an org's question saved before it had any takes the template's Spanish when it is the template's
// question unchanged; otherwise an address or a staff choice has a generic Spanish wording, and any
// other question (its meaning unknown in Spanish) is passed over on a Spanish call rather than
// asked in English.
import type { Language } from '../nlu/language.ts';
import type { IntakeQuestion, IntakeWording } from '../templates/types.ts';
import { getTemplate, VERTICALS } from '../templates/index.ts';
import type { SayAction } from './types.ts';
import { esId } from './localized.ts';

const GENERIC_ADDRESS_ES: IntakeWording = {
  ask: '¿Cuál es la dirección, con el número de la casa?',
  askAgain: 'Perdone, ¿me repite la dirección, con el número?',
  readBack: 'en {answer}',
};
const GENERIC_STAFF_ES: IntakeWording = {
  ask: '¿Tiene preferencia por alguien de nuestro equipo, o le da igual?',
  askAgain: '¿Con quién le gustaría? También puede decir que cualquiera.',
  readBack: 'con {answer}',
};

/** The template questions' Spanish, by the English question it translates. */
const TEMPLATE_ES = new Map<string, IntakeWording>();
for (const v of VERTICALS)
  for (const q of getTemplate(v).defaults.intake ?? []) if (q.es) TEMPLATE_ES.set(`${q.id}\n${q.ask}`, q.es);

function spanishOf(q: IntakeQuestion): IntakeWording | null {
  const own = q.es ?? TEMPLATE_ES.get(`${q.id}\n${q.ask}`);
  if (own) return own;
  const generic =
    q.kind === 'address' ? GENERIC_ADDRESS_ES : q.kind === 'choice' && q.optionsFromStaff ? GENERIC_STAFF_ES : null;
  if (!generic) return null;
  // A generic read-back only where the operator wanted the answer read back at all.
  const { readBack, ...words } = generic;
  return q.readBack && readBack ? { ...words, readBack } : words;
}

/** The question's words in `lang`, or null when it has none there (it is then not asked). */
export function wordingIn(q: IntakeQuestion, lang: Language): IntakeWording | null {
  if (lang === 'es') return spanishOf(q);
  return { ask: q.ask, askAgain: q.askAgain, ...(q.readBack ? { readBack: q.readBack } : {}) };
}

/** How a `choice` answer is said in `lang` ("new" → "nuevo"); other answers are said as given. */
export function answerLabel(q: IntakeQuestion, value: string, lang: Language): string {
  if (lang === 'en' || q.kind !== 'choice') return value;
  return q.options?.find((o) => o.value === value)?.es?.label ?? value;
}

/** The question (or its re-ask) as said in `lang`; null when it has no words there. */
export function questionSayIn(q: IntakeQuestion, lang: Language, again: boolean): SayAction | null {
  const w = wordingIn(q, lang);
  if (!w) return null;
  const id = `intake.${q.id}${again ? '.again' : ''}`;
  return { type: 'say', phraseId: lang === 'en' ? id : esId(id), text: again ? w.askAgain : w.ask, dynamic: true };
}
