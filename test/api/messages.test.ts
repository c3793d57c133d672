// Messages API: an org's messages, newest first; marking one handled; another org's key is refused;
// the transfer settings are validated as E.164.
import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { harness, type Harness } from './harness.ts';
import { seedOrg } from './seed.ts';
import { insertMessage } from '../../src/db/messages-repo.ts';

let t: Harness;
beforeEach(async () => {
  t = await harness();
});
afterEach(() => t.close());

async function keyFor(orgId: string): Promise<string> {
  const issued = await t.call('POST', `/orgs/${orgId}/keys`, { body: { name: 'front desk' } });
  return issued.body.key as string;
}

async function message(orgId: string, id: string, at: number, body = 'call me about the furnace') {
  await insertMessage(t.h.db, {
    id,
    orgId,
    callId: null,
    callerName: 'Dana Smith',
    callbackPhone: '+15125550123',
    body,
    createdAt: at,
  });
}

describe('messages API', () => {
  test('lists an org’s messages newest first and marks one handled', async () => {
    const a = await seedOrg(t.h.db);
    await message(a, 'm1', 1_000);
    await message(a, 'm2', 2_000, 'the AC is leaking');
    const key = await keyFor(a);
    const list = await t.call('GET', `/orgs/${a}/messages`, { key });
    expect(list.status).toBe(200);
    expect(list.body.data.map((m: { id: string }) => m.id)).toEqual(['m2', 'm1']);
    expect(list.body.data[0]).toMatchObject({
      callerName: 'Dana Smith',
      callbackPhone: '+15125550123',
      handledAt: null,
    });
    const done = await t.call('POST', `/orgs/${a}/messages/m1/handled`, { key });
    expect(done.status).toBe(200);
    expect(done.body.handledAt).not.toBeNull();
    const open = await t.call('GET', `/orgs/${a}/messages?unhandled=true`, { key });
    expect(open.body.data.map((m: { id: string }) => m.id)).toEqual(['m2']);
  });

  test('another org’s key can neither list nor handle them', async () => {
    const a = await seedOrg(t.h.db);
    const b = await seedOrg(t.h.db);
    await message(a, 'm1', 1_000);
    const other = await keyFor(b);
    expect((await t.call('GET', `/orgs/${a}/messages`, { key: other })).status).toBe(403);
    expect((await t.call('POST', `/orgs/${a}/messages/m1/handled`, { key: other })).status).toBe(403);
    // Its own org has no such message.
    expect((await t.call('POST', `/orgs/${b}/messages/m1/handled`, { key: other })).status).toBe(404);
  });

  test('transfer settings: E.164 numbers and cold or warm only', async () => {
    const a = await seedOrg(t.h.db);
    const ok = await t.call('PATCH', `/orgs/${a}`, {
      body: { settings: { transfer: { main: '+15125550100', mode: 'warm', timeoutSeconds: 20 } } },
    });
    expect(ok.status).toBe(200);
    const bad = await t.call('PATCH', `/orgs/${a}`, { body: { settings: { transfer: { main: '512-555-0100' } } } });
    expect(bad.status).toBe(400);
    const mode = await t.call('PATCH', `/orgs/${a}`, { body: { settings: { transfer: { mode: 'hot' } } } });
    expect(mode.status).toBe(400);
  });
});
