import { afterEach, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { openDb, type DbHandle } from '../../src/db/client.ts';
import { WriteQueue } from '../../src/db/write-queue.ts';
import { calls, organizations } from '../../src/db/schema.ts';
import { createLogger } from '../../src/log.ts';

const quiet = createLogger();
let handle: DbHandle | null = null;
let dir: string | null = null;
afterEach(() => {
  handle?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  handle = null;
  dir = null;
});

async function fileDb(): Promise<DbHandle> {
  dir = mkdtempSync(join(tmpdir(), 'wq-'));
  handle = await openDb({ url: `file:${join(dir, 'q.db')}` });
  await handle.db
    .insert(organizations)
    .values({ id: 'o1', name: 'A', phoneNumber: '+15125550100', timezone: 'UTC', vertical: 'hvac' });
  return handle;
}

const callRow = (i: number) => ({
  id: `c${i}`,
  orgId: 'o1',
  carrierCallId: `CA${String(i).padStart(32, '0')}`,
  status: 'ringing' as const,
  startedAt: new Date(),
  transcript: 'x'.repeat(2000),
});

test('writes are batched into transactions and land in order', async () => {
  const h = await fileDb();
  const q = new WriteQueue(h.db, { log: quiet });
  for (let i = 0; i < 50; i++) q.enqueue('call', (db) => db.insert(calls).values(callRow(i)));
  q.enqueue('update', (db) => db.update(calls).set({ status: 'completed' }).where(eq(calls.id, 'c49')));
  expect(q.size).toBe(51); // nothing awaited: enqueue returns at once
  await q.flush();
  const [n] = await h.db.select({ n: count() }).from(calls);
  expect(n!.n).toBe(50);
  const [last] = await h.db.select().from(calls).where(eq(calls.id, 'c49'));
  expect(last!.status).toBe('completed');
  expect(q.stats.batches).toBe(1);
});

test('a full disk keeps every write queued, and they land once space returns', async () => {
  const h = await fileDb();
  const q = new WriteQueue(h.db, { log: quiet, maxBackoffMs: 20 });
  // Cap the database at its current size: the next page it needs fails with SQLITE_FULL.
  const pages = Number((await h.client.execute('PRAGMA page_count')).rows[0]![0]);
  await h.client.execute(`PRAGMA max_page_count = ${pages}`);
  for (let i = 0; i < 40; i++) q.enqueue('call', (db) => db.insert(calls).values(callRow(i)));
  await q.flush();
  expect(q.size).toBe(40); // refused, not dropped
  expect(q.stats.retries).toBeGreaterThan(0);
  const [before] = await h.db.select({ n: count() }).from(calls);
  expect(before!.n).toBe(0);
  await h.client.execute('PRAGMA max_page_count = 1000000');
  await q.flush(5);
  expect(q.size).toBe(0);
  const [after] = await h.db.select({ n: count() }).from(calls);
  expect(after!.n).toBe(40);
});

test('one bad write is isolated; the rest of its batch still lands', async () => {
  const h = await fileDb();
  const q = new WriteQueue(h.db, { log: quiet });
  q.enqueue('ok1', (db) => db.insert(calls).values(callRow(1)));
  q.enqueue('bad', (db) => db.insert(calls).values({ ...callRow(2), orgId: 'no-such-org' })); // foreign key violation
  q.enqueue('ok3', (db) => db.insert(calls).values(callRow(3)));
  await q.flush();
  const rows = await h.db.select({ id: calls.id }).from(calls);
  expect(rows.map((r) => r.id).sort()).toEqual(['c1', 'c3']);
  expect(q.stats.rejected).toBe(1);
});

test('enqueueAndWait resolves once the write is durable', async () => {
  const h = await fileDb();
  const q = new WriteQueue(h.db, { log: quiet });
  await q.enqueueAndWait('call', (db) => db.insert(calls).values(callRow(7)));
  const rows = await h.db.select().from(calls).where(eq(calls.id, 'c7'));
  expect(rows).toHaveLength(1);
});
