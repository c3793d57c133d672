// Every API answer, success or error, tells caches not to keep it and browsers not to sniff it.
import { afterEach, expect, test } from 'bun:test';
import { harness, newOrg, type Harness } from './harness.ts';

let t: Harness;
afterEach(() => t?.close());

function expectHardened(res: { status: number; headers: Headers }, status: number): void {
  expect(res.status).toBe(status);
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
}

test('success, validation, auth, not-found and internal errors all carry no-store and nosniff', async () => {
  t = await harness();
  expectHardened(await t.call('GET', '/openapi.json', { key: null }), 200);
  const created = await t.call('POST', '/orgs', { body: newOrg() });
  expectHardened(created, 201);
  expectHardened(await t.call('GET', '/orgs'), 200);
  expectHardened(await t.call('GET', `/orgs/${created.body.id}`), 200);
  const issued = await t.call('POST', `/orgs/${created.body.id}/keys`);
  expectHardened(issued, 201);
  expectHardened(await t.call('GET', '/orgs', { key: null }), 401);
  expectHardened(await t.call('GET', '/orgs', { key: 'io_wrong' }), 401);
  const orgKeyCreate = { key: issued.body.key, body: newOrg({ phoneNumber: '+15125550177' }) };
  expectHardened(await t.call('POST', '/orgs', orgKeyCreate), 403);
  expectHardened(await t.call('GET', '/orgs/no-such-org'), 404);
  expectHardened(await t.call('GET', '/no-such-route'), 404);
  expectHardened(await t.call('GET', '/calls?limit=0'), 400);
  expectHardened(await t.call('POST', '/orgs', { body: '{' }), 400);
  expectHardened(await t.call('GET', '/phrases/status'), 501);
  t.h.close(); // every query now fails inside the route
  expectHardened(await t.call('GET', '/calls'), 500);
});
