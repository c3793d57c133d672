// Calls carry the language they ended in: the API shows and filters by it, and the KPIs are
// split by it.
import { afterEach, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { calls } from '../../src/db/schema.ts';
import { harness, newOrg, T0, type Harness } from './harness.ts';
import { seedCall } from './seed.ts';

let t: Harness;
afterEach(() => t?.close());

async function spanish(id: string): Promise<void> {
  await t.h.db.update(calls).set({ language: 'es' }).where(eq(calls.id, id));
}

test('GET /calls shows each call’s language and filters with ?language=es', async () => {
  t = await harness();
  const org = (await t.call('POST', '/orgs', { body: newOrg() })).body.id as string;
  const en = await seedCall(t.h.db, { orgId: org, startedAt: T0 - 120_000 });
  const es = await seedCall(t.h.db, { orgId: org, startedAt: T0 - 60_000 });
  await spanish(es);
  const all = await t.call('GET', '/calls');
  const langs = Object.fromEntries(all.body.data.map((c: { id: string; language: string }) => [c.id, c.language]));
  expect(langs).toEqual({ [en]: 'en', [es]: 'es' });
  const only = await t.call('GET', '/calls?language=es');
  expect(only.body.data.map((c: { id: string }) => c.id)).toEqual([es]);
  expect((await t.call('GET', '/calls?language=fr')).status).toBe(400);
});

test('GET /kpis splits calls, bookings, latency and cache hits by language', async () => {
  t = await harness();
  const org = (await t.call('POST', '/orgs', { body: newOrg() })).body.id as string;
  await seedCall(t.h.db, {
    orgId: org,
    startedAt: T0 - 3_600_000,
    bookingCreated: true,
    turns: [{ latencyMs: 600, latency: { cacheHit: true } }],
  });
  const es = await seedCall(t.h.db, {
    orgId: org,
    startedAt: T0 - 1_800_000,
    turns: [{ latencyMs: 900 }, { latencyMs: 700, latency: { cacheHit: true } }],
  });
  await spanish(es);
  const k = await t.call('GET', `/kpis?orgId=${org}`);
  expect(k.status).toBe(200);
  expect(k.body.callsTotal).toBe(2);
  expect(k.body.byLanguage.en.callsTotal).toBe(1);
  expect(k.body.byLanguage.en.bookedCalls).toBe(1);
  expect(k.body.byLanguage.es.callsTotal).toBe(1);
  expect(k.body.byLanguage.es.bookedCalls).toBe(0);
  expect(k.body.byLanguage.es.turnLatency.count).toBe(2);
  expect(k.body.byLanguage.es.phraseCache).toEqual({ turns: 2, hits: 1, hitRate: 0.5 });
});
