// The conversation engine: runs the pure reducer, performs its actions (calendar, bookings,
// notifications, generated answers) and yields what to say as soon as it is known — so a filler
// is already playing while the calendar is checked. A booking is durable before it is announced.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import type { WriteQueue } from '../db/write-queue.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Expectation, Nlu, NluContext, NluResult } from '../nlu/types.ts';
import type { CalendarOrg, CalendarProvider } from '../providers/calendar/types.ts';
import type { NotifyProvider } from '../providers/notify/types.ts';
import type { LlmProvider } from '../providers/llm/types.ts';
import type { OrgSettings } from '../templates/types.ts';
import { checkAvailability } from '../booking/availability.ts';
import { initialState, reduce } from './reducer.ts';
import type {
  BookAction,
  DialogueAction,
  DialogueContext,
  DialogueEvent,
  DialogueState,
  FindBookingsAction,
  Outcome,
  ReplyPart,
} from './types.ts';
import { changeVerificationOf } from '../templates/index.ts';
import { answerWithLlm } from './generated-answer.ts';
import { calendarEventText, storableBookingDetails } from '../privacy/hipaa.ts';
import { cancelBooking, findUpcoming, getBooking, insertBooking, moveBooking } from './booking-store.ts';
import type { BookingOwner } from './booking-store.ts';

export interface ConversationDeps {
  db: Db;
  /** When given, booking writes go through it (ordered after the call's own rows, retried on failure). */
  writes?: WriteQueue;
  org: { id: string; name: string; timezone: string; vertical: DialogueContext['vertical']; settings: OrgSettings };
  callId: string;
  callerPhone?: string;
  clock: Clock;
  nlu: Nlu;
  calendar: CalendarProvider;
  notify: NotifyProvider;
  /** Generated answers to open questions the settings do not cover. */
  llm?: LlmProvider;
  log?: Logger;
  /** Calendar calls slower than this count as failures (the caller is waiting). */
  providerTimeoutMs?: number;
  /** How long the caller waits on a queued booking write before hearing it will be confirmed by text. */
  durableWaitMs?: number;
}

export interface UtteranceOptions {
  /** Precomputed (speculative) classification; skips the NLU call. */
  nlu?: NluResult;
  confidence?: number;
  /** Aborted when the caller barges in. */
  signal?: AbortSignal;
}

export interface Conversation {
  begin(): AsyncIterable<ReplyPart>;
  handleUtterance(text: string, opts?: UtteranceOptions): AsyncIterable<ReplyPart>;
  handleDtmf(digit: string): AsyncIterable<ReplyPart>;
  /** The caller went quiet after a question. */
  handleNoInput(): AsyncIterable<ReplyPart>;
  /** The caller hung up: settles the outcome. */
  hangup(): void;
  expecting(): Expectation;
  nluContext(): NluContext;
  /** The final outcome once the call has ended, else what it has achieved so far (null if nothing). */
  outcome(): Outcome | null;
  done(): boolean;
  state(): DialogueState;
  /** Resolves when background work (notifications) has finished. */
  idle(): Promise<void>;
}

/** ASR confidence below which a transcript counts as not understood. */
export const LOW_ASR_CONFIDENCE = 0.5;

/** Reads whose results only lead to more speech: skipped once the caller has barged in. */
const SPECULATIVE = new Set<DialogueAction['type']>(['checkAvailability', 'findBookings', 'answerQuestion']);

export function createConversation(deps: ConversationDeps): Conversation {
  const ctx: DialogueContext = {
    business: deps.org.name,
    timezone: deps.org.timezone,
    vertical: deps.org.vertical,
    settings: deps.org.settings,
    ...(deps.callerPhone ? { callerPhone: deps.callerPhone } : {}),
  };
  const calOrg: CalendarOrg = { id: deps.org.id, timezone: deps.org.timezone, settings: deps.org.settings };
  const timeoutMs = deps.providerTimeoutMs ?? 5000;
  const background = new Set<Promise<unknown>>();
  /** Bookings the caller has proven are theirs in this call. */
  const verified = new Set<string>();
  let state = initialState(ctx);

  const now = () => new Date(deps.clock.now());

  const nluContext = (): NluContext => ({
    expecting: state.expecting,
    now: deps.clock.now(),
    timezone: deps.org.timezone,
    services: deps.org.settings.services.map((s) => ({ name: s.name, keywords: s.keywords })),
    ...(deps.org.settings.staff ? { staff: deps.org.settings.staff } : {}),
    ...(state.offered.length > 0 ? { offered: state.offered } : {}),
  });

  /** A provider call bounded by the timeout and, if given, the turn's signal. */
  async function bounded<T>(call: (signal: AbortSignal) => Promise<T>, turn?: AbortSignal): Promise<T> {
    const signal = turn ? AbortSignal.any([turn, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
    let onAbort: () => void = () => undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error('provider call aborted'));
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      // Not every adapter honours the signal promptly; the race does.
      return await Promise.race([call(signal), aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
      aborted.catch(() => undefined);
    }
  }

  /** A write the caller's reply depends on: true once durable, false if still queued after the wait. */
  async function durable(label: string, op: (db: Db) => Promise<unknown>): Promise<boolean> {
    if (!deps.writes) {
      await op(deps.db);
      return true;
    }
    const done = deps.writes.enqueueAndWait(label, op).then(() => true);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), deps.durableWaitMs ?? 3000)));
    try {
      return await Promise.race([done, waited]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function book(a: BookAction): Promise<DialogueEvent> {
    const start = new Date(a.start);
    const end = new Date(start.getTime() + a.durationMinutes * 60_000);
    let eventId: string | null = null;
    const id = randomUUID();
    try {
      // No turn signal: once confirmed, a booking is written even if the caller talks over us.
      // The booking's id is the event's idempotency key: if this insert reached the calendar but
      // its answer did not reach us, the later sync finds the event instead of making a second.
      const text = calendarEventText(deps.org.settings, {
        service: a.service,
        customerName: a.customerName,
        customerPhone: a.customerPhone ?? null,
        details: a.details,
      });
      const event = { id: id.replace(/-/g, ''), start, end, ...text };
      // An unverified slot waits for the sync (the calendar just failed to answer us).
      if (!a.unverified) eventId = (await bounded((signal) => deps.calendar.createEvent(calOrg, event, signal))).id;
    } catch (e) {
      // The slot was free moments ago: keep the booking and let the calendar catch up later.
      deps.log?.warn('calendar write failed; booking kept as pending_sync', { error: e });
    }
    const details = storableBookingDetails(deps.org.settings, a.details);
    try {
      const stored = await durable('booking.insert', (db) =>
        insertBooking(db, {
          id,
          callId: deps.callId,
          orgId: deps.org.id,
          customerName: a.customerName,
          customerPhone: a.customerPhone ?? null,
          service: a.service,
          start,
          durationMinutes: a.durationMinutes,
          status: eventId ? 'confirmed' : 'pending_sync',
          externalEventId: eventId,
          details,
        }),
      );
      return { type: 'bookingResult', ok: true, bookingId: id, pendingSync: !eventId || !stored };
    } catch (e) {
      deps.log?.error('booking insert failed', { error: e });
      if (eventId) {
        const held = eventId;
        track(bounded((signal) => deps.calendar.cancelEvent(calOrg, held, signal)).catch((err) => deps.log?.warn('orphan calendar event left', { error: err })));
      }
      return { type: 'bookingResult', ok: false };
    }
  }

  /**
   * Whose bookings a lookup may return, under the org's policy. Enforced here as well as in the
   * dialogue: a phone lookup is always the call's own caller ID, never a number the caller said.
   */
  function ownerFor(a: FindBookingsAction): BookingOwner | null {
    const policy = changeVerificationOf(deps.org.settings);
    if (policy === 'message_only') return null;
    if (a.by === 'callerId') return deps.callerPhone ? { phone: deps.callerPhone } : null;
    return policy === 'caller_id_or_digits' ? { name: a.name, lastFour: a.lastFour } : null;
  }

  async function change(a: Extract<DialogueAction, { type: 'reschedule' | 'cancel' }>): Promise<DialogueEvent> {
    const fail: DialogueEvent = a.type === 'cancel' ? { type: 'cancelResult', ok: false } : { type: 'rescheduleResult', ok: false };
    // Only a booking this call's verified lookups returned may be changed.
    if (!verified.has(a.bookingId)) {
      deps.log?.warn('booking change refused: not verified in this call', { op: a.type });
      return fail;
    }
    try {
      const row = await getBooking(deps.db, deps.org.id, a.bookingId);
      if (!row) return fail;
      const eventId = row.externalEventId;
      if (a.type === 'cancel') {
        if (eventId) await bounded((signal) => deps.calendar.cancelEvent(calOrg, eventId, signal));
        await durable('booking.cancel', (db) => cancelBooking(db, row.id, now()));
        return { type: 'cancelResult', ok: true };
      }
      const start = new Date(a.start);
      if (eventId) await bounded((signal) => deps.calendar.moveEvent(calOrg, eventId, { start, end: new Date(start.getTime() + a.durationMinutes * 60_000) }, signal));
      await durable('booking.move', (db) => moveBooking(db, row, start, deps.callId, now()));
      return { type: 'rescheduleResult', ok: true };
    } catch (e) {
      deps.log?.warn('booking change failed', { error: e, op: a.type });
      return fail;
    }
  }

  function track(p: Promise<unknown>): void {
    background.add(p);
    void p.finally(() => background.delete(p));
  }

  function notify(to: string | undefined, body: string): void {
    if (!to) return;
    // Never holds up the reply; the outbox records failures.
    track(deps.notify.send({ orgId: deps.org.id, callId: deps.callId, to, body }).catch((e) => deps.log?.warn('notification failed', { error: e })));
  }

  /** Performs one side effect; returns the event it produced, if any. */
  async function perform(a: Exclude<DialogueAction, { type: 'say' | 'answerQuestion' | 'endCall' | 'expectDtmf' }>, signal?: AbortSignal): Promise<DialogueEvent | null> {
    switch (a.type) {
      case 'checkAvailability':
        try {
          const r = await bounded(
            (s) => checkAvailability(deps.calendar, calOrg, deps.org.settings, new Date(a.start), a.durationMinutes, { now: deps.clock.now(), signal: s }),
            signal,
          );
          return { type: 'availabilityResult', free: r.free, alternatives: r.alternatives.map((x) => x.start.toISOString()) };
        } catch (e) {
          if (signal?.aborted) return null;
          deps.log?.warn('availability check failed', { error: e });
          return { type: 'providerError', message: 'calendar' };
        }
      case 'findBookings':
        try {
          const owner = ownerFor(a);
          const found = owner ? await findUpcoming(deps.db, deps.org.id, owner, now()) : [];
          for (const b of found) verified.add(b.id);
          return { type: 'bookingsFound', bookings: found };
        } catch (e) {
          deps.log?.warn('booking lookup failed', { error: e });
          return { type: 'providerError', message: 'lookup' };
        }
      case 'book':
        return book(a);
      case 'reschedule':
      case 'cancel':
        return change(a);
      case 'notifyBusiness':
        // Without a business phone the message still lands in the outbox for the dashboard.
        notify(deps.org.settings.businessPhone ?? 'business', a.body);
        return null;
      case 'notifyCaller':
        notify(deps.callerPhone, a.body);
        return null;
    }
  }

  async function* run(first: DialogueEvent, signal?: AbortSignal): AsyncGenerator<ReplyPart> {
    const queue: DialogueEvent[] = [first];
    while (queue.length > 0) {
      const step = reduce(state, queue.shift()!);
      state = step.state;
      for (const action of step.actions) {
        // After a barge-in nothing more is said and no new lookup starts; writes the caller
        // already confirmed still complete (their results update the state silently).
        const aborted = signal?.aborted === true;
        switch (action.type) {
          case 'say':
            if (!aborted) yield 'dynamic' in action ? { type: 'text', text: action.text } : { type: 'phrase', id: action.phraseId, text: action.text };
            break;
          case 'answerQuestion':
            if (aborted) break;
            if (deps.llm) yield* answerWithLlm(deps.llm, ctx, action.question, action.fallback.text, signal, deps.log);
            else yield { type: 'phrase', id: action.fallback.phraseId, text: action.fallback.text };
            break;
          case 'endCall':
            if (!aborted) yield { type: 'end', outcome: action.outcome };
            break;
          case 'expectDtmf':
            // The state says so (dtmf: true); the telephony edge always listens for digits.
            break;
          default: {
            if (aborted && SPECULATIVE.has(action.type)) break;
            const next = await perform(action, signal);
            if (next) queue.push(next);
          }
        }
      }
    }
  }

  return {
    begin: () => run({ type: 'callStarted' }),
    async *handleUtterance(text, opts = {}) {
      let nlu = opts.nlu;
      if (!nlu) {
        try {
          nlu = await deps.nlu.classify(text, nluContext(), opts.signal);
        } catch (e) {
          if (opts.signal?.aborted) return;
          // Not understood is a normal turn: the dialogue re-asks.
          deps.log?.warn('classification failed', { error: e });
          nlu = { intent: 'unknown', slots: {}, confidence: 0, source: 'local' };
        }
      }
      // A transcript the recognizer itself doubts is not acted on ("yes" misheard books nothing):
      // the dialogue re-asks, then offers the keypad, then a callback. Emergencies still count.
      if (opts.confidence !== undefined && opts.confidence < LOW_ASR_CONFIDENCE && !nlu.slots.emergency) {
        nlu = { intent: 'unknown', slots: {}, confidence: 0, source: nlu.source };
      }
      yield* run({ type: 'utterance', text, nlu }, opts.signal);
    },
    handleDtmf: (digit) => run({ type: 'dtmf', digit }),
    handleNoInput: () => run({ type: 'noInput' }),
    hangup() {
      state = reduce(state, { type: 'hangup' }).state;
    },
    expecting: () => state.expecting,
    nluContext,
    outcome: () => state.outcome ?? state.pendingOutcome,
    done: () => state.phase === 'goodbye',
    state: () => state,
    async idle() {
      while (background.size > 0) await Promise.allSettled([...background]);
    },
  };
}
