// The audit trail of an organization: key issue and revocation, disable and enable, by whom,
// newest first, paged, never holding a key; only the admin key reads it.
import { afterEach, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { apiKeys } from '../../src/db/schema.ts';
import { harness, newOrg, type Harness } from './harness.ts';

let t: Harness;
afterEach(() => t?.close());

const brief = (e: Record<string, unknown>) => {
  const { action, actor, actorKeyId, field, from, to } = e;
  return { action, actor, actorKeyId, field, from, to };
};

test('key issue and revocation are recorded with the acting key; disable and enable with the admin', async () => {
  t = await harness();
  const org = (await t.call('POST', '/orgs', { body: newOrg() })).body.id as string;
  const first = (await t.call('POST', `/orgs/${org}/keys`, { body: { name: 'front desk' } })).body;
  t.clock.advance(1000);
  const second = (await t.call('POST', `/orgs/${org}/keys`, { body: { name: 'rotated' } })).body;
  t.clock.advance(1000);
  const revoke = () => t.call('DELETE', `/orgs/${org}/keys/${first.id}`, { key: second.key });
  expect((await revoke()).status).toBe(200);
  expect((await revoke()).status).toBe(200); // revoking again writes no second record
  await t.call('POST', `/orgs/${org}/disable`);
  const disabledAt = new Date(t.clock.now()).toISOString();
  await t.call('POST', `/orgs/${org}/disable`); // already disabled: no record
  t.clock.advance(1000);
  await t.call('POST', `/orgs/${org}/enable`);

  const res = await t.call('GET', `/orgs/${org}/audit`);
  expect(res.status).toBe(200);
  const ref = (k: { id: string; prefix: string; name: string }) => ({ id: k.id, prefix: k.prefix, name: k.name });
  expect(res.body.data.map(brief)).toEqual([
    { action: 'org.enabled', actor: 'admin', actorKeyId: null, field: 'disabledAt', from: disabledAt, to: null },
    { action: 'org.disabled', actor: 'admin', actorKeyId: null, field: 'disabledAt', from: null, to: disabledAt },
    { action: 'key.revoked', actor: 'key', actorKeyId: second.id, field: 'apiKey', from: ref(first), to: null },
    { action: 'key.issued', actor: 'admin', actorKeyId: null, field: 'apiKey', from: null, to: ref(second) },
    { action: 'key.issued', actor: 'admin', actorKeyId: null, field: 'apiKey', from: null, to: ref(first) },
  ]);
  expect(res.body.data[4].at).toBe(new Date(t.clock.now() - 3000).toISOString());
  const text = JSON.stringify(res.body);
  const rows = await t.h.db.select({ h: apiKeys.keyHash }).from(apiKeys).where(eq(apiKeys.orgId, org));
  const hashes = rows.map((r) => r.h);
  for (const secret of [first.key, second.key, ...hashes]) expect(text).not.toContain(secret);
});

test('the trail pages newest first with a cursor, and answers 404 for an unknown org', async () => {
  t = await harness();
  const org = (await t.call('POST', '/orgs', { body: newOrg() })).body.id as string;
  const other = (await t.call('POST', '/orgs', { body: newOrg({ phoneNumber: '+15125550111' }) })).body.id as string;
  const made: string[] = [];
  for (let i = 0; i < 5; i++) {
    made.push((await t.call('POST', `/orgs/${org}/keys`, { body: { name: `k${i}` } })).body.id);
  }
  await t.call('POST', `/orgs/${other}/keys`, { body: { name: 'elsewhere' } });
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const path = `/orgs/${org}/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
    const res: { status: number; body: any } = await t.call('GET', path);
    expect(res.status).toBe(200);
    seen.push(...res.body.data.map((e: { to: { id: string } }) => e.to.id));
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 10);
  expect(pages).toBe(3);
  expect(seen).toEqual([...made].reverse());
  expect((await t.call('GET', '/orgs/nope/audit')).status).toBe(404);
  expect((await t.call('GET', `/orgs/${org}/audit?cursor=garbage`)).status).toBe(400);
  const foreign = Buffer.from(JSON.stringify([0, 'not-a-number'])).toString('base64url');
  expect((await t.call('GET', `/orgs/${org}/audit?cursor=${foreign}`)).status).toBe(400);
});
