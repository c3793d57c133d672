// Google Calendar for orgs whose settings carry googleCalendar credentials; selected when a client
// or an API root is configured (CALENDAR_PROVIDER=google also serves orgs with access tokens only).
import { defineProvider } from '../entry.ts';
import { optStr } from '../../env-parsers.ts';

export const googleCalendar = defineProvider({
  kind: 'calendar',
  name: 'google',
  env: {
    GOOGLE_API_ROOT: optStr,
    /** OAuth2 token endpoint for refresh tokens (default Google's); set with GOOGLE_API_ROOT for a local endpoint. */
    GOOGLE_TOKEN_URL: optStr,
    GOOGLE_CLIENT_ID: optStr,
    GOOGLE_CLIENT_SECRET: optStr,
    /** Consent screen for the connect flow (default Google's); a local endpoint in tests. */
    GOOGLE_AUTH_URL: optStr,
    /** Where Google sends the owner back (default `{PUBLIC_URL}/api/oauth/google/callback`). */
    GOOGLE_OAUTH_REDIRECT_URL: optStr,
  },
  requires: [],
  isConfigured: (env) => Boolean(env.GOOGLE_API_ROOT || env.GOOGLE_CLIENT_ID),
  async create(env) {
    const { createGoogleCalendar } = await import('./google.ts');
    return createGoogleCalendar({
      ...(env.GOOGLE_API_ROOT ? { rootUrl: env.GOOGLE_API_ROOT } : {}),
      ...(env.GOOGLE_TOKEN_URL ? { tokenUrl: env.GOOGLE_TOKEN_URL } : {}),
      ...(env.GOOGLE_CLIENT_ID ? { clientId: env.GOOGLE_CLIENT_ID } : {}),
      ...(env.GOOGLE_CLIENT_SECRET ? { clientSecret: env.GOOGLE_CLIENT_SECRET } : {}),
    });
  },
  describe: () => 'google (orgs with credentials)',
  serves: (org) => Boolean(org.settings.googleCalendar),
});
