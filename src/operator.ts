// The operator surface of a running server: the REST API under /api, the dashboard at
// /dashboard and the Prometheus exposition at /metrics, wired to the runtime's database, phrase
// cache, calendars and metrics.
import { Hono } from 'hono';
import type { Runtime } from './runtime.ts';
import { createApiApp, type PhraseCacheControl } from './api/app.ts';
import type { GoogleOAuthConfig } from './api/routes/google-connect.ts';
import { createMetricsApp } from './metrics/app.ts';
import { createDashboardApp } from './dashboard/app.ts';
import { resolveSettings } from './templates/index.ts';
import { fixedPhrases } from './dialogue/phrases.ts';
import { precomputeOrgPhrases } from './call/phrase-precompute.ts';
import { createBookingService } from './booking/service.ts';
import { createRebuildScheduler, type RebuildScheduler } from './call/rebuild-scheduler.ts';
import { realCallTimers } from './call/call-timers.ts';

/**
 * Background phrase synthesis per org, rate-limited: one run at a time per org and at most one
 * start per PHRASE_REBUILD_MIN_INTERVAL_SECONDS; edits in between fold into one later run.
 * Synthesis takes seconds per phrase on the embedded engine, so no request waits for it.
 */
function phraseJobs(rt: Runtime, signal: AbortSignal): RebuildScheduler {
  const scheduler = createRebuildScheduler({
    minIntervalMs: rt.config.env.PHRASE_REBUILD_MIN_INTERVAL_SECONDS * 1000,
    timers: realCallTimers,
    run: async (orgId) => {
      if (signal.aborted) return;
      const org = await rt.orgs.findById(orgId);
      if (!org || org.disabledAt !== null) return;
      const r = await precomputeOrgPhrases(rt.phraseCache, rt.providers.tts, org, signal);
      if (r.synthesized > 0 || r.failed > 0 || r.deleted > 0) rt.log.info('phrases precomputed', { orgId, ...r });
    },
    onError: (orgId, e) => rt.log.warn('phrase precompute failed', { orgId, error: e }),
  });
  signal.addEventListener('abort', () => scheduler.stop(), { once: true });
  return scheduler;
}

function phraseControl(rt: Runtime, jobs: RebuildScheduler): PhraseCacheControl {
  const cache = rt.phraseCache;
  const control: PhraseCacheControl = {
    async status(orgId) {
      const { hits, misses, stored } = cache.stats;
      const overall = {
        enabled: rt.config.env.FEATURE_PHRASE_CACHE,
        entries: cache.entries,
        sizeBytes: cache.sizeBytes,
        hits,
        misses,
        stored,
        hitRate: hits + misses > 0 ? Math.round((hits / (hits + misses)) * 10_000) / 10_000 : null,
      };
      if (!orgId) return overall;
      const org = await rt.orgs.findById(orgId);
      if (!org) return { ...overall, org: null };
      const settings = resolveSettings(org.vertical, org.settings);
      const tts = rt.providers.tts;
      const voice = settings.voice || tts.defaultVoice;
      const phrases = fixedPhrases(settings, org.name);
      const cached = phrases.filter((p) => cache.has(tts.engine, voice, p.text)).length;
      const storedAudio = await cache.storedFor(orgId);
      return { ...overall, org: { engine: tts.engine, voice, phrases: phrases.length, cached, stored: storedAudio } };
    },
    async rebuild(orgId) {
      // Accepted either way: it starts now, or once the org's rebuild interval has passed.
      const r = jobs.request(orgId);
      const nextRunInSeconds = r.nextRunInMs === null ? null : Math.ceil(r.nextRunInMs / 1000);
      return { accepted: true, started: r.startedNow, nextRunInSeconds, status: await control.status(orgId) };
    },
  };
  return control;
}

/** The connect flow needs the OAuth client and an address Google can send the owner back to. */
function googleOAuthFrom(env: Runtime['config']['env']): { googleOAuth?: GoogleOAuthConfig } {
  if (!env.GOOGLE_CLIENT_ID || !env.GOOGLE_CLIENT_SECRET) return {};
  const base = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : `http://127.0.0.1:${env.PORT}`;
  return {
    googleOAuth: {
      clientId: env.GOOGLE_CLIENT_ID,
      clientSecret: env.GOOGLE_CLIENT_SECRET,
      redirectUrl: env.GOOGLE_OAUTH_REDIRECT_URL ?? `${base}/api/oauth/google/callback`,
      ...(env.GOOGLE_AUTH_URL ? { authUrl: env.GOOGLE_AUTH_URL } : {}),
      ...(env.GOOGLE_TOKEN_URL ? { tokenUrl: env.GOOGLE_TOKEN_URL } : {}),
    },
  };
}

/** `signal` stops background phrase synthesis when the server closes. */
export function operatorMounts(rt: Runtime, signal: AbortSignal): Array<{ path: string; app: Hono }> {
  const env = rt.config.env;
  const jobs = phraseJobs(rt, signal);
  const api = createApiApp({
    db: rt.db.db,
    clock: rt.clock,
    ...(env.ADMIN_API_KEY ? { adminKey: env.ADMIN_API_KEY } : {}),
    startedAt: rt.startedAt,
    prices: rt.prices,
    log: rt.log,
    phraseCache: phraseControl(rt, jobs),
    ...googleOAuthFrom(env),
    onOrgChanged: (orgId) => {
      // The webhook's lookups are cached; an edited org must answer with its new settings.
      rt.orgs.invalidate();
      if (env.FEATURE_PHRASE_CACHE) jobs.request(orgId);
    },
    // An operator's cancel also frees the booking's calendar slot.
    bookings: createBookingService({
      db: rt.db.db,
      clock: rt.clock,
      calendarFor: rt.providers.calendarFor,
      notify: rt.providers.notify,
      log: rt.log,
    }),
  });
  return [
    { path: '/api', app: new Hono().route('/', api) },
    { path: '/', app: createMetricsApp(rt.metrics, env.METRICS_TOKEN ? { token: env.METRICS_TOKEN } : {}) },
    { path: '/', app: createDashboardApp() },
  ];
}
