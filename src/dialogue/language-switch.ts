// Which language a call is in, and changing it mid-call. An org speaks English, Spanish or both;
// with both, the greeting offers the other language briefly and the call switches on the keypad
// (2 at the greeting), on the caller asking for it ("español", "English please"), or on the caller
// simply speaking it (the transcript's words, or the recognizer's own language tag when it gives one).
import { detectLanguage, type Language } from '../nlu/language.ts';
import type { FixedPhraseId } from './phrases.ts';
import type { OrgSettings } from '../templates/types.ts';
import type { DialogueAction, DialogueEvent, DialogueState, Phase, SayAction, Step } from './types.ts';
import { greetingIn, langOf, sayIn } from './localized.ts';
import { reaskOpenQuestion } from './intake-step.ts';

export type { Language };

export const LANGUAGES: readonly Language[] = ['en', 'es'];

const isLanguage = (v: unknown): v is Language => v === 'en' || v === 'es';

/** The org's languages: English unless its settings name others (unknown values are ignored). */
export function languagesOf(settings: Pick<OrgSettings, 'languages'>): Language[] {
  const list = Array.isArray(settings.languages) ? settings.languages.filter(isLanguage) : [];
  return list.length > 0 ? [...new Set(list)] : ['en'];
}

/** The language a call starts in. */
export function primaryLanguageOf(settings: Pick<OrgSettings, 'languages' | 'primaryLanguage'>): Language {
  const langs = languagesOf(settings);
  const p = settings.primaryLanguage;
  return isLanguage(p) && langs.includes(p) ? p : langs[0]!;
}

const other = (l: Language): Language => (l === 'en' ? 'es' : 'en');

/** Detected speech switches the call only when the words are this clear. */
const SWITCH_CONFIDENCE = 0.6;

/**
 * The language a caller's utterance is understood and answered in. One word never switches a
 * call ("sí", "no", a name); a request by name always does; the recognizer's tag counts when the
 * words do not say otherwise.
 */
export function languageForUtterance(state: DialogueState, text: string, asrLanguage?: string): Language {
  const current = langOf(state);
  const allowed = languagesOf(state.ctx.settings);
  if (allowed.length < 2) return current;
  const guess = detectLanguage(text);
  if (guess.requested && allowed.includes(guess.requested)) return guess.requested;
  if (guess.language && guess.language !== current && guess.confidence >= SWITCH_CONFIDENCE) return guess.language;
  const tagged = asrLanguage?.slice(0, 2).toLowerCase();
  const words = text.trim().split(/\s+/).filter(Boolean).length;
  if (isLanguage(tagged) && tagged !== current && words >= 3 && (guess.language ?? tagged) === tagged) return tagged;
  return current;
}

// ---------------------------------------------------------------- what is said

const OFFER: Record<Language, string> = {
  es: 'Para español, diga español u oprima dos.',
  en: 'For English, say English or press two.',
};
const SWITCHED: Record<Language, string> = {
  es: 'Muy bien, seguimos en español.',
  en: 'Sure, let’s continue in English.',
};

/** The offer of the other language, said after the greeting (its own cached phrase). */
export function languageOffer(to: Language): SayAction {
  return { type: 'say', phraseId: `languageOffer:${to}`, text: OFFER[to] };
}

function switchedPhrase(to: Language): SayAction {
  return { type: 'say', phraseId: `languageSwitched:${to}`, text: SWITCHED[to] };
}

/** The language phrases said while a call is in `lang` (so in its voice), for the phrase cache. */
export function languagePhrases(settings: OrgSettings, lang: Language): Array<{ id: string; text: string }> {
  if (languagesOf(settings).length < 2) return [];
  return [languageOffer(other(lang)), switchedPhrase(lang)].map((p) => ({ id: p.phraseId, text: p.text }));
}

/** The greeting in the call's language, then (for a bilingual org) the offer of the other one. */
export function greetingActions(state: DialogueState): DialogueAction[] {
  const lead: DialogueAction[] = [greetingIn(state.ctx.settings, state)];
  if (languagesOf(state.ctx.settings).length > 1) lead.push(languageOffer(other(langOf(state))));
  return lead;
}

/** What a dynamic question becomes when re-asked in the other language (its values are gone). */
const REASK: Partial<Record<Phase, FixedPhraseId>> = {
  confirm: 'confirmAgain',
  confirmCancel: 'confirmCancelAgain',
  confirmReschedule: 'confirmRescheduleAgain',
  suggestAlternative: 'pickAlternativeAgain',
  pickBooking: 'pickBookingAgain',
};

/** The open question again, in the new language. */
function reprompt(state: DialogueState): SayAction[] {
  if (state.prompt.length === 0) return [sayIn(state, 'askService')];
  const out: SayAction[] = [];
  for (const p of state.prompt) {
    if ('dynamic' in p) {
      const id = REASK[state.phase];
      if (id) out.push(sayIn(state, id));
      continue;
    }
    const id = p.phraseId.replace(/^es:/, '').replace(/#\d+$/, '') as FixedPhraseId;
    out.push(sayIn(state, id));
  }
  return out.length > 0 ? out : [sayIn(state, 'askService')];
}

function switchTo(state: DialogueState, lang: Language): Step {
  const next: DialogueState = { ...state, lang };
  const intake = reaskOpenQuestion(next);
  if (intake) return { state: intake.state, actions: [switchedPhrase(lang), ...intake.actions] };
  const prompt = reprompt(next);
  return { state: { ...next, prompt }, actions: [switchedPhrase(lang), ...prompt] };
}

/** Intents that are a request of their own, carried out in the new language. */
const ACTIONABLE = new Set(['booking', 'cancel', 'reschedule', 'emergency']);

/** "¿Podemos hablar en español?", "English please": a request for the language and nothing to act on. */
function onlyAsksLanguage(ev: Extract<DialogueEvent, { type: 'utterance' }>): boolean {
  const { nlu } = ev;
  const asked = nlu.slots.language ?? detectLanguage(ev.text).requested;
  if (!asked) return false;
  return !nlu.slots.service && !nlu.slots.time && !nlu.slots.emergency && !ACTIONABLE.has(nlu.intent);
}

/**
 * Runs before the dialogue: a keypad 2 at the greeting, or an utterance in (or asking for) the
 * other language. `step` when the switch is the whole turn; `state` (possibly in a new language)
 * for the dialogue to go on with.
 */
export function languageHook(state: DialogueState, event: DialogueEvent): { step: Step } | { state: DialogueState } {
  const langs = languagesOf(state.ctx.settings);
  if (langs.length < 2) return { state };
  const current = langOf(state);
  if (event.type === 'dtmf') {
    const atGreeting = state.phase === 'intent' && (state.turn ?? 0) === 0 && state.prompt.length === 0;
    if (atGreeting && event.digit === '2') return { step: switchTo({ ...state, turn: 1 }, other(current)) };
    return { state };
  }
  if (event.type !== 'utterance' || !event.language || event.language === current) return { state };
  if (onlyAsksLanguage(event)) return { step: switchTo({ ...state, turn: (state.turn ?? 0) + 1 }, event.language) };
  return { state: { ...state, lang: event.language } };
}
