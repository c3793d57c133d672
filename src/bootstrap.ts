// Builds a runtime from configuration: database (migrated), write queue, providers, sessions.
// main.ts uses it; so do tests, the simulator and the benchmarks, with the same code paths.
import type { Config } from './config.ts';
import { openDb } from './db/client.ts';
import { WriteQueue } from './db/write-queue.ts';
import { OrgDirectory } from './db/orgs-repo.ts';
import { markInterruptedCalls } from './db/calls-repo.ts';
import { CallRegistry } from './call/registry.ts';
import { systemClock, type Clock } from './clock.ts';
import { log as rootLog, type Logger } from './log.ts';
import type { Runtime } from './runtime.ts';
import { selectProviders } from './providers/select.ts';
import { createSessionOpener } from './call/open-session.ts';
import { startServer, type RunningServer, type ServerExtras } from './server.ts';

export interface RuntimeOverrides {
  clock?: Clock;
  log?: Logger;
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
    ...(env.DATABASE_SYNC_URL ? { syncUrl: env.DATABASE_SYNC_URL, syncIntervalSeconds: env.DATABASE_SYNC_INTERVAL_SECONDS } : {}),
  });
  const interrupted = await markInterruptedCalls(db.db, env.REGION, clock.now());
  if (interrupted > 0) log.warn('calls left open by a previous run marked interrupted', { count: interrupted });

  const writes = new WriteQueue(db.db, { log });
  const providers = await selectProviders(config, { db: db.db, log });
  const rt: Runtime = {
    config,
    db,
    writes,
    orgs: new OrgDirectory(db.db),
    registry: new CallRegistry(),
    clock,
    log,
    providers,
    phraseCache: null,
    openSession: () => {
      throw new Error('runtime not ready');
    },
    startedAt: Date.now(),
    draining: false,
  };
  rt.openSession = createSessionOpener(rt);
  for (const [stage, name] of Object.entries(providers.describe())) log.info('provider', { stage, provider: name });

  return {
    rt,
    listen: (opts, extras) => startServer(rt, opts, extras),
    async close() {
      await writes.flush(3);
      writes.stop();
      db.close();
    },
  };
}
