import { afterEach, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { apiKeys } from '../../src/db/schema.ts';
import { hashKey } from '../../src/api/keys.ts';
import { harness, newOrg, type Harness } from './harness.ts';
import { seedBooking, seedCall } from './seed.ts';

let t: Harness;
afterEach(() => t?.close());

async function twoOrgsWithKeys() {
  t = await harness();
  const a = (await t.call('POST', '/orgs', { body: newOrg({ name: 'A', phoneNumber: '+15125550101' }) })).body
    .id as string;
  const b = (await t.call('POST', '/orgs', { body: newOrg({ name: 'B', phoneNumber: '+15125550102' }) })).body
    .id as string;
  const issued = await t.call('POST', `/orgs/${a}/keys`, { body: { name: 'front desk' } });
  expect(issued.status).toBe(201);
  return {
    a,
    b,
    key: issued.body.key as string,
    keyId: issued.body.id as string,
    prefix: issued.body.prefix as string,
  };
}

describe('API authentication and scoping', () => {
  test('no key is 401; a wrong key is 401; the admin key sees every organization', async () => {
    const { a, b } = await twoOrgsWithKeys();
    const none = await t.call('GET', '/orgs', { key: null });
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('unauthorized');
    expect((await t.call('GET', '/orgs', { key: 'io_not-a-key' })).status).toBe(401);
    expect((await t.call('GET', '/orgs', { key: 'admin-secret-012345678' })).status).toBe(401); // a prefix of the admin key
    const all = await t.call('GET', '/orgs');
    expect(all.status).toBe(200);
    expect(all.body.data.map((o: { id: string }) => o.id).sort()).toEqual([a, b].sort());
  });

  test('an org key sees only its own organization, calls and bookings', async () => {
    const { a, b, key } = await twoOrgsWithKeys();
    const callA = await seedCall(t.h.db, { orgId: a, startedAt: 1_000 });
    const callB = await seedCall(t.h.db, { orgId: b, startedAt: 2_000 });
    const bookingB = await seedBooking(t.h.db, { orgId: b, callId: callB, appointmentTime: 5_000 });

    const list = await t.call('GET', '/orgs', { key });
    expect(list.body.data.map((o: { id: string }) => o.id)).toEqual([a]);
    expect((await t.call('GET', `/orgs/${a}`, { key })).status).toBe(200);
    expect((await t.call('GET', `/orgs/${b}`, { key })).status).toBe(404);
    expect((await t.call('PATCH', `/orgs/${b}`, { key, body: { name: 'mine now' } })).status).toBe(404);

    const calls = await t.call('GET', '/calls', { key });
    expect(calls.body.data.map((c: { id: string }) => c.id)).toEqual([callA]);
    expect((await t.call('GET', `/calls?orgId=${b}`, { key })).status).toBe(403);
    expect((await t.call('GET', `/calls/${callB}`, { key })).status).toBe(404);
    expect((await t.call('GET', `/calls/${callA}`, { key })).status).toBe(200);
    expect((await t.call('GET', `/bookings/${bookingB}`, { key })).status).toBe(404);
    expect((await t.call('POST', `/bookings/${bookingB}/cancel`, { key })).status).toBe(404);
    expect((await t.call('GET', '/bookings', { key })).body.data).toEqual([]);
    expect((await t.call('GET', `/kpis?orgId=${b}`, { key })).status).toBe(403);
  });

  test('admin-only actions are 403 for an org key', async () => {
    const { a, key } = await twoOrgsWithKeys();
    const create = await t.call('POST', '/orgs', { key, body: newOrg({ phoneNumber: '+15125550109' }) });
    expect(create.status).toBe(403);
    expect(create.body.error.code).toBe('forbidden');
    expect((await t.call('POST', `/orgs/${a}/disable`, { key })).status).toBe(403);
  });

  test('a revoked key is 401 at once; keys are stored only as hashes with a short prefix', async () => {
    const { a, key, keyId, prefix } = await twoOrgsWithKeys();
    expect(key.startsWith(prefix)).toBe(true);
    expect(prefix.length).toBeLessThan(16);
    const [row] = await t.h.db.select().from(apiKeys).where(eq(apiKeys.id, keyId));
    expect(row?.keyHash).toBe(hashKey(key));
    expect(JSON.stringify(row)).not.toContain(key);

    expect((await t.call('GET', `/orgs/${a}`, { key })).status).toBe(200);
    const revoked = await t.call('DELETE', `/orgs/${a}/keys/${keyId}`);
    expect(revoked.status).toBe(200);
    const after = await t.call('GET', `/orgs/${a}`, { key });
    expect(after.status).toBe(401);
    expect(after.body.error.message).toContain('revoked');
    expect((await t.call('DELETE', `/orgs/${a}/keys/no-such-key`)).status).toBe(404);
  });

  test('an org key cannot mint keys and cannot touch another org’s', async () => {
    const { a, b, key } = await twoOrgsWithKeys();
    expect((await t.call('POST', `/orgs/${a}/keys`, { key })).status).toBe(403);
    expect((await t.call('GET', `/orgs/${a}/keys`, { key })).status).toBe(200);
    expect((await t.call('POST', `/orgs/${b}/keys`, { key })).status).toBe(404);
  });

  test('without an admin key configured nobody is admin', async () => {
    t = await harness({ adminKey: undefined });
    expect((await t.call('GET', '/orgs', { key: 'admin-secret-0123456789' })).status).toBe(401);
    expect((await t.call('GET', '/orgs', { key: '' })).status).toBe(401);
  });

  test('the OpenAPI document is public and describes the endpoints', async () => {
    t = await harness();
    const doc = await t.call('GET', '/openapi.json', { key: null });
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    const documented = [
      '/orgs',
      '/orgs/{id}',
      '/orgs/{id}/keys',
      '/orgs/{id}/audit',
      '/calls',
      '/calls/{id}',
      '/bookings',
    ];
    for (const p of [...documented, '/bookings/{id}/cancel', '/notifications', '/kpis', '/phrases/status']) {
      expect(doc.body.paths[p]).toBeDefined();
    }
    const createBody = doc.body.paths['/orgs'].post.requestBody.content['application/json'].schema;
    expect(createBody.required).toEqual(expect.arrayContaining(['template', 'name', 'phoneNumber', 'timezone']));
    const callParams = doc.body.paths['/calls'].get.parameters.map((p: { name: string }) => p.name);
    expect(callParams).toEqual(['orgId', 'status', 'from', 'to', 'caller', 'language', 'limit', 'cursor']);
  });
});
