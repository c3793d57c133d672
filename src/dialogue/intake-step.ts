// The dialogue's intake steps: once the booking's slots are known and the time is free, the org's
// intake questions are asked in order, then everything is read back. The reducer calls these hooks.
import type { DialogueState, SayAction, Step, DialogueEvent } from './types.ts';
import type { IntakeQuestion } from '../templates/types.ts';
import {
  answerTo,
  answersInPassing,
  bookingAnswers,
  correctedAnswers,
  nextQuestion,
  NO_INTAKE,
  questionById,
  readBackOf,
  recordAnswer,
  type IntakeProgress,
} from './intake.ts';
import { advanceBooking, ask, offerCallback, toConfirm } from './reducer.ts';
import { mayReplace, mergeSlots } from './slot-policy.ts';
import { langOf } from './localized.ts';
import { questionSayIn } from './intake-wording.ts';

type Utterance = Extract<DialogueEvent, { type: 'utterance' }>;

const progressOf = (s: DialogueState): IntakeProgress => s.intake ?? NO_INTAKE;

function askQuestion(state: DialogueState, q: IntakeQuestion, again: boolean, say: SayAction): Step {
  const intake = { ...progressOf(state), asking: q.id };
  const patch = { phase: 'intake' as const, expecting: 'intake' as const, dtmf: false, intake };
  return ask(state, again ? patch : { ...patch, attempts: 0 }, [], [say]);
}

/**
 * The slot is free: the next unanswered intake question, or the read-back when there is none.
 * A question with no words in the call's language is passed over, never asked in another one.
 */
export function toIntakeOrConfirm(state: DialogueState): Step {
  let s = state;
  for (;;) {
    const q = s.goal === 'book' ? nextQuestion(s.ctx.settings, s.slots.service, progressOf(s)) : null;
    if (!q) return toConfirm(s);
    const say = questionSayIn(q, langOf(s), false);
    if (say) return askQuestion(s, q, false, say);
    s = { ...s, intake: recordAnswer(progressOf(s), q.id, null) };
  }
}

/**
 * The call changed language while a question was open: the question again in the new language,
 * or, when it has no words there, the next one. Null when no question is open.
 */
export function reaskOpenQuestion(state: DialogueState): Step | null {
  const p = progressOf(state);
  const q = state.phase === 'intake' ? questionById(state.ctx.settings, p.asking) : null;
  if (!q) return null;
  const say = questionSayIn(q, langOf(state), false);
  if (say) return askQuestion(state, q, false, say);
  return toIntakeOrConfirm({ ...state, attempts: 0, intake: recordAnswer(p, q.id, null) });
}

/** The caller answered (or not) the intake question just asked. */
export function onIntakeAnswer(state: DialogueState, ev: Utterance): Step {
  const { settings } = state.ctx;
  const p = progressOf(state);
  const q = questionById(settings, p.asking);
  if (!q) return toIntakeOrConfirm(state);
  const lang = langOf(state);
  const answer = answerTo(q, settings, ev.text, ev.nlu, lang);
  if (answer) {
    const value = 'value' in answer ? answer.value : null;
    return toIntakeOrConfirm({ ...state, attempts: 0, intake: recordAnswer(p, q.id, value) });
  }
  // "Actually make it Friday": the booking changes and its time is checked again.
  const slots = mergeSlots(
    state.slots,
    ev.nlu,
    { asked: null, replace: mayReplace(ev.text, ev.nlu) },
    state.ctx.timezone,
  );
  if (slots.time?.start !== state.slots.time?.start || slots.service !== state.slots.service)
    return advanceBooking({ ...state, slots, attempts: 0 });
  const again = questionSayIn(q, lang, true);
  if (state.attempts === 0 && again) return askQuestion({ ...state, attempts: 1 }, q, true, again);
  // An optional question not understood twice is let go; a required one ends in a callback offer.
  if (!q.required) return toIntakeOrConfirm({ ...state, attempts: 0, intake: recordAnswer(p, q.id, null) });
  return offerCallback(state);
}

/** Answers said before they were asked ("come to 12 Oak Street") are kept for the booking. */
export function withPassingAnswers(state: DialogueState, ev: Utterance): DialogueState {
  const passing = state.phase === 'greeting' || state.phase === 'intent' || state.phase === 'collect';
  if (!passing || state.ctx.settings.intake === undefined) return state;
  const before = progressOf(state);
  const after = answersInPassing(
    state.ctx.settings,
    state.slots.service ?? ev.nlu.slots.service,
    before,
    ev.text,
    ev.nlu,
    langOf(state),
  );
  return after === before ? state : { ...state, intake: after };
}

/** "No, it's 14 Oak Street" at the read-back: the corrected answers, to be read back again. */
export function intakeCorrection(state: DialogueState, text: string, nlu: Utterance['nlu']): DialogueState | null {
  if (state.goal !== 'book') return null;
  const fixed = correctedAnswers(state.ctx.settings, state.slots.service, progressOf(state), text, nlu, langOf(state));
  return fixed ? { ...state, intake: fixed, attempts: 0, dtmf: false } : null;
}

export function intakeReadBack(state: DialogueState): string {
  return readBackOf(state.ctx.settings, state.slots.service, progressOf(state), langOf(state));
}

export function bookingAnswersOf(state: DialogueState): { intake?: Record<string, string>; address?: string } {
  const a = bookingAnswers(state.ctx.settings, state.slots.service, progressOf(state));
  return Object.keys(a.intake).length > 0 ? a : {};
}
