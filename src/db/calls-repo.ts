// Call rows: created by the webhook, finalized when the stream stops. All writes go through the
// write queue so neither the webhook nor the media socket waits on the disk.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from './client.ts';
import type { WriteQueue } from './write-queue.ts';
import { calls, callTurns, type CallStatus, type NewCallTurn } from './schema.ts';

export interface NewCallInput {
  id: string;
  orgId: string;
  callSid: string;
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
        callSid: c.callSid,
        callerPhone: c.callerPhone,
        region: c.region,
        status: 'ringing',
        streamToken: c.streamToken,
        startedAt: new Date(c.startedAt),
      })
      .onConflictDoNothing({ target: calls.callSid }),
  );
}

/**
 * The call row a CallSid already has (answered by another process, or before a restart), so a
 * repeated webhook reuses its id; its stream token is null once a stream has started.
 */
export async function findCallBySid(
  db: Db,
  callSid: string,
): Promise<{ id: string; streamToken: string | null } | null> {
  const [row] = await db
    .select({ id: calls.id, streamToken: calls.streamToken })
    .from(calls)
    .where(eq(calls.callSid, callSid))
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
      })
      .where(eq(calls.id, f.callId)),
  );
}

export function queueTurn(q: WriteQueue, turn: NewCallTurn): void {
  q.enqueue('turn.insert', (db) => db.insert(callTurns).values(turn).onConflictDoNothing());
}

/** Twilio's status callback: record what Twilio says unless the stream already finalized the call. */
export function queueStatusCallback(q: WriteQueue, callSid: string, status: CallStatus, durationSeconds: number | null): void {
  q.enqueue('call.status', async (db) => {
    const terminal = ['completed', 'busy', 'failed', 'no-answer', 'canceled'].includes(status);
    await db
      .update(calls)
      .set({
        ...(terminal ? { status } : {}),
        ...(durationSeconds !== null ? { durationSeconds } : {}),
      })
      .where(and(eq(calls.callSid, callSid), isNull(calls.endedAt)));
    if (terminal && durationSeconds !== null) {
      await db
        .update(calls)
        .set({ endedAt: new Date() })
        .where(and(eq(calls.callSid, callSid), isNull(calls.endedAt)));
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
      .set({ status: 'interrupted', endedAt: new Date(now), durationSeconds: Math.max(0, (now - c.startedAt.getTime()) / 1000) })
      .where(eq(calls.id, c.id));
  }
  return open.length;
}
