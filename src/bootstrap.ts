// Builds a runtime from configuration: database (migrated), write queue, providers, sessions.
// main.ts uses it; so do tests, the simulator and the benchmarks, with the same code paths.
import type { Config } from './config.ts';
import { openDb } from './db/client.ts';
import { WriteQueue } from './db/write-queue.ts';
import { OrgDirectory } from './db/orgs-repo.ts';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { interruptOwnCalls } from './db/instances-repo.ts';
import { startInstanceLease } from './call/instance-lease.ts';
import { streamSecretFrom } from './call/stream-secret.ts';
import { CallRegistry } from './call/registry.ts';
import { systemClock, type Clock } from './clock.ts';
import { log as rootLog, type Logger } from './log.ts';
import type { Runtime } from './runtime.ts';
import { selectProviders } from './select-providers.ts';
import { createSessionOpener } from './call/open-session.ts';
import { startServer, type RunningServer, type ServerExtras } from './server.ts';
import { PhraseCache } from './call/phrase-cache.ts';
import { precomputeOrgPhrases } from './call/phrase-precompute.ts';
import { organizations } from './db/schema.ts';
import { isNull } from 'drizzle-orm';
import { createCalendarSync } from './booking/calendar-sync.ts';
import { createMetrics } from './metrics/registry.ts';
import { pricesFromEnv } from './cost/pricing.ts';
import { startRetentionJob } from './privacy/retention.ts';
import { operatorMounts } from './operator.ts';
import { buildCarriers } from './carriers/build.ts';

export interface RuntimeOverrides {
  clock?: Clock;
  log?: Logger;
  /** Synthesize every org's fixed phrases in the background at start (default true). */
  precomputePhrases?: boolean;
  /** How often bookings waiting for the calendar are retried (default 2000 ms). */
  calendarSyncIntervalMs?: number;
  /** How often expired transcripts are purged (default RETENTION_PURGE_INTERVAL_MINUTES). */
  retentionIntervalMs?: number;
}

export interface App {
  rt: Runtime;
  listen(opts: { port: number; hostname?: string }, extras?: ServerExtras): RunningServer;
  close(): Promise<void>;
}

export async function createRuntime(config: Config, overrides: RuntimeOverrides = {}): Promise<App> {
  const log = overrides.log ?? rootLog;
  const clock = overrides.clock ?? systemClock;
  const env = config.env;
  const db = await openDb({
    url: env.DATABASE_URL,
    ...(env.DATABASE_AUTH_TOKEN ? { authToken: env.DATABASE_AUTH_TOKEN } : {}),
    ...(env.DATABASE_SYNC_URL
      ? { syncUrl: env.DATABASE_SYNC_URL, syncIntervalSeconds: env.DATABASE_SYNC_INTERVAL_SECONDS }
      : {}),
  });
  // A stable INSTANCE_ID lets a restart end its own previous calls at once; a generated one is new
  // each run, and what a previous run left open is swept once its lease runs out.
  const instanceId = env.INSTANCE_ID ?? `${hostname()}-${randomUUID().slice(0, 8)}`;
  const interrupted = await interruptOwnCalls(db.db, instanceId, env.REGION, Date.now());
  if (interrupted > 0) log.warn('calls left open by a previous run marked interrupted', { count: interrupted });
  const stopLease = await startInstanceLease({
    db: db.db,
    id: instanceId,
    region: env.REGION,
    log,
    heartbeatMs: env.INSTANCE_HEARTBEAT_MS,
    leaseMs: env.INSTANCE_LEASE_MS,
  });
  const streamSecret = streamSecretFrom(env.STREAM_TOKEN_SECRET);
  if (streamSecret.warning) log.warn(streamSecret.warning, { security: true });

  const writes = new WriteQueue(db.db, { log });
  const metrics = createMetrics({ region: env.REGION });
  const prices = pricesFromEnv({
    PRICE_TWILIO_PER_MIN: env.PRICE_TWILIO_PER_MIN,
    PRICE_DEEPGRAM_PER_MIN: env.PRICE_DEEPGRAM_PER_MIN,
    PRICE_LLM_PER_1K_TOKENS: env.PRICE_LLM_PER_1K_TOKENS,
    PRICE_TTS_PER_CHAR: env.PRICE_TTS_PER_CHAR,
  });
  const providers = await selectProviders(config, { db: db.db, log, metrics });
  const carriers = await buildCarriers(config, { db: db.db, log });
  // Memory fills per organization (the start-up precompute below, then calls), never from the whole table.
  const phraseCache = new PhraseCache(db.db, {
    maxBytes: env.PHRASE_CACHE_MAX_MB * 1024 * 1024,
    maxOrgBytes: env.PHRASE_STORE_MAX_MB_PER_ORG * 1024 * 1024,
    log,
  });
  const rt: Runtime = {
    config,
    db,
    writes,
    orgs: new OrgDirectory(db.db, { ttlMs: env.ORG_CACHE_TTL_MS, clock }),
    registry: new CallRegistry(),
    instanceId,
    streamSecret: streamSecret.key,
    clock,
    log,
    providers,
    carriers,
    phraseCache,
    metrics,
    prices,
    openSession: () => {
      throw new Error('runtime not ready');
    },
    precomputeOrg: async () => ({ total: 0, synthesized: 0, alreadyCached: 0, failed: 0, overBudget: 0, deleted: 0 }),
    calendarSync: null,
    startedAt: Date.now(),
    draining: false,
  };
  rt.openSession = createSessionOpener(rt);
  rt.precomputeOrg = (org) => precomputeOrgPhrases(phraseCache, providers.tts, org);
  for (const [stage, name] of Object.entries(providers.describe())) log.info('provider', { stage, provider: name });
  const carrierEntries = [
    ...config.providers.carrier.active,
    ...(config.providers.carrier.fallback ? [config.providers.carrier.fallback] : []),
  ];
  for (const e of carrierEntries) log.info('carrier', { carrier: e.name, describe: e.describe(env) });

  // Bookings the calendar refused during a call are written later, from the database (so a
  // restart resumes them).
  const calendarSync = createCalendarSync({
    db: db.db,
    calendarFor: providers.calendarFor,
    notify: providers.notify,
    clock,
    log,
  });
  calendarSync.start(overrides.calendarSyncIntervalMs ?? 2000);
  rt.calendarSync = calendarSync;

  const stopLagSampler = metrics.startEventLoopSampler();
  // Transcripts past each org's retentionDays are erased; bookings and call rows stay.
  const stopRetention = startRetentionJob(
    db.db,
    clock,
    overrides.retentionIntervalMs ?? env.RETENTION_PURGE_INTERVAL_MINUTES * 60_000,
    { log },
  );

  const stopPrecompute = new AbortController();
  if (overrides.precomputePhrases !== false && env.FEATURE_PHRASE_CACHE) {
    // Background: a new region starts answering at once and gets faster as phrases land.
    void (async () => {
      const orgs = await db.db.select().from(organizations).where(isNull(organizations.disabledAt));
      let failed = 0;
      for (const org of orgs) {
        if (stopPrecompute.signal.aborted) return;
        const r = await precomputeOrgPhrases(phraseCache, providers.tts, org, stopPrecompute.signal);
        failed += r.failed;
        if (r.synthesized > 0 || r.failed > 0) log.info('phrases precomputed', { orgId: org.id, ...r });
      }
      // Every active org's phrases are mapped now: stored audio none of them uses goes (unless
      // some could not be made, e.g. the TTS is down: then older audio may still be wanted).
      if (stopPrecompute.signal.aborted || failed > 0) return;
      const deleted = await phraseCache.sweepOrphans();
      log.info('phrase cache ready', { phrases: phraseCache.entries, bytes: phraseCache.sizeBytes, deleted });
    })().catch((e) => log.warn('phrase precompute stopped', { error: e }));
  }

  return {
    rt,
    // The operator API, dashboard and /metrics come first; callers may mount more. Malformed
    // stream messages are counted by reason unless the caller counts them itself.
    listen: (opts, extras = {}) =>
      startServer(rt, opts, {
        onMalformed: (reason) => metrics.wsMalformedMessages.inc({ reason }),
        ...extras,
        mount: [...operatorMounts(rt, stopPrecompute.signal), ...(extras.mount ?? [])],
      }),
    async close() {
      stopPrecompute.abort();
      stopLease();
      stopRetention();
      stopLagSampler();
      // A booking whose event is being written gets its confirmation stored before the database closes.
      await calendarSync.stop();
      // A summary or message still being written after its call ended gets to land first.
      await rt.registry.trailingSettled();
      await writes.flush(3);
      writes.stop();
      db.close();
    },
  };
}
