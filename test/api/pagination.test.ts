// Keyset pagination over calls: every row exactly once, newest first, even when several calls
// share a start time and new calls arrive between pages; an org key pages only its own calls.
import { afterEach, expect, test } from 'bun:test';
import { harness, T0, type Harness } from './harness.ts';
import { seedCall, seedOrg } from './seed.ts';

let t: Harness;
afterEach(() => t?.close());

async function walk(path: string, limit: number, key?: string): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res = await t.call(
      'GET',
      `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      key === undefined ? {} : { key },
    );
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeLessThanOrEqual(limit);
    ids.push(...res.body.data.map((c: { id: string }) => c.id));
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return { ids, pages };
}

test('pages through 23 calls, 5 at a time, each exactly once and newest first', async () => {
  t = await harness();
  const org = await seedOrg(t.h.db);
  const made: Array<{ id: string; at: number }> = [];
  for (let i = 0; i < 23; i++) {
    // Pairs of calls share a start time: the id breaks the tie.
    const at = T0 - Math.floor(i / 2) * 60_000;
    made.push({ id: await seedCall(t.h.db, { orgId: org, startedAt: at }), at });
  }
  const { ids, pages } = await walk('/calls', 5);
  expect(pages).toBe(5);
  expect(ids.length).toBe(23);
  expect(new Set(ids).size).toBe(23);
  const expected = [...made].sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1)).map((m) => m.id);
  expect(ids).toEqual(expected);
});

test('a call that starts while paging appears on no later page and nothing is repeated', async () => {
  t = await harness();
  const org = await seedOrg(t.h.db);
  for (let i = 0; i < 6; i++) await seedCall(t.h.db, { orgId: org, startedAt: T0 - i * 60_000 });
  const first = await t.call('GET', '/calls?limit=3');
  await seedCall(t.h.db, { orgId: org, startedAt: T0 + 60_000 }); // newer than everything
  const second = await t.call('GET', `/calls?limit=3&cursor=${first.body.nextCursor}`);
  const ids = [...first.body.data, ...second.body.data].map((c: { id: string }) => c.id);
  expect(new Set(ids).size).toBe(6);
  expect(second.body.nextCursor).toBeNull();
});

test('an org key pages through its own calls only', async () => {
  t = await harness();
  const mine = await seedOrg(t.h.db);
  const other = await seedOrg(t.h.db);
  for (let i = 0; i < 7; i++) await seedCall(t.h.db, { orgId: mine, startedAt: T0 - i * 1000 });
  for (let i = 0; i < 4; i++) await seedCall(t.h.db, { orgId: other, startedAt: T0 - i * 1000 });
  const key = await t.call('POST', `/orgs/${mine}/keys`, { body: { name: 'front desk' } });
  expect(key.status).toBe(201);
  const { ids } = await walk('/calls', 3, key.body.key);
  expect(ids.length).toBe(7);
  const all = await walk('/calls', 50);
  expect(all.ids.length).toBe(11);
});
