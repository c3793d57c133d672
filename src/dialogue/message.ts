// Taking a message for the business: the caller's name, a callback number (their caller ID unless
// they give another, read back and confirmed) and the message in their own words. Pure steps for
// the reducer; saving and sending the message is the executor's `saveMessage`.
import { spokenDigits } from '../nlu/digits.ts';
import type { Expectation, NluResult } from '../nlu/types.ts';
import { phrase } from './phrases.ts';
import { MESSAGE_LINES } from './handoff-phrases.ts';

export { MESSAGE_LINES };
import type { DialogueAction, DialogueEvent, DialogueState, MessageDraft, Phase, SayAction, Step } from './types.ts';

type Utterance = Extract<DialogueEvent, { type: 'utterance' }>;

const dynamic = (phraseId: string, text: string): SayAction => ({ type: 'say', phraseId, text, dynamic: true });

export const MESSAGE_PHASES: ReadonlySet<Phase> = new Set<Phase>([
  'messageName',
  'messageNumber',
  'messageNumberConfirm',
  'messageBody',
]);

/** "five one two, five five five…", "double five…" or "512-555-0199" → "+15125550199". */
export function phoneFromSpeech(text: string): string | null {
  const digits = spokenDigits(text) ?? '';
  if (/^1?\d{10}$/.test(digits)) return `+1${digits.slice(-10)}`;
  if (/^\d{11,15}$/.test(digits)) return `+${digits}`;
  return null;
}

/** A number read back in groups, so it is heard digit by digit: "5 1 2, 5 5 5, 0 1 9 9". */
export function spokenNumber(e164: string): string {
  const d = e164.replace(/^\+1(?=\d{10}$)/, '').replace(/^\+/, '');
  const groups = d.length === 10 ? [d.slice(0, 3), d.slice(3, 6), d.slice(6)] : [d];
  return groups.map((g) => g.split('').join(' ')).join(', ');
}

function ask(state: DialogueState, phase: Phase, patch: Partial<DialogueState>, lead: DialogueAction[], q: SayAction) {
  const expecting: Expectation =
    phase === 'messageName'
      ? 'name'
      : phase === 'messageNumberConfirm'
        ? 'confirm'
        : phase === 'messageNumber'
          ? 'digits'
          : 'callback';
  return {
    state: { ...state, ...patch, phase, expecting, dtmf: false, prompt: [q] },
    actions: [...lead, q],
  } satisfies Step;
}

function confirmNumber(state: DialogueState, draft: MessageDraft, lead: DialogueAction[] = []): Step {
  const q = dynamic('messageConfirmNumber', `Should we call you back at ${spokenNumber(draft.phone!)}?`);
  return ask(state, 'messageNumberConfirm', { message: draft, attempts: 0 }, lead, q);
}

/** Asks for what is still missing, in order: name, number (confirmed), the message itself. */
function next(state: DialogueState, draft: MessageDraft, lead: DialogueAction[] = []): Step {
  if (!draft.name) return ask(state, 'messageName', { message: draft, attempts: 0 }, lead, MESSAGE_LINES.askName);
  if (!draft.phoneConfirmed) {
    if (draft.phone) return confirmNumber(state, draft, lead);
    return ask(state, 'messageNumber', { message: draft, attempts: 0 }, lead, MESSAGE_LINES.askNumber);
  }
  return ask(state, 'messageBody', { message: draft, attempts: 0 }, lead, MESSAGE_LINES.askBody);
}

/** Starts taking a message; `lead` says why (nobody available, transfer not answered). */
export function startMessage(state: DialogueState, lead: DialogueAction[]): Step {
  const draft: MessageDraft = {
    ...(state.slots.name ? { name: state.slots.name } : {}),
    ...(state.ctx.callerPhone ? { phone: state.ctx.callerPhone } : {}),
    phoneConfirmed: false,
  };
  return next({ ...state, goal: null }, draft, lead);
}

function finishMessage(state: DialogueState, draft: MessageDraft & { text: string }): Step {
  const save: DialogueAction = {
    type: 'saveMessage',
    name: draft.name ?? 'unknown',
    phone: draft.phone ?? null,
    text: draft.text,
  };
  const goodbye = phrase('goodbye', state.ctx.business, state.turn ?? 0);
  return {
    state: { ...state, phase: 'goodbye', message: draft, outcome: 'message', pendingOutcome: 'message', prompt: [] },
    actions: [save, MESSAGE_LINES.taken, goodbye, { type: 'endCall', outcome: 'message' }],
  };
}

function yesNo(nlu: NluResult): boolean | null {
  return nlu.slots.yesNo === 'yes' ? true : nlu.slots.yesNo === 'no' ? false : null;
}

/** One caller turn while a message is being taken. */
export function onMessageUtterance(state: DialogueState, ev: Utterance): Step {
  const draft: MessageDraft = state.message ?? { phoneConfirmed: false };
  const again = (q: SayAction): Step => ({
    state: { ...state, attempts: state.attempts + 1 },
    actions: [q],
  });
  switch (state.phase) {
    case 'messageName': {
      const name = ev.nlu.slots.name ?? nameFromWords(ev.text);
      if (name) return next(state, { ...draft, name });
      return again(MESSAGE_LINES.askNameAgain);
    }
    case 'messageNumberConfirm': {
      const other = phoneFromSpeech(ev.text);
      if (other && other !== draft.phone) return confirmNumber(state, { ...draft, phone: other });
      const yes = yesNo(ev.nlu);
      if (yes === true) return next(state, { ...draft, phoneConfirmed: true });
      if (yes === false) return ask(state, 'messageNumber', { message: draft }, [], MESSAGE_LINES.askNumber);
      return again(state.prompt[0] ?? MESSAGE_LINES.askNumber);
    }
    case 'messageNumber': {
      const phone = phoneFromSpeech(ev.text);
      if (phone) return confirmNumber(state, { ...draft, phone });
      return again(MESSAGE_LINES.askNumberAgain);
    }
    case 'messageBody': {
      const text = ev.text.trim();
      if (text.length > 0) return finishMessage(state, { ...draft, text });
      return again(MESSAGE_LINES.askBodyAgain);
    }
    default:
      return { state, actions: [...state.prompt] };
  }
}

/** "It's Dana Smith" / "Dana Smith": the local NLU names only clear answers; a bare name is taken as said. */
function nameFromWords(text: string): string | null {
  const t = text
    .replace(/^(?:yes|yeah|sure|ok(?:ay)?)[,.]?\s+/i, '')
    .replace(/^(?:my name is|this is|it'?s|i'?m|name'?s)\s+/i, '')
    .replace(/[.!?]+$/, '')
    .trim();
  const words = t.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 4 || !words.every((w) => /^[\p{L}'-]+$/u.test(w))) return null;
  return words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
}
