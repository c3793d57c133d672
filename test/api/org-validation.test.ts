import { afterEach, describe, expect, test } from 'bun:test';
import { harness, newOrg, type Harness } from './harness.ts';

let t: Harness;
afterEach(() => t?.close());

const paths = (body: { error: { details?: Array<{ path: string }> } }) => (body.error.details ?? []).map((d) => d.path);

describe('organization validation', () => {
  test('a bad phone number, time zone or template is a 400 naming each field', async () => {
    t = await harness();
    const bad = await t.call('POST', '/orgs', {
      body: newOrg({ phoneNumber: '512-555-0100', timezone: 'Mars/Olympus', template: 'bakery' }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(paths(bad.body).sort()).toEqual(['phoneNumber', 'template', 'timezone']);
    // An abbreviation Intl accepts is still not an IANA zone name.
    expect((await t.call('POST', '/orgs', { body: newOrg({ timezone: 'EST' }) })).status).toBe(400);
    expect((await t.call('POST', '/orgs', { body: newOrg({ name: '   ' }) })).status).toBe(400);
    expect((await t.call('GET', '/orgs')).body.data).toEqual([]);
  });

  test('a body that is not JSON is a 400 invalid_json', async () => {
    t = await harness();
    const res = await t.call('POST', '/orgs', { body: '{"template":' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });

  test('a new org gets its template’s settings with the given overrides, and the change hook fires', async () => {
    t = await harness();
    const res = await t.call('POST', '/orgs', {
      body: newOrg({ template: 'dental', settings: { retentionDays: 14, flags: { hipaaMode: true } } }),
    });
    expect(res.status).toBe(201);
    expect(res.body.template).toBe('dental');
    expect(res.body.settings.retentionDays).toBe(14);
    expect(res.body.settings.services.length).toBeGreaterThan(0); // from the template
    expect(t.changed).toEqual([res.body.id]);
  });

  test('a second org with the same phone number is a 409, on create and on edit', async () => {
    t = await harness();
    expect((await t.call('POST', '/orgs', { body: newOrg() })).status).toBe(201);
    const dup = await t.call('POST', '/orgs', { body: newOrg({ name: 'Other' }) });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('conflict');
    const other = await t.call('POST', '/orgs', { body: newOrg({ phoneNumber: '+15125550111' }) });
    const edit = await t.call('PATCH', `/orgs/${other.body.id}`, { body: { phoneNumber: '+15125550100' } });
    expect(edit.status).toBe(409);
  });

  test('PATCH validates hours, services, FAQ and voice and merges them into the settings', async () => {
    t = await harness();
    const id = (await t.call('POST', '/orgs', { body: newOrg() })).body.id;
    const bad = await t.call('PATCH', `/orgs/${id}`, {
      body: {
        hours: { mon: [{ open: '17:00', close: '09:00' }] },
        services: [{ name: 'Tune-up', durationMinutes: 0 }],
        settings: { unknownKey: 1 },
      },
    });
    expect(bad.status).toBe(400);
    expect(paths(bad.body)).toEqual(expect.arrayContaining(['hours.mon.0', 'services.0.durationMinutes', 'settings']));

    const ok = await t.call('PATCH', `/orgs/${id}`, {
      body: {
        name: 'Cool Air & Heat',
        hours: { sat: [{ open: '09:00', close: '12:00' }] },
        services: [{ name: 'Tune-up', durationMinutes: 45, keywords: ['maintenance'] }],
        faq: [{ question: 'Do you work weekends?', answer: 'Saturday mornings.' }],
        voice: 'Joanna',
        settings: { flags: { emergencyHandling: false } },
      },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.name).toBe('Cool Air & Heat');
    expect(ok.body.settings.businessHours.sat).toEqual([{ open: '09:00', close: '12:00' }]);
    expect(ok.body.settings.businessHours.mon.length).toBeGreaterThan(0); // untouched day keeps the template's hours
    expect(ok.body.settings.services).toEqual([{ name: 'Tune-up', durationMinutes: 45, keywords: ['maintenance'] }]);
    expect(ok.body.settings.faq[0].keywords).toEqual([]);
    expect(ok.body.settings.voice).toBe('Joanna');
    expect(ok.body.settings.flags.emergencyHandling).toBe(false);
    expect(ok.body.settings.flags.vehicleInfo).toBe(false); // other flags kept
    expect(t.changed.filter((x) => x === id).length).toBe(2);
  });

  test('the change-verification policy defaults to caller ID or digits; only known policies are accepted', async () => {
    t = await harness();
    const id = (await t.call('POST', '/orgs', { body: newOrg() })).body.id;
    expect((await t.call('GET', `/orgs/${id}`)).body.settings.changeVerification).toBe('caller_id_or_digits');
    const bad = await t.call('PATCH', `/orgs/${id}`, { body: { settings: { changeVerification: 'name_only' } } });
    expect(bad.status).toBe(400);
    expect(paths(bad.body)).toContain('settings.changeVerification');
    const ok = await t.call('PATCH', `/orgs/${id}`, { body: { settings: { changeVerification: 'message_only' } } });
    expect(ok.status).toBe(200);
    expect(ok.body.settings.changeVerification).toBe('message_only');
  });

  test('calendar secrets are accepted but never returned', async () => {
    t = await harness();
    const res = await t.call('POST', '/orgs', {
      body: newOrg({ settings: { googleCalendar: { calendarId: 'primary', refreshToken: 'rt-very-secret' } } }),
    });
    expect(res.status).toBe(201);
    expect(JSON.stringify(res.body)).not.toContain('rt-very-secret');
    expect(res.body.settings.googleCalendar).toEqual({ calendarId: 'primary', refreshToken: '[set]' });
  });

  test('disable marks the org disabled (admin) and enable reverses it', async () => {
    t = await harness();
    const id = (await t.call('POST', '/orgs', { body: newOrg() })).body.id;
    const off = await t.call('POST', `/orgs/${id}/disable`);
    expect(off.status).toBe(200);
    expect(off.body.disabled).toBe(true);
    expect(off.body.disabledAt).toBe(new Date(t.clock.now()).toISOString());
    expect((await t.call('POST', `/orgs/${id}/enable`)).body.disabled).toBe(false);
    expect((await t.call('POST', '/orgs/nope/disable')).status).toBe(404);
  });

  test('unknown routes and query errors answer in the JSON error shape', async () => {
    t = await harness();
    const missing = await t.call('GET', '/no-such-thing');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    const q = await t.call('GET', '/calls?limit=0&status=exploded&from=yesterday');
    expect(q.status).toBe(400);
    expect(paths(q.body).sort()).toEqual(['from', 'limit', 'status']);
    expect((await t.call('GET', '/calls?cursor=garbage')).status).toBe(400);
  });
});
