// What the receptionist says, in the call's current language: the reducer asks here for its
// phrases, read-backs and answers, so a Spanish call is Spanish in every line (not translated
// after the fact). English goes through the English modules unchanged.
import type { Language } from '../nlu/language.ts';
import type { OrgSettings } from '../templates/types.ts';
import type { DialogueState, SayAction } from './types.ts';
import {
  dynamicPhrase,
  greetingPhrase,
  phrase,
  type FixedPhraseId,
  type TemplateId,
  type TemplateVars,
} from './phrases.ts';
import { dynamicPhraseEs, greetingEs, inquiryAnswersEs, phraseEs, serviceNameEs } from './phrases-es.ts';
import { answerFor } from './inquiry.ts';
import { spokenService } from './spoken.ts';
import { listOr, renderShort, renderWhen } from '../time/render-time.ts';
import { listOrEs, renderShortEs, renderWhenEs } from './render-time-es.ts';
import { notificationText } from '../privacy/hipaa.ts';

/** The call's language; calls from before languages existed are English. */
export const langOf = (s: DialogueState): Language => s.lang ?? 'en';

/** Spanish audio is cached under its own ids: the English phrase of the same id is another recording. */
export const esId = (id: string): string => `es:${id}`;

export function sayIn(s: DialogueState, id: FixedPhraseId): SayAction {
  if (langOf(s) === 'en') return phrase(id, s.ctx.business, s.turn ?? 0);
  const p = phraseEs(id, s.ctx.business);
  return { ...p, phraseId: esId(p.phraseId) };
}

export function dynIn<K extends TemplateId>(s: DialogueState, id: K, vars: TemplateVars<K>): SayAction {
  return langOf(s) === 'en' ? dynamicPhrase(id, vars) : dynamicPhraseEs(id, vars);
}

export const whenIn = (s: DialogueState, iso: string): string =>
  langOf(s) === 'en' ? renderWhen(iso, s.ctx.timezone) : renderWhenEs(iso, s.ctx.timezone);

export const shortIn = (s: DialogueState, iso: string): string =>
  langOf(s) === 'en' ? renderShort(iso, s.ctx.timezone) : renderShortEs(iso, s.ctx.timezone);

export const listOrIn = (s: DialogueState, items: string[]): string =>
  langOf(s) === 'en' ? listOr(items) : listOrEs(items);

/** A service as said mid-sentence: "AC repair" / "reparación de aire acondicionado". */
export const serviceIn = (s: DialogueState, name: string): string =>
  langOf(s) === 'en' ? spokenService(s.ctx.settings, name) : serviceNameEs(name);

/** The read-back's extra detail: " for your 2018 Civic" / " para su 2018 Civic". */
export function extraIn(s: DialogueState): string {
  const { vehicle, stylist } = s.slots;
  const es = langOf(s) === 'es';
  if (vehicle) return es ? ` para su ${vehicle}` : ` for your ${vehicle}`;
  if (stylist && stylist !== 'anyone') return es ? ` con ${stylist}` : ` with ${stylist}`;
  return '';
}

/** "the AC repair on Thursday at 3 PM" / "la cita de … el jueves a las tres de la tarde". */
export function describeBookingIn(s: DialogueState, service: string, iso: string): string {
  if (langOf(s) === 'en') return `the ${serviceIn(s, service)} on ${shortIn(s, iso)}`;
  return `la de ${lowerFirst(serviceIn(s, service))} ${shortIn(s, iso)}`;
}

const lowerFirst = (t: string) => t.charAt(0).toLowerCase() + t.slice(1);

/**
 * An answer from the settings in the call's language. A Spanish caller never hears the English
 * text: without a Spanish version there is no answer here, and the question goes to the LLM
 * (which answers in Spanish) or to the Spanish "someone will call you back" reply.
 */
export function answerIn(
  s: DialogueState,
  topic: string | undefined,
  text: string,
  service: string | undefined,
): { id: string; text: string } | null {
  const en = answerFor(s.ctx.settings, topic, text, service);
  if (!en || langOf(s) === 'en') return en;
  const es = inquiryAnswersEs(s.ctx.settings).find((a) => a.id === en.id);
  return es ? { id: esId(es.id), text: es.text } : null;
}

/** The caller's booking confirmation text. */
export function bookedTextIn(s: DialogueState, service: string, when: string): string {
  const { settings, business } = s.ctx;
  if (langOf(s) === 'en') return notificationText(settings, { kind: 'booked', business, service, when });
  const what = settings.flags.hipaaMode ? 'su cita' : `su cita de ${lowerFirst(serviceNameEs(service))}`;
  return `${business}: ${what} quedó reservada para ${when}. Llámenos si necesita cambiarla.`;
}

/** The greeting in the call's language. */
export function greetingIn(settings: OrgSettings, s: DialogueState): SayAction {
  if (langOf(s) === 'en') return greetingPhrase(settings, s.ctx.business);
  return { type: 'say', phraseId: esId('greeting'), text: greetingEs(s.ctx.vertical, s.ctx.business) };
}

/** A fixed phrase read when it is said (a filler), so it follows a call that changed language. */
export function liveFixedPhrase(
  state: () => DialogueState,
  id: FixedPhraseId,
): { readonly id: string; readonly text: string } {
  return {
    get id() {
      return sayIn(state(), id).phraseId;
    },
    get text() {
      return sayIn(state(), id).text;
    },
  };
}
