// The conversation engine: runs the pure reducer, performs its actions (calendar, bookings,
// notifications, generated answers) and yields what to say as soon as it is known — so a filler
// is already playing while the calendar is checked. A booking is durable before it is announced.
import { randomUUID } from 'node:crypto';
import { and, eq, gt, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { WriteQueue } from '../db/write-queue.ts';
import { bookings, calls } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Nlu, NluContext, NluResult } from '../nlu/types.ts';
import type { CalendarOrg, CalendarProvider } from '../providers/calendar/types.ts';
import type { NotifyProvider } from '../providers/notify/types.ts';
import type { LlmProvider } from '../providers/llm/types.ts';
import type { OrgSettings } from '../templates/types.ts';
import { checkAvailability } from '../providers/calendar/availability.ts';
import { initialState, reduce, type DialogueAction, type DialogueContext, type DialogueEvent, type DialogueState, type FoundBooking, type Outcome } from './reducer.ts';
import type { ReplyPart } from '../call/reply-player.ts';
import { answerWithLlm } from './generated-answer.ts';

export interface ConversationDeps {
  db: Db;
  writes?: WriteQueue;
  org: { id: string; name: string; timezone: string; vertical: DialogueContext['vertical']; settings: OrgSettings };
  callId: string;
  callerPhone?: string;
  clock: Clock;
  nlu: Nlu;
  calendar: CalendarProvider;
  notify: NotifyProvider;
  llm?: LlmProvider;
  log?: Logger;
  /** Calendar calls slower than this count as failures (the caller is waiting). */
  providerTimeoutMs?: number;
}

export interface Conversation {
  begin(): AsyncIterable<ReplyPart>;
  handleUtterance(text: string, opts?: { nlu?: NluResult; confidence?: number; signal?: AbortSignal }): AsyncIterable<ReplyPart>;
  handleDtmf(digit: string): AsyncIterable<ReplyPart>;
  nluContext(): NluContext;
  outcome(): Outcome | null;
  done(): boolean;
  state(): DialogueState;
}

export function createConversation(deps: ConversationDeps): Conversation {
  const ctx: DialogueContext = {
    business: deps.org.name,
    timezone: deps.org.timezone,
    vertical: deps.org.vertical,
    settings: deps.org.settings,
    ...(deps.callerPhone ? { callerPhone: deps.callerPhone } : {}),
  };
  const calOrg: CalendarOrg = { id: deps.org.id, timezone: deps.org.timezone, settings: deps.org.settings as unknown as Record<string, unknown> };
  const timeoutMs = deps.providerTimeoutMs ?? 5000;
  let state = initialState();
  let lastText = '';

  const nluContext = (): NluContext => ({
    expecting: state.expecting,
    now: deps.clock.now(),
    timezone: deps.org.timezone,
    services: deps.org.settings.services.map((s) => ({ name: s.name, keywords: s.keywords })),
    ...(deps.org.settings.staff ? { staff: deps.org.settings.staff } : {}),
    ...(state.offered.length > 0 ? { offered: state.offered } : {}),
  });

  /** Durable write: through the write queue when there is one (keeps order after the call row). */
  const write = async (label: string, op: (db: Db) => Promise<unknown>) => {
    if (!deps.writes) {
      await op(deps.db);
      return;
    }
    const done = deps.writes.enqueueAndWait(label, op);
    // If the database is refusing, the write stays queued and lands later; the call goes on.
    await Promise.race([done, new Promise((r) => setTimeout(r, 3000))]);
  };

  const withTimeout = <T>(p: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const signal = AbortSignal.timeout(timeoutMs);
    return Promise.race([
      p(signal),
      new Promise<T>((_, reject) => signal.addEventListener('abort', () => reject(new Error('calendar timed out')), { once: true })),
    ]);
  };

  async function perform(a: DialogueAction): Promise<DialogueEvent | null> {
    switch (a.type) {
      case 'checkAvailability': {
        try {
          const r = await withTimeout((signal) =>
            checkAvailability(deps.calendar, calOrg, deps.org.settings, new Date(a.start), a.durationMinutes, { now: deps.clock.now(), signal }),
          );
          return { type: 'availability', free: r.free, start: a.start, alternatives: r.alternatives.map((x) => x.start.toISOString()) };
        } catch (e) {
          deps.log?.warn('availability check failed', { error: e });
          return { type: 'providerError' };
        }
      }
      case 'book': {
        const start = new Date(a.start);
        const end = new Date(start.getTime() + a.durationMinutes * 60_000);
        let eventId: string | null = null;
        let pendingSync = false;
        try {
          const ev = await withTimeout((signal) =>
            deps.calendar.createEvent(calOrg, { start, end, title: `${a.service} – ${a.customerName}`, description: describe(a) }, signal),
          );
          eventId = ev.id;
        } catch (e) {
          // The slot was verified free moments ago; keep the booking and sync the calendar later.
          deps.log?.warn('calendar write failed; booking kept as pending_sync', { error: e });
          pendingSync = true;
        }
        const id = randomUUID();
        await write('booking.insert', (db) =>
          db.insert(bookings).values({
            id,
            callId: deps.callId,
            orgId: deps.org.id,
            customerName: a.customerName,
            customerPhone: a.customerPhone ?? null,
            serviceType: a.service,
            appointmentTime: start,
            durationMinutes: a.durationMinutes,
            status: pendingSync ? 'pending_sync' : 'confirmed',
            externalEventId: eventId,
            details: deps.org.settings.flags.hipaaMode ? {} : a.details,
          }),
        );
        await write('call.booked', (db) => db.update(calls).set({ bookingCreated: true }).where(eq(calls.id, deps.callId)));
        return { type: 'booked', ok: true, pendingSync };
      }
      case 'findBookings': {
        try {
          const who = [];
          if (a.phone) who.push(eq(bookings.customerPhone, a.phone));
          if (a.name) who.push(sql`lower(${bookings.customerName}) = ${a.name.toLowerCase()}`);
          if (who.length === 0) return { type: 'bookingsFound', bookings: [] };
          const rows = await deps.db
            .select()
            .from(bookings)
            .where(and(eq(bookings.orgId, deps.org.id), or(...who), inArray(bookings.status, ['confirmed', 'pending_sync']), gt(bookings.appointmentTime, new Date(deps.clock.now()))))
            .orderBy(bookings.appointmentTime);
          const found: FoundBooking[] = rows.map((r) => ({
            id: r.id,
            service: r.serviceType,
            start: r.appointmentTime.toISOString(),
            durationMinutes: r.durationMinutes,
            customerName: r.customerName,
          }));
          return { type: 'bookingsFound', bookings: found };
        } catch (e) {
          deps.log?.warn('booking lookup failed', { error: e });
          return { type: 'providerError' };
        }
      }
      case 'reschedule':
      case 'cancel': {
        const [row] = await deps.db.select().from(bookings).where(eq(bookings.id, a.bookingId));
        if (!row) return { type: 'changed', ok: false };
        try {
          if (row.externalEventId) {
            const eventId = row.externalEventId;
            if (a.type === 'cancel') await withTimeout((signal) => deps.calendar.cancelEvent(calOrg, eventId, signal));
            else {
              const start = new Date(a.start);
              await withTimeout((signal) => deps.calendar.moveEvent(calOrg, eventId, { start, end: new Date(start.getTime() + a.durationMinutes * 60_000) }, signal));
            }
          }
        } catch (e) {
          deps.log?.warn('calendar change failed', { error: e });
          return { type: 'providerError' };
        }
        if (a.type === 'cancel') {
          await write('booking.cancel', (db) => db.update(bookings).set({ status: 'cancelled', updatedAt: new Date() }).where(eq(bookings.id, a.bookingId)));
        } else {
          const details = { ...(row.details ?? {}), rescheduledFrom: row.appointmentTime.toISOString(), rescheduledByCall: deps.callId };
          await write('booking.move', (db) =>
            db.update(bookings).set({ appointmentTime: new Date(a.start), updatedAt: new Date(), details }).where(eq(bookings.id, a.bookingId)),
          );
        }
        return { type: 'changed', ok: true };
      }
      case 'notifyBusiness':
      case 'notifyCaller': {
        const to = a.type === 'notifyCaller' ? deps.callerPhone : deps.org.settings.businessPhone ?? 'business';
        if (!to) return null;
        // Never holds up the caller: sent in the background, failures recorded by the outbox.
        void deps.notify.send({ orgId: deps.org.id, callId: deps.callId, to, body: a.body }).catch((e) => deps.log?.warn('notification failed', { error: e }));
        return null;
      }
      case 'say':
      case 'end':
        return null;
    }
  }

  async function* run(first: DialogueEvent, signal?: AbortSignal): AsyncGenerator<ReplyPart> {
    const queue: DialogueEvent[] = [first];
    while (queue.length > 0) {
      const ev = queue.shift()!;
      const step = reduce(ctx, state, ev);
      state = step.state;
      for (const action of step.actions) {
        if (action.type === 'say') {
          if (signal?.aborted) continue;
          if (action.say.id === 'inquiry:unknown' && deps.llm) {
            yield* answerWithLlm(deps.llm, ctx, lastText, action.say.text, signal, deps.log);
          } else if (action.say.fixed) {
            yield { type: 'phrase', id: action.say.id, text: action.say.text };
          } else {
            yield { type: 'text', text: action.say.text };
          }
        } else if (action.type === 'end') {
          yield { type: 'end', outcome: action.outcome };
        } else {
          // Side effects follow from what the caller already said, so they run even after a
          // barge-in (only speech is skipped): a confirmed booking is never left half-done.
          const next = await perform(action);
          if (next) queue.push(next);
        }
      }
    }
  }

  return {
    begin: () => run({ type: 'callStarted' }),
    async *handleUtterance(text, opts = {}) {
      lastText = text;
      const nlu = opts.nlu ?? (await deps.nlu.classify(text, nluContext(), opts.signal));
      yield* run({ type: 'utterance', text, nlu }, opts.signal);
    },
    handleDtmf: (digit) => run({ type: 'dtmf', digit }),
    nluContext,
    // A caller who hangs up after booking still booked.
    outcome: () => state.outcome ?? state.pendingOutcome,
    done: () => state.phase === 'done',
    state: () => state,
  };
}

function describe(a: Extract<DialogueAction, { type: 'book' }>): string {
  const lines = [`Booked by phone for ${a.customerName}${a.customerPhone ? ` (${a.customerPhone})` : ''}.`];
  for (const [k, v] of Object.entries(a.details)) lines.push(`${k}: ${v}`);
  return lines.join('\n');
}
