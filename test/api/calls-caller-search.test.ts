// Operators find a caller's calls by any part of the number, however it is typed.
import { afterEach, expect, test } from 'bun:test';
import { harness, newOrg, type Harness } from './harness.ts';
import { seedCall } from './seed.ts';

let t: Harness;
afterEach(() => t?.close());

test('GET /calls?caller= matches digits anywhere in the caller’s number', async () => {
  t = await harness();
  const org = (await t.call('POST', '/orgs', { body: newOrg() })).body.id as string;
  const maria = await seedCall(t.h.db, { orgId: org, startedAt: Date.UTC(2025, 2, 9), callerPhone: '+15125550123' });
  await seedCall(t.h.db, { orgId: org, startedAt: Date.UTC(2025, 2, 9, 1), callerPhone: '+13125559876' });
  const find = async (caller: string) =>
    (await t.call('GET', `/calls?caller=${encodeURIComponent(caller)}`)).body.data.map((c: { id: string }) => c.id);
  expect(await find('555-0123')).toEqual([maria]);
  expect(await find('(512) 555')).toEqual([maria]);
  expect((await find('555')).length).toBe(2);
  expect((await t.call('GET', '/calls?caller=abc')).status).toBe(400);
});
