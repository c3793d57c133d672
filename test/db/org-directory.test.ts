// The organization cache answers from memory for its TTL, and forgets businesses nobody has
// called for longer than that: memory follows recent calls, not every business since start.
import { expect, test } from 'bun:test';
import { OrgDirectory } from '../../src/db/orgs-repo.ts';
import { memoryDb, seedOrg } from '../api/seed.ts';

test('answers within the TTL come from memory; stale ones are dropped on the next lookup', async () => {
  const handle = await memoryDb();
  let now = 1_000_000;
  const dir = new OrgDirectory(handle.db, { ttlMs: 5000, clock: { now: () => now } });
  const orgs: Array<{ id: string; phone: string }> = [];
  for (let i = 0; i < 20; i++) {
    const phone = `+1737555${String(1000 + i)}`;
    orgs.push({ id: await seedOrg(handle.db, { phone, name: `Shop ${i}` }), phone });
  }
  for (const o of orgs) expect((await dir.findByPhone(o.phone))?.id).toBe(o.id);
  expect(dir.cached).toEqual({ byPhone: 20, byId: 20 });

  // Within the TTL the answer is the cached one.
  now += 4000;
  expect((await dir.findById(orgs[0]!.id))?.name).toBe('Shop 0');

  // Past it, the next lookup sweeps every stale answer away and only the fresh one stays.
  now += 6000;
  expect((await dir.findByPhone(orgs[3]!.phone))?.id).toBe(orgs[3]!.id);
  expect(dir.cached).toEqual({ byPhone: 1, byId: 1 });
  // A number nobody owns is cached (as nobody) and swept like the rest.
  expect(await dir.findByPhone('+15005550000')).toBeNull();
  expect(dir.cached.byPhone).toBe(2);
  now += 6000;
  await dir.findById(orgs[5]!.id);
  expect(dir.cached).toEqual({ byPhone: 0, byId: 1 });
});
