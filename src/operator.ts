// The operator surface of a running server: the REST API under /api, the dashboard at
// /dashboard and the Prometheus exposition at /metrics, wired to the runtime's database, phrase
// cache, calendars and metrics.
import { Hono } from 'hono';
import type { Runtime } from './runtime.ts';
import { createApiApp, type PhraseCacheControl } from './api/app.ts';
import { createMetricsApp } from './metrics/app.ts';
import { createDashboardApp } from './dashboard/app.ts';
import { resolveSettings } from './templates/index.ts';
import { fixedPhrases } from './dialogue/phrases.ts';
import { precomputeOrgPhrases } from './call/phrase-precompute.ts';
import { createBookingService } from './booking/service.ts';

/**
 * Background phrase synthesis per org, one job at a time per org: requests that arrive while a
 * job runs fold into a single follow-up run (an org edited twice is synthesized twice at most).
 * Synthesis takes seconds per phrase on the embedded engine, so no request waits for it.
 */
function phraseJobs(rt: Runtime, signal: AbortSignal): (orgId: string) => void {
  const jobs = new Map<string, { again: boolean }>();
  return (orgId) => {
    const running = jobs.get(orgId);
    if (running) {
      running.again = true;
      return;
    }
    const job = { again: false };
    jobs.set(orgId, job);
    void (async () => {
      do {
        job.again = false;
        if (signal.aborted) return;
        const org = await rt.orgs.findById(orgId);
        if (!org || org.disabledAt !== null) return;
        const r = await precomputeOrgPhrases(rt.phraseCache, rt.providers.tts, org, signal);
        if (r.synthesized > 0 || r.failed > 0) rt.log.info('phrases precomputed', { orgId, ...r });
      } while (job.again);
    })()
      .catch((e) => rt.log.warn('phrase precompute failed', { orgId, error: e }))
      .finally(() => jobs.delete(orgId));
  };
}

function phraseControl(rt: Runtime, precompute: (orgId: string) => void): PhraseCacheControl {
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
      return { ...overall, org: { engine: tts.engine, voice, phrases: phrases.length, cached } };
    },
    async rebuild(orgId) {
      precompute(orgId);
      return { started: true, status: await control.status(orgId) };
    },
  };
  return control;
}

/** `signal` stops background phrase synthesis when the server closes. */
export function operatorMounts(rt: Runtime, signal: AbortSignal): Array<{ path: string; app: Hono }> {
  const env = rt.config.env;
  const precompute = phraseJobs(rt, signal);
  const api = createApiApp({
    db: rt.db.db,
    clock: rt.clock,
    ...(env.ADMIN_API_KEY ? { adminKey: env.ADMIN_API_KEY } : {}),
    startedAt: rt.startedAt,
    prices: rt.prices,
    log: rt.log,
    phraseCache: phraseControl(rt, precompute),
    onOrgChanged: (orgId) => {
      // The webhook's lookups are cached; an edited org must answer with its new settings.
      rt.orgs.invalidate();
      if (env.FEATURE_PHRASE_CACHE) precompute(orgId);
    },
    // An operator's cancel also frees the booking's calendar slot.
    bookings: createBookingService({
      db: rt.db.db,
      clock: rt.clock,
      calendarFor: rt.providers.calendarFor,
      log: rt.log,
    }),
  });
  return [
    { path: '/api', app: new Hono().route('/', api) },
    { path: '/', app: createMetricsApp(rt.metrics, env.METRICS_TOKEN ? { token: env.METRICS_TOKEN } : {}) },
    { path: '/', app: createDashboardApp() },
  ];
}
