// Call rows: created by the webhook, finalized when the stream stops. All writes go through the
// write queue so neither the webhook nor the media socket waits on the disk.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import type { WriteQueue } from './write-queue.ts';
import { calls, callTurns, type CallStatus, type NewCallTurn } from './schema.ts';

/** A call as its carrier names it (the same shape as the call registry's). */
export interface CarrierCallKey {
  carrier: string;
  carrierCallId: string;
}

const byCarrierId = (k: CarrierCallKey) => and(eq(calls.carrier, k.carrier), eq(calls.carrierCallId, k.carrierCallId));

export interface NewCallInput extends CarrierCallKey {
  id: string;
  orgId: string;
  callerPhone: string | null;
  region: string;
  /** The instance answering; it owns the call until a stream claims it. */
  instanceId: string;
  startedAt: number;
  /** Until when the call's stream token may open its stream (epoch ms). */
  streamExpiresAt: number;
}

/** The call row for a carrier call, whichever instance wrote it. */
export interface AdmittedRow {
  id: string;
  orgId: string;
  streamExpiresAt: number | null;
  /** The stream has started (or the call ended): its token opens nothing. */
  spent: boolean;
  /** This answer created the row (else the carrier asked before, here or on another instance). */
  created: boolean;
}

/**
 * Creates the call row, or finds the one a previous answer for this carrier call created (a repeat,
 * on any instance). Awaited by the webhook: the row exists before the carrier is told to open the
 * stream, so the stream's claim finds it wherever it lands.
 */
export async function admitCallRow(db: Db, c: NewCallInput): Promise<AdmittedRow> {
  const inserted = await db
    .insert(calls)
    .values({
      id: c.id,
      orgId: c.orgId,
      carrier: c.carrier,
      carrierCallId: c.carrierCallId,
      callerPhone: c.callerPhone,
      region: c.region,
      instanceId: c.instanceId,
      status: 'ringing',
      startedAt: new Date(c.startedAt),
      streamExpiresAt: new Date(c.streamExpiresAt),
    })
    .onConflictDoNothing({ target: [calls.carrier, calls.carrierCallId] })
    .returning({ id: calls.id });
  if (inserted.length > 0) {
    return { id: c.id, orgId: c.orgId, streamExpiresAt: c.streamExpiresAt, spent: false, created: true };
  }
  const [row] = await db
    .select({
      id: calls.id,
      orgId: calls.orgId,
      streamExpiresAt: calls.streamExpiresAt,
      streamClaimedAt: calls.streamClaimedAt,
      streamToken: calls.streamToken,
      status: calls.status,
      endedAt: calls.endedAt,
    })
    .from(calls)
    .where(byCarrierId(c));
  if (!row) throw new Error('call row vanished between insert and read');
  // Rows from before signed tokens: a started stream had its stored token cleared.
  const legacyStarted = row.streamExpiresAt === null && row.streamToken === null && row.status !== 'ringing';
  return {
    id: row.id,
    orgId: row.orgId,
    streamExpiresAt: row.streamExpiresAt?.getTime() ?? null,
    spent: row.streamClaimedAt !== null || row.endedAt !== null || legacyStarted,
    created: false,
  };
}

export interface StreamClaim {
  callId: string;
  orgId: string;
  carrier: string;
  carrierCallId: string;
  streamSid: string;
  instanceId: string;
  now: number;
}

/**
 * Spends the call's stream token: one atomic update that only the first stream of a call that has
 * not ended can make. The one database round trip of a stream's start. Null when refused.
 */
export async function claimStream(db: Db, c: StreamClaim): Promise<{ callerPhone: string | null } | null> {
  const [row] = await db
    .update(calls)
    .set({ streamClaimedAt: new Date(c.now), status: 'in-progress', streamSid: c.streamSid, instanceId: c.instanceId })
    .where(
      and(
        eq(calls.id, c.callId),
        eq(calls.orgId, c.orgId),
        byCarrierId(c),
        isNull(calls.streamClaimedAt),
        isNull(calls.endedAt),
      ),
    )
    .returning({ callerPhone: calls.callerPhone });
  return row ?? null;
}

export function queueStreamStarted(q: WriteQueue, callId: string, streamSid: string): void {
  q.enqueue('call.stream', (db) =>
    db.update(calls).set({ status: 'in-progress', streamSid, streamToken: null }).where(eq(calls.id, callId)),
  );
}

export interface CallFinal {
  callId: string;
  status: CallStatus;
  endedAt: number;
  durationSeconds: number;
  outcome?: string | null;
  bookingWanted?: boolean;
  transcript?: string | null;
  cost?: number | null;
  usage?: Record<string, number> | null;
  noAudioSentences?: number;
  recordingPath?: string | null;
  summary?: string | null;
  /**
   * A later leg of the call (back from a transfer nobody answered): its transcript follows the
   * earlier legs', and its usage, cost and duration add to theirs.
   */
  laterLeg?: boolean;
  language?: string;
}

export function queueCallEnd(q: WriteQueue, f: CallFinal): void {
  q.enqueue('call.final', (db) =>
    db
      .update(calls)
      .set({
        status: f.status,
        endedAt: new Date(f.endedAt),
        durationSeconds: f.laterLeg
          ? sql`coalesce(${calls.durationSeconds}, 0) + ${f.durationSeconds}`
          : f.durationSeconds,
        ...(f.outcome !== undefined ? { outcome: f.outcome } : {}),
        ...(f.bookingWanted !== undefined ? { bookingWanted: f.bookingWanted } : {}),
        ...(f.transcript !== undefined
          ? { transcript: f.laterLeg && f.transcript !== null ? appended(f.transcript) : f.transcript }
          : {}),
        ...(f.summary !== undefined ? { summary: f.summary } : {}),
        ...(f.cost != null ? { cost: f.laterLeg ? addedCost(f.cost) : f.cost } : {}),
        ...(f.usage != null ? { usage: f.laterLeg ? addedUsage(f.usage) : f.usage } : {}),
        ...(f.noAudioSentences !== undefined ? { noAudioSentences: f.noAudioSentences } : {}),
        ...(f.recordingPath !== undefined ? { recordingPath: f.recordingPath } : {}),
        ...(f.language !== undefined ? { language: f.language } : {}),
      })
      .where(eq(calls.id, f.callId)),
  );
}

export interface LateSummary {
  /** The stored summary this one replaces: a later leg that stored its own meanwhile keeps it. */
  replaces: string;
  /** The new summary; absent when the dialogue's stands. */
  summary?: string;
  /** What writing it used and cost, added to the call's whichever summary is kept. */
  spent?: { usage: Record<string, number>; cost: number | null };
}

/** What writing the summary after the call's final row (the LLM's) changed: its text, its cost. */
export function queueCallSummary(q: WriteQueue, callId: string, s: LateSummary): void {
  q.enqueue('call.summary', async (db) => {
    if (s.summary !== undefined)
      await db
        .update(calls)
        .set({ summary: s.summary })
        .where(and(eq(calls.id, callId), eq(calls.summary, s.replaces)));
    if (s.spent)
      await db
        .update(calls)
        .set({
          usage: addedUsage(s.spent.usage),
          ...(s.spent.cost !== null ? { cost: addedCost(s.spent.cost) } : {}),
        })
        .where(eq(calls.id, callId));
  });
}

/** The stored usage with each of `add`'s counts added (one statement: order-free between writers). */
function addedUsage(add: Record<string, number>) {
  const pairs = Object.entries(add).map(
    ([key, n]) => sql`${`$.${key}`}, coalesce(json_extract(${calls.usage}, ${`$.${key}`}), 0) + ${n}`,
  );
  if (pairs.length === 0) return sql`${calls.usage}`;
  return sql`json_set(coalesce(${calls.usage}, '{}'), ${sql.join(pairs, sql`, `)})`;
}

const addedCost = (usd: number) => sql`coalesce(${calls.cost}, 0) + ${usd}`;

const appended = (text: string) => sql`coalesce(${calls.transcript} || char(10), '') || ${text}`;

export function queueTurn(q: WriteQueue, turn: NewCallTurn): void {
  q.enqueue('turn.insert', (db) => db.insert(callTurns).values(turn).onConflictDoNothing());
}

const TERMINAL = new Set<CallStatus>(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

/** A carrier's status report: recorded unless the stream already finalized the call. */
export function queueStatusCallback(
  q: WriteQueue,
  key: CarrierCallKey,
  status: CallStatus | 'queued',
  durationSeconds: number | null,
): void {
  q.enqueue('call.status', async (db) => {
    const terminal = status !== 'queued' && TERMINAL.has(status) ? status : null;
    await db
      .update(calls)
      .set({
        ...(terminal ? { status: terminal } : {}),
        ...(durationSeconds !== null ? { durationSeconds } : {}),
      })
      .where(and(byCarrierId(key), isNull(calls.endedAt)));
    if (terminal && durationSeconds !== null) {
      await db
        .update(calls)
        .set({ endedAt: new Date() })
        .where(and(byCarrierId(key), isNull(calls.endedAt)));
    }
  });
}
