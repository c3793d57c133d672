// Connecting an org's Google Calendar without pasting tokens: the operator asks for a consent link
// (org or admin key), the business owner approves it in their browser, Google redirects to our
// callback with a one-time code, and we exchange it for a refresh token stored in the org's
// settings (never shown again by the API). The callback carries no API key, so it trusts only the
// signed `state` it sent out (see oauth-state.ts).
import { eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { auditEvents, organizations } from '../../db/schema.ts';
import { auditRow } from '../audit.ts';
import { canSee, type ApiEnv, type Principal } from '../auth.ts';
import type { ResolvedDeps } from '../deps.ts';
import { ApiError, forbidden, notFound } from '../errors.ts';
import { signState, verifyState } from '../oauth-state.ts';

export interface GoogleOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Where Google sends the owner back: `{PUBLIC_URL}/api/oauth/google/callback`. */
  redirectUrl: string;
  /** Consent screen and token endpoint overrides (default Google's own). */
  authUrl?: string;
  tokenUrl?: string;
}

/** Free/busy to offer times, events to book, move and cancel: nothing else of the owner's account. */
export const GOOGLE_CALENDAR_SCOPES = [
  'https://www.googleapis.com/auth/calendar.events',
  'https://www.googleapis.com/auth/calendar.freebusy',
];
const CONSENT_TTL_MS = 15 * 60_000;

const ConnectBody = z.object({ calendarId: z.string().trim().min(1).max(300).default('primary') }).strict();

// Imported on first use: the Google client library costs start-up time and memory that servers
// without Google orgs should not pay.
async function client(cfg: GoogleOAuthConfig) {
  const { auth: googleAuth } = await import('@googleapis/calendar');
  return new googleAuth.OAuth2({
    clientId: cfg.clientId,
    clientSecret: cfg.clientSecret,
    redirectUri: cfg.redirectUrl,
    endpoints: {
      ...(cfg.authUrl ? { oauth2AuthBaseUrl: cfg.authUrl } : {}),
      ...(cfg.tokenUrl ? { oauth2TokenUrl: cfg.tokenUrl } : {}),
    },
  });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function page(c: Context, status: 200 | 400 | 502, title: string, detail: string) {
  const body =
    `<!doctype html><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p><p><a href="/dashboard">Open the dashboard</a></p>`;
  return c.html(body, status, { 'cache-control': 'no-store' });
}

/** Mounted before authentication: the callback comes from the owner's browser, not an API client. */
export function googleCallbackRoute(deps: ResolvedDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get('/oauth/google/callback', async (c) => {
    const cfg = deps.googleOAuth;
    if (!cfg)
      return page(c, 400, 'Google Calendar is not set up', 'This server has no Google OAuth client configured.');
    const state = verifyState(c.req.query('state') ?? '', cfg.clientSecret, deps.clock.now());
    if (!state) return page(c, 400, 'Link expired or invalid', 'Ask for a new connect link and try again.');
    const denied = c.req.query('error');
    if (denied) return page(c, 400, 'Google Calendar not connected', `Google answered: ${denied.slice(0, 100)}.`);
    const code = c.req.query('code');
    if (!code) return page(c, 400, 'Google Calendar not connected', 'Google sent no authorization code.');

    const [org] = await deps.db.select().from(organizations).where(eq(organizations.id, state.orgId)).limit(1);
    if (!org || org.disabledAt !== null) return page(c, 400, 'Google Calendar not connected', 'Unknown organization.');
    let refreshToken: string | null | undefined;
    try {
      ({
        tokens: { refresh_token: refreshToken },
      } = await (await client(cfg)).getToken(code));
    } catch (e) {
      deps.log?.warn('google calendar connect failed', { orgId: org.id, error: e });
      return page(c, 502, 'Google Calendar not connected', 'Google refused the authorization code; try again.');
    }
    if (!refreshToken) {
      // Google sends a refresh token only on a fresh consent; `prompt=consent` asks for one every time.
      return page(c, 502, 'Google Calendar not connected', 'Google returned no refresh token; try again.');
    }
    const now = deps.clock.now();
    const settings = { ...org.settings, googleCalendar: { calendarId: state.calendarId, refreshToken } };
    const actor: Principal = state.actorKeyId
      ? { kind: 'org', orgId: org.id, keyId: state.actorKeyId }
      : { kind: 'admin' };
    const change = {
      field: 'settings.googleCalendar',
      from: org.settings.googleCalendar ? '[set]' : null,
      to: '[set]',
    };
    await deps.db.batch([
      deps.db
        .update(organizations)
        .set({ settings, updatedAt: new Date(now) })
        .where(eq(organizations.id, org.id)),
      deps.db.insert(auditEvents).values(auditRow(actor, org.id, 'org.calendar_connected', now, change)),
    ]);
    deps.onOrgChanged?.(org.id);
    deps.log?.info('google calendar connected', { orgId: org.id });
    return page(c, 200, 'Google Calendar connected', `${org.name} now books into calendar ${state.calendarId}.`);
  });
  return app;
}

export function googleConnectRoutes(deps: ResolvedDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.post('/orgs/:id/google-calendar/connect', async (c) => {
    const p = c.var.principal;
    const id = c.req.param('id');
    if (!canSee(p, id)) throw notFound('organization');
    const [org] = await deps.db.select().from(organizations).where(eq(organizations.id, id)).limit(1);
    if (!org) throw notFound('organization');
    if (org.disabledAt !== null) throw forbidden('the organization is disabled');
    const cfg = deps.googleOAuth;
    if (!cfg) {
      const message = 'Google OAuth is not configured: set GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and PUBLIC_URL';
      throw new ApiError(409, 'conflict', message);
    }
    // The body is optional: without one the owner's primary calendar is used.
    const raw = await c.req.text();
    let parsed: unknown = {};
    try {
      if (raw.trim()) parsed = JSON.parse(raw);
    } catch {
      throw new ApiError(400, 'invalid_json', 'request body must be a JSON object');
    }
    const body = ConnectBody.parse(parsed);
    const expiresAt = deps.clock.now() + CONSENT_TTL_MS;
    const actorKeyId = p.kind === 'org' ? p.keyId : null;
    const state = signState({ orgId: org.id, calendarId: body.calendarId, actorKeyId, expiresAt }, cfg.clientSecret);
    const url = (await client(cfg)).generateAuthUrl({
      access_type: 'offline',
      prompt: 'consent',
      scope: GOOGLE_CALENDAR_SCOPES,
      state,
      include_granted_scopes: true,
    });
    return c.json({ url, redirectUrl: cfg.redirectUrl, expiresAt: new Date(expiresAt).toISOString() });
  });
  return app;
}
