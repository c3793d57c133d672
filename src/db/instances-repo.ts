// Instances sharing the database and their heartbeats. Each call row names the instance serving it;
// when an instance stops beating (killed, host lost) a survivor marks its open calls interrupted,
// and a restarted instance (same INSTANCE_ID) does so for its own at once.
import { and, eq, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { calls, instances } from './schema.ts';

const OPEN: Array<'ringing' | 'in-progress'> = ['ringing', 'in-progress'];

/** Records that the instance is alive (first call registers it). */
export async function beat(db: Db, id: string, region: string, now: number): Promise<void> {
  await db
    .insert(instances)
    .values({ id, region, startedAt: new Date(now), heartbeatAt: new Date(now) })
    .onConflictDoUpdate({ target: instances.id, set: { heartbeatAt: new Date(now) } });
}

const interrupt = (now: number) => ({
  status: 'interrupted' as const,
  endedAt: new Date(now),
  durationSeconds: sql`max(0, (${now} - ${calls.startedAt}) / 1000.0)`,
});

/**
 * At start-up: calls a previous run of this instance left open never got their end. Rows written
 * before calls named their instance are this region's, as they were before instances shared a region.
 */
export async function interruptOwnCalls(db: Db, id: string, region: string, now: number): Promise<number> {
  const rows = await db
    .update(calls)
    .set(interrupt(now))
    .where(
      and(
        isNull(calls.endedAt),
        inArray(calls.status, OPEN),
        or(eq(calls.instanceId, id), and(isNull(calls.instanceId), eq(calls.region, region))),
      ),
    )
    .returning({ id: calls.id });
  return rows.length;
}

/**
 * Open calls of instances whose last heartbeat is older than the lease: marked interrupted, and the
 * quiet instances forgotten (one that was only stalled registers again with its next beat).
 */
export async function sweepQuietInstances(db: Db, self: string, now: number, leaseMs: number): Promise<number> {
  const isQuiet = and(lt(instances.heartbeatAt, new Date(now - leaseMs)), ne(instances.id, self));
  const quiet = db.select({ id: instances.id }).from(instances).where(isQuiet);
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(calls)
      .set(interrupt(now))
      .where(and(isNull(calls.endedAt), inArray(calls.status, OPEN), inArray(calls.instanceId, quiet)))
      .returning({ id: calls.id });
    await tx.delete(instances).where(isQuiet);
    return rows.length;
  });
}
