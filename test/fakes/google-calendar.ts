// Fake Google Calendar API v3 (protocols.md §6) plus the OAuth2 token endpoint the auth library
// refreshes against. Events live in memory per calendar; freeBusy is computed from them. Calendar
// calls need `Authorization: Bearer <token>` with a token the fake issued or was given; errors use
// Google's JSON error shape so the official client throws real GaxiosErrors.
import {
  createFakeControl,
  handleControlRequest,
  serveFake,
  sleep,
  type FakeControl,
  type LatencyProfile,
  WAIT_MS,
  waitUntil,
} from '../../src/sim/latency-profile.ts';
import { offsetMinutes } from '../../src/time/zoned.ts';

export interface FakeOAuthClient {
  clientId: string;
  clientSecret: string;
  /** Refresh tokens this client may exchange. */
  refreshTokens: string[];
}

export interface FakeGoogleCalendarOptions {
  profile?: Partial<LatencyProfile>;
  port?: number;
  /** Access tokens accepted from the start. */
  accessTokens?: string[];
  clients?: FakeOAuthClient[];
  /** Calendars the credentials can see (besides 'primary'); others answer notFound. */
  calendars?: string[];
  /** Lifetime of issued access tokens, seconds. Default 3599. */
  tokenLifetimeSec?: number;
  /** What the account owner answers on the consent screen (`/o/oauth2/v2/auth`). Default 'allow'. */
  consent?: 'allow' | 'deny';
  /** Keep every request in `requests` (default). Off for long runs: onRequest still sees each. */
  keepRequests?: boolean;
}

export interface FakeEventTime {
  dateTime?: string;
  date?: string;
  timeZone?: string;
}

export interface FakeEvent {
  kind: 'calendar#event';
  id: string;
  etag: string;
  status: 'confirmed' | 'tentative' | 'cancelled';
  summary?: string;
  description?: string;
  start: FakeEventTime;
  end: FakeEventTime;
  reminders?: { useDefault: boolean; overrides?: Array<{ method: string; minutes: number }> };
  transparency?: 'opaque' | 'transparent';
  created: string;
  updated: string;
  sequence: number;
  [key: string]: unknown;
}

export interface FakeCalendarRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON (calendar) or form fields (token endpoint); null when empty. */
  body: Record<string, unknown> | null;
  status: number;
}

export interface FakeGoogleCalendar extends AsyncDisposable {
  /** `rootUrl` for `google.calendar({ rootUrl })`, ending in '/'. */
  readonly url: string;
  /** OAuth2 token endpoint (`endpoints.oauth2TokenUrl`). */
  readonly tokenUrl: string;
  /** OAuth2 consent screen (`endpoints.oauth2AuthBaseUrl`); answers with a redirect, as a browser sees it. */
  readonly authUrl: string;
  readonly port: number;
  readonly control: FakeControl;
  readonly requests: readonly FakeCalendarRequest[];
  /** Calls `listener` with each request as it arrives; returns the unsubscribe. */
  onRequest(listener: (r: FakeCalendarRequest) => void): () => void;
  /** Calendar requests only (not the token endpoint). */
  calendarRequests(): FakeCalendarRequest[];
  /** Access tokens the fake handed out, oldest first. */
  readonly issuedTokens: readonly string[];
  /** Accept (or stop accepting) an access token, e.g. to make a stored one expire. */
  setAccessToken(token: string, valid: boolean): void;
  /** Events of a calendar, including cancelled ones. */
  events(calendarId: string): FakeEvent[];
  /** Seeds an event directly (as if the business owner added it); creates the calendar if needed. */
  addEvent(
    calendarId: string,
    e: {
      id?: string;
      start: Date;
      end: Date;
      summary?: string;
      status?: FakeEvent['status'];
      transparency?: 'opaque' | 'transparent';
    },
  ): FakeEvent;
  /** The next `times` calendar requests fail with `status` (default 503). */
  failNext(times: number, status?: number): void;
  /** Calendar requests are accepted and never answered until cleared (or the client hangs up). */
  hang(on: boolean): void;
  /** The next `times` event inserts are applied, but their answers are withheld until the client gives up. */
  loseInsertAnswers(times: number): void;
  waitForRequests(n: number, ms?: number): Promise<boolean>;
  /** Resolves true once some request (re-checked as each arrives and as each is answered) passes `test`. */
  waitForRequest(test: (r: FakeCalendarRequest) => boolean, ms?: number): Promise<boolean>;
  close(): Promise<void>;
}

const REASON: Record<number, { reason: string; status: string; message: string }> = {
  400: { reason: 'badRequest', status: 'INVALID_ARGUMENT', message: 'Bad Request' },
  401: { reason: 'authError', status: 'UNAUTHENTICATED', message: 'Invalid Credentials' },
  403: { reason: 'forbidden', status: 'PERMISSION_DENIED', message: 'Forbidden' },
  404: { reason: 'notFound', status: 'NOT_FOUND', message: 'Not Found' },
  409: { reason: 'duplicate', status: 'ALREADY_EXISTS', message: 'The requested identifier already exists.' },
  410: { reason: 'deleted', status: 'NOT_FOUND', message: 'Resource has been deleted' },
  429: { reason: 'rateLimitExceeded', status: 'RESOURCE_EXHAUSTED', message: 'Rate Limit Exceeded' },
  500: { reason: 'backendError', status: 'INTERNAL', message: 'Backend Error' },
  503: { reason: 'backendError', status: 'UNAVAILABLE', message: 'The service is currently unavailable.' },
};

function googleError(status: number, message?: string, reason?: string): Response {
  const r = REASON[status] ?? { reason: 'backendError', status: 'UNKNOWN', message: 'Error' };
  const msg = message ?? r.message;
  return Response.json(
    {
      error: {
        code: status,
        message: msg,
        errors: [{ domain: 'global', reason: reason ?? r.reason, message: msg }],
        status: r.status,
      },
    },
    {
      status,
      headers:
        status === 401
          ? { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' }
          : {},
    },
  );
}

/** RFC 3339 with the zone's offset at that instant (UTC 'Z' without a zone), as Google renders times. */
export function rfc3339(t: number, tz?: string): string {
  if (!tz || tz === 'UTC') return new Date(t).toISOString().replace('.000Z', 'Z');
  const off = offsetMinutes(t, tz);
  const local = new Date(t + off * 60_000).toISOString().slice(0, 19);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** Instant of an event time; dateTime without an offset is read in its timeZone. */
function instantOf(t: FakeEventTime | undefined): number | null {
  if (!t) return null;
  if (t.dateTime) {
    if (/[zZ]|[+-]\d\d:\d\d$/.test(t.dateTime)) {
      const ms = Date.parse(t.dateTime);
      return Number.isFinite(ms) ? ms : null;
    }
    if (!t.timeZone) return null;
    const naive = Date.parse(`${t.dateTime}Z`);
    if (!Number.isFinite(naive)) return null;
    // Wall time in the zone → instant (offset at that wall time; good enough away from DST gaps).
    return naive - offsetMinutes(naive, t.timeZone) * 60_000;
  }
  if (t.date) {
    const ms = Date.parse(`${t.date}T00:00:00Z`);
    return Number.isFinite(ms) ? ms : null;
  }
  return null;
}

const EVENT_ID = /^[0-9a-v]{5,1024}$/;

export async function startFakeGoogleCalendar(opts: FakeGoogleCalendarOptions = {}): Promise<FakeGoogleCalendar> {
  const control = createFakeControl(opts.profile);
  const lifetime = opts.tokenLifetimeSec ?? 3599;
  const validTokens = new Set(opts.accessTokens ?? []);
  const issued: string[] = [];
  const clients = opts.clients ?? [];
  // Authorization codes handed out by the consent screen: single use, bound to client and redirect.
  const codes = new Map<string, { clientId: string; redirectUri: string; scope: string }>();
  const calendars = new Map<string, Map<string, FakeEvent>>();
  for (const id of ['primary', ...(opts.calendars ?? [])]) calendars.set(id, new Map());
  const requests: FakeCalendarRequest[] = [];
  const listeners = new Set<(r: FakeCalendarRequest) => void>();
  const record = (r: FakeCalendarRequest) => {
    if (opts.keepRequests !== false) requests.push(r);
    for (const l of listeners) l(r);
  };
  const waiters = new Set<() => void>();
  const failures: number[] = [];
  let hanging = false;
  let lostAnswers = 0;
  let seq = 0;

  const calendar = (id: string): Map<string, FakeEvent> => {
    let c = calendars.get(id);
    if (!c) {
      c = new Map();
      calendars.set(id, c);
    }
    return c;
  };
  const newId = (): string => {
    // Google's generated ids are base32hex too.
    let s = '';
    for (let i = 0; i < 26; i++) s += '0123456789abcdefghijklmnopqrstuv'[Math.floor(Math.random() * 32)];
    return s;
  };
  const etag = (): string => `"${Date.now()}${String(++seq).padStart(4, '0')}"`;

  function renderTime(t: FakeEventTime): FakeEventTime {
    const at = instantOf(t);
    if (at === null || !t.dateTime) return t;
    return { dateTime: rfc3339(at, t.timeZone), ...(t.timeZone ? { timeZone: t.timeZone } : {}) };
  }

  function validateEvent(body: Record<string, unknown>, partial: boolean): Response | null {
    const start = body.start as FakeEventTime | undefined;
    const end = body.end as FakeEventTime | undefined;
    if (!partial || start || end) {
      if (!start || !end) return googleError(400, 'Missing end time.', 'required');
      const s = instantOf(start);
      const e = instantOf(end);
      if (s === null || e === null) return googleError(400, 'Invalid start or end time.', 'invalid');
      if (e <= s) return googleError(400, 'The specified time range is empty.', 'timeRangeEmpty');
    }
    const reminders = body.reminders as FakeEvent['reminders'] | undefined;
    if (reminders) {
      const overrides = reminders.overrides ?? [];
      if (reminders.useDefault && overrides.length > 0)
        return googleError(
          400,
          'Cannot specify both default reminders and overrides at the same time.',
          'cannotUseDefaultRemindersAndSpecifyOverride',
        );
      if (overrides.length > 5) return googleError(400, 'Too many reminders.', 'tooManyReminders');
      for (const o of overrides) {
        if (o.method !== 'email' && o.method !== 'popup')
          return googleError(400, `Invalid reminder method: ${String(o.method)}`, 'invalid');
        if (!Number.isInteger(o.minutes) || o.minutes < 0 || o.minutes > 40320)
          return googleError(400, 'Invalid reminder minutes.', 'invalid');
      }
    }
    return null;
  }

  function freeBusy(body: Record<string, unknown> | null): Response {
    const timeMin = typeof body?.timeMin === 'string' ? Date.parse(body.timeMin) : NaN;
    const timeMax = typeof body?.timeMax === 'string' ? Date.parse(body.timeMax) : NaN;
    if (!Number.isFinite(timeMin)) return googleError(400, 'Missing timeMin parameter.', 'required');
    if (!Number.isFinite(timeMax)) return googleError(400, 'Missing timeMax parameter.', 'required');
    if (timeMax <= timeMin) return googleError(400, 'The specified time range is empty.', 'timeRangeEmpty');
    const tz = typeof body?.timeZone === 'string' ? body.timeZone : undefined;
    const items = Array.isArray(body?.items) ? (body.items as Array<{ id?: string }>) : [];
    const out: Record<string, unknown> = {};
    for (const item of items) {
      const id = item.id ?? '';
      const cal = calendars.get(id);
      if (!cal) {
        out[id] = { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] };
        continue;
      }
      const spans = [...cal.values()]
        .filter((e) => e.status !== 'cancelled' && e.transparency !== 'transparent')
        .map(
          (e) =>
            [Math.max(instantOf(e.start) ?? 0, timeMin), Math.min(instantOf(e.end) ?? 0, timeMax)] as [number, number],
        )
        .filter(([s, e]) => e > s)
        .sort((a, b) => a[0] - b[0]);
      // Overlapping and touching events make one busy period.
      const merged: Array<[number, number]> = [];
      for (const s of spans) {
        const last = merged.at(-1);
        if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
        else merged.push([s[0], s[1]]);
      }
      out[id] = { busy: merged.map(([s, e]) => ({ start: rfc3339(s, tz), end: rfc3339(e, tz) })) };
    }
    return Response.json({
      kind: 'calendar#freeBusy',
      timeMin: new Date(timeMin).toISOString(),
      timeMax: new Date(timeMax).toISOString(),
      calendars: out,
    });
  }

  function insert(calendarId: string, body: Record<string, unknown> | null): Response {
    if (!body) return googleError(400, 'Request body is empty.', 'required');
    const bad = validateEvent(body, false);
    if (bad) return bad;
    const cal = calendars.get(calendarId);
    if (!cal) return googleError(404);
    let id = typeof body.id === 'string' ? body.id : undefined;
    if (id !== undefined) {
      if (!EVENT_ID.test(id)) return googleError(400, 'Invalid resource id value.', 'invalid');
      if (cal.has(id)) return googleError(409);
    }
    id ??= newId();
    const now = new Date().toISOString();
    const event: FakeEvent = {
      ...body,
      kind: 'calendar#event',
      id,
      etag: etag(),
      status: (body.status as FakeEvent['status'] | undefined) ?? 'confirmed',
      htmlLink: `https://calendar.example.test/event?eid=${id}`,
      created: now,
      updated: now,
      sequence: 0,
      iCalUID: `${id}@google.com`,
      start: body.start as FakeEventTime,
      end: body.end as FakeEventTime,
      reminders: (body.reminders as FakeEvent['reminders']) ?? { useDefault: true },
      eventType: 'default',
    };
    cal.set(id, event);
    return Response.json({ ...event, start: renderTime(event.start), end: renderTime(event.end) });
  }

  function patch(calendarId: string, eventId: string, body: Record<string, unknown> | null): Response {
    const event = calendars.get(calendarId)?.get(eventId);
    if (!event) return googleError(404);
    if (!body) return googleError(400, 'Request body is empty.', 'required');
    const merged = { ...event, ...body };
    const bad = validateEvent(merged, true);
    if (bad) return bad;
    Object.assign(event, body, {
      id: event.id,
      etag: etag(),
      updated: new Date().toISOString(),
      sequence: event.sequence + 1,
    });
    return Response.json({ ...event, start: renderTime(event.start), end: renderTime(event.end) });
  }

  function remove(calendarId: string, eventId: string): Response {
    const event = calendars.get(calendarId)?.get(eventId);
    if (!event) return googleError(404);
    if (event.status === 'cancelled') return googleError(410);
    event.status = 'cancelled';
    event.updated = new Date().toISOString();
    return new Response(null, { status: 204 });
  }

  /** The consent screen, already answered: a 302 back to `redirect_uri` with a code (or an error). */
  function consentScreen(q: URLSearchParams): Response {
    const client = clients.find((c) => c.clientId === q.get('client_id'));
    const redirectUri = q.get('redirect_uri') ?? '';
    // Google shows its own error page (no redirect) for an unknown client or a bad redirect URI.
    if (!client) return new Response('Error 401: invalid_client', { status: 401 });
    if (!/^https?:\/\//.test(redirectUri)) return new Response('Error 400: redirect_uri_mismatch', { status: 400 });
    if (q.get('response_type') !== 'code') return new Response('Error 400: unsupported_response_type', { status: 400 });
    const back = new URL(redirectUri);
    const state = q.get('state');
    if (state !== null) back.searchParams.set('state', state);
    if ((opts.consent ?? 'allow') === 'deny') {
      back.searchParams.set('error', 'access_denied');
      return new Response(null, { status: 302, headers: { location: back.toString() } });
    }
    const code = `4/0fake-${Math.random().toString(36).slice(2, 12)}`;
    const scope = q.get('scope') ?? '';
    codes.set(code, { clientId: client.clientId, redirectUri, scope });
    back.searchParams.set('code', code);
    back.searchParams.set('scope', scope);
    return new Response(null, { status: 302, headers: { location: back.toString() } });
  }

  function issueAccessToken(scope: string): {
    access_token: string;
    expires_in: number;
    scope: string;
    token_type: string;
  } {
    const access = `ya29.fake-${issued.length + 1}-${Math.random().toString(36).slice(2, 10)}`;
    issued.push(access);
    validTokens.add(access);
    return { access_token: access, expires_in: lifetime, scope, token_type: 'Bearer' };
  }

  async function token(form: URLSearchParams): Promise<Response> {
    const grant = form.get('grant_type');
    if (grant !== 'refresh_token' && grant !== 'authorization_code')
      return Response.json(
        { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${grant ?? ''}` },
        { status: 400 },
      );
    const client = clients.find((c) => c.clientId === form.get('client_id'));
    if (!client || client.clientSecret !== form.get('client_secret'))
      return Response.json(
        { error: 'invalid_client', error_description: 'The OAuth client was not found.' },
        { status: 401 },
      );
    if (grant === 'authorization_code') {
      const code = form.get('code') ?? '';
      const granted = codes.get(code);
      codes.delete(code);
      if (!granted || granted.clientId !== client.clientId || granted.redirectUri !== form.get('redirect_uri'))
        return Response.json({ error: 'invalid_grant', error_description: 'Malformed auth code.' }, { status: 400 });
      const refresh = `1//fake-refresh-${Math.random().toString(36).slice(2, 12)}`;
      client.refreshTokens.push(refresh);
      return Response.json({ ...issueAccessToken(granted.scope), refresh_token: refresh });
    }
    if (!client.refreshTokens.includes(form.get('refresh_token') ?? ''))
      return Response.json(
        { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
        { status: 400 },
      );
    return Response.json(issueAccessToken('https://www.googleapis.com/auth/calendar'));
  }

  async function handle(req: Request, url: URL): Promise<Response> {
    const headers: Record<string, string> = {};
    req.headers.forEach((v, k) => {
      headers[k] = v;
    });
    const raw = await req.text();
    const isForm = (headers['content-type'] ?? '').includes('application/x-www-form-urlencoded');
    let body: Record<string, unknown> | null = null;
    if (raw) {
      if (isForm) body = Object.fromEntries(new URLSearchParams(raw));
      else {
        try {
          body = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          const rec = {
            method: req.method,
            path: url.pathname,
            query: url.searchParams,
            headers,
            body: null,
            status: 400,
          };
          record(rec);
          return googleError(400, 'Parse Error', 'parseError');
        }
      }
    }
    const rec: FakeCalendarRequest = {
      method: req.method,
      path: url.pathname,
      query: url.searchParams,
      headers,
      body,
      status: 0,
    };
    record(rec);
    for (const w of [...waiters]) w();
    const res = await route(req, url, rec, raw);
    rec.status = res.status;
    for (const w of [...waiters]) w();
    if (lostAnswers > 0 && res.ok && req.method === 'POST' && /\/events$/.test(url.pathname)) {
      // The insert took effect, but its answer never reaches the client (a timeout on their side).
      lostAnswers--;
      await new Promise<void>((resolve) => req.signal.addEventListener('abort', () => resolve(), { once: true }));
      return new Response(null, { status: 499 });
    }
    return res;
  }

  async function route(req: Request, url: URL, rec: FakeCalendarRequest, raw: string): Promise<Response> {
    const path = url.pathname;
    if (path === '/token' && req.method === 'POST') return token(new URLSearchParams(raw));
    if (path === '/o/oauth2/v2/auth' && req.method === 'GET') return consentScreen(url.searchParams);
    if (!path.startsWith('/calendar/v3/')) return googleError(404);

    const auth = /^Bearer\s+(\S+)$/i.exec(rec.headers.authorization ?? '');
    if (!auth || !validTokens.has(auth[1]!))
      return googleError(401, 'Request had invalid authentication credentials. Expected OAuth 2 access token.');

    const failStatus = failures.shift() ?? control.take('http5xx')?.status;
    if (failStatus !== undefined) return googleError(failStatus);
    if (hanging || control.take('stall')) {
      await new Promise<void>((resolve) => req.signal.addEventListener('abort', () => resolve(), { once: true }));
      return new Response(null, { status: 499 });
    }
    await sleep(control.firstByteDelayMs(), req.signal);

    if (path === '/calendar/v3/freeBusy' && req.method === 'POST') return freeBusy(rec.body);
    const m = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(path);
    if (!m) return googleError(404);
    const calendarId = decodeURIComponent(m[1]!);
    const eventId = m[2] ? decodeURIComponent(m[2]) : undefined;
    if (!eventId && req.method === 'POST') return insert(calendarId, rec.body);
    if (eventId && req.method === 'PATCH') return patch(calendarId, eventId, rec.body);
    if (eventId && req.method === 'DELETE') return remove(calendarId, eventId);
    if (eventId && req.method === 'GET') {
      const e = calendars.get(calendarId)?.get(eventId);
      return e ? Response.json({ ...e, start: renderTime(e.start), end: renderTime(e.end) }) : googleError(404);
    }
    return googleError(404);
  }

  async function controlRoute(req: Request, path: string): Promise<Response> {
    const shared = await handleControlRequest(control, req, path, {
      failNext: (times, status) => api.failNext(times, status),
      hang: (on) => api.hang(on),
    });
    if (shared) return shared;
    return Response.json({ error: 'unknown control route' }, { status: 404 });
  }

  const server = serveFake({ ...(opts.port ? { port: opts.port } : {}), control: controlRoute, handle });

  const port = server.port as number;
  const api: FakeGoogleCalendar = {
    url: `http://127.0.0.1:${port}/`,
    tokenUrl: `http://127.0.0.1:${port}/token`,
    authUrl: `http://127.0.0.1:${port}/o/oauth2/v2/auth`,
    port,
    control,
    requests,
    onRequest(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    calendarRequests: () => requests.filter((r) => r.path.startsWith('/calendar/')),
    issuedTokens: issued,
    setAccessToken(t, valid) {
      if (valid) validTokens.add(t);
      else validTokens.delete(t);
    },
    events: (id) => [...(calendars.get(id)?.values() ?? [])],
    addEvent(calendarId, e) {
      const id = e.id ?? newId();
      const now = new Date().toISOString();
      const event: FakeEvent = {
        kind: 'calendar#event',
        id,
        etag: etag(),
        status: e.status ?? 'confirmed',
        ...(e.summary ? { summary: e.summary } : {}),
        ...(e.transparency ? { transparency: e.transparency } : {}),
        start: { dateTime: e.start.toISOString() },
        end: { dateTime: e.end.toISOString() },
        created: now,
        updated: now,
        sequence: 0,
      };
      calendar(calendarId).set(id, event);
      return event;
    },
    failNext(times, status = 503) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    hang(on) {
      hanging = on;
    },
    loseInsertAnswers(times) {
      lostAnswers += times;
    },
    waitForRequests(n, ms = WAIT_MS) {
      return waitUntil(() => requests.length >= n, waiters, ms);
    },
    waitForRequest(test, ms = WAIT_MS) {
      return waitUntil(() => requests.some(test), waiters, ms);
    },
    async close() {
      hanging = false;
      await server.stop(true);
    },
    [Symbol.asyncDispose]() {
      return api.close();
    },
  };
  return api;
}
