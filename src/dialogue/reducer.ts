// The booking dialogue as a pure state machine: (context, state, event) → (state, actions).
// No I/O, no clock reads: the conversation engine performs the actions and feeds results back.
import type { Expectation, NluResult, ResolvedTime } from '../nlu/types.ts';
import type { OrgSettings, ServiceDef } from '../templates/types.ts';
import { dynamic, fixed, goodbye, greeting, type Say } from './phrases.ts';
import { listOr, renderShort, renderWhen } from './render-time.ts';

export type Outcome = 'booked' | 'rescheduled' | 'cancelled' | 'answered' | 'escalated' | 'callback' | 'hung_up';

export interface DialogueContext {
  business: string;
  timezone: string;
  vertical: 'hvac' | 'automotive' | 'dental' | 'salon';
  settings: OrgSettings;
  callerPhone?: string;
}

export interface FoundBooking {
  id: string;
  service: string;
  start: string;
  durationMinutes: number;
  customerName: string;
}

export type Phase =
  | 'start'
  | 'intent'
  | 'collect'
  | 'checking'
  | 'alternatives'
  | 'confirm'
  | 'booking'
  | 'anything_else'
  | 'finding'
  | 'ask_booking_name'
  | 'pick_booking'
  | 'confirm_cancel'
  | 'new_time'
  | 'confirm_reschedule'
  | 'changing'
  | 'callback'
  | 'done';

export interface Slots {
  name?: string;
  service?: string;
  time?: ResolvedTime;
  vehicle?: string;
  stylist?: string;
}

export interface DialogueState {
  phase: Phase;
  goal: 'book' | 'reschedule' | 'cancel' | null;
  slots: Slots;
  expecting: Expectation;
  /** Failed attempts at the current question. */
  attempts: number;
  dtmf: boolean;
  offered: string[];
  found: FoundBooking[];
  target: FoundBooking | null;
  lookupTries: number;
  noInputs: number;
  outcome: Outcome | null;
  /** The outcome to report if the caller leaves now. */
  pendingOutcome: Outcome | null;
}

export type DialogueEvent =
  | { type: 'callStarted' }
  | { type: 'utterance'; text: string; nlu: NluResult }
  | { type: 'dtmf'; digit: string }
  | { type: 'availability'; free: boolean; start: string; alternatives: string[] }
  | { type: 'booked'; ok: boolean; pendingSync?: boolean }
  | { type: 'bookingsFound'; bookings: FoundBooking[] }
  | { type: 'changed'; ok: boolean }
  | { type: 'providerError' }
  | { type: 'noInput' };

export type DialogueAction =
  | { type: 'say'; say: Say }
  | { type: 'checkAvailability'; service: string; start: string; durationMinutes: number }
  | {
      type: 'book';
      customerName: string;
      customerPhone?: string;
      service: string;
      start: string;
      durationMinutes: number;
      details: Record<string, string>;
    }
  | { type: 'findBookings'; phone?: string; name?: string }
  | { type: 'reschedule'; bookingId: string; start: string; durationMinutes: number }
  | { type: 'cancel'; bookingId: string }
  | { type: 'notifyBusiness'; body: string; urgent: boolean }
  | { type: 'notifyCaller'; body: string }
  | { type: 'end'; outcome: Outcome };

export interface Step {
  state: DialogueState;
  actions: DialogueAction[];
}

export function initialState(): DialogueState {
  return {
    phase: 'start',
    goal: null,
    slots: {},
    expecting: 'intent',
    attempts: 0,
    dtmf: false,
    offered: [],
    found: [],
    target: null,
    lookupTries: 0,
    noInputs: 0,
    outcome: null,
    pendingOutcome: null,
  };
}

const say = (s: Say): DialogueAction => ({ type: 'say', say: s });

function serviceDef(ctx: DialogueContext, name: string | undefined): ServiceDef | undefined {
  return ctx.settings.services.find((s) => s.name.toLowerCase() === name?.toLowerCase());
}

function duration(ctx: DialogueContext, service: string | undefined): number {
  return serviceDef(ctx, service)?.durationMinutes ?? 60;
}

/** Which slot to ask for next, in the order a receptionist would. */
function missingSlot(ctx: DialogueContext, s: DialogueState): 'service' | 'name' | 'time' | 'vehicle' | 'stylist' | null {
  if (!s.slots.service) return 'service';
  if (!s.slots.name) return 'name';
  if (!s.slots.time) return 'time';
  if (ctx.settings.flags.vehicleInfo && !s.slots.vehicle) return 'vehicle';
  if (ctx.settings.flags.preferredStylist && !s.slots.stylist) return 'stylist';
  return null;
}

const QUESTIONS = {
  service: ['askService', 'askServiceAgain'],
  name: ['askName', 'askNameAgain'],
  time: ['askTime', 'askTimeAgain'],
  vehicle: ['askVehicle', 'askVehicleAgain'],
  stylist: ['askStylist', 'askStylist'],
} as const;

function ask(state: DialogueState, slot: keyof typeof QUESTIONS, again: boolean): Step {
  const [first, second] = QUESTIONS[slot];
  return { state: { ...state, phase: 'collect', expecting: slot }, actions: [say(fixed(again ? second : first))] };
}

/** Fill slots from an utterance; a time with no day keeps the day already given. */
function mergeSlots(s: Slots, nlu: NluResult, expecting: Expectation): Slots {
  const out = { ...s };
  const n = nlu.slots;
  if (n.service) out.service = n.service;
  if (n.name && (expecting === 'name' || !s.name)) out.name = n.name;
  if (n.time) out.time = n.time;
  if (n.vehicle) out.vehicle = n.vehicle;
  if (n.stylist) out.stylist = n.stylist;
  return out;
}

function when(ctx: DialogueContext, iso: string): string {
  return renderWhen(iso, ctx.timezone);
}

/** All slots known: check the calendar (saying so first). */
function check(ctx: DialogueContext, state: DialogueState): Step {
  const t = state.slots.time!;
  return {
    state: { ...state, phase: 'checking', expecting: 'anything_else', attempts: 0 },
    actions: [say(fixed('checking')), { type: 'checkAvailability', service: state.slots.service!, start: t.start, durationMinutes: duration(ctx, state.slots.service) }],
  };
}

function advanceBooking(ctx: DialogueContext, state: DialogueState, again = false): Step {
  const next = missingSlot(ctx, state);
  if (next) return ask({ ...state, attempts: again ? state.attempts : 0 }, next, again);
  return check(ctx, state);
}

function confirmPrompt(ctx: DialogueContext, s: DialogueState): Say {
  const extra = s.slots.vehicle ? ` for your ${s.slots.vehicle}` : s.slots.stylist && s.slots.stylist !== 'anyone' ? ` with ${s.slots.stylist}` : '';
  return dynamic('confirm', `I have ${article(s.slots.service!)} ${s.slots.service}${extra} on ${when(ctx, s.slots.time!.start)}, under the name ${s.slots.name}. Shall I book it?`);
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

function offerCallback(state: DialogueState, lead?: Say): Step {
  return {
    state: { ...state, phase: 'callback', expecting: 'callback', attempts: 0, dtmf: false },
    actions: [...(lead ? [say(lead)] : []), say(fixed('offerCallback'))],
  };
}

function anythingElse(state: DialogueState, outcome: Outcome | null, lead: Say[]): Step {
  return {
    state: { ...state, phase: 'anything_else', expecting: 'anything_else', attempts: 0, dtmf: false, pendingOutcome: outcome ?? state.pendingOutcome, goal: null },
    actions: [...lead.map(say), say(fixed('anythingElse'))],
  };
}

function finish(ctx: DialogueContext, state: DialogueState, outcome: Outcome, lead: Say[] = []): Step {
  return {
    state: { ...state, phase: 'done', outcome, expecting: 'anything_else' },
    actions: [...lead.map(say), say(goodbye(ctx.business)), { type: 'end', outcome }],
  };
}

function answerInquiry(ctx: DialogueContext, topic: string | undefined, text: string, service?: string): Say {
  const s = ctx.settings;
  const words = text.toLowerCase();
  const faq = s.faq.find((f) => f.keywords.some((k) => words.includes(k.toLowerCase())));
  if (faq) return { id: `faq:${faq.question}`, text: faq.answer, fixed: true };
  const def = serviceDef(ctx, service);
  if (def && (topic === 'prices' || topic === undefined) && def.price) {
    return dynamic('inquiry:price', `${def.name} is ${def.price}, and it takes about ${def.durationMinutes} minutes.`);
  }
  if (topic === 'hours') {
    const days = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const)
      .map((d) => ({ d, w: s.businessHours[d] }))
      .filter((x) => x.w.length > 0)
      .map((x) => `${{ mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' }[x.d]} ${x.w.map((w) => `${hm(w.open)} to ${hm(w.close)}`).join(' and ')}`);
    return dynamic('inquiry:hours', `We’re open ${days.join(', ')}.`);
  }
  if (topic === 'prices') {
    const priced = s.services.filter((x) => x.price);
    return dynamic('inquiry:prices', `${priced.map((x) => `${x.name} is ${x.price}`).join(', ')}.`);
  }
  if (topic === 'address') return dynamic('inquiry:address', s.address ? `We’re at ${s.address}.` : `I don’t have our street address handy, but someone can text it to you.`);
  if (topic === 'services') return dynamic('inquiry:services', `We offer ${listOr(s.services.map((x) => x.name))}.`);
  return dynamic('inquiry:unknown', 'That’s a good question. I don’t have that answer in front of me, but I can have someone call you back about it.');
}

function hm(v: string): string {
  const [h, m] = v.split(':').map(Number);
  const h12 = h! % 12 === 0 ? 12 : h! % 12;
  return `${h12}${m ? `:${String(m).padStart(2, '0')}` : ''} ${h! < 12 ? 'AM' : 'PM'}`;
}

/** The caller said what they want: route by intent. */
function onIntent(ctx: DialogueContext, state: DialogueState, ev: Extract<DialogueEvent, { type: 'utterance' }>): Step {
  const { nlu } = ev;
  const isEmergency = nlu.intent === 'emergency' || nlu.slots.emergency === true;
  if (isEmergency && ctx.settings.flags.emergencyHandling) {
    const gas = /\bgas\b/i.test(ev.text);
    const lead = gas ? [fixed('gasSafety'), fixed('emergencyEscalated')] : [fixed('emergencyEscalated')];
    const body = `URGENT call from ${ctx.callerPhone ?? 'unknown number'}: "${ev.text.slice(0, 200)}" — please call back now.`;
    const step = finish(ctx, state, 'escalated', lead);
    return { state: step.state, actions: [{ type: 'notifyBusiness', body, urgent: true }, ...step.actions] };
  }
  if (isEmergency && ctx.vertical === 'dental') {
    const emergencyService = ctx.settings.services.find((s) => /emergency/i.test(s.name))?.name ?? nlu.slots.service;
    const next: DialogueState = { ...state, goal: 'book', slots: mergeSlots({ ...state.slots, ...(emergencyService ? { service: emergencyService } : {}) }, { ...nlu, slots: { ...nlu.slots, service: emergencyService } }, state.expecting) };
    const step = advanceBooking(ctx, next);
    return { state: step.state, actions: [say(fixed('dentalUrgent')), ...step.actions] };
  }
  if (nlu.slots.wantsHuman || nlu.intent === 'complex') return offerCallback(state);
  if (nlu.intent === 'cancel' || nlu.intent === 'reschedule') {
    const goal = nlu.intent;
    const next: DialogueState = { ...state, goal, phase: 'finding', lookupTries: 0, slots: mergeSlots(state.slots, nlu, state.expecting) };
    return { state: next, actions: [{ type: 'findBookings', ...(ctx.callerPhone ? { phone: ctx.callerPhone } : {}), ...(nlu.slots.name ? { name: nlu.slots.name } : {}) }] };
  }
  if (nlu.intent === 'inquiry' && !nlu.slots.time) {
    // Remember the service asked about: "OK, let's book it" refers to it.
    const next = nlu.slots.service ? { ...state, slots: { ...state.slots, service: nlu.slots.service } } : state;
    return anythingElse(next, state.pendingOutcome ?? 'answered', [answerInquiry(ctx, nlu.slots.topic, ev.text, nlu.slots.service)]);
  }
  if (nlu.intent === 'booking' || nlu.slots.service || nlu.slots.time) {
    return advanceBooking(ctx, { ...state, goal: 'book', slots: mergeSlots(state.slots, nlu, state.expecting) });
  }
  if (state.attempts >= 1) return offerCallback({ ...state, attempts: 0 });
  return { state: { ...state, phase: 'intent', expecting: 'intent', attempts: state.attempts + 1 }, actions: [say(fixed('askIntentAgain'))] };
}

function onCollect(ctx: DialogueContext, state: DialogueState, ev: Extract<DialogueEvent, { type: 'utterance' }>): Step {
  const { nlu } = ev;
  if (nlu.intent === 'emergency' || nlu.slots.wantsHuman || nlu.intent === 'cancel' || nlu.intent === 'reschedule') return onIntent(ctx, state, ev);
  const asked = state.expecting as 'service' | 'name' | 'time' | 'vehicle' | 'stylist';
  const before = state.slots[asked];
  const slots = mergeSlots(state.slots, nlu, state.expecting);
  if (asked === 'stylist' && !slots.stylist && (nlu.slots.yesNo === 'no' || nlu.slots.yesNo === 'yes')) slots.stylist = 'anyone';
  const progressed = slots[asked] !== undefined && slots[asked] !== before;
  if (!progressed && JSON.stringify(slots) === JSON.stringify(state.slots)) {
    // Nothing new: re-ask differently, then offer a callback.
    if (state.attempts >= 2) return offerCallback({ ...state, attempts: 0 });
    return ask({ ...state, attempts: state.attempts + 1 }, asked, true);
  }
  return advanceBooking(ctx, { ...state, slots, attempts: 0 });
}

function onConfirm(ctx: DialogueContext, state: DialogueState, yes: boolean | null, nlu: NluResult | null): Step {
  if (yes === true) {
    const s = state.slots;
    const details: Record<string, string> = {};
    if (s.vehicle) details.vehicle = s.vehicle;
    if (s.stylist && s.stylist !== 'anyone') details.stylist = s.stylist;
    return {
      state: { ...state, phase: 'booking', dtmf: false, attempts: 0 },
      actions: [
        {
          type: 'book',
          customerName: s.name!,
          ...(ctx.callerPhone ? { customerPhone: ctx.callerPhone } : {}),
          service: s.service!,
          start: s.time!.start,
          durationMinutes: duration(ctx, s.service),
          details,
        },
      ],
    };
  }
  if (nlu) {
    const n = nlu.slots;
    // "No, Thursday" / "actually it's for brakes" / "the name is Bob": correct and re-check.
    if (n.time || n.service || (n.name && yes === false) || n.vehicle) {
      const slots = mergeSlots(state.slots, nlu, n.name ? 'name' : state.expecting);
      const next = { ...state, slots, dtmf: false, attempts: 0 };
      if (n.time || n.service) return advanceBooking(ctx, next);
      return { state: { ...next, phase: 'confirm', expecting: 'confirm' }, actions: [say(confirmPrompt(ctx, next))] };
    }
  }
  if (yes === false) return { state: { ...state, phase: 'collect', expecting: 'time', attempts: 0, dtmf: false, slots: { ...state.slots, time: undefined } }, actions: [say(fixed('whatToChange'))] };
  // Not understood: re-ask, then DTMF, then a callback.
  if (state.dtmf || state.attempts >= 2) return offerCallback({ ...state, attempts: 0 });
  if (state.attempts === 1) return { state: { ...state, attempts: 2, dtmf: true }, actions: [say(fixed('dtmfConfirm'))] };
  return { state: { ...state, attempts: 1 }, actions: [say(fixed('confirmAgain'))] };
}

function yesOf(nlu: NluResult): boolean | null {
  return nlu.slots.yesNo === 'yes' ? true : nlu.slots.yesNo === 'no' ? false : null;
}

function onAnythingElse(ctx: DialogueContext, state: DialogueState, ev: Extract<DialogueEvent, { type: 'utterance' }>): Step {
  const { nlu } = ev;
  const yn = yesOf(nlu);
  if (nlu.intent !== 'unknown') return onIntent(ctx, { ...state, attempts: 0 }, ev);
  if (yn === false || (yn === null && state.attempts >= 1)) return finish(ctx, state, state.pendingOutcome ?? 'answered');
  if (yn === true) return { state: { ...state, phase: 'intent', expecting: 'intent', attempts: 0 }, actions: [say(fixed('anythingElseShort'))] };
  return { state: { ...state, attempts: state.attempts + 1 }, actions: [say(fixed('anythingElse'))] };
}

function describeBooking(ctx: DialogueContext, b: FoundBooking): string {
  return `your ${b.service} on ${when(ctx, b.start)}`;
}

function onFound(ctx: DialogueContext, state: DialogueState, bookings: FoundBooking[]): Step {
  if (bookings.length === 0) {
    if (state.lookupTries >= 1) return offerCallback({ ...state, lookupTries: 0 }, fixed('noBookingFoundAgain'));
    return { state: { ...state, phase: 'ask_booking_name', expecting: 'name', lookupTries: state.lookupTries + 1 }, actions: [say(fixed('noBookingFound'))] };
  }
  if (bookings.length > 1) {
    const list = listOr(bookings.slice(0, 3).map((b) => `the ${b.service} on ${renderShort(b.start, ctx.timezone)}`));
    return {
      state: { ...state, phase: 'pick_booking', expecting: 'alternative', found: bookings.slice(0, 3), offered: bookings.slice(0, 3).map((b) => b.start) },
      actions: [say(dynamic('pickBooking', `I see a few appointments: ${list}. Which one is it?`))],
    };
  }
  return onTarget(ctx, state, bookings[0]!);
}

function onTarget(ctx: DialogueContext, state: DialogueState, target: FoundBooking): Step {
  const next = { ...state, target, found: [], offered: [], slots: { ...state.slots, service: target.service, name: target.customerName } };
  if (state.goal === 'cancel') {
    return { state: { ...next, phase: 'confirm_cancel', expecting: 'confirm', attempts: 0 }, actions: [say(dynamic('confirmCancel', `I see ${describeBooking(ctx, target)}. Would you like me to cancel it?`))] };
  }
  return { state: { ...next, phase: 'new_time', expecting: 'time', attempts: 0 }, actions: [say(dynamic('foundBooking', `I see ${describeBooking(ctx, target)}.`)), say(fixed('askNewTime'))] };
}

function onUtterance(ctx: DialogueContext, state: DialogueState, ev: Extract<DialogueEvent, { type: 'utterance' }>): Step {
  const { nlu } = ev;
  const s = { ...state, noInputs: 0 };
  switch (state.phase) {
    case 'start':
    case 'intent':
      return onIntent(ctx, s, ev);
    case 'collect':
      return onCollect(ctx, s, ev);
    case 'confirm':
      return onConfirm(ctx, s, yesOf(nlu), nlu);
    case 'alternatives': {
      const choice = nlu.slots.choice ?? (yesOf(nlu) === true && s.offered.length === 1 ? 0 : undefined);
      if (choice !== undefined && s.offered[choice]) {
        const start = s.offered[choice]!;
        const next = { ...s, offered: [], slots: { ...s.slots, time: { start, hasTime: true, text: start } }, attempts: 0 };
        return { state: { ...next, phase: 'confirm', expecting: 'confirm' }, actions: [say(confirmPrompt(ctx, next))] };
      }
      if (nlu.slots.time) {
        // A spoken time that matches an offered one is that offer; otherwise check the new time.
        const match = s.offered.find((o) => new Date(o).getTime() === new Date(nlu.slots.time!.start).getTime());
        const time = match ? { start: match, hasTime: true, text: match } : nlu.slots.time;
        const next = { ...s, offered: [], slots: { ...s.slots, time }, attempts: 0 };
        if (match) return { state: { ...next, phase: 'confirm', expecting: 'confirm' }, actions: [say(confirmPrompt(ctx, next))] };
        return check(ctx, next);
      }
      if (yesOf(nlu) === false) return { state: { ...s, phase: 'collect', expecting: 'time', offered: [], slots: { ...s.slots, time: undefined } }, actions: [say(fixed('askTime'))] };
      if (s.attempts >= 1) return offerCallback(s);
      return { state: { ...s, attempts: s.attempts + 1 }, actions: [say(fixed('pickAlternativeAgain'))] };
    }
    case 'anything_else':
      return onAnythingElse(ctx, s, ev);
    case 'ask_booking_name':
      if (nlu.slots.name) return { state: { ...s, phase: 'finding', slots: { ...s.slots, name: nlu.slots.name } }, actions: [{ type: 'findBookings', name: nlu.slots.name }] };
      return offerCallback(s, fixed('noBookingFoundAgain'));
    case 'pick_booking': {
      let idx = nlu.slots.choice;
      if (idx === undefined && nlu.slots.service) idx = s.found.findIndex((b) => b.service.toLowerCase() === nlu.slots.service!.toLowerCase());
      if (idx === undefined && nlu.slots.time) {
        const day = new Date(nlu.slots.time.start).toDateString();
        idx = s.found.findIndex((b) => new Date(b.start).toDateString() === day);
      }
      if (idx !== undefined && idx >= 0 && s.found[idx]) return onTarget(ctx, s, s.found[idx]!);
      if (s.attempts >= 1) return offerCallback(s);
      return { state: { ...s, attempts: s.attempts + 1 }, actions: [say(fixed('pickAlternativeAgain'))] };
    }
    case 'confirm_cancel': {
      const yn = yesOf(nlu);
      if (yn === true) return { state: { ...s, phase: 'changing' }, actions: [{ type: 'cancel', bookingId: s.target!.id }] };
      if (yn === false) return anythingElse({ ...s, target: null }, s.pendingOutcome, [fixed('callbackDeclined')]);
      if (s.attempts >= 1) return offerCallback(s);
      return { state: { ...s, attempts: s.attempts + 1 }, actions: [say(fixed('confirmAgain'))] };
    }
    case 'new_time': {
      if (nlu.slots.time) {
        const next = { ...s, slots: { ...s.slots, time: nlu.slots.time }, attempts: 0 };
        return check(ctx, next);
      }
      if (s.attempts >= 1) return offerCallback(s);
      return { state: { ...s, attempts: s.attempts + 1 }, actions: [say(fixed('askTimeAgain'))] };
    }
    case 'confirm_reschedule': {
      const yn = yesOf(nlu);
      if (yn === true) return { state: { ...s, phase: 'changing' }, actions: [{ type: 'reschedule', bookingId: s.target!.id, start: s.slots.time!.start, durationMinutes: s.target!.durationMinutes }] };
      if (nlu.slots.time) return check(ctx, { ...s, slots: { ...s.slots, time: nlu.slots.time } });
      if (yn === false) return { state: { ...s, phase: 'new_time', expecting: 'time' }, actions: [say(fixed('askNewTime'))] };
      return { state: { ...s, attempts: s.attempts + 1 }, actions: [say(fixed('confirmAgain'))] };
    }
    case 'callback': {
      const yn = yesOf(nlu);
      if (yn === true) {
        const body = `Callback requested by ${ctx.callerPhone ?? 'a caller'}${s.slots.name ? ` (${s.slots.name})` : ''}.`;
        return {
          state: { ...s, phase: 'done', outcome: 'callback' },
          actions: [{ type: 'notifyBusiness', body, urgent: false }, say(fixed('callbackConfirmed')), { type: 'end', outcome: 'callback' }],
        };
      }
      if (yn === false) return anythingElse(s, s.pendingOutcome, [fixed('callbackDeclined')]);
      if (s.attempts >= 1) return finish(ctx, s, s.pendingOutcome ?? 'hung_up');
      return { state: { ...s, attempts: s.attempts + 1 }, actions: [say(fixed('offerCallback'))] };
    }
    case 'checking':
    case 'booking':
    case 'finding':
    case 'changing':
    case 'done':
      // The caller spoke while we were busy: the result event will move us on.
      return { state: s, actions: [] };
  }
}

export function reduce(ctx: DialogueContext, state: DialogueState, ev: DialogueEvent): Step {
  switch (ev.type) {
    case 'callStarted': {
      const lead = [greeting(ctx.settings, ctx.business)];
      if (ctx.settings.recordingNotice) lead.push(fixed('recordingNotice'));
      return { state: { ...state, phase: 'intent', expecting: 'intent' }, actions: lead.map(say) };
    }
    case 'utterance':
      if (state.phase === 'done') return { state, actions: [] };
      return onUtterance(ctx, state, ev);
    case 'dtmf': {
      if (state.phase === 'done') return { state, actions: [] };
      const yes = ev.digit === '1' ? true : ev.digit === '2' ? false : null;
      if (state.phase === 'confirm') {
        if (yes === null) return offerCallback({ ...state, attempts: 0 });
        return onConfirm(ctx, state, yes, null);
      }
      if (state.phase === 'callback' || state.phase === 'anything_else' || state.phase === 'confirm_cancel' || state.phase === 'confirm_reschedule') {
        const nlu: NluResult = { intent: 'unknown', slots: yes === null ? {} : { yesNo: yes ? 'yes' : 'no' }, confidence: 1, source: 'local' };
        return onUtterance(ctx, state, { type: 'utterance', text: `[${ev.digit}]`, nlu });
      }
      return { state, actions: [] };
    }
    case 'availability': {
      if (state.phase !== 'checking') return { state, actions: [] };
      const s = { ...state, slots: { ...state.slots, time: { ...state.slots.time!, start: ev.start } } };
      if (ev.free) {
        if (state.goal === 'reschedule' && state.target) {
          return {
            state: { ...s, phase: 'confirm_reschedule', expecting: 'confirm', attempts: 0 },
            actions: [say(dynamic('confirmReschedule', `I can move your ${state.target.service} to ${when(ctx, ev.start)}. Shall I go ahead?`))],
          };
        }
        return { state: { ...s, phase: 'confirm', expecting: 'confirm', attempts: 0 }, actions: [say(confirmPrompt(ctx, s))] };
      }
      if (ev.alternatives.length === 0) return { state: { ...s, phase: 'collect', expecting: 'time', slots: { ...s.slots, time: undefined } }, actions: [say(fixed('noAlternatives'))] };
      const options = listOr(ev.alternatives.map((a) => renderShort(a, ctx.timezone)));
      const asked = state.slots.time?.hasTime ? `Sorry, ${renderShort(ev.start, ctx.timezone)} isn’t available.` : 'Here’s what I have.';
      return {
        state: { ...s, phase: 'alternatives', expecting: 'alternative', offered: ev.alternatives, attempts: 0 },
        actions: [say(dynamic('alternatives', `${asked} I can do ${options}. Which works best?`))],
      };
    }
    case 'booked': {
      if (state.phase !== 'booking') return { state, actions: [] };
      if (!ev.ok) return offerCallback(state, fixed('providerTrouble'));
      const whenText = when(ctx, state.slots.time!.start);
      if (ev.pendingSync) return anythingElse(state, 'booked', [fixed('pendingSync')]);
      const sms = ctx.settings.smsConfirmation && ctx.callerPhone;
      const lead = dynamic('booked', `You’re all set! Your ${state.slots.service} is booked for ${whenText}.${sms ? ' We’ll text you a confirmation.' : ''}`);
      const step = anythingElse(state, 'booked', [lead]);
      const notify: DialogueAction[] = sms
        ? [{ type: 'notifyCaller', body: `${ctx.business}: your ${state.slots.service} is booked for ${whenText}. Reply or call us to make changes.` }]
        : [];
      return { state: step.state, actions: [...notify, ...step.actions] };
    }
    case 'bookingsFound':
      if (state.phase !== 'finding') return { state, actions: [] };
      return onFound(ctx, state, ev.bookings);
    case 'changed': {
      if (state.phase !== 'changing') return { state, actions: [] };
      if (!ev.ok) return offerCallback(state, fixed('providerTrouble'));
      if (state.goal === 'cancel') return anythingElse({ ...state, target: null }, 'cancelled', [fixed('cancelled')]);
      return anythingElse(state, 'rescheduled', [dynamic('rescheduled', `Done. Your ${state.target!.service} is now on ${when(ctx, state.slots.time!.start)}.`)]);
    }
    case 'providerError':
      return offerCallback(state, fixed('providerTrouble'));
    case 'noInput': {
      if (state.phase === 'done') return { state, actions: [] };
      if (state.noInputs >= 1) {
        return { state: { ...state, phase: 'done', outcome: state.pendingOutcome ?? 'hung_up' }, actions: [say(fixed('noInputGoodbye')), { type: 'end', outcome: state.pendingOutcome ?? 'hung_up' }] };
      }
      return { state: { ...state, noInputs: state.noInputs + 1 }, actions: [say(fixed('stillThere'))] };
    }
  }
}
