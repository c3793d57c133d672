// Scenario files: a business, a moment in time, a calendar, what the caller says, and what should
// happen. Each runs as a real call through a carrier's webhook and media stream (Twilio by default,
// or Telnyx), so the same scenarios prove both carriers.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { CALL_OUTCOMES } from '../outcomes.ts';
import type { SimEnv } from './sim-env.ts';
import {
  newCarrierCallId,
  placeSimulatedCall,
  reconnectTwilio,
  SIM_CARRIERS,
  type SimCarrier,
  type SimulatedLine,
} from './simulated-call.ts';
import type { SimDial } from './sim-env.ts';
import { speechAudio, silence } from './caller-audio.ts';
import { createOrganization, DuplicatePhoneError } from '../orgs/create-org.ts';
import { bookings, calendarEvents, callTurns, calls, messages, notifications } from '../db/schema.ts';

const Instant = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'must be an ISO 8601 instant');
const ExpectedBooking = z.object({
  customerName: z.string(),
  service: z.string(),
  start: Instant,
  customerPhone: z.string().optional(),
  durationMinutes: z.number().int().positive().optional(),
});

/** What the call's booking must also carry: its service address and intake answers (by question id). */
const ExpectedIntake = z.object({
  address: z.string().optional(),
  intake: z.record(z.string(), z.string()).optional(),
});

export const Outcome = z.enum(CALL_OUTCOMES);

/** The caller says nothing for this long (line time: sent as silent audio, compressed). */
const SilenceTurn = z
  .object({
    silence: z
      .number()
      .positive()
      .max(4 * 3600),
  })
  .strict();

const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/);

export const Scenario = z.object({
  name: z.string().min(1),
  /** Carriers the scenario runs on (default: all). Transfers that come back need Twilio's Dial action. */
  carriers: z.array(z.enum(SIM_CARRIERS)).optional(),
  /** How a live transfer's dial ends: completed (answered) by default, or not answered. */
  transferAnswer: z.enum(['completed', 'busy', 'no-answer', 'failed']).default('completed'),
  org: z.object({
    template: z.enum(['hvac', 'automotive', 'dental', 'salon']),
    name: z.string().min(1),
    timezone: z.string().default('America/Chicago'),
    settings: z.record(z.string(), z.unknown()).default({}),
  }),
  now: Instant,
  callerPhone: z.string().default('+15125550123'),
  calendar: z
    .object({
      busy: z.array(z.object({ start: Instant, end: Instant })).default([]),
      bookings: z.array(ExpectedBooking.extend({ customerPhone: z.string() })).default([]),
    })
    .default({ busy: [], bookings: [] }),
  turns: z.array(
    z.union([
      z.string(),
      z.object({ text: z.string(), confidence: z.number().min(0).max(1).optional() }),
      z.object({ dtmf: z.string().regex(/^[0-9*#]$/) }),
      SilenceTurn,
    ]),
  ),
  expect: z.object({
    outcome: Outcome,
    booking: ExpectedBooking.extend(ExpectedIntake.shape).optional(),
    /** Words the assistant must have said somewhere in the call (case-insensitive). */
    said: z.array(z.string()).optional(),
    /** Words the assistant must never have said (case-insensitive), e.g. a booking's details. */
    notSaid: z.array(z.string()).optional(),
    /** Every seeded booking is still confirmed at its seeded time after the call. */
    bookingsUnchanged: z.boolean().optional(),
    /** Words one notification of the call must contain (case-insensitive), e.g. a message for the business. */
    notified: z.array(z.string()).optional(),
    /** true: the assistant ended the call (hung up); false: the caller did. */
    assistantHungUp: z.boolean().optional(),
    /** A live transfer was placed to `to`; warm ones whisper words containing `whisper`. */
    transfer: z.object({ to: E164, whisper: z.string().optional(), callerId: z.boolean().optional() }).optional(),
    /** A message was stored: the caller's name, callback number and words containing `body`. */
    message: z
      .object({ name: z.string().optional(), callbackPhone: E164.optional(), body: z.string().optional() })
      .optional(),
    /** Words the call's stored summary must contain (case-insensitive). */
    summary: z.array(z.string()).optional(),
  }),
});

export type Scenario = z.infer<typeof Scenario>;

/** A scenario file, parsed and checked (throws with the problems when it is not a scenario). */
export function readScenario(path: string): Scenario {
  return Scenario.parse(JSON.parse(readFileSync(path, 'utf8')));
}

export interface TurnRecord {
  caller: string | null;
  assistant: string;
  latencyMs: number | null;
}

export interface ScenarioResult {
  name: string;
  pass: boolean;
  outcome: string | null;
  reason: string;
  turns: TurnRecord[];
  audioBytes: number;
  /** Assistant audio bytes received while waiting for each reply (greeting first, then one per caller turn). */
  replyAudioBytes?: number[];
  callId: string | null;
}

/** A fresh business number for each scenario, so scenarios sharing a database never collide. */
function uniquePhone(): string {
  return `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
}

const sameInstant = (a: Date | string, b: Date | string) => new Date(a).getTime() === new Date(b).getTime();
const sameText = (a: string | null | undefined, b: string) => (a ?? '').trim().toLowerCase() === b.trim().toLowerCase();

/** Creates the scenario's business on a fresh number and seeds its calendar. */
export async function prepareScenario(
  env: SimEnv,
  scenario: Scenario,
  existing?: ExistingOrg,
): Promise<{ org: { id: string }; phone: string }> {
  const db = env.app.rt.db.db;
  let phone = existing?.phone ?? uniquePhone();
  let org: { id: string } | undefined = existing ? { id: existing.id } : undefined;
  for (let attempt = 0; !existing; attempt++) {
    try {
      org = await createOrganization(db, {
        template: scenario.org.template,
        name: scenario.org.name,
        phoneNumber: phone,
        timezone: scenario.org.timezone,
        settings: scenario.org.settings,
      });
      break;
    } catch (e) {
      if (!(e instanceof DuplicatePhoneError) || attempt > 5) throw e;
      phone = uniquePhone();
    }
  }
  if (!org) throw new Error('the scenario has no business');
  for (const b of scenario.calendar.busy) {
    await db
      .insert(calendarEvents)
      .values({ id: randomUUID(), orgId: org.id, startAt: new Date(b.start), endAt: new Date(b.end), title: 'Busy' });
  }
  for (const b of scenario.calendar.bookings) {
    const start = new Date(b.start);
    const duration = b.durationMinutes ?? 60;
    const eventId = randomUUID();
    await db.insert(calendarEvents).values({
      id: eventId,
      orgId: org.id,
      startAt: start,
      endAt: new Date(start.getTime() + duration * 60_000),
      title: `${b.service} – ${b.customerName}`,
    });
    await db.insert(bookings).values({
      id: randomUUID(),
      orgId: org.id,
      customerName: b.customerName,
      customerPhone: b.customerPhone,
      serviceType: b.service,
      appointmentTime: start,
      durationMinutes: duration,
      status: 'confirmed',
      externalEventId: eventId,
    });
  }

  return { org: org!, phone };
}

/** A business that already exists (made through the API): the call goes to it as it is. */
export interface ExistingOrg {
  id: string;
  phone: string;
}

export interface RunOptions {
  keepAudio?: boolean;
  /** Call this business instead of creating the scenario's own. */
  org?: ExistingOrg;
  /** The carrier the call comes through (default twilio). */
  carrier?: SimCarrier;
}

export async function runScenario(
  env: SimEnv,
  scenario: Scenario,
  opts: RunOptions = {},
): Promise<ScenarioResult & { audio?: Uint8Array }> {
  // The call as heard on the line, in order: assistant replies and the caller's turns.
  const timeline: Uint8Array[] = [];
  let heardUpTo = 0;
  const takeAssistantAudio = () => {
    const all = stream.received;
    for (; heardUpTo < all.length; heardUpTo++) timeline.push(all[heardUpTo]!);
  };
  const db = env.app.rt.db.db;
  const { org, phone } = await prepareScenario(env, scenario, opts.org);

  const carrier = opts.carrier ?? 'twilio';
  const carrierCallId = newCarrierCallId(carrier);
  const lines = scenario.turns.filter(
    (t): t is string | { text: string; confidence?: number } => typeof t === 'string' || 'text' in t,
  );
  const placed = await placeSimulatedCall(env, {
    carrier,
    carrierCallId,
    to: phone,
    from: scenario.callerPhone,
    simulatedNow: scenario.now,
  });
  let stream: SimulatedLine = placed.line;
  const dials: SimDial[] = [];
  // A transfer: our side closes the stream after redirecting the call. The account reports how the
  // dial ended; a call that comes back connects a new stream, and the caller goes on.
  const afterTransfer = async (): Promise<'end' | 'closed' | 'timeout'> => {
    if (carrier !== 'twilio' || !env.twilio || dials.length > 0) return 'closed';
    // Only a reply that hands the call over (its end mark says so) is followed by a dial.
    if (!stream.lastMark?.endsWith('.handoff.end')) return 'closed';
    const dial = await env.twilio.waitForDial(carrierCallId, 15_000);
    if (!dial) return 'closed';
    dials.push(dial);
    // The first leg's recognizer stream ended the call's script; the new leg hears what is left.
    env.deepgram.setScript(callId ?? carrierCallId, lines.slice(seed));
    const back = dial.actionTwiml ? await reconnectTwilio(env, carrierCallId, dial.actionTwiml) : null;
    if (!back) return 'closed';
    takeAssistantAudio();
    stream = back;
    heardUpTo = 0;
    counted = 0;
    return heard();
  };
  if (env.twilio && carrier === 'twilio') {
    const to = (scenario.org.settings.transfer as { main?: string; emergency?: string } | undefined) ?? {};
    for (const n of [to.main, to.emergency]) if (n) env.twilio.setDialStatus(n, scenario.transferAnswer);
  }
  const callId = placed.callId;
  // The ASR session is tagged with our call id; the caller speaks only after the greeting.
  env.deepgram.setScript(callId ?? carrierCallId, lines);

  const replyEnd = () => stream.waitForReplyEnd(15_000);

  let reason = '';
  const replyAudioBytes: number[] = [];
  // Counted from the end of the previous reply, so audio that arrives before we start waiting
  // (the greeting, on a fast line) still belongs to its reply.
  let counted = 0;
  const heard = async () => {
    const s = await replyEnd();
    replyAudioBytes.push(stream.stats.bytesReceived - counted);
    counted = stream.stats.bytesReceived;
    return s;
  };
  let state = await heard(); // the greeting
  let seed = 0;
  for (const turn of scenario.turns) {
    if (state === 'closed') state = await afterTransfer();
    if (state !== 'end') break;
    takeAssistantAudio();
    if (typeof turn === 'object' && 'dtmf' in turn) {
      stream.sendDtmf(turn.dtmf);
    } else if (typeof turn === 'object' && 'silence' in turn) {
      // Carriers stream silence as audio too; the assistant's answer to it (a prompt or a
      // goodbye and hang-up) is what this turn waits for.
      const quiet = silence(turn.silence * 1000);
      stream.sendAudio(quiet);
      if (opts.keepAudio) timeline.push(quiet);
    } else {
      const text = typeof turn === 'string' ? turn : turn.text;
      const speech = speechAudio(text, seed++);
      // Enough trailing silence for the ASR's endpointing and its utterance-end gap.
      const pause = silence(1300);
      stream.sendAudio(speech);
      stream.sendAudio(pause);
      if (opts.keepAudio) timeline.push(speech, silence(300));
    }
    state = await heard();
    // A reply that hands the call over: our side closes the line once the carrier has moved it.
    if (state === 'end' && stream.lastMark?.endsWith('.handoff.end')) {
      state = await Promise.race([stream.waitClosed().then(() => 'closed' as const), replyEnd()]);
    }
  }
  if (state === 'closed' || scenario.expect.transfer) {
    if (state === 'end') state = await Promise.race([stream.waitClosed().then(() => 'closed' as const), replyEnd()]);
    if (state === 'closed') state = await afterTransfer();
  }
  // A goodbye's last mark comes just before the hang-up: wait for it when one is expected.
  if (state === 'end' && scenario.expect.assistantHungUp) {
    state = await Promise.race([stream.waitClosed().then(() => 'closed' as const), replyEnd()]);
  }
  takeAssistantAudio();
  const assistantHungUp = state === 'closed';
  if (state === 'timeout') reason = 'the assistant did not finish a reply within 15 s';
  if (!stream.isClosed) {
    stream.stop();
    await Promise.race([stream.waitClosed(), Bun.sleep(2000)]);
  }
  // Let the session finish its end-of-call bookkeeping, then make the write queue durable.
  for (let i = 0; i < 100 && env.app.rt.registry.liveCount > 0; i++) await Bun.sleep(10);
  await env.app.rt.writes.flush(3);

  const result: ScenarioResult & { audio?: Uint8Array } = {
    name: scenario.name,
    pass: false,
    outcome: null,
    reason,
    turns: [],
    audioBytes: stream.audio().length,
    replyAudioBytes,
    callId,
  };
  if (opts.keepAudio) result.audio = new Uint8Array(Buffer.concat(timeline));
  if (!callId) {
    result.reason = `no call id in the ${carrier} answer`;
    return result;
  }
  const [row] = await db.select().from(calls).where(eq(calls.id, callId));
  const turnRows = await db.select().from(callTurns).where(eq(callTurns.callId, callId)).orderBy(asc(callTurns.index));
  result.turns = turnRows.map((t) => ({
    caller: t.callerText,
    assistant: t.assistantText ?? '',
    latencyMs: t.latencyMs,
  }));
  result.outcome = row?.outcome ?? null;
  if (!row) {
    result.reason = 'call row missing';
    return result;
  }
  const problems: string[] = [];
  if (reason) problems.push(reason);
  if (row.endedAt === null) problems.push('call row not finalized');
  if (row.outcome !== scenario.expect.outcome)
    problems.push(`outcome ${row.outcome ?? 'none'}, expected ${scenario.expect.outcome}`);
  const exp = scenario.expect.booking;
  if (exp) {
    const rows = await db
      .select()
      .from(bookings)
      .where(and(eq(bookings.orgId, org.id)));
    const match = rows.find(
      (b) =>
        b.status !== 'cancelled' &&
        sameText(b.customerName, exp.customerName) &&
        sameText(b.serviceType, exp.service) &&
        sameInstant(b.appointmentTime, exp.start),
    );
    if (match) problems.push(...intakeProblems(match, exp));
    if (!match) {
      const seen =
        rows
          .map((b) => `${b.customerName}/${b.serviceType}/${b.appointmentTime.toISOString()}/${b.status}`)
          .join(', ') || 'none';
      problems.push(
        `no booking ${exp.customerName}/${exp.service}/${new Date(exp.start).toISOString()} (bookings: ${seen})`,
      );
    }
  }
  if (scenario.expect.outcome === 'cancelled') {
    const rows = await db.select().from(bookings).where(eq(bookings.orgId, org.id));
    if (!rows.some((b) => b.status === 'cancelled')) problems.push('no booking was cancelled');
  }
  const said = result.turns
    .map((t) => t.assistant)
    .join(' ')
    .toLowerCase();
  for (const words of scenario.expect.said ?? [])
    if (!said.includes(words.toLowerCase())) problems.push(`assistant never said "${words}"`);
  // HIPAA mode stores no turn text: "never said" would pass on nothing, so it is refused.
  const { notSaid, notified } = scenario.expect;
  if (notSaid && !said.trim()) problems.push('notSaid needs stored turn texts (none were stored: HIPAA mode?)');
  for (const words of notSaid ?? []) if (said.includes(words.toLowerCase())) problems.push(`assistant said "${words}"`);
  problems.push(...(await handoffProblems(db, org.id, callId, scenario, dials, phone)));
  if (scenario.expect.bookingsUnchanged) problems.push(...(await changedBookings(db, org.id, scenario)));
  if (notified) {
    const all = (body: string) => notified.every((w) => body.toLowerCase().includes(w.toLowerCase()));
    if (!(await waitForNotification(db, callId, all))) {
      problems.push(`no notification containing ${notified.map((w) => `"${w}"`).join(', ')}`);
    }
  }
  const hungUp = scenario.expect.assistantHungUp;
  if (hungUp !== undefined && hungUp !== assistantHungUp) {
    problems.push(hungUp ? 'the assistant did not hang up' : 'the assistant hung up');
  }
  result.pass = problems.length === 0;
  result.reason = problems.join('; ');
  return result;
}

type ScenarioDb = SimEnv['app']['rt']['db']['db'];

/** The booking's address and intake answers against the expected ones (answers compared case-insensitively). */
function intakeProblems(
  b: { address: string | null; intake: Record<string, string> | null },
  exp: z.infer<typeof ExpectedIntake>,
): string[] {
  const problems: string[] = [];
  if (exp.address !== undefined && !sameText(b.address, exp.address))
    problems.push(`booking address ${b.address ?? 'none'}, expected ${exp.address}`);
  for (const [id, value] of Object.entries(exp.intake ?? {})) {
    const got = b.intake?.[id];
    if (!sameText(got, value)) problems.push(`booking intake.${id} ${got ?? 'none'}, expected ${value}`);
  }
  return problems;
}

/** The transfer, message and summary the scenario expects, against what the account and the database saw. */
async function handoffProblems(
  db: ScenarioDb,
  orgId: string,
  callId: string,
  scenario: Scenario,
  dials: SimDial[],
  businessNumber: string,
): Promise<string[]> {
  const problems: string[] = [];
  const { transfer, message, summary } = scenario.expect;
  if (transfer) {
    const dial = dials[0];
    if (!dial) problems.push(`no transfer was dialled (expected ${transfer.to})`);
    else {
      if (dial.to !== transfer.to) problems.push(`transferred to ${dial.to}, expected ${transfer.to}`);
      if (dial.callerId !== businessNumber) problems.push(`transfer caller ID ${dial.callerId}, expected the business`);
      const w = transfer.whisper;
      if (w && !(dial.whisper ?? '').toLowerCase().includes(w.toLowerCase()))
        problems.push(`whisper "${dial.whisper ?? ''}" lacks "${w}"`);
      if (w === undefined && dial.whisper !== null) problems.push(`unexpected whisper "${dial.whisper}"`);
    }
  }
  if (message) {
    const rows = await db.select().from(messages).where(eq(messages.orgId, orgId));
    const m = rows.find((r) => r.callId === callId);
    if (!m) problems.push('no message was stored');
    else {
      if (message.name && !sameText(m.callerName, message.name)) problems.push(`message from ${m.callerName}`);
      if (message.callbackPhone && m.callbackPhone !== message.callbackPhone)
        problems.push(`message callback ${m.callbackPhone}, expected ${message.callbackPhone}`);
      if (message.body && !(m.body ?? '').toLowerCase().includes(message.body.toLowerCase()))
        problems.push(`message body "${m.body ?? ''}" lacks "${message.body}"`);
    }
  }
  if (summary) {
    const [row] = await db.select().from(calls).where(eq(calls.id, callId));
    const text = (row?.summary ?? '').toLowerCase();
    for (const w of summary)
      if (!text.includes(w.toLowerCase())) problems.push(`summary "${row?.summary}" lacks "${w}"`);
  }
  return problems;
}

/** Seeded bookings that were cancelled, moved or lost during the call. */
async function changedBookings(db: ScenarioDb, orgId: string, scenario: Scenario): Promise<string[]> {
  const rows = await db.select().from(bookings).where(eq(bookings.orgId, orgId));
  const problems: string[] = [];
  for (const b of scenario.calendar.bookings) {
    const seeded = `${b.customerName}/${b.service}`;
    const row = rows.find(
      (r) =>
        sameText(r.customerName, b.customerName) &&
        sameText(r.serviceType, b.service) &&
        r.customerPhone === b.customerPhone,
    );
    if (!row) problems.push(`seeded booking ${seeded} is gone`);
    else if (row.status !== 'confirmed' || !sameInstant(row.appointmentTime, b.start)) {
      problems.push(`seeded booking ${seeded} changed to ${row.status} at ${row.appointmentTime.toISOString()}`);
    }
  }
  return problems;
}

/** Notifications are sent off the reply path: give the call's last one a moment to land. */
async function waitForNotification(
  db: ScenarioDb,
  callId: string,
  matches: (body: string) => boolean,
): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    const rows = await db.select().from(notifications).where(eq(notifications.callId, callId));
    if (rows.some((r) => matches(r.body))) return true;
    await Bun.sleep(10);
  }
  return false;
}
