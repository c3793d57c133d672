// Call routing and caller-data keeping are the platform's decisions: an org key cannot claim a
// phone number, switch HIPAA mode or change retention; the admin key can, and is audited.
import { afterEach, describe, expect, test } from 'bun:test';
import { harness, newOrg, type Harness } from './harness.ts';

let t: Harness;
afterEach(() => t?.close());

async function orgWithKey(over: Record<string, unknown> = {}) {
  t = await harness();
  const org = (await t.call('POST', '/orgs', { body: newOrg(over) })).body;
  const key = (await t.call('POST', `/orgs/${org.id}/keys`, { body: { name: 'front desk' } })).body.key as string;
  return { id: org.id as string, key, org };
}

const refusedFields = (res: { status: number; body: any }) => {
  expect(res.status).toBe(403);
  expect(res.body.error.code).toBe('forbidden');
  return res.body.error.details.map((d: { path: string }) => d.path);
};

describe('phone numbers', () => {
  test('an org key cannot claim a free number; resending its own is fine; the admin can move it', async () => {
    const { id, key } = await orgWithKey();
    const patch = (phoneNumber: string) => ({ key, body: { phoneNumber, name: 'Cool Air 2' } });
    const claim = await t.call('PATCH', `/orgs/${id}`, patch('+15125550188'));
    expect(refusedFields(claim)).toEqual(['phoneNumber']);
    const after = (await t.call('GET', `/orgs/${id}`)).body;
    expect(after.phoneNumber).toBe('+15125550100');
    expect(after.name).toBe('Cool Air Co'); // nothing else in the refused request was written
    expect((await t.call('PATCH', `/orgs/${id}`, patch('+15125550100'))).status).toBe(200);
    const moved = await t.call('PATCH', `/orgs/${id}`, { body: { phoneNumber: '+15125550188' } });
    expect(moved.status).toBe(200);
    expect(moved.body.phoneNumber).toBe('+15125550188');
  });
});

describe('HIPAA mode and retention', () => {
  test('an org key can switch HIPAA mode neither off nor on', async () => {
    const dental = await orgWithKey({ template: 'dental' });
    expect(dental.org.settings.flags.hipaaMode).toBe(true);
    const hipaa = (hipaaMode: boolean) => ({ settings: { flags: { hipaaMode } } });
    const off = await t.call('PATCH', `/orgs/${dental.id}`, { key: dental.key, body: hipaa(false) });
    expect(refusedFields(off)).toEqual(['settings.flags.hipaaMode']);
    expect((await t.call('GET', `/orgs/${dental.id}`)).body.settings.flags.hipaaMode).toBe(true);
    t.close();

    const hvac = await orgWithKey();
    const on = await t.call('PATCH', `/orgs/${hvac.id}`, { key: hvac.key, body: hipaa(true) });
    expect(refusedFields(on)).toEqual(['settings.flags.hipaaMode']);
  });

  test('an org key cannot declare a BAA-covered LLM (it would send HIPAA callers to the model)', async () => {
    const dental = await orgWithKey({ template: 'dental' });
    const res = await t.call('PATCH', `/orgs/${dental.id}`, {
      key: dental.key,
      body: { settings: { flags: { llmBaa: true } } },
    });
    expect(refusedFields(res)).toEqual(['settings.flags.llmBaa']);
    expect((await t.call('GET', `/orgs/${dental.id}`)).body.settings.flags.llmBaa ?? false).toBe(false);
    const admin = await t.call('PATCH', `/orgs/${dental.id}`, { body: { settings: { flags: { llmBaa: true } } } });
    expect(admin.status).toBe(200);
    expect(admin.body.settings.flags.llmBaa).toBe(true);
  });

  test('an org key cannot shorten, lengthen or switch off retention; resending the same value is fine', async () => {
    const { id, key } = await orgWithKey({ template: 'dental' });
    for (const retentionDays of [0, 1, 29, 31, 3650]) {
      const res = await t.call('PATCH', `/orgs/${id}`, { key, body: { settings: { retentionDays } } });
      expect(refusedFields(res)).toEqual(['settings.retentionDays']);
    }
    expect((await t.call('GET', `/orgs/${id}`)).body.settings.retentionDays).toBe(30);
    const unchanged = { settings: { retentionDays: 30, flags: { hipaaMode: true, emergencyHandling: true } } };
    const same = await t.call('PATCH', `/orgs/${id}`, { key, body: unchanged });
    expect(same.status).toBe(200);
    expect(same.body.settings.flags.emergencyHandling).toBe(true); // the org's own settings stay its own
  });

  test('the admin key changes them, and each change is audited: who, what, old → new, when', async () => {
    const { id } = await orgWithKey({ template: 'dental' });
    t.clock.advance(60_000);
    const body = { phoneNumber: '+15125550189', settings: { retentionDays: 7, flags: { hipaaMode: false } } };
    const res = await t.call('PATCH', `/orgs/${id}`, { body });
    expect(res.status).toBe(200);
    expect(res.body.settings.retentionDays).toBe(7);
    expect(res.body.settings.flags.hipaaMode).toBe(false);
    const audit = await t.call('GET', `/orgs/${id}/audit`);
    expect(audit.status).toBe(200);
    const changes = audit.body.data.filter((e: { action: string }) => e.action === 'org.field_changed');
    const at = new Date(t.clock.now()).toISOString();
    const seen = changes
      .map(({ actor, actorKeyId, field, from, to, at }: Record<string, unknown>) => ({
        actor,
        actorKeyId,
        field,
        from,
        to,
        at,
      }))
      .sort((a: { field: string }, b: { field: string }) => a.field.localeCompare(b.field));
    expect(seen).toEqual([
      { actor: 'admin', actorKeyId: null, field: 'phoneNumber', from: '+15125550100', to: '+15125550189', at },
      { actor: 'admin', actorKeyId: null, field: 'settings.flags.hipaaMode', from: true, to: false, at },
      { actor: 'admin', actorKeyId: null, field: 'settings.retentionDays', from: 30, to: 7, at },
    ]);
  });
});

describe('no other way to platform decisions', () => {
  test('an org key cannot set disabledAt, create orgs, reach another org or read the audit trail', async () => {
    const { id, key } = await orgWithKey();
    const other = (await t.call('POST', '/orgs', { body: newOrg({ phoneNumber: '+15125550111' }) })).body.id as string;
    const sneaky = [{ disabledAt: null }, { disabled: false }, { settings: { disabledAt: null } }, { orgId: other }];
    for (const body of sneaky) {
      expect((await t.call('PATCH', `/orgs/${id}`, { key, body })).status).toBe(400);
    }
    expect((await t.call('POST', '/orgs', { key, body: newOrg({ phoneNumber: '+15125550112' }) })).status).toBe(403);
    expect((await t.call('POST', `/orgs/${id}/enable`, { key })).status).toBe(403);
    expect((await t.call('POST', `/orgs/${id}/disable`, { key })).status).toBe(403);
    expect((await t.call('GET', `/orgs/${id}/audit`, { key })).status).toBe(403);
    expect((await t.call('GET', `/orgs/${other}/audit`, { key })).status).toBe(403);
    expect((await t.call('POST', `/orgs/${other}/keys`, { key })).status).toBe(404);
    expect((await t.call('DELETE', `/orgs/${other}/keys/anything`, { key })).status).toBe(404);
    for (const list of ['/calls', '/bookings', '/notifications', '/kpis', '/phrases/status']) {
      expect((await t.call('GET', `${list}?orgId=${other}`, { key })).status).toBe(403);
    }
  });
});
