// Organization keys: only the admin mints them (a leaked org key cannot mint a successor that
// outlives its revocation), and an org's keys can be listed without ever showing a secret.
import { afterEach, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { apiKeys } from '../../src/db/schema.ts';
import { harness, newOrg, type Harness } from './harness.ts';

let t: Harness;
afterEach(() => t?.close());

async function orgWithKey() {
  t = await harness();
  const org = (await t.call('POST', '/orgs', { body: newOrg() })).body.id as string;
  const other = (await t.call('POST', '/orgs', { body: newOrg({ phoneNumber: '+15125550199' }) })).body.id as string;
  const issued = (await t.call('POST', `/orgs/${org}/keys`, { body: { name: 'front desk' } })).body;
  return { org, other, issued: issued as { id: string; key: string; prefix: string } };
}

test('an org key cannot mint keys, so revoking it leaves no successor behind', async () => {
  const { org, issued } = await orgWithKey();
  const minted = await t.call('POST', `/orgs/${org}/keys`, { key: issued.key, body: { name: 'successor' } });
  expect(minted.status).toBe(403);
  expect(minted.body.error.code).toBe('forbidden');
  const rows = await t.h.db.select().from(apiKeys).where(eq(apiKeys.orgId, org));
  expect(rows.map((r) => r.name)).toEqual(['front desk']);
  // The org key may still revoke its own org's keys (itself included).
  expect((await t.call('DELETE', `/orgs/${org}/keys/${issued.id}`, { key: issued.key })).status).toBe(200);
  expect((await t.call('GET', `/orgs/${org}`, { key: issued.key })).status).toBe(401);
});

test('GET /orgs/{id}/keys lists the org’s keys, newest first, never the secret or its hash', async () => {
  const { org, other, issued } = await orgWithKey();
  t.clock.advance(1000);
  const second = (await t.call('POST', `/orgs/${org}/keys`, { body: { name: 'night shift' } })).body;
  await t.call('POST', `/orgs/${other}/keys`, { body: { name: 'elsewhere' } });
  t.clock.advance(1000);
  await t.call('DELETE', `/orgs/${org}/keys/${issued.id}`);

  const res = await t.call('GET', `/orgs/${org}/keys`, { key: second.key });
  expect(res.status).toBe(200);
  expect(res.body.data).toEqual([
    { id: second.id, name: 'night shift', prefix: second.prefix, createdAt: second.createdAt, revokedAt: null },
    {
      id: issued.id,
      name: 'front desk',
      prefix: issued.prefix,
      createdAt: new Date(t.clock.now() - 2000).toISOString(),
      revokedAt: new Date(t.clock.now()).toISOString(),
    },
  ]);
  const text = JSON.stringify(res.body);
  const hashes = (await t.h.db.select({ h: apiKeys.keyHash }).from(apiKeys)).map((r) => r.h);
  for (const secret of [issued.key, second.key, ...hashes]) expect(text).not.toContain(secret);
  expect((await t.call('GET', `/orgs/${other}/keys`, { key: second.key })).status).toBe(404);
  expect((await t.call('GET', `/orgs/${other}/keys`)).body.data.map((k: { name: string }) => k.name)).toEqual([
    'elsewhere',
  ]);
});
