// The conversation engine: runs the pure reducer, performs its actions (bookings through the
// booking service, notifications, generated answers) and yields what to say as soon as it is
// known — so a filler is already playing while the calendar is checked.
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Expectation, Nlu, NluContext, NluResult } from '../nlu/types.ts';
import type { NotifyProvider } from '../providers/notify/types.ts';
import type { LlmProvider } from '../providers/llm/types.ts';
import type { OrgSettings } from '../templates/types.ts';
import { openCallBookings, type BookingAccess } from '../booking/call-bookings.ts';
import { initialState, reduce } from './reducer.ts';
import type { DialogueAction, DialogueContext, DialogueEvent, DialogueState, Outcome, ReplyPart } from './types.ts';
import { answerWithLlm } from './generated-answer.ts';
import { languageForUtterance } from './language-switch.ts';
import { langOf } from './localized.ts';

/** Bookings go through the booking service; `BookingAccess` says where they live. */
export interface ConversationDeps extends BookingAccess {
  org: { id: string; name: string; timezone: string; vertical: DialogueContext['vertical']; settings: OrgSettings };
  callId: string;
  callerPhone?: string;
  clock: Clock;
  nlu: Nlu;
  notify: NotifyProvider;
  /** Generated answers to open questions the settings do not cover. */
  llm?: LlmProvider;
  log?: Logger;
}

export interface UtteranceOptions {
  /** Precomputed (speculative) classification; skips the NLU call. */
  nlu?: NluResult;
  confidence?: number;
  /** Aborted when the caller barges in. */
  signal?: AbortSignal;
  /** The language the recognizer heard, when it tags one ("es", "en-US"). */
  asrLanguage?: string;
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

/** Actions with a side effect; the rest are speech and call control. */
type EffectAction = Exclude<DialogueAction, { type: 'say' | 'answerQuestion' | 'endCall' | 'expectDtmf' }>;

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
  const bookings = openCallBookings({
    ...deps,
    org: { id: deps.org.id, timezone: deps.org.timezone, settings: deps.org.settings },
  });
  const background = new Set<Promise<unknown>>();
  let state = initialState(ctx);

  const nluContext = (): NluContext => ({
    expecting: state.expecting,
    now: deps.clock.now(),
    timezone: deps.org.timezone,
    services: deps.org.settings.services.map((s) => ({ name: s.name, keywords: s.keywords })),
    ...(deps.org.settings.staff ? { staff: deps.org.settings.staff } : {}),
    ...(state.offered.length > 0 ? { offered: state.offered } : {}),
    language: langOf(state),
  });

  function track(p: Promise<unknown>): void {
    background.add(p);
    void p.finally(() => background.delete(p));
  }

  function notify(to: string | undefined, body: string): void {
    if (!to) return;
    // Never holds up the reply; the outbox records failures.
    const sent = deps.notify.send({ orgId: deps.org.id, callId: deps.callId, to, body });
    track(sent.catch((e) => deps.log?.warn('notification failed', { error: e })));
  }

  /** Performs one side effect; returns the event it produced, if any. */
  async function perform(a: EffectAction, signal?: AbortSignal): Promise<DialogueEvent | null> {
    switch (a.type) {
      case 'checkAvailability':
        try {
          const r = await bookings.availability(new Date(a.start), a.durationMinutes, signal);
          const alternatives = r.alternatives.map((x) => x.start.toISOString());
          return { type: 'availabilityResult', free: r.free, alternatives };
        } catch (e) {
          if (signal?.aborted) return null;
          deps.log?.warn('availability check failed', { error: e });
          return { type: 'providerError', message: 'calendar' };
        }
      case 'findBookings':
        try {
          return { type: 'bookingsFound', bookings: await bookings.find(a) };
        } catch (e) {
          deps.log?.warn('booking lookup failed', { error: e });
          return { type: 'providerError', message: 'lookup' };
        }
      case 'book': {
        const r = await bookings.book({
          customerName: a.customerName,
          ...(a.customerPhone ? { customerPhone: a.customerPhone } : {}),
          service: a.service,
          start: new Date(a.start),
          durationMinutes: a.durationMinutes,
          details: a.details,
          ...(a.unverified ? { unverified: true } : {}),
        });
        if (!r.ok) return { type: 'bookingResult', ok: false };
        return { type: 'bookingResult', ok: true, bookingId: r.bookingId, pendingSync: r.pendingSync };
      }
      case 'reschedule': {
        const ok = await bookings.reschedule(a.bookingId, new Date(a.start), a.durationMinutes);
        return { type: 'rescheduleResult', ok };
      }
      case 'cancel':
        return { type: 'cancelResult', ok: await bookings.cancel(a.bookingId) };
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
            if (aborted) break;
            yield 'dynamic' in action
              ? { type: 'text', text: action.text }
              : { type: 'phrase', id: action.phraseId, text: action.text };
            break;
          case 'answerQuestion':
            if (aborted) break;
            if (deps.llm) {
              const fallback = action.fallback.text;
              yield* answerWithLlm(deps.llm, ctx, action.question, fallback, signal, deps.log, langOf(state));
            } else yield { type: 'phrase', id: action.fallback.phraseId, text: action.fallback.text };
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
      // A bilingual call may change language on this turn: the words are understood in the new one.
      const language = languageForUtterance(state, text, opts.asrLanguage);
      let nlu = language === langOf(state) ? opts.nlu : undefined;
      if (!nlu) {
        try {
          nlu = await deps.nlu.classify(text, { ...nluContext(), language }, opts.signal);
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
      yield* run({ type: 'utterance', text, nlu, language }, opts.signal);
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
      await bookings.idle();
    },
  };
}
