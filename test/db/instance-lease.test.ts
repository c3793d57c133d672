// Instances sharing a database: a call is ended as interrupted only when the instance serving it
// has gone quiet past the lease (by a survivor) or restarts under its own name, never while its
// instance is beating, and never a call that already ended.
import { afterEach, beforeEach, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { openDb, type DbHandle } from '../../src/db/client.ts';
import { calls, instances, organizations, type CallStatus } from '../../src/db/schema.ts';
import { beat, interruptOwnCalls, sweepQuietInstances } from '../../src/db/instances-repo.ts';

const T0 = Date.UTC(2026, 10, 23, 16);
const LEASE = 30_000;
let h: DbHandle;

beforeEach(async () => {
  h = await openDb({ url: ':memory:' });
  await h.db
    .insert(organizations)
    .values({ id: 'o1', name: 'A', phoneNumber: '+15125550100', timezone: 'UTC', vertical: 'hvac' });
});
afterEach(() => h.close());

let seq = 0;
async function call(instanceId: string | null, status: CallStatus = 'in-progress', ended = false): Promise<string> {
  const id = `c${seq++}`;
  await h.db.insert(calls).values({
    id,
    orgId: 'o1',
    carrierCallId: `CA${id}`,
    status,
    region: 'east',
    instanceId,
    startedAt: new Date(T0 - 60_000),
    ...(ended ? { endedAt: new Date(T0 - 1000) } : {}),
  });
  return id;
}
const statusOf = async (id: string) => (await h.db.select().from(calls).where(eq(calls.id, id)))[0]!;

test('a survivor sweeps the open calls of an instance silent past the lease, and only those', async () => {
  await beat(h.db, 'a', 'east', T0);
  await beat(h.db, 'b', 'east', T0);
  const onA = await call('a');
  const ringingOnA = await call('a', 'ringing');
  const endedOnA = await call('a', 'completed', true);
  const onB = await call('b');

  // A is still within its lease: nothing happens.
  await beat(h.db, 'b', 'east', T0 + LEASE);
  expect(await sweepQuietInstances(h.db, 'b', T0 + LEASE, LEASE)).toBe(0);
  expect((await statusOf(onA)).status).toBe('in-progress');

  // A stops beating; B goes on and sweeps once the lease has run out.
  await beat(h.db, 'b', 'east', T0 + LEASE + 1);
  expect(await sweepQuietInstances(h.db, 'b', T0 + LEASE + 1, LEASE)).toBe(2);
  for (const id of [onA, ringingOnA]) {
    const row = await statusOf(id);
    expect(row.status).toBe('interrupted');
    expect(row.endedAt!.getTime()).toBe(T0 + LEASE + 1);
    expect(row.durationSeconds).toBeCloseTo(90.001, 3);
  }
  expect((await statusOf(endedOnA)).status).toBe('completed');
  // The quiet instance is forgotten (a run without INSTANCE_ID never comes back under its name).
  expect((await h.db.select().from(instances)).map((i) => i.id)).toEqual(['b']);
  expect((await statusOf(onB)).status).toBe('in-progress');
  // Never its own calls, however late its own beat.
  expect(await sweepQuietInstances(h.db, 'b', T0 + 10 * LEASE, LEASE)).toBe(0);
  expect((await statusOf(onB)).status).toBe('in-progress');
});

test('a restart under the same name ends its own calls at once, and the region’s unowned ones', async () => {
  await beat(h.db, 'a', 'east', T0);
  await beat(h.db, 'b', 'east', T0);
  const onA = await call('a');
  const onB = await call('b');
  const legacy = await call(null);
  expect(await interruptOwnCalls(h.db, 'a', 'east', T0 + 5)).toBe(2);
  expect((await statusOf(onA)).status).toBe('interrupted');
  expect((await statusOf(legacy)).status).toBe('interrupted');
  expect((await statusOf(onB)).status).toBe('in-progress');
});
