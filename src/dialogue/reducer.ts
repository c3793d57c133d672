// The booking dialogue as a pure state machine: (state, event) → (state, actions).
// No I/O and no clock reads: the conversation engine performs the actions and feeds results back.
import type { NluResult } from '../nlu/types.ts';
import type {
  BookAction,
  DialogueAction,
  DialogueContext,
  DialogueEvent,
  DialogueState,
  FindBookingsAction,
  FoundBooking,
  Outcome,
  Phase,
  Resume,
  SayAction,
  SlotName,
  Slots,
  Step,
} from './types.ts';
import type { FixedPhraseId } from './phrases.ts';
import { closedDayPhrase } from './closed-day.ts';
import { changeVerificationOf } from '../templates/index.ts';
import { renderShort } from '../time/render-time.ts';
import { sameClockTime } from './time-match.ts';
import { mayReplace, mergeSlots } from './slot-policy.ts';
import { notificationText } from '../privacy/hipaa.ts';
import {
  bookingAnswersOf,
  intakeCorrection,
  intakeReadBack,
  onIntakeAnswer,
  toIntakeOrConfirm,
  withPassingAnswers,
} from './intake-step.ts';
import { handOff, startTransfer, TRANSFER_LINES } from './transfer.ts';
import { dialogueSummary } from './summary.ts';
import { MESSAGE_LINES, MESSAGE_PHASES, onMessageUtterance, startMessage } from './message.ts';
import {
  answerIn,
  bookedTextIn,
  describeBookingIn,
  dynIn,
  extraIn,
  listOrIn,
  sayIn,
  serviceIn,
  shortIn,
  whenIn,
} from './localized.ts';
import { greetingActions, languageHook, primaryLanguageOf } from './language-switch.ts';

type Utterance = Extract<DialogueEvent, { type: 'utterance' }>;

export function initialState(ctx: DialogueContext): DialogueState {
  return {
    ctx,
    phase: 'greeting',
    goal: null,
    slots: {},
    expecting: 'intent',
    attempts: 0,
    dtmf: false,
    offered: [],
    found: [],
    target: null,
    lookup: null,
    digits: '',
    verifyFailures: 0,
    noInputs: 0,
    prompt: [],
    bookingId: null,
    outcome: null,
    pendingOutcome: null,
    lang: primaryLanguageOf(ctx.settings),
  };
}

// ---------------------------------------------------------------- helpers

/** The turn picks the wording, so a question asked again is not said word for word the same. */
const say = (s: DialogueState, id: FixedPhraseId): SayAction => sayIn(s, id);
const when = whenIn;
const spokenService = serviceIn;

/** Outcomes by how much the call achieved; a later inquiry never downgrades a booking. */
const RANK: Record<Outcome, number> = {
  hung_up: 0,
  answered: 1,
  callback: 2,
  escalated: 3,
  cancelled: 4,
  rescheduled: 4,
  booked: 5,
  message: 2,
  transferred: 3,
};
function achieved(current: Outcome | null, next: Outcome): Outcome {
  return current && RANK[current] >= RANK[next] ? current : next;
}

function durationOf(s: DialogueState, service: string | undefined): number {
  if (s.goal === 'reschedule' && s.target) return s.target.durationMinutes;
  return s.ctx.settings.services.find((x) => x.name.toLowerCase() === service?.toLowerCase())?.durationMinutes ?? 60;
}

function yesOf(nlu: NluResult): boolean | null {
  return nlu.slots.yesNo === 'yes' ? true : nlu.slots.yesNo === 'no' ? false : null;
}

/** Speak and wait for an answer: the question is remembered for a re-prompt after silence. */
export function ask(
  state: DialogueState,
  patch: Partial<DialogueState>,
  lead: DialogueAction[],
  question: SayAction[],
): Step {
  return { state: { ...state, ...patch, prompt: question }, actions: [...lead, ...question] };
}

/** Which slot to ask for next, in the order a receptionist would. */
function missingSlot(s: DialogueState): SlotName | null {
  const { flags } = s.ctx.settings;
  if (!s.slots.service) return 'service';
  if (!s.slots.name) return 'name';
  if (!s.slots.time) return 'time';
  if (flags.vehicleInfo && !s.slots.vehicle) return 'vehicle';
  return null;
}

const QUESTIONS: Record<SlotName, [FixedPhraseId, FixedPhraseId]> = {
  service: ['askService', 'askServiceAgain'],
  name: ['askName', 'askNameAgain'],
  time: ['askTime', 'askTimeAgain'],
  vehicle: ['askVehicle', 'askVehicleAgain'],
  stylist: ['askStylist', 'askStylistAgain'],
};

function askSlot(state: DialogueState, slot: SlotName, again: boolean, lead: DialogueAction[] = []): Step {
  const id = QUESTIONS[slot][again ? 1 : 0];
  return ask(state, { phase: 'collect', expecting: slot, dtmf: false }, lead, [say(state, id)]);
}

function sameSlots(a: Slots, b: Slots): boolean {
  return (
    a.name === b.name &&
    a.service === b.service &&
    a.time?.start === b.time?.start &&
    a.vehicle === b.vehicle &&
    a.stylist === b.stylist
  );
}

// ---------------------------------------------------------------- booking path

/**
 * All slots known: check the calendar. No filler first: an instant answer needs none, and a slow
 * one gets the call's turn filler ("One moment.") when nothing has been said by its deadline.
 */
function check(state: DialogueState): Step {
  const t = state.slots.time!;
  return {
    state: { ...state, phase: 'checkingAvailability', attempts: 0, dtmf: false, prompt: [] },
    actions: [
      {
        type: 'checkAvailability',
        service: state.slots.service!,
        start: t.start,
        durationMinutes: durationOf(state, state.slots.service),
      },
    ],
  };
}

export function advanceBooking(state: DialogueState, lead: DialogueAction[] = []): Step {
  const next = missingSlot(state);
  if (next) return askSlot({ ...state, attempts: 0 }, next, false, lead);
  const step = check(state);
  return { state: step.state, actions: [...lead, ...step.actions] };
}

function confirmQuestion(s: DialogueState): SayAction {
  if (s.goal === 'reschedule' && s.target)
    return dynIn(s, 'confirmReschedule', {
      service: spokenService(s, s.target.service),
      when: when(s, s.slots.time!.start),
    });
  const extra = extraIn(s) + intakeReadBack(s);
  const vars = {
    service: spokenService(s, s.slots.service!),
    extra,
    when: when(s, s.slots.time!.start),
    name: s.slots.name!,
    variant: s.turn ?? 0,
  };
  return dynIn(s, 'confirmBooking', vars);
}

/** The time is settled: read everything back and ask to go ahead. */
export function toConfirm(state: DialogueState): Step {
  const phase = state.goal === 'reschedule' ? 'confirmReschedule' : 'confirm';
  return ask(
    state,
    { phase, expecting: 'confirm', attempts: 0, dtmf: false, offered: [] },
    [],
    [confirmQuestion(state)],
  );
}

function bookAction(s: DialogueState): BookAction {
  const { slots, ctx } = s;
  const details: BookAction['details'] = {};
  if (slots.vehicle) details.vehicle = slots.vehicle;
  return {
    ...bookingAnswersOf(s),
    type: 'book',
    customerName: slots.name!,
    ...(ctx.callerPhone ? { customerPhone: ctx.callerPhone } : {}),
    service: slots.service!,
    start: slots.time!.start,
    durationMinutes: durationOf(s, slots.service),
    details,
    ...(s.unverified ? { unverified: true } : {}),
  };
}

// ---------------------------------------------------------------- shared endings

/** Questions a declined callback returns to: the booking or change in progress is kept. */
const RESUMABLE = new Set<Phase>([
  'collect',
  'confirm',
  'suggestAlternative',
  'rescheduleTime',
  'confirmReschedule',
  'intake',
]);

export function offerCallback(
  state: DialogueState,
  lead: DialogueAction[] = [],
  why: 'person' | 'gaveUp' = 'gaveUp',
): Step {
  // An org with a transfer number hands the call to a person instead.
  const transfer = startTransfer(state, why, lead);
  if (transfer) return transfer;
  const resume: Resume | null =
    RESUMABLE.has(state.phase) && state.goal
      ? { phase: state.phase, expecting: state.expecting, goal: state.goal, prompt: resumePrompt(state) }
      : null;
  return ask(
    state,
    { phase: 'callbackOffer', expecting: 'callback', attempts: 0, dtmf: false, goal: null, resume },
    lead,
    [say(state, 'offerCallback')],
  );
}

/** The question to go back to: a read-back is read again (not its keypad fallback). */
function resumePrompt(state: DialogueState): SayAction[] {
  const readBack = state.phase === 'confirm' || state.phase === 'confirmReschedule';
  return readBack && state.slots.time ? [confirmQuestion(state)] : state.prompt;
}

/** Back to the question the caller was answering before the callback was offered. */
function resumeFrom(state: DialogueState, r: Resume, lead: DialogueAction[]): Step {
  return ask(
    state,
    { phase: r.phase, expecting: r.expecting, goal: r.goal, attempts: 0, dtmf: false, resume: null },
    lead,
    r.prompt,
  );
}

/** "Go ahead and book it", "book me in": a request to book whatever is in progress. */
const BOOK_IT =
  /\b(book it|book that|book me|go ahead and book|go ahead with (?:it|the booking)|make the (?:booking|appointment)|schedule it|put me down)\b/i;

function anythingElse(state: DialogueState, outcome: Outcome | null, lead: DialogueAction[]): Step {
  const pendingOutcome = outcome ? achieved(state.pendingOutcome, outcome) : state.pendingOutcome;
  return ask(
    state,
    {
      phase: 'anythingElse',
      expecting: 'anything_else',
      attempts: 0,
      dtmf: false,
      goal: null,
      offered: [],
      found: [],
      target: null,
      pendingOutcome,
    },
    lead,
    [say(state, 'anythingElse')],
  );
}

function finish(
  state: DialogueState,
  outcome: Outcome,
  lead: DialogueAction[],
  closing: FixedPhraseId = 'goodbye',
): Step {
  return {
    state: { ...state, phase: 'goodbye', outcome, pendingOutcome: outcome, dtmf: false, prompt: [] },
    actions: [...lead, say(state, closing), { type: 'endCall', outcome }],
  };
}

/** A yes/no question that was not answered: rephrase, then the keypad, then a callback. */
function yesNoRetry(state: DialogueState, again: FixedPhraseId): Step {
  if (state.attempts === 0) return ask(state, { attempts: 1 }, [], [say(state, again)]);
  if (state.attempts === 1) {
    return {
      state: { ...state, attempts: 2, dtmf: true, prompt: [say(state, 'dtmfYesNo')] },
      actions: [say(state, 'dtmfYesNo'), { type: 'expectDtmf', digits: ['1', '2'] }],
    };
  }
  if (state.phase === 'callbackOffer') return finish(state, state.pendingOutcome ?? 'hung_up', [], 'noInputGoodbye');
  return offerCallback(state);
}

// ---------------------------------------------------------------- intents

const NO_HEAT = /\b(?:no heat|heat(?:ing|er)? (?:is )?(?:out|off|not working|broken))\b/i;

function escalateEmergency(state: DialogueState, ev: Utterance): Step {
  const gas = /\bgas\b/i.test(ev.text);
  const { callerPhone } = state.ctx;
  const { name } = state.slots;
  const who = { ...(callerPhone ? { callerPhone } : {}), ...(name ? { name } : {}) };
  const summary = dialogueSummary({ ...state, outcome: 'escalated' });
  const body = notificationText(state.ctx.settings, { kind: 'emergency', ...who, words: ev.text, summary });
  const lead: DialogueAction[] = [{ type: 'notifyBusiness', body, urgent: true }];
  if (gas) lead.push(say(state, 'gasSafety'));
  // Safety advice first, then the on-call person when the org has one.
  const advice = !gas && NO_HEAT.test(ev.text) ? [TRANSFER_LINES.noHeatSafety] : [];
  const transfer = startTransfer(state, 'emergency', [...lead, ...advice]);
  if (transfer) return transfer;
  lead.push(say(state, 'emergencyEscalated'));
  return finish(state, 'escalated', lead);
}

function answerInquiry(state: DialogueState, ev: Utterance): Step {
  const { topic, service } = ev.nlu.slots;
  const answer = answerIn(state, topic, ev.text, service);
  // Remember the service asked about: "OK, let's book it" refers to it.
  if (service) state = { ...state, slots: { ...state.slots, service } };
  const lead: DialogueAction = answer
    ? { type: 'say', phraseId: answer.id, text: answer.text }
    : { type: 'answerQuestion', question: ev.text, fallback: say(state, 'inquiryUnknown') };
  return anythingElse(state, 'answered', [lead]);
}

// Changing a booking needs proof it is the caller's: their caller ID is its phone, or (when the
// org allows it) they name it and give the last four digits of its phone number. Until then
// nothing about any booking is said, and "not found" sounds the same as "found".

function startLookup(state: DialogueState, goal: 'cancel' | 'reschedule', nlu: NluResult): Step {
  const name = nlu.slots.name;
  const policy = changeVerificationOf(state.ctx.settings);
  const next: DialogueState = {
    ...state,
    goal,
    attempts: 0,
    digits: '',
    slots: name ? { name } : {},
    found: [],
    target: null,
    prompt: [],
  };
  if (policy !== 'message_only' && state.ctx.callerPhone) {
    return lookupBookings(next, { type: 'findBookings', by: 'callerId' });
  }
  if (name) return afterUnverifiedName(next);
  const question = [say(state, 'whatNameForBooking')];
  return ask(next, { phase: 'askBookingName', expecting: 'name' }, [], question);
}

function lookupBookings(state: DialogueState, lookup: FindBookingsAction): Step {
  return { state: { ...state, phase: 'findingBooking', lookup, prompt: [] }, actions: [lookup] };
}

/** A booking named by a caller whose number is not on it: prove it with digits, or leave a message. */
function afterUnverifiedName(state: DialogueState): Step {
  if (changeVerificationOf(state.ctx.settings) !== 'caller_id_or_digits') return takeChangeMessage(state);
  return askDigits(state, 'askLastFour');
}

function askDigits(state: DialogueState, id: 'askLastFour' | 'askLastFourAgain' | 'noMatchLastFour'): Step {
  // Two failures per call, however often the caller starts over.
  if (state.verifyFailures >= 2) return takeChangeMessage(state);
  const patch: Partial<DialogueState> = {
    phase: 'verifyDigits',
    expecting: 'digits',
    digits: '',
    dtmf: false,
    found: [],
    target: null,
  };
  return ask(state, patch, [], [say(state, id)]);
}

function verifyFailed(state: DialogueState, id: 'askLastFourAgain' | 'noMatchLastFour'): Step {
  return askDigits({ ...state, verifyFailures: state.verifyFailures + 1, digits: '' }, id);
}

function digitLookup(state: DialogueState, lastFour: string): Step {
  const name = state.slots.name;
  if (!name) return takeChangeMessage(state);
  return lookupBookings({ ...state, digits: '' }, { type: 'findBookings', by: 'nameAndDigits', name, lastFour });
}

function onVerifyDigits(state: DialogueState, nlu: NluResult): Step {
  const lastFour = nlu.slots.lastFour;
  if (lastFour) return digitLookup(state, lastFour);
  // "No" / "I'm not sure": the caller doesn't have them; the business follows up.
  if (nlu.slots.yesNo === 'no' || nlu.slots.yesNo === 'maybe') return takeChangeMessage(state);
  return verifyFailed(state, 'askLastFourAgain');
}

/** Keyed digits are collected silently until there are four; # ends early, * starts over. */
function onDigitKey(state: DialogueState, digit: string): Step {
  if (digit === '*') return { state: { ...state, digits: '' }, actions: [] };
  if (digit === '#') return verifyFailed(state, 'askLastFourAgain');
  if (!/^\d$/.test(digit)) return { state, actions: [] };
  const digits = state.digits + digit;
  if (digits.length < 4) return { state: { ...state, digits }, actions: [] };
  return digitLookup(state, digits);
}

/** The change cannot be verified: the business gets the request and nothing is changed. */
function takeChangeMessage(state: DialogueState): Step {
  const { ctx, slots } = state;
  const what = state.goal === 'reschedule' ? 'reschedule' : 'cancel';
  const who = ctx.callerPhone ?? 'a caller without caller ID';
  const body =
    `Request to ${what} an appointment from ${who}${slots.name ? `, under the name ${slots.name}` : ''}. ` +
    'The caller was not verified and nothing was changed: please confirm with the customer at the number on the booking.';
  const cleared: DialogueState = { ...state, slots: {}, digits: '', lookup: null };
  return anythingElse(cleared, 'callback', [
    { type: 'notifyBusiness', body, urgent: false },
    say(state, 'changeByMessage'),
  ]);
}

/** The caller said what they want: route by intent. */
function onIntent(state: DialogueState, ev: Utterance): Step {
  const { nlu } = ev;
  const { ctx } = state;
  const emergency = nlu.intent === 'emergency' || nlu.slots.emergency === true;
  if (emergency && ctx.settings.flags.emergencyHandling) return escalateEmergency(state, ev);
  if (emergency && ctx.vertical === 'dental') {
    // Dental pain is urgent but bookable: the emergency visit, as soon as possible (or, when the
    // org says so, the on-call dentist).
    if (ctx.settings.transfer?.urgentPain === 'transfer') {
      const transfer = startTransfer(state, 'emergency', [say(state, 'dentalUrgent')]);
      if (transfer) return transfer;
    }
    const urgent = ctx.settings.services.find((s) => /emergency/i.test(s.name))?.name ?? nlu.slots.service;
    const slots = mergeSlots(state.slots, nlu, { asked: null, replace: true, keepName: true }, state.ctx.timezone);
    if (urgent) slots.service = urgent;
    return advanceBooking({ ...state, goal: 'book', slots }, [say(state, 'dentalUrgent')]);
  }
  if (nlu.slots.wantsHuman || nlu.intent === 'complex')
    return offerCallback(state, [], nlu.slots.wantsHuman ? 'person' : 'gaveUp');
  if (nlu.intent === 'cancel' || nlu.intent === 'reschedule') return startLookup(state, nlu.intent, nlu);
  if (nlu.intent === 'inquiry' && !nlu.slots.time) return answerInquiry(state, ev);
  if (nlu.intent === 'booking' || nlu.slots.service || nlu.slots.time) {
    return advanceBooking({
      ...state,
      goal: 'book',
      attempts: 0,
      slots: mergeSlots(state.slots, nlu, { asked: null, replace: true, keepName: true }, state.ctx.timezone),
    });
  }
  if (state.attempts >= 1) return offerCallback(state);
  return ask(
    state,
    { phase: 'intent', expecting: 'intent', attempts: state.attempts + 1 },
    [],
    [say(state, 'askIntentAgain')],
  );
}

/** Intents that take over whatever question is open. */
function interrupts(state: DialogueState, nlu: NluResult): boolean {
  const emergency = nlu.intent === 'emergency' || nlu.slots.emergency === true;
  // "Change it to 3" inside a booking or reschedule is an answer, not a new request.
  const otherRequest = state.goal === null && (nlu.intent === 'cancel' || nlu.intent === 'reschedule');
  return (emergency && state.ctx.settings.flags.emergencyHandling) || nlu.slots.wantsHuman === true || otherRequest;
}

// ---------------------------------------------------------------- phases

function onCollect(state: DialogueState, ev: Utterance): Step {
  const { nlu } = ev;
  const asked = state.expecting as SlotName;
  const slots = mergeSlots(state.slots, nlu, { asked, replace: mayReplace(ev.text, nlu) }, state.ctx.timezone);
  if (!sameSlots(slots, state.slots)) return advanceBooking({ ...state, slots, attempts: 0 });
  // A question mid-booking: answer it, then ask again without counting a failure.
  const aside = answerAside(state, ev);
  if (aside) return aside;
  if (!missingSlot(state) && nlu.slots.yesNo) return toIntakeOrConfirm(state);
  if (state.attempts >= 1) return offerCallback(state);
  return askSlot({ ...state, attempts: state.attempts + 1 }, asked, true);
}

function onConfirm(state: DialogueState, yes: boolean | null, nlu: NluResult | null, text = ''): Step {
  const corrected = nlu ? intakeCorrection(state, text, nlu) : null;
  if (corrected) return toIntakeOrConfirm(corrected);
  if (yes === true)
    return {
      state: { ...state, phase: 'booking', dtmf: false, attempts: 0, prompt: [] },
      actions: [bookAction(state)],
    };
  if (nlu) {
    // "No, Thursday" / "actually it's for brakes" / "the name is Bob": correct, and re-check if the slot moved.
    const slots = mergeSlots(
      state.slots,
      nlu,
      { asked: null, replace: yes === false || mayReplace(text, nlu) },
      state.ctx.timezone,
    );
    if (!sameSlots(slots, state.slots)) {
      const next = { ...state, slots, dtmf: false, attempts: 0 };
      const moved = slots.time?.start !== state.slots.time?.start || slots.service !== state.slots.service;
      return moved ? advanceBooking(next) : toConfirm(next);
    }
  }
  if (yes === false)
    return ask(
      state,
      { phase: 'collect', expecting: 'time', attempts: 0, dtmf: false },
      [],
      [say(state, 'whatToChange')],
    );
  return yesNoRetry(state, 'confirmAgain');
}

/** Which offered time the caller picked: by position, by the time itself, or "yes" to a single offer. */
function pickOffered(state: DialogueState, nlu: NluResult): string | null {
  const { choice, time } = nlu.slots;
  if (choice !== undefined && state.offered[choice]) return state.offered[choice]!;
  if (time) {
    const exact = state.offered.find((o) => Date.parse(o) === Date.parse(time.start));
    if (exact) return exact;
    // "11 works" names the clock time of an offer, not a new day.
    const byClock = state.offered.filter((o) => sameClockTime(o, time, state.ctx.timezone));
    if (byClock.length === 1) return byClock[0]!;
    // "The Thursday one" names the day of an offer, not 9 AM that day.
    if (!time.hasTime && !time.partOfDay) {
      const day = renderShort(time.start, state.ctx.timezone).split(' ')[0];
      const byDay = state.offered.filter((o) => renderShort(o, state.ctx.timezone).split(' ')[0] === day);
      if (byDay.length >= 1) return byDay[0]!;
    }
  }
  if (yesOf(nlu) === true && state.offered.length === 1) return state.offered[0]!;
  return null;
}

function onAlternative(state: DialogueState, nlu: NluResult, text = ''): Step {
  const picked = pickOffered(state, nlu);
  const mode = { asked: null, replace: mayReplace(text, nlu) };
  const slots = mergeSlots(state.slots, { ...nlu, slots: { ...nlu.slots, time: undefined } }, mode, state.ctx.timezone);
  if (picked)
    return toIntakeOrConfirm({ ...state, slots: { ...slots, time: { start: picked, hasTime: true, text: picked } } });
  if (nlu.slots.time) return check({ ...state, slots: { ...slots, time: nlu.slots.time }, offered: [] });
  if (yesOf(nlu) === false)
    return askSlot({ ...state, offered: [], slots: { ...slots, time: undefined }, attempts: 0 }, 'time', false);
  if (state.attempts >= 1) return offerCallback(state);
  return ask(state, { attempts: state.attempts + 1 }, [], [say(state, 'pickAlternativeAgain')]);
}

function onAnythingElse(state: DialogueState, ev: Utterance): Step {
  const { nlu } = ev;
  const yn = yesOf(nlu);
  // "Yes, let's book it" carries a request (the service may be the one just asked about); a bare "yes" does not.
  if (nlu.intent !== 'unknown' || nlu.slots.emergency || nlu.slots.wantsHuman)
    return onIntent({ ...state, attempts: 0 }, ev);
  if (yn === false) return finish(state, state.pendingOutcome ?? 'answered', []);
  if (yn === true)
    return ask(state, { phase: 'intent', expecting: 'intent', attempts: 0 }, [], [say(state, 'anythingElseShort')]);
  return anythingElseRetry(state);
}

/** An unclear reply to "anything else?": ask again, then offer the keypad, and only then say goodbye. */
function anythingElseRetry(state: DialogueState): Step {
  if (state.attempts === 0) return ask(state, { attempts: 1 }, [], [say(state, 'anythingElseAgain')]);
  if (state.attempts === 1) {
    return {
      state: { ...state, attempts: 2, dtmf: true, prompt: [say(state, 'anythingElseDtmf')] },
      actions: [say(state, 'anythingElseDtmf'), { type: 'expectDtmf', digits: ['1', '2'] }],
    };
  }
  return finish(state, state.pendingOutcome ?? 'answered', []);
}

function describeFound(s: DialogueState, b: FoundBooking): string {
  return describeBookingIn(s, b.service, b.start);
}

function onTarget(state: DialogueState, target: FoundBooking): Step {
  const next: DialogueState = {
    ...state,
    target,
    found: [],
    offered: [],
    attempts: 0,
    slots: { service: target.service, name: target.customerName },
  };
  const vars = { service: spokenService(state, target.service), when: when(state, target.start) };
  if (state.goal === 'cancel')
    return ask(next, { phase: 'confirmCancel', expecting: 'confirm' }, [], [dynIn(state, 'confirmCancel', vars)]);
  return ask(
    next,
    { phase: 'rescheduleTime', expecting: 'time' },
    [dynIn(state, 'foundBooking', vars)],
    [say(state, 'askNewTime')],
  );
}

function pickFrom(state: DialogueState, list: FoundBooking[]): Step {
  const shown = list.slice(0, 3);
  return ask(
    state,
    { phase: 'pickBooking', expecting: 'alternative', found: shown, offered: shown.map((b) => b.start), attempts: 0 },
    [],
    [
      dynIn(state, 'pickBooking', {
        list: listOrIn(
          state,
          shown.map((b) => describeFound(state, b)),
        ),
      }),
    ],
  );
}

function onFound(state: DialogueState, bookings: FoundBooking[]): Step {
  if (state.goal === 'status') return onStatusFound(state, bookings);
  if (bookings.length === 0) {
    // The same words whether or not the name exists: the digits did not match a booking.
    if (state.lookup?.by === 'nameAndDigits') return verifyFailed(state, 'noMatchLastFour');
    // Nothing under the caller's own number (saying so reveals nothing about anyone else's).
    return ask(state, { phase: 'askBookingName', expecting: 'name', found: [] }, [], [say(state, 'noBookingFound')]);
  }
  if (bookings.length === 1) return onTarget(state, bookings[0]!);
  const names = new Set(bookings.map((b) => b.customerName.toLowerCase()));
  // Several people book from one number: the name narrows it down first.
  if (names.size > 1 && !state.slots.name)
    return ask(
      state,
      { phase: 'askBookingName', expecting: 'name', found: bookings, attempts: 0 },
      [],
      [say(state, 'askBookingName')],
    );
  return pickFrom(state, bookings);
}

function onBookingName(state: DialogueState, nlu: NluResult): Step {
  const name = nlu.slots.name;
  if (!name) {
    if (state.attempts >= 1) return offerCallback(state, [say(state, 'noBookingFoundAgain')]);
    return ask(state, { attempts: state.attempts + 1 }, [], [say(state, 'askNameAgain')]);
  }
  const n = name.toLowerCase();
  // `found` only ever holds bookings under the caller's own number (verified by caller ID).
  const matching = state.found.filter(
    (b) => b.customerName.toLowerCase() === n || b.customerName.toLowerCase().split(' ')[0] === n.split(' ')[0],
  );
  const next = { ...state, slots: { ...state.slots, name }, attempts: 0 };
  if (matching.length === 1) return onTarget(next, matching[0]!);
  if (matching.length > 1) return pickFrom(next, matching);
  return afterUnverifiedName({ ...next, found: [] });
}

function onPickBooking(state: DialogueState, nlu: NluResult): Step {
  let idx = nlu.slots.choice ?? -1;
  if (idx < 0 && nlu.slots.service)
    idx = state.found.findIndex((b) => b.service.toLowerCase() === nlu.slots.service!.toLowerCase());
  if (idx < 0 && nlu.slots.time) {
    const day = renderShort(nlu.slots.time.start, state.ctx.timezone).split(' ')[0];
    idx = state.found.findIndex((b) => renderShort(b.start, state.ctx.timezone).split(' ')[0] === day);
  }
  const target = state.found[idx];
  if (target) return onTarget(state, target);
  if (state.attempts >= 1) return offerCallback(state);
  return ask(state, { attempts: state.attempts + 1 }, [], [say(state, 'pickBookingAgain')]);
}

function onYesNoPhase(state: DialogueState, yes: boolean | null, nlu: NluResult | null, text = ''): Step {
  switch (state.phase) {
    case 'confirm':
      return onConfirm(state, yes, nlu, text);
    case 'confirmCancel':
      if (yes === true)
        return {
          state: { ...state, phase: 'cancelling', dtmf: false, prompt: [] },
          actions: [{ type: 'cancel', bookingId: state.target!.id }],
        };
      if (yes === false) return anythingElse(state, null, [say(state, 'keepBooking')]);
      return yesNoRetry(state, 'confirmCancelAgain');
    case 'confirmReschedule': {
      if (yes === true) {
        const t = state.target!;
        return {
          state: { ...state, phase: 'rescheduling', dtmf: false, prompt: [] },
          actions: [
            { type: 'reschedule', bookingId: t.id, start: state.slots.time!.start, durationMinutes: t.durationMinutes },
          ],
        };
      }
      if (nlu?.slots.time) return check({ ...state, slots: { ...state.slots, time: nlu.slots.time } });
      if (yes === false)
        return ask(
          state,
          { phase: 'rescheduleTime', expecting: 'time', attempts: 0, dtmf: false },
          [],
          [say(state, 'askNewTime')],
        );
      return yesNoRetry(state, 'confirmRescheduleAgain');
    }
    case 'callbackOffer': {
      // "Yes, go ahead and book it": the caller wants the booking, not the callback.
      const r = state.resume;
      if (r?.goal === 'book' && BOOK_IT.test(text)) {
        const back: DialogueState = { ...state, goal: 'book', resume: null, attempts: 0, dtmf: false };
        if (r.phase === 'confirm') return onConfirm({ ...back, phase: 'confirm' }, true, null);
        if (!missingSlot(back) && back.slots.time) return check(back);
        return advanceBooking(back);
      }
      if (yes === true) {
        const { ctx, slots } = state;
        const notice = {
          kind: 'callback' as const,
          ...(ctx.callerPhone ? { callerPhone: ctx.callerPhone } : {}),
          ...(slots.name ? { name: slots.name } : {}),
          ...(slots.service ? { service: slots.service } : {}),
        };
        const body = notificationText(ctx.settings, notice);
        return finish(
          state,
          achieved(state.pendingOutcome, 'callback'),
          [{ type: 'notifyBusiness', body, urgent: false }],
          'callbackConfirmed',
        );
      }
      if (yes === false) {
        if (state.resume) return resumeFrom(state, state.resume, [say(state, 'callbackDeclinedResume')]);
        return anythingElse(state, null, [say(state, 'callbackDeclined')]);
      }
      return yesNoRetry(state, 'offerCallbackAgain');
    }
    default:
      return { state, actions: [...state.prompt] };
  }
}

/** "Am I booked?", "is it all set?": a question about this call's booking, answered directly. */
const STATUS =
  /\b(am i (?:booked|all set|set|confirmed|scheduled|in|on the (?:books|schedule|calendar))|is (?:it|that|my appointment|everything) (?:booked|confirmed|all set|set|scheduled|done)|did (?:it|that|you) (?:book|go through|get booked)|are we (?:booked|all set|set))\b/;

function asksStatus(text: string): boolean {
  return STATUS.test(text.toLowerCase().replace(/[’]/g, "'"));
}

function statusAnswer(state: DialogueState): Step {
  const { booked } = state;
  if (
    state.goal === 'book' &&
    (state.phase === 'confirm' || state.phase === 'suggestAlternative' || state.phase === 'collect')
  ) {
    const id = state.phase === 'confirm' ? 'statusNotYet' : 'statusNotYetCollecting';
    return { state, actions: [say(state, id), ...state.prompt] };
  }
  if (booked) {
    const lead = dynIn(state, 'statusBooked', {
      service: spokenService(state, booked.service),
      when: when(state, booked.start),
    });
    return { state, actions: [lead, ...state.prompt] };
  }
  // Nothing booked in this call: the caller's upcoming bookings, found by their own number only.
  const canLook = state.ctx.callerPhone && changeVerificationOf(state.ctx.settings) !== 'message_only';
  const idle = state.phase === 'greeting' || state.phase === 'intent' || state.phase === 'anythingElse';
  if (canLook && idle)
    return lookupBookings(
      { ...state, goal: 'status', found: [], target: null },
      { type: 'findBookings', by: 'callerId' },
    );
  return ask(state, { phase: 'intent', expecting: 'intent', attempts: 0, dtmf: false }, [], [say(state, 'statusNone')]);
}

/** The caller's upcoming bookings, in answer to "am I booked?": the soonest is named. */
function onStatusFound(state: DialogueState, bookings: FoundBooking[]): Step {
  const next: DialogueState = { ...state, goal: null, lookup: null };
  const first = bookings[0];
  if (!first)
    return ask(next, { phase: 'intent', expecting: 'intent', attempts: 0 }, [], [say(state, 'statusNoneFound')]);
  const vars = { service: spokenService(state, first.service), when: when(state, first.start) };
  return anythingElse(next, 'answered', [dynIn(state, 'statusBooked', vars)]);
}

/** Phases where a question gets its answer and the caller is asked again where they were. */
const ASIDE_PHASES = new Set<Phase>([
  'collect',
  'confirm',
  'confirmCancel',
  'confirmReschedule',
  'suggestAlternative',
  'callbackOffer',
  'rescheduleTime',
  'pickBooking',
]);

/** A question in the middle of a step ("how much is it?"): answer it, then repeat the open question. */
function answerAside(state: DialogueState, ev: Utterance): Step | null {
  const { nlu } = ev;
  if (!ASIDE_PHASES.has(state.phase) || nlu.intent !== 'inquiry' || nlu.slots.yesNo) return null;
  const service = nlu.slots.service ?? state.slots.service ?? state.target?.service;
  const answer = answerIn(state, nlu.slots.topic, ev.text, service);
  const lead: DialogueAction = answer
    ? { type: 'say', phraseId: answer.id, text: answer.text }
    : { type: 'answerQuestion', question: ev.text, fallback: say(state, 'asideUnknown') };
  return { state, actions: [lead, ...state.prompt] };
}

function onUtterance(state: DialogueState, ev: Utterance): Step {
  const { nlu } = ev;
  const s: DialogueState = withPassingAnswers({ ...state, noInputs: 0, turn: (state.turn ?? 0) + 1 }, ev);
  const busy =
    s.phase === 'booking' ||
    s.phase === 'cancelling' ||
    s.phase === 'rescheduling' ||
    s.phase === 'findingBooking' ||
    s.phase === 'checkingAvailability';
  // A message is taken word for word: nothing in it is a new request.
  if (MESSAGE_PHASES.has(s.phase)) return onMessageUtterance(s, ev);
  if (!busy && asksStatus(ev.text)) return statusAnswer(s);
  if (s.phase !== 'greeting' && s.phase !== 'intent' && interrupts(s, nlu)) return onIntent(s, ev);
  const aside = s.phase === 'collect' ? null : answerAside(s, ev);
  if (aside) return aside;
  switch (s.phase) {
    case 'greeting':
    case 'intent':
      return onIntent(s, ev);
    case 'collect':
      return onCollect(s, ev);
    case 'confirm':
    case 'confirmCancel':
    case 'confirmReschedule':
    case 'callbackOffer':
      return onYesNoPhase(s, yesOf(nlu), nlu, ev.text);
    case 'suggestAlternative':
      return onAlternative(s, nlu, ev.text);
    case 'intake':
      return onIntakeAnswer(s, ev);
    case 'anythingElse':
      return onAnythingElse(s, ev);
    case 'askBookingName':
      return onBookingName(s, nlu);
    case 'verifyDigits':
      return onVerifyDigits(s, nlu);
    case 'pickBooking':
      return onPickBooking(s, nlu);
    case 'rescheduleTime':
      if (nlu.slots.time) return check({ ...s, slots: { ...s.slots, time: nlu.slots.time }, attempts: 0 });
      if (s.attempts >= 1) return offerCallback(s);
      return ask(s, { attempts: s.attempts + 1 }, [], [say(s, 'askNewTimeAgain')]);
    case 'checkingAvailability':
      // Speech while a check was pending means the check was abandoned (barge-in): apply what
      // was said and check again.
      return advanceBooking({
        ...s,
        slots: mergeSlots(s.slots, nlu, { asked: null, replace: mayReplace(ev.text, nlu) }, s.ctx.timezone),
      });
    case 'findingBooking':
      return { state: s, actions: s.lookup ? [s.lookup] : [] };
    case 'booking':
    case 'cancelling':
    case 'rescheduling':
    case 'transferring':
    case 'messageName':
    case 'messageNumber':
    case 'messageNumberConfirm':
    case 'messageBody':
    case 'goodbye':
      // A write in flight always completes; its result moves us on.
      return { state: s, actions: [] };
  }
}

function onDtmf(state: DialogueState, digit: string): Step {
  const yesNoPhase =
    state.phase === 'confirm' ||
    state.phase === 'confirmCancel' ||
    state.phase === 'confirmReschedule' ||
    state.phase === 'callbackOffer';
  if (yesNoPhase) {
    const yes = digit === '1' ? true : digit === '2' ? false : null;
    if (yes === null)
      return yesNoRetry(
        state,
        state.phase === 'confirm'
          ? 'confirmAgain'
          : state.phase === 'callbackOffer'
            ? 'offerCallbackAgain'
            : state.phase === 'confirmCancel'
              ? 'confirmCancelAgain'
              : 'confirmRescheduleAgain',
      );
    // A keypad "no" to a booking read-back is an answer, not a correction: ask what to change.
    return onYesNoPhase({ ...state, dtmf: false }, yes, null);
  }
  if (state.phase === 'verifyDigits') return onDigitKey(state, digit);
  if (state.phase === 'anythingElse' && state.dtmf) {
    if (digit === '1')
      return ask(
        state,
        { phase: 'intent', expecting: 'intent', attempts: 0, dtmf: false },
        [],
        [say(state, 'anythingElseShort')],
      );
    if (digit === '2') return finish(state, state.pendingOutcome ?? 'answered', []);
  }
  if (state.phase === 'suggestAlternative' || state.phase === 'pickBooking') {
    const idx = Number(digit) - 1;
    if (Number.isInteger(idx) && idx >= 0 && idx < state.offered.length) {
      const nlu: NluResult = { intent: 'unknown', slots: { choice: idx }, confidence: 1, source: 'local' };
      return state.phase === 'suggestAlternative' ? onAlternative(state, nlu) : onPickBooking(state, nlu);
    }
  }
  return { state, actions: [...state.prompt] };
}

// ---------------------------------------------------------------- results of actions

function onAvailability(
  state: DialogueState,
  free: boolean,
  alternatives: string[],
  closed?: { reason: string | null },
): Step {
  if (free) return toIntakeOrConfirm(state);
  if (alternatives.length === 0) {
    const phase = state.goal === 'reschedule' ? 'rescheduleTime' : 'collect';
    return ask(
      state,
      { phase, expecting: 'time', slots: { ...state.slots, time: undefined }, attempts: 0 },
      [],
      [say(state, 'noAlternatives')],
    );
  }
  const options = listOrIn(
    state,
    alternatives.map((a) => shortIn(state, a)),
  );
  const t = state.slots.time!;
  const question = closed
    ? closedDayPhrase(t.start, state.ctx.timezone, closed.reason, options)
    : t.hasTime
      ? dynIn(state, 'slotTaken', { asked: shortIn(state, t.start), options })
      : dynIn(state, 'slotOptions', { options });
  return ask(
    state,
    { phase: 'suggestAlternative', expecting: 'alternative', offered: alternatives, attempts: 0 },
    [],
    [question],
  );
}

function onBooked(state: DialogueState, ev: Extract<DialogueEvent, { type: 'bookingResult' }>): Step {
  if (!ev.ok) return offerCallback(state, [say(state, 'providerTrouble')]);
  const s = {
    ...state,
    bookingId: ev.bookingId ?? null,
    booked: { service: state.slots.service!, start: state.slots.time!.start },
  };
  if (ev.pendingSync) return anythingElse(s, 'booked', [say(s, 'pendingSync')]);
  const { ctx, slots } = s;
  const whenText = when(s, slots.time!.start);
  const sms = ctx.settings.smsConfirmation && Boolean(ctx.callerPhone);
  const lead: DialogueAction[] = [];
  if (sms) {
    lead.push({ type: 'notifyCaller', body: bookedTextIn(s, slots.service!, whenText) });
  }
  lead.push(dynIn(s, 'booked', { service: spokenService(s, slots.service!), when: whenText, sms }));
  return anythingElse(s, 'booked', lead);
}

export function reduce(state: DialogueState, event: DialogueEvent): Step {
  const idle: Step = { state, actions: [] };
  if (state.phase === 'goodbye') return idle;
  const language = languageHook(state, event);
  if ('step' in language) return language.step;
  state = language.state;
  switch (event.type) {
    case 'callStarted': {
      if (state.phase !== 'greeting') return idle;
      if (state.ctx.returned) {
        const name = state.ctx.returned.name;
        return startMessage({ ...state, slots: name ? { name } : {} }, [MESSAGE_LINES.returned]);
      }
      const lead: DialogueAction[] = greetingActions(state);
      if (state.ctx.settings.recordingNotice) lead.push(say(state, 'recordingNotice'));
      return { state: { ...state, phase: 'intent', expecting: 'intent', prompt: [] }, actions: lead };
    }
    case 'utterance':
      return onUtterance(state, event);
    case 'dtmf':
      return onDtmf(state, event.digit);
    case 'availabilityResult':
      return state.phase === 'checkingAvailability'
        ? onAvailability(state, event.free, event.alternatives, event.closed)
        : idle;
    case 'bookingResult':
      return state.phase === 'booking' ? onBooked(state, event) : idle;
    case 'bookingsFound':
      return state.phase === 'findingBooking' ? onFound(state, event.bookings) : idle;
    case 'cancelResult':
      if (state.phase !== 'cancelling') return idle;
      if (!event.ok) return offerCallback(state, [say(state, 'providerTrouble')]);
      return anythingElse(state, 'cancelled', [say(state, 'cancelled')]);
    case 'rescheduleResult':
      if (state.phase !== 'rescheduling') return idle;
      if (!event.ok) return offerCallback(state, [say(state, 'providerTrouble')]);
      return anythingElse(state, 'rescheduled', [
        dynIn(state, 'rescheduled', {
          service: spokenService(state, state.target!.service),
          when: when(state, state.slots.time!.start),
        }),
      ]);
    case 'providerError':
      // The calendar can't be read: a new booking is still taken down (the caller hears it will
      // be confirmed by text), rather than turning the caller away.
      if (state.phase === 'checkingAvailability' && state.goal === 'book')
        return toIntakeOrConfirm({ ...state, unverified: true });
      return offerCallback(state, [say(state, 'providerTrouble')]);
    case 'transferChecked':
      if (state.phase !== 'transferring') return idle;
      return event.open ? handOff(state) : startMessage(state, [MESSAGE_LINES.offer]);
    case 'noInput':
      if (state.noInputs >= 1)
        return finish(
          { ...state, noInputs: state.noInputs + 1 },
          state.pendingOutcome ?? 'hung_up',
          [],
          'noInputGoodbye',
        );
      return {
        state: { ...state, noInputs: state.noInputs + 1 },
        actions: [say(state, 'stillThere'), ...state.prompt],
      };
    case 'hangup': {
      const outcome = state.pendingOutcome ?? 'hung_up';
      return { state: { ...state, phase: 'goodbye', outcome, prompt: [] }, actions: [{ type: 'endCall', outcome }] };
    }
  }
}
