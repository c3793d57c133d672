// Connecting an org's Google Calendar through the OAuth consent round trip: our API hands out the
// consent link, the fake's consent screen redirects back with a code as Google's does, the
// callback exchanges it (the real auth library against the fake token endpoint) and the stored
// refresh token then drives the real Calendar adapter.
import { afterEach, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { auditEvents, organizations } from '../../src/db/schema.ts';
import { createGoogleCalendar } from '../../src/providers/calendar/google.ts';
import type { GoogleCalendarSettings } from '../../src/providers/calendar/types.ts';
import type { GoogleOAuthConfig } from '../../src/api/routes/google-connect.ts';
import { startFakeGoogleCalendar, type FakeGoogleCalendar, type FakeOAuthClient } from '../fakes/google-calendar.ts';
import { harness, newOrg, type Harness } from './harness.ts';

const REDIRECT = 'https://receptionist.example.com/api/oauth/google/callback';
const CAL = 'shop@example.com';

let t: Harness | undefined;
let fake: FakeGoogleCalendar | undefined;
afterEach(async () => {
  t?.close();
  await fake?.close();
  t = undefined;
  fake = undefined;
});

async function setup(opts: { consent?: 'allow' | 'deny'; configured?: boolean } = {}) {
  const client: FakeOAuthClient = {
    clientId: 'cid.apps.example',
    clientSecret: 'oauth-client-secret',
    refreshTokens: [],
  };
  fake = await startFakeGoogleCalendar({ clients: [client], calendars: [CAL], consent: opts.consent ?? 'allow' });
  const googleOAuth: GoogleOAuthConfig = {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    redirectUrl: REDIRECT,
    authUrl: fake.authUrl,
    tokenUrl: fake.tokenUrl,
  };
  t = await harness(opts.configured === false ? {} : { googleOAuth });
  const a = (await t.call('POST', '/orgs', { body: newOrg({ name: 'A', phoneNumber: '+15125550101' }) })).body
    .id as string;
  const b = (await t.call('POST', '/orgs', { body: newOrg({ name: 'B', phoneNumber: '+15125550102' }) })).body
    .id as string;
  const key = (await t.call('POST', `/orgs/${a}/keys`, { body: { name: 'owner' } })).body.key as string;
  return { client, a, b, key, t, fake };
}

/** What the owner's browser does: open the consent link, follow Google's redirect to our callback. */
async function consent(h: Harness, f: FakeGoogleCalendar, url: string) {
  expect(url.startsWith(f.authUrl)).toBe(true);
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get('location')!);
  expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
  return callback(h, back.search);
}

async function callback(h: Harness, search: string) {
  const res = await h.app.request(`/api/oauth/google/callback${search}`);
  return { status: res.status, html: await res.text(), headers: res.headers };
}

async function storedCalendar(h: Harness, orgId: string) {
  const [org] = await h.h.db.select().from(organizations).where(eq(organizations.id, orgId));
  return org!.settings.googleCalendar as GoogleCalendarSettings | undefined;
}

describe('Google Calendar connect flow', () => {
  test('consent link → owner approves → refresh token stored → the adapter books with it', async () => {
    const { a, key, client, t, fake } = await setup();
    const link = await t.call('POST', `/orgs/${a}/google-calendar/connect`, { key, body: { calendarId: CAL } });
    expect(link.status).toBe(200);
    const url = new URL(link.body.url);
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('prompt')).toBe('consent');
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT);
    expect(url.searchParams.get('client_id')).toBe(client.clientId);
    expect(url.searchParams.get('scope')?.split(' ').sort()).toEqual([
      'https://www.googleapis.com/auth/calendar.events',
      'https://www.googleapis.com/auth/calendar.freebusy',
    ]);

    const done = await consent(t, fake, link.body.url);
    expect(done.status).toBe(200);
    expect(done.html).toContain('Google Calendar connected');
    expect(done.headers.get('cache-control')).toBe('no-store');

    const stored = await storedCalendar(t, a);
    expect(stored?.calendarId).toBe(CAL);
    expect(client.refreshTokens).toContain(stored?.refreshToken ?? 'none');
    // The API never shows it again.
    const shown = await t.call('GET', `/orgs/${a}`, { key });
    expect(shown.body.settings.googleCalendar.refreshToken).toBe('[set]');
    expect(JSON.stringify(shown.body)).not.toContain(stored!.refreshToken!);
    expect(t.changed).toContain(a);
    const audit = await t.h.db.select().from(auditEvents).where(eq(auditEvents.orgId, a));
    expect(audit.map((e) => e.action)).toContain('org.calendar_connected');

    // The stored refresh token is enough for the real adapter: it refreshes and queries free/busy.
    const cal = createGoogleCalendar({
      rootUrl: fake.url,
      tokenUrl: fake.tokenUrl,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
    });
    const start = new Date('2026-12-01T15:00:00Z');
    const busy = await cal.freeBusy(
      { id: a, timezone: 'America/Chicago', settings: { googleCalendar: stored! } },
      { start, end: new Date(start.getTime() + 3600_000) },
    );
    expect(busy).toEqual([]);
    expect(fake.issuedTokens.length).toBe(2); // one at the code exchange, one refreshed by the adapter
  });

  test('a forged, altered or expired state is refused and nothing is stored', async () => {
    const { a, b, key, t, fake } = await setup();
    const link = await t.call('POST', `/orgs/${a}/google-calendar/connect`, { key });
    const res = await fetch(link.body.url, { redirect: 'manual' });
    const back = new URL(res.headers.get('location')!);
    const state = back.searchParams.get('state')!;
    const code = back.searchParams.get('code')!;

    // Same payload pointed at another org: the signature no longer matches.
    const [payload, sig] = state.split('.');
    const forged = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const otherPayload = Buffer.from(JSON.stringify({ ...forged, orgId: b })).toString('base64url');
    for (const s of [`${otherPayload}.${sig}`, 'garbage', '', `${payload}.`]) {
      const r = await callback(t, `?code=${encodeURIComponent(code)}&state=${encodeURIComponent(s)}`);
      expect(r.status).toBe(400);
    }
    t.clock.advance(16 * 60_000);
    const late = await callback(t, back.search);
    expect(late.status).toBe(400);
    expect(late.html).toContain('expired');
    expect(await storedCalendar(t, a)).toBeUndefined();
    expect(await storedCalendar(t, b)).toBeUndefined();
    expect(fake.issuedTokens.length).toBe(0);
  });

  test('a replayed code is refused by the token endpoint and leaves the first connection alone', async () => {
    const { a, key, t, fake } = await setup();
    const link = await t.call('POST', `/orgs/${a}/google-calendar/connect`, { key });
    const res = await fetch(link.body.url, { redirect: 'manual' });
    const back = new URL(res.headers.get('location')!);
    expect((await callback(t, back.search)).status).toBe(200);
    const first = await storedCalendar(t, a);
    const again = await callback(t, back.search);
    expect(again.status).toBe(502);
    expect(await storedCalendar(t, a)).toEqual(first);
    void fake;
  });

  test('the owner declining consent stores nothing and says so', async () => {
    const { a, key, t, fake } = await setup({ consent: 'deny' });
    const link = await t.call('POST', `/orgs/${a}/google-calendar/connect`, { key });
    const done = await consent(t, fake, link.body.url);
    expect(done.status).toBe(400);
    expect(done.html).toContain('access_denied');
    expect(await storedCalendar(t, a)).toBeUndefined();
  });

  test("an org key cannot ask for another org's link; without OAuth set up the route says what is missing", async () => {
    const { b, key, t } = await setup();
    expect((await t.call('POST', `/orgs/${b}/google-calendar/connect`, { key })).status).toBe(404);
    t.close();
    const bare = await setup({ configured: false });
    const r = await bare.t.call('POST', `/orgs/${bare.a}/google-calendar/connect`, { key: bare.key });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('GOOGLE_CLIENT_ID');
  });
});
