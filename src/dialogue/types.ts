// The booking dialogue's data: what it knows, what happens to it, what it asks the executor to do.
// Everything here is plain, serializable data so the reducer stays pure and replayable.
import type { BookingLookup, FoundBooking } from '../booking/types.ts';
import type { Expectation, NluResult, ResolvedTime } from '../nlu/types.ts';
import type { OrgSettings, Vertical } from '../templates/types.ts';
import type { IntakeProgress } from './intake.ts';

export type { FoundBooking };

import type { CallOutcome, DialogueOutcome } from '../outcomes.ts';

export type Outcome = DialogueOutcome;

/** Per-call facts the dialogue needs; fixed for the whole call. */
export interface DialogueContext {
  business: string;
  timezone: string;
  vertical: Vertical;
  settings: OrgSettings;
  callerPhone?: string;
  /** The call came back from a transfer nobody answered: a message is taken, no second transfer. */
  returned?: { name?: string };
}

/** Why a call is handed to a person. */
export type TransferReason = 'person' | 'gaveUp' | 'emergency';

/** A live transfer, performed once the sentence before it has played. */
export interface TransferPlan {
  to: string;
  mode: 'cold' | 'warm';
  timeoutSeconds: number;
  /** Warm mode: what the person answering hears before the caller is connected. */
  whisper: string | null;
  reason: TransferReason;
  /** The caller's name if given: a message taken after an unanswered transfer need not ask again. */
  callerName?: string;
}

/** A message being taken for the business. */
export interface MessageDraft {
  name?: string;
  /** Callback number (E.164); the caller ID until the caller gives another. */
  phone?: string;
  phoneConfirmed: boolean;
  text?: string;
}

export type Phase =
  | 'greeting'
  | 'intent'
  | 'collect'
  | 'checkingAvailability'
  | 'suggestAlternative'
  | 'confirm'
  | 'booking'
  | 'anythingElse'
  | 'findingBooking'
  | 'askBookingName'
  | 'verifyDigits'
  | 'pickBooking'
  | 'confirmCancel'
  | 'cancelling'
  | 'rescheduleTime'
  | 'confirmReschedule'
  | 'rescheduling'
  | 'callbackOffer'
  /** Asking the org's intake questions (the service address, new or returning patient). */
  | 'intake'
  | 'transferring'
  | 'messageName'
  | 'messageNumber'
  | 'messageNumberConfirm'
  | 'messageBody'
  | 'goodbye';

export type SlotName = 'service' | 'name' | 'time' | 'vehicle' | 'stylist';

export interface Slots {
  name?: string;
  service?: string;
  time?: ResolvedTime;
  vehicle?: string;
  /** A staff member, or 'anyone'. */
  stylist?: string;
}

/** A spoken line: a fixed phrase (cacheable audio) or a dynamic one built from a template. */
export type SayAction =
  | { type: 'say'; phraseId: string; text: string }
  | { type: 'say'; phraseId: string; text: string; dynamic: true };

export interface DialogueState {
  readonly ctx: DialogueContext;
  phase: Phase;
  /** 'status': the caller asked whether they have an appointment; their bookings are being looked up. */
  goal: 'book' | 'reschedule' | 'cancel' | 'status' | null;
  slots: Slots;
  /** What the NLU should listen for next. */
  expecting: Expectation;
  /** Failed answers to the current question. */
  attempts: number;
  /** Waiting for a keypad answer to a yes/no question. */
  dtmf: boolean;
  /** Alternatives offered (ISO instants), for "the first one". */
  offered: string[];
  found: FoundBooking[];
  target: FoundBooking | null;
  /** The lookup in flight, repeated if the caller speaks before its result. */
  lookup: FindBookingsAction | null;
  /** Keypad digits entered so far for the verification. */
  digits: string;
  /** Failed verifications this call (unclear or wrong digits); they never reset within a call. */
  verifyFailures: number;
  noInputs: number;
  /** The question asked last, repeated after silence. */
  prompt: SayAction[];
  bookingId: string | null;
  /** Set when the call ends. */
  outcome: Outcome | null;
  /** What the call has achieved so far (the outcome if the caller leaves now). */
  pendingOutcome: Outcome | null;
  /** The calendar could not be read: the asked time is taken down unverified, confirmed by text. */
  unverified?: boolean;
  /** Where the caller was when a callback was offered: declining it goes back there. */
  resume?: Resume | null;
  /** The booking made in this call, for "am I booked?". */
  booked?: { service: string; start: string } | null;
  /** Why a transfer is being attempted (set while the hours are checked). */
  transferReason?: TransferReason;
  /** The transfer this call ended with. */
  handoff?: TransferPlan;
  /** The message being (or already) taken. */
  message?: MessageDraft;
  /** Caller turns so far; picks among a phrase's wordings so a repeated question is not said verbatim. */
  turn?: number;
  /** Answers to the org's intake questions so far. */
  intake?: IntakeProgress;
  /** The language the call is in now (English when absent). */
  lang?: 'en' | 'es';
}

/** A question in progress, kept while a callback is offered. */
export interface Resume {
  phase: Phase;
  expecting: Expectation;
  goal: DialogueState['goal'];
  prompt: SayAction[];
}

export type DialogueEvent =
  | { type: 'callStarted' }
  /** `language`: the language the words were understood in (a bilingual call may switch to it). */
  | { type: 'utterance'; text: string; nlu: NluResult; language?: 'en' | 'es' }
  | { type: 'dtmf'; digit: string }
  | {
      type: 'availabilityResult';
      free: boolean;
      alternatives: string[];
      /** The date asked for is a dated closure (holiday, special closing); its reason if known. */
      closed?: { reason: string | null };
    }
  | { type: 'bookingResult'; ok: boolean; bookingId?: string; pendingSync?: boolean }
  | { type: 'bookingsFound'; bookings: FoundBooking[] }
  | { type: 'rescheduleResult'; ok: boolean }
  | { type: 'cancelResult'; ok: boolean }
  | { type: 'providerError'; message?: string }
  | { type: 'noInput' }
  /** Answer to `checkTransfer`: whether a transfer may be attempted now. */
  | { type: 'transferChecked'; open: boolean }
  | { type: 'hangup' };

export interface BookAction {
  type: 'book';
  customerName: string;
  customerPhone?: string;
  service: string;
  start: string;
  durationMinutes: number;
  details: { vehicle?: string; stylist?: string };
  /** Answers to the intake questions, by question id. */
  intake?: Record<string, string>;
  /** Where the job is, when an intake question asked for it. */
  address?: string;
  /** The slot could not be checked: store it for the calendar sync, don't write the calendar now. */
  unverified?: boolean;
}

/**
 * The only two ways to look up a caller's bookings: by their caller ID (the executor uses the
 * call's own From number), or by the booking's name together with the last four digits of the
 * phone number on it. A name alone finds nothing.
 */
export type FindBookingsAction = { type: 'findBookings' } & BookingLookup;

export type DialogueAction =
  | SayAction
  | { type: 'checkAvailability'; service: string; start: string; durationMinutes: number }
  | BookAction
  | FindBookingsAction
  | { type: 'reschedule'; bookingId: string; start: string; durationMinutes: number }
  | { type: 'cancel'; bookingId: string }
  | { type: 'notifyBusiness'; body: string; urgent: boolean }
  | { type: 'notifyCaller'; body: string }
  /** An open question the settings cannot answer: the executor may generate an answer, else says the fallback. */
  | { type: 'answerQuestion'; question: string; fallback: SayAction }
  | { type: 'expectDtmf'; digits: string[] }
  | { type: 'checkTransfer'; reason: TransferReason }
  /** Hand the call over once what was said before has played (goes with `endCall`). */
  | { type: 'handOff'; plan: TransferPlan }
  | { type: 'saveMessage'; name: string; phone: string | null; text: string }
  | { type: 'endCall'; outcome: Outcome };

export interface Step {
  state: DialogueState;
  actions: DialogueAction[];
}

/** What the conversation hands to speech: fixed phrases (cacheable), text, or streamed LLM text. */
export type ReplyPart =
  | { type: 'phrase'; id: string; text: string }
  | { type: 'text'; text: string }
  | { type: 'llm-delta'; text: string }
  | { type: 'end'; outcome: CallOutcome; transfer?: TransferPlan };
