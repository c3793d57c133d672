// The Google Calendar adapter drives the real googleapis client over HTTP to the fake: freeBusy,
// events insert (reminders, client-chosen ids, 409 idempotency), patch and delete, bearer auth
// and token refresh at the OAuth2 endpoint, and how failures come back.
import { afterEach, describe, expect, test } from 'bun:test';
import {
  CalendarError,
  createGoogleCalendar,
  type GoogleCalendarOptions,
} from '../../src/providers/calendar/google.ts';
import type { CalendarOrg, GoogleCalendarSettings } from '../../src/providers/calendar/types.ts';
import {
  rfc3339,
  startFakeGoogleCalendar,
  type FakeGoogleCalendar,
  type FakeGoogleCalendarOptions,
} from '../fakes/google-calendar.ts';

const CAL = 'shop@example.com';
const TOKEN = 'ya29.valid-token';

let fake: FakeGoogleCalendar | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(opts: FakeGoogleCalendarOptions = {}): Promise<FakeGoogleCalendar> {
  fake = await startFakeGoogleCalendar({ accessTokens: [TOKEN], calendars: [CAL], ...opts });
  return fake;
}

const org = (google: GoogleCalendarSettings = { calendarId: CAL, accessToken: TOKEN }, id = 'org-1'): CalendarOrg => ({
  id,
  timezone: 'America/Chicago',
  settings: { googleCalendar: google },
});

const cal = (f: FakeGoogleCalendar, extra: GoogleCalendarOptions = {}) =>
  createGoogleCalendar({ rootUrl: f.url, tokenUrl: f.tokenUrl, ...extra });

const at = (iso: string) => new Date(iso);

async function failure(p: Promise<unknown>): Promise<CalendarError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(CalendarError);
  return e as CalendarError;
}

describe('google calendar fake', () => {
  test('renders instants with the zone offset in force, across DST', () => {
    expect(rfc3339(Date.parse('2026-01-15T15:00:00Z'), 'America/Chicago')).toBe('2026-01-15T09:00:00-06:00');
    expect(rfc3339(Date.parse('2026-07-15T15:00:00Z'), 'America/Chicago')).toBe('2026-07-15T10:00:00-05:00');
    expect(rfc3339(Date.parse('2026-07-15T15:00:00Z'))).toBe('2026-07-15T15:00:00Z');
  });
});

describe('google calendar adapter', () => {
  test('freeBusy sends timeMin/timeMax/timeZone/items with bearer auth and parses merged busy periods', async () => {
    const f = await start();
    f.addEvent(CAL, { start: at('2026-03-02T15:00:00Z'), end: at('2026-03-02T16:00:00Z'), summary: 'Install' });
    // Overlapping and touching events make one period.
    f.addEvent(CAL, { start: at('2026-03-02T17:00:00Z'), end: at('2026-03-02T18:00:00Z') });
    f.addEvent(CAL, { start: at('2026-03-02T17:30:00Z'), end: at('2026-03-02T18:30:00Z') });
    f.addEvent(CAL, { start: at('2026-03-02T18:30:00Z'), end: at('2026-03-02T19:00:00Z') });
    // Not busy: cancelled, free (transparent), and outside the range.
    f.addEvent(CAL, { start: at('2026-03-02T20:00:00Z'), end: at('2026-03-02T21:00:00Z'), status: 'cancelled' });
    f.addEvent(CAL, {
      start: at('2026-03-02T21:00:00Z'),
      end: at('2026-03-02T22:00:00Z'),
      transparency: 'transparent',
    });
    f.addEvent(CAL, { start: at('2026-03-05T15:00:00Z'), end: at('2026-03-05T16:00:00Z') });
    // One that starts before the range is clipped to it.
    f.addEvent(CAL, { start: at('2026-03-01T23:00:00Z'), end: at('2026-03-02T06:30:00Z') });

    const range = { start: at('2026-03-02T06:00:00Z'), end: at('2026-03-03T06:00:00Z') };
    const busy = await cal(f).freeBusy(org(), range);
    expect(busy).toEqual([
      { start: at('2026-03-02T06:00:00Z'), end: at('2026-03-02T06:30:00Z') },
      { start: at('2026-03-02T15:00:00Z'), end: at('2026-03-02T16:00:00Z') },
      { start: at('2026-03-02T17:00:00Z'), end: at('2026-03-02T19:00:00Z') },
    ]);

    const req = f.calendarRequests()[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/calendar/v3/freeBusy');
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.headers['content-type']).toContain('application/json');
    expect(req.body).toEqual({
      timeMin: '2026-03-02T06:00:00.000Z',
      timeMax: '2026-03-03T06:00:00.000Z',
      timeZone: 'America/Chicago',
      items: [{ id: CAL }],
    });
  });

  test('with keepRequests off nothing is kept, and onRequest still sees every request', async () => {
    const f = await start({ keepRequests: false });
    const seen: string[] = [];
    const stop = f.onRequest((r) => seen.push(`${r.method} ${r.path}`));
    const range = { start: at('2026-03-02T06:00:00Z'), end: at('2026-03-03T06:00:00Z') };
    await cal(f).freeBusy(org(), range);
    stop();
    await cal(f).freeBusy(org(), range);
    expect(seen).toEqual(['POST /calendar/v3/freeBusy']);
    expect(f.requests).toHaveLength(0);
  });

  test('a calendar without an id setting is the primary one', async () => {
    const f = await start();
    f.addEvent('primary', { start: at('2026-03-02T15:00:00Z'), end: at('2026-03-02T16:00:00Z') });
    const busy = await cal(f).freeBusy(org({ calendarId: '', accessToken: TOKEN }), {
      start: at('2026-03-02T00:00:00Z'),
      end: at('2026-03-03T00:00:00Z'),
    });
    expect(busy).toHaveLength(1);
    expect(f.calendarRequests()[0]!.body).toMatchObject({ items: [{ id: 'primary' }] });
  });

  test('insert carries the event id, times in the org zone and email 24 h + popup 30 min reminders', async () => {
    const f = await start();
    const c = cal(f);
    const from = at('2026-03-10T14:00:00Z');
    const until = at('2026-03-10T15:30:00Z');
    const bookingId = '7d1c2f9a-0b3e-4c55-9e21-aa00bb11cc22';
    const res = await c.createEvent(org(), {
      id: bookingId,
      start: from,
      end: until,
      title: 'AC tune-up – Dana',
      description: 'Booked by phone. Caller: +1512***00',
    });

    const expectedId = '7d1c2f9a0b3e4c559e21aa00bb11cc22';
    expect(res).toEqual({ id: expectedId });
    const req = f.calendarRequests()[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`/calendar/v3/calendars/${encodeURIComponent(CAL)}/events`);
    expect(req.query.get('sendUpdates')).toBe('none');
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.body).toEqual({
      id: expectedId,
      summary: 'AC tune-up – Dana',
      description: 'Booked by phone. Caller: +1512***00',
      start: { dateTime: '2026-03-10T14:00:00.000Z', timeZone: 'America/Chicago' },
      end: { dateTime: '2026-03-10T15:30:00.000Z', timeZone: 'America/Chicago' },
      reminders: {
        useDefault: false,
        overrides: [
          { method: 'email', minutes: 1440 },
          { method: 'popup', minutes: 30 },
        ],
      },
    });

    const stored = f.events(CAL);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).toBe(expectedId);
    // The new event is busy time from now on.
    const busy = await c.freeBusy(org(), { start: at('2026-03-10T00:00:00Z'), end: at('2026-03-11T00:00:00Z') });
    expect(busy).toEqual([{ start: from, end: until }]);
  });

  test('the job address is sent as the event location', async () => {
    const f = await start();
    await cal(f).createEvent(org(), {
      start: at('2026-03-10T14:00:00Z'),
      end: at('2026-03-10T15:00:00Z'),
      title: 'AC Repair – Dana',
      location: '12 Oak Street',
    });
    expect(f.calendarRequests()[0]!.body?.location).toBe('12 Oak Street');
    expect(f.events(CAL)[0]?.location).toBe('12 Oak Street');
  });

  test('inserting the same booking twice makes one event: the 409 answers with the same id', async () => {
    const f = await start();
    const c = cal(f);
    const ev = {
      id: 'booking-0042',
      start: at('2026-03-10T14:00:00Z'),
      end: at('2026-03-10T15:00:00Z'),
      title: 'Repair',
    };
    const a = await c.createEvent(org(), ev);
    const b = await c.createEvent(org(), ev);
    // Ids are base32hex: characters outside 0-9a-v are dropped.
    expect(a).toEqual({ id: 'booking0042' });
    expect(b).toEqual(a);
    expect(f.calendarRequests().map((r) => r.status)).toEqual([200, 409]);
    expect(f.events(CAL)).toHaveLength(1);
  });

  test('without an id Google picks one and the adapter returns it', async () => {
    const f = await start();
    const res = await cal(f).createEvent(org(), {
      start: at('2026-03-10T14:00:00Z'),
      end: at('2026-03-10T15:00:00Z'),
      title: 'Estimate',
    });
    expect(f.calendarRequests()[0]!.body).not.toHaveProperty('id');
    expect(res.id).toMatch(/^[0-9a-v]{26}$/);
    expect(f.events(CAL).map((e) => e.id)).toEqual([res.id]);
  });

  test('move patches only start and end; cancel deletes; freeBusy follows both', async () => {
    const f = await start();
    const c = cal(f);
    const { id } = await c.createEvent(org(), {
      id: 'abc12345',
      start: at('2026-03-10T14:00:00Z'),
      end: at('2026-03-10T15:00:00Z'),
      title: 'Checkup',
    });
    const day = { start: at('2026-03-10T00:00:00Z'), end: at('2026-03-11T00:00:00Z') };

    await c.moveEvent(org(), id, { start: at('2026-03-10T19:00:00Z'), end: at('2026-03-10T20:00:00Z') });
    const p = f.calendarRequests().at(-1)!;
    expect(p.method).toBe('PATCH');
    expect(p.path).toBe(`/calendar/v3/calendars/${encodeURIComponent(CAL)}/events/abc12345`);
    expect(p.query.get('sendUpdates')).toBe('none');
    expect(p.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(p.body).toEqual({
      start: { dateTime: '2026-03-10T19:00:00.000Z', timeZone: 'America/Chicago' },
      end: { dateTime: '2026-03-10T20:00:00.000Z', timeZone: 'America/Chicago' },
    });
    expect(f.events(CAL)[0]).toMatchObject({ summary: 'Checkup', sequence: 1 });
    expect(await c.freeBusy(org(), day)).toEqual([
      { start: at('2026-03-10T19:00:00Z'), end: at('2026-03-10T20:00:00Z') },
    ]);

    await c.cancelEvent(org(), id);
    const d = f.calendarRequests().at(-1)!;
    expect(d.method).toBe('DELETE');
    expect(d.path).toBe(`/calendar/v3/calendars/${encodeURIComponent(CAL)}/events/abc12345`);
    expect(d.status).toBe(204);
    expect(d.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(f.events(CAL)[0]!.status).toBe('cancelled');
    expect(await c.freeBusy(org(), day)).toEqual([]);
  });

  test('an org with only a refresh token gets an access token from the token endpoint first', async () => {
    const f = await start({
      accessTokens: [],
      clients: [{ clientId: 'client-1.apps', clientSecret: 'shh', refreshTokens: ['1//refresh-abc'] }],
    });
    const c = cal(f, { clientId: 'client-1.apps', clientSecret: 'shh' });
    await c.freeBusy(org({ calendarId: CAL, refreshToken: '1//refresh-abc' }), {
      start: at('2026-03-10T00:00:00Z'),
      end: at('2026-03-11T00:00:00Z'),
    });

    const [tok, call] = f.requests;
    expect(tok!.method).toBe('POST');
    expect(tok!.path).toBe('/token');
    expect(tok!.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(tok!.body).toEqual({
      grant_type: 'refresh_token',
      refresh_token: '1//refresh-abc',
      client_id: 'client-1.apps',
      client_secret: 'shh',
    });
    expect(tok!.status).toBe(200);
    expect(call!.path).toBe('/calendar/v3/freeBusy');
    expect(call!.headers.authorization).toBe(`Bearer ${f.issuedTokens[0]}`);
    expect(call!.status).toBe(200);
  });

  test('org credentials override the server-wide OAuth client', async () => {
    const f = await start({
      accessTokens: [],
      clients: [{ clientId: 'org-client', clientSecret: 'org-secret', refreshTokens: ['1//r'] }],
    });
    const c = cal(f, { clientId: 'server-client', clientSecret: 'server-secret' });
    await c.freeBusy(
      org({ calendarId: CAL, refreshToken: '1//r', clientId: 'org-client', clientSecret: 'org-secret' }),
      { start: at('2026-03-10T00:00:00Z'), end: at('2026-03-11T00:00:00Z') },
    );
    expect(f.requests[0]!.body).toMatchObject({ client_id: 'org-client', client_secret: 'org-secret' });
  });

  test('an expired access token is refreshed after the 401 and the call is repeated', async () => {
    const f = await start({
      accessTokens: [],
      clients: [{ clientId: 'cid', clientSecret: 'cs', refreshTokens: ['1//r'] }],
    });
    const c = cal(f, { clientId: 'cid', clientSecret: 'cs' });
    const res = await c.createEvent(org({ calendarId: CAL, accessToken: 'ya29.expired', refreshToken: '1//r' }), {
      id: 'retry0001',
      start: at('2026-03-10T14:00:00Z'),
      end: at('2026-03-10T15:00:00Z'),
      title: 'Visit',
    });
    expect(res).toEqual({ id: 'retr0001' });
    expect(f.requests.map((r) => `${r.path} ${r.status}`)).toEqual([
      `/calendar/v3/calendars/${encodeURIComponent(CAL)}/events 401`,
      '/token 200',
      `/calendar/v3/calendars/${encodeURIComponent(CAL)}/events 200`,
    ]);
    expect(f.requests[0]!.headers.authorization).toBe('Bearer ya29.expired');
    expect(f.requests[2]!.headers.authorization).toBe(`Bearer ${f.issuedTokens[0]}`);
  });

  test('a revoked refresh token is a permanent failure', async () => {
    const f = await start({ accessTokens: [], clients: [{ clientId: 'cid', clientSecret: 'cs', refreshTokens: [] }] });
    const e = await failure(
      cal(f, { clientId: 'cid', clientSecret: 'cs' }).freeBusy(org({ calendarId: CAL, refreshToken: '1//revoked' }), {
        start: at('2026-03-10T00:00:00Z'),
        end: at('2026-03-11T00:00:00Z'),
      }),
    );
    expect(e.retryable).toBe(false);
    expect(f.calendarRequests()).toHaveLength(0);
  });

  test('server errors on insert are retryable failures; the client does not repeat a POST', async () => {
    const f = await start();
    f.failNext(1, 503);
    const e = await failure(
      cal(f).createEvent(org(), {
        id: 'aaaa1111',
        start: at('2026-03-10T14:00:00Z'),
        end: at('2026-03-10T15:00:00Z'),
        title: 'X',
      }),
    );
    expect(e.retryable).toBe(true);
    expect(e.message).toContain('503');
    expect(f.calendarRequests()).toHaveLength(1);
    expect(f.events(CAL)).toHaveLength(0);
  });

  test('a delete that meets one 503 is retried by the client and succeeds', async () => {
    const f = await start();
    const c = cal(f);
    await c.createEvent(org(), {
      id: 'bbbb2222',
      start: at('2026-03-10T14:00:00Z'),
      end: at('2026-03-10T15:00:00Z'),
      title: 'X',
    });
    f.failNext(1, 503);
    await c.cancelEvent(org(), 'bbbb2222');
    expect(
      f
        .calendarRequests()
        .slice(1)
        .map((r) => `${r.method} ${r.status}`),
    ).toEqual(['DELETE 503', 'DELETE 204']);
    expect(f.events(CAL)[0]!.status).toBe('cancelled');
  }, 15_000);

  test('moving an unknown event is a permanent 404 failure', async () => {
    const f = await start();
    const e = await failure(
      cal(f).moveEvent(org(), 'nosuchevent', { start: at('2026-03-10T14:00:00Z'), end: at('2026-03-10T15:00:00Z') }),
    );
    expect(e.retryable).toBe(false);
    expect(e.message).toContain('404');
  });

  test('a calendar the credentials cannot see is a permanent failure', async () => {
    const f = await start();
    const e = await failure(
      cal(f).freeBusy(org({ calendarId: 'someone-else@example.com', accessToken: TOKEN }), {
        start: at('2026-03-10T00:00:00Z'),
        end: at('2026-03-11T00:00:00Z'),
      }),
    );
    expect(e.message).toContain('notFound');
    expect(e.retryable).toBe(false);
  });

  test('an org without Google credentials is refused before any request', async () => {
    const f = await start();
    const e = await failure(
      cal(f).freeBusy(
        { id: 'org-2', timezone: 'UTC', settings: {} },
        { start: at('2026-03-10T00:00:00Z'), end: at('2026-03-11T00:00:00Z') },
      ),
    );
    expect(e.retryable).toBe(false);
    expect(f.requests).toHaveLength(0);
  });

  test('a hung request is given up by abort and reported as retryable', async () => {
    const f = await start();
    f.hang(true);
    const ac = new AbortController();
    const p = cal(f).freeBusy(org(), { start: at('2026-03-10T00:00:00Z'), end: at('2026-03-11T00:00:00Z') }, ac.signal);
    expect(await f.waitForRequests(1)).toBe(true);
    ac.abort();
    const e = await failure(p);
    expect(e.retryable).toBe(true);
  });
});
