// Call rows: created by the webhook, finalized when the stream stops. All writes go through the
// write queue so neither the webhook nor the media socket waits on the disk.
import { and, eq, inArray, isNull } from 'drizzle-orm';
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
  streamToken: string;
  startedAt: number;
}

export function queueCallStart(q: WriteQueue, c: NewCallInput): void {
  q.enqueue('call.insert', (db) =>
    db
      .insert(calls)
      .values({
        id: c.id,
        orgId: c.orgId,
        carrier: c.carrier,
        carrierCallId: c.carrierCallId,
        callerPhone: c.callerPhone,
        region: c.region,
        status: 'ringing',
        streamToken: c.streamToken,
        startedAt: new Date(c.startedAt),
      })
      .onConflictDoNothing({ target: [calls.carrier, calls.carrierCallId] }),
  );
}

/**
 * The call row a carrier call already has (answered by another process, or before a restart), so
 * a repeated webhook reuses its id; its stream token is null once a stream has started.
 */
export async function findCallByCarrierId(
  db: Db,
  key: CarrierCallKey,
): Promise<{ id: string; streamToken: string | null } | null> {
  const [row] = await db
    .select({ id: calls.id, streamToken: calls.streamToken })
    .from(calls)
    .where(byCarrierId(key))
    .limit(1);
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
  transcript?: string | null;
  cost?: number | null;
  usage?: Record<string, number> | null;
  language?: string;
}

export function queueCallEnd(q: WriteQueue, f: CallFinal): void {
  q.enqueue('call.final', (db) =>
    db
      .update(calls)
      .set({
        status: f.status,
        endedAt: new Date(f.endedAt),
        durationSeconds: f.durationSeconds,
        ...(f.outcome !== undefined ? { outcome: f.outcome } : {}),
        ...(f.transcript !== undefined ? { transcript: f.transcript } : {}),
        ...(f.cost !== undefined ? { cost: f.cost } : {}),
        ...(f.usage !== undefined ? { usage: f.usage } : {}),
        ...(f.language !== undefined ? { language: f.language } : {}),
      })
      .where(eq(calls.id, f.callId)),
  );
}

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

/** After a crash: calls the process was serving never got their end. */
export async function markInterruptedCalls(db: Db, region: string, now: number): Promise<number> {
  // Only this region's calls: other regions sharing the primary are alive and serving theirs.
  const open = await db
    .select({ id: calls.id, startedAt: calls.startedAt })
    .from(calls)
    .where(and(isNull(calls.endedAt), eq(calls.region, region), inArray(calls.status, ['ringing', 'in-progress'])));
  for (const c of open) {
    await db
      .update(calls)
      .set({
        status: 'interrupted',
        endedAt: new Date(now),
        durationSeconds: Math.max(0, (now - c.startedAt.getTime()) / 1000),
      })
      .where(eq(calls.id, c.id));
  }
  return open.length;
}
