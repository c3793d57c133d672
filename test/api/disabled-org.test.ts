// A disabled organization's keys open nothing: no reads, no writes, no new keys. The admin key
// keeps working, and enabling the organization again restores its keys.
import { afterEach, expect, test } from 'bun:test';
import { harness, newOrg, T0, type Harness } from './harness.ts';
import { seedBooking, seedCall } from './seed.ts';

let t: Harness;
afterEach(() => t?.close());

test('every route refuses a disabled org’s key with 403; the admin still works; enable restores it', async () => {
  t = await harness();
  const org = (await t.call('POST', '/orgs', { body: newOrg() })).body.id as string;
  const key = (await t.call('POST', `/orgs/${org}/keys`, { body: { name: 'front desk' } })).body.key as string;
  const call = await seedCall(t.h.db, { orgId: org, startedAt: T0 - 60_000 });
  const booking = await seedBooking(t.h.db, { orgId: org, callId: call, appointmentTime: T0 + 86_400_000 });
  expect((await t.call('GET', `/orgs/${org}`, { key })).status).toBe(200);

  expect((await t.call('POST', `/orgs/${org}/disable`)).status).toBe(200);
  const attempts: Array<[string, string, unknown?]> = [
    ['GET', '/orgs'],
    ['GET', `/orgs/${org}`],
    ['PATCH', `/orgs/${org}`, { name: 'Still here' }],
    ['POST', `/orgs/${org}/keys`, { name: 'fresh' }],
    ['GET', '/calls'],
    ['GET', `/calls/${call}`],
    ['GET', '/bookings'],
    ['GET', `/bookings/${booking}`],
    ['POST', `/bookings/${booking}/cancel`],
    ['GET', '/notifications'],
    ['GET', '/kpis'],
    ['GET', '/phrases/status'],
    ['POST', `/orgs/${org}/phrases/rebuild`],
  ];
  for (const [method, path, body] of attempts) {
    const res = await t.call(method, path, { key, body });
    const seen = { method, path, status: res.status, code: res.body.error?.code };
    expect(seen).toEqual({ method, path, status: 403, code: 'forbidden' });
  }
  // Nothing was written by the refused requests.
  const asAdmin = await t.call('GET', `/orgs/${org}`);
  expect(asAdmin.status).toBe(200);
  expect(asAdmin.body.name).toBe('Cool Air Co');
  expect((await t.call('GET', `/bookings/${booking}`)).body.status).toBe('confirmed');
  // A key the admin issues meanwhile is refused too until the org is enabled.
  const later = (await t.call('POST', `/orgs/${org}/keys`, { body: { name: 'for re-launch' } })).body.key as string;
  expect((await t.call('GET', '/calls', { key: later })).status).toBe(403);

  expect((await t.call('POST', `/orgs/${org}/enable`)).status).toBe(200);
  expect((await t.call('GET', `/orgs/${org}`, { key })).status).toBe(200);
  expect((await t.call('GET', '/calls', { key: later })).body.data.map((c: { id: string }) => c.id)).toEqual([call]);
});

test('a revoked key of a disabled org still answers 401, not a hint about the org', async () => {
  t = await harness();
  const org = (await t.call('POST', '/orgs', { body: newOrg() })).body.id as string;
  const issued = (await t.call('POST', `/orgs/${org}/keys`)).body;
  await t.call('DELETE', `/orgs/${org}/keys/${issued.id}`);
  await t.call('POST', `/orgs/${org}/disable`);
  expect((await t.call('GET', '/orgs', { key: issued.key })).status).toBe(401);
});
