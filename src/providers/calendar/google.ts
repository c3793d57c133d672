// Google Calendar v3: free/busy, and events insert/patch/delete with per-org OAuth2 credentials.
// Only Calendar v3 is used: its own package, not the whole googleapis bundle (a fraction of the
// install size and of the memory at import).
import { auth as googleAuth, calendar, type calendar_v3 } from '@googleapis/calendar';
import { LRUCache } from 'lru-cache';
import type { CalendarOrg, CalendarProvider, NewCalendarEvent, TimeRange } from './types.ts';

export class CalendarError extends Error {
  override name = 'CalendarError';
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

function wrap(e: unknown, op: string): CalendarError {
  if (e instanceof CalendarError) return e;
  const status = (e as { status?: number; code?: number | string }).status ?? Number((e as { code?: unknown }).code);
  const retryable = !Number.isFinite(status) || status === 429 || status >= 500;
  const code = Number.isFinite(status) ? ` (${status})` : '';
  const message = e instanceof Error ? e.message : String(e);
  return new CalendarError(`google calendar ${op} failed${code}: ${message}`, retryable);
}

export interface GoogleCalendarOptions {
  /** API root (default https://www.googleapis.com/). */
  rootUrl?: string;
  /** OAuth2 token endpoint that refresh tokens are exchanged at (default Google's). */
  tokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
}

export function createGoogleCalendar(opts: GoogleCalendarOptions = {}): CalendarProvider {
  // One authorized client per org and credentials (edited settings get a new one), bounded so a
  // process serving many orgs does not keep a client for every org it ever saw.
  const clients = new LRUCache<string, { api: calendar_v3.Calendar; calendarId: string }>({ max: 500 });

  const clientFor = (org: CalendarOrg) => {
    const g = org.settings.googleCalendar;
    const key = `${org.id}\n${JSON.stringify(g ?? null)}`;
    const hit = clients.get(key);
    if (hit) return hit;
    if (!g) throw new CalendarError(`organization ${org.id} has no Google Calendar credentials`, false);
    const clientId = g.clientId ?? opts.clientId;
    const clientSecret = g.clientSecret ?? opts.clientSecret;
    const auth = new googleAuth.OAuth2({
      ...(clientId ? { clientId } : {}),
      ...(clientSecret ? { clientSecret } : {}),
      ...(opts.tokenUrl ? { endpoints: { oauth2TokenUrl: opts.tokenUrl } } : {}),
    });
    auth.setCredentials({
      ...(g.accessToken ? { access_token: g.accessToken } : {}),
      ...(g.refreshToken ? { refresh_token: g.refreshToken } : {}),
    });
    const root = opts.rootUrl;
    const rootUrl = root ? { rootUrl: root.endsWith('/') ? root : `${root}/` } : {};
    const api = calendar({ version: 'v3', auth, ...rootUrl });
    const entry = { api, calendarId: g.calendarId || 'primary' };
    clients.set(key, entry);
    return entry;
  };

  return {
    name: 'google',
    async freeBusy(org, range: TimeRange, signal) {
      const c = clientFor(org);
      try {
        const res = await c.api.freebusy.query(
          {
            requestBody: {
              timeMin: range.start.toISOString(),
              timeMax: range.end.toISOString(),
              timeZone: org.timezone,
              items: [{ id: c.calendarId }],
            },
          },
          signal ? { signal } : {},
        );
        const cal = res.data.calendars?.[c.calendarId];
        // A calendar the credentials cannot see (notFound, forbidden) will not fix itself on retry.
        if (cal?.errors?.length) {
          const reasons = cal.errors.map((x) => x.reason).join(', ');
          const retryable = cal.errors.some((x) => x.reason === 'backendError');
          throw new CalendarError(`google calendar freebusy failed: ${reasons}`, retryable);
        }
        return (cal?.busy ?? []).map((b) => ({ start: new Date(b.start!), end: new Date(b.end!) }));
      } catch (e) {
        throw wrap(e, 'freebusy');
      }
    },
    async createEvent(org, event: NewCalendarEvent, signal) {
      const c = clientFor(org);
      // Google accepts client-chosen ids (base32hex); a retry of the same booking then cannot
      // create a second event: the insert answers 409 and the first one stands.
      const id = event.id ? event.id.toLowerCase().replace(/[^0-9a-v]/g, '') : undefined;
      try {
        const res = await c.api.events.insert(
          {
            calendarId: c.calendarId,
            sendUpdates: 'none',
            requestBody: {
              ...(id ? { id } : {}),
              summary: event.title,
              ...(event.description ? { description: event.description } : {}),
              ...(event.location ? { location: event.location } : {}),
              start: { dateTime: event.start.toISOString(), timeZone: org.timezone },
              end: { dateTime: event.end.toISOString(), timeZone: org.timezone },
              reminders: {
                useDefault: false,
                overrides: [
                  { method: 'email', minutes: 24 * 60 },
                  { method: 'popup', minutes: 30 },
                ],
              },
            },
          },
          signal ? { signal } : {},
        );
        if (!res.data.id) throw new Error('no event id in the response');
        return { id: res.data.id };
      } catch (e) {
        const duplicate = (e as { status?: number }).status === 409 || Number((e as { code?: unknown }).code) === 409;
        if (id && duplicate) return { id };
        throw wrap(e, 'insert');
      }
    },
    async moveEvent(org, eventId, range, signal) {
      const c = clientFor(org);
      try {
        await c.api.events.patch(
          {
            calendarId: c.calendarId,
            eventId,
            sendUpdates: 'none',
            requestBody: {
              start: { dateTime: range.start.toISOString(), timeZone: org.timezone },
              end: { dateTime: range.end.toISOString(), timeZone: org.timezone },
            },
          },
          signal ? { signal } : {},
        );
      } catch (e) {
        throw wrap(e, 'patch');
      }
    },
    async cancelEvent(org, eventId, signal) {
      const c = clientFor(org);
      try {
        await c.api.events.delete({ calendarId: c.calendarId, eventId, sendUpdates: 'none' }, signal ? { signal } : {});
      } catch (e) {
        throw wrap(e, 'delete');
      }
    },
  };
}
