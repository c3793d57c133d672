// The conversation engine: runs the pure reducer, performs its actions (bookings through the
// booking service, notifications, generated answers) and yields what to say as soon as it is
// known — so a filler is already playing while the calendar is checked.
import type { Clock } from '../clock.ts';
import { intakeFields } from './intake.ts';
import type { Logger } from '../log.ts';
import type { Expectation, Nlu, NluContext, NluResult } from '../nlu/types.ts';
import type { NotifyProvider } from '../providers/notify/types.ts';
import type { LlmProvider, LlmRequest } from '../providers/llm/types.ts';
import type { OrgSettings } from '../templates/types.ts';
import { openCallBookings, type BookingAccess } from '../booking/call-bookings.ts';
import { initialState, reduce } from './reducer.ts';
import type { DialogueAction, DialogueContext, DialogueEvent, DialogueState, Outcome, ReplyPart } from './types.ts';
import { answerRequest, answerWithLlm, generatedQuestion, type EarlyAnswer } from './generated-answer.ts';
import { randomUUID } from 'node:crypto';
import { insertMessage, queueMessage } from '../db/messages-repo.ts';
import { notificationText, storableMessage } from '../privacy/hipaa.ts';
import { transferOpen } from './transfer.ts';
import { dialogueSummary } from './summary.ts';
import type { TransferPlan } from './types.ts';
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
  /** Starts a generated answer's request ahead of the final transcript (see `speculate`). */
  early?: (req: Omit<LlmRequest, 'signal'>) => Omit<EarlyAnswer, 'question'>;
  log?: Logger;
  /** The call came back from an unanswered transfer (a message is taken). */
  returned?: DialogueContext['returned'];
}

export interface UtteranceOptions {
  /** Precomputed (speculative) classification; skips the NLU call. */
  nlu?: NluResult;
  confidence?: number;
  /** Aborted when the caller barges in. */
  signal?: AbortSignal;
  /** A generated answer started on the speculative transcript; dropped unless this turn uses it. */
  early?: EarlyAnswer | null;
  /** The language the recognizer heard, when it tags one ("es", "en-US"). */
  asrLanguage?: string;
}

export interface Conversation {
  begin(): AsyncIterable<ReplyPart>;
  handleUtterance(text: string, opts?: UtteranceOptions): AsyncIterable<ReplyPart>;
  /** Starts the generated answer these words would get now, before the final transcript; null if none. */
  speculate(text: string, nlu: NluResult): EarlyAnswer | null;
  handleDtmf(digit: string): AsyncIterable<ReplyPart>;
  /** The caller went quiet after a question. */
  handleNoInput(): AsyncIterable<ReplyPart>;
  /** The caller hung up: settles the outcome. */
  hangup(): void;
  expecting(): Expectation;
  nluContext(): NluContext;
  /** The final outcome once the call has ended, else what it has achieved so far (null if nothing). */
  outcome(): Outcome | null;
  /** The caller asked to book at some point in the call. */
  wantedBooking(): boolean;
  done(): boolean;
  state(): DialogueState;
  /** What the call was about, from the dialogue's own record. */
  summary(): string;
  /** Resolves when background work (notifications) has finished. */
  idle(): Promise<void>;
}

/** ASR confidence below which a transcript counts as not understood. */
export const LOW_ASR_CONFIDENCE = 0.5;

/** Actions with a side effect; the rest are speech and call control. */
type EffectAction = Exclude<DialogueAction, { type: 'say' | 'answerQuestion' | 'endCall' | 'expectDtmf' | 'handOff' }>;

/** Reads whose results only lead to more speech: skipped once the caller has barged in. */
const SPECULATIVE = new Set<DialogueAction['type']>(['checkAvailability', 'findBookings', 'answerQuestion']);

export function createConversation(deps: ConversationDeps): Conversation {
  const ctx: DialogueContext = {
    business: deps.org.name,
    timezone: deps.org.timezone,
    vertical: deps.org.vertical,
    settings: deps.org.settings,
    ...(deps.callerPhone ? { callerPhone: deps.callerPhone } : {}),
    ...(deps.returned ? { returned: deps.returned } : {}),
  };
  let handoff: TransferPlan | null = null;
  const bookings = openCallBookings({
    ...deps,
    org: { id: deps.org.id, timezone: deps.org.timezone, settings: deps.org.settings },
  });
  const background = new Set<Promise<unknown>>();
  let state = initialState(ctx);
  let wanted = false;

  const nluContext = (): NluContext => ({
    expecting: state.expecting,
    now: deps.clock.now(),
    timezone: deps.org.timezone,
    services: deps.org.settings.services.map((s) => ({ name: s.name, keywords: s.keywords })),
    ...(deps.org.settings.staff ? { staff: deps.org.settings.staff } : {}),
    ...(deps.org.settings.intake?.length ? { intake: intakeFields(deps.org.settings) } : {}),
    ...(state.phase === 'intake' && state.intake?.asking ? { asking: state.intake.asking } : {}),
    ...(state.offered.length > 0 ? { offered: state.offered } : {}),
    language: langOf(state),
  });

  const summaryNow = (): string => dialogueSummary(state);

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
          const closed = r.closedFor !== undefined ? { closed: { reason: r.closedFor } } : {};
          return { type: 'availabilityResult', free: r.free, alternatives, ...closed };
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
          ...(a.address ? { address: a.address } : {}),
          ...(a.intake ? { intake: a.intake } : {}),
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
      case 'checkTransfer': {
        const { transfer } = deps.org.settings;
        return { type: 'transferChecked', open: transferOpen(transfer, a.reason, ctx.timezone, deps.clock.now()) };
      }
      case 'saveMessage': {
        const { settings } = deps.org;
        const row = {
          id: randomUUID(),
          orgId: deps.org.id,
          callId: deps.callId,
          callerName: a.name,
          callbackPhone: a.phone,
          body: storableMessage(settings, a.text),
          createdAt: deps.clock.now(),
        };
        if (deps.writes) queueMessage(deps.writes, row);
        else track(insertMessage(deps.db, row).catch((e) => deps.log?.warn('message not saved', { error: e })));
        const notice = { kind: 'message' as const, name: a.name, callbackPhone: a.phone, words: a.text };
        // Sent at once: the business hears of the message while the caller is still saying goodbye.
        notify(settings.businessPhone ?? 'business', notificationText(settings, { ...notice, summary: summaryNow() }));
        return null;
      }
    }
  }

  async function* run(
    first: DialogueEvent,
    signal?: AbortSignal,
    early?: EarlyAnswer | null,
  ): AsyncGenerator<ReplyPart> {
    const queue: DialogueEvent[] = [first];
    try {
      yield* steps(queue, signal, early ?? undefined);
    } finally {
      early?.drop();
    }
  }

  async function* steps(queue: DialogueEvent[], signal?: AbortSignal, early?: EarlyAnswer): AsyncGenerator<ReplyPart> {
    while (queue.length > 0) {
      const step = reduce(state, queue.shift()!);
      state = step.state;
      if (state.goal === 'book') wanted = true;
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
              const lang = langOf(state);
              yield* answerWithLlm(deps.llm, ctx, action.question, fallback, signal, deps.log, early, lang);
            } else yield { type: 'phrase', id: action.fallback.phraseId, text: action.fallback.text };
            break;
          case 'handOff':
            handoff = action.plan;
            break;
          case 'endCall':
            if (!aborted) yield { type: 'end', outcome: action.outcome, ...(handoff ? { transfer: handoff } : {}) };
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
      yield* run({ type: 'utterance', text, nlu, language }, opts.signal, opts.early);
    },
    speculate(text, nlu) {
      if (!deps.llm || !deps.early) return null;
      const question = generatedQuestion(state, { type: 'utterance', text, nlu });
      if (question === null) return null;
      return { question, ...deps.early(answerRequest(ctx, question, langOf(state))) };
    },
    handleDtmf: (digit) => run({ type: 'dtmf', digit }),
    handleNoInput: () => run({ type: 'noInput' }),
    hangup() {
      state = reduce(state, { type: 'hangup' }).state;
    },
    expecting: () => state.expecting,
    nluContext,
    outcome: () => state.outcome ?? state.pendingOutcome,
    wantedBooking: () => wanted,
    done: () => state.phase === 'goodbye',
    state: () => state,
    summary: () => summaryNow(),
    async idle() {
      while (background.size > 0) await Promise.allSettled([...background]);
      await bookings.idle();
    },
  };
}
