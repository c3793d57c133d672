// Everything a running server shares: configuration, database, write queue, providers, and the
// registry of calls. Built once in main.ts (or by a test) and passed down explicitly.
import type { Config } from './config.ts';
import type { DbHandle } from './db/client.ts';
import type { WriteQueue } from './db/write-queue.ts';
import type { OrgDirectory } from './db/orgs-repo.ts';
import type { CallRegistry } from './call/registry.ts';
import type { Clock } from './clock.ts';
import type { Logger } from './log.ts';
import type { Providers } from './select-providers.ts';
import type { CallSessionHandle } from './telephony/media-socket.ts';
import type { Organization } from './db/schema.ts';
import type { SessionContext } from './call/open-session.ts';
import type { PhraseCache, PrecomputeReport } from './call/phrase-cache.ts';
import type { Metrics } from './metrics/registry.ts';
import type { Prices } from './cost/pricing.ts';
import type { Carrier } from './carriers/types.ts';

export type { SessionContext };

export interface Runtime {
  config: Config;
  db: DbHandle;
  writes: WriteQueue;
  orgs: OrgDirectory;
  registry: CallRegistry;
  /** This process among the instances sharing the database (INSTANCE_ID). */
  instanceId: string;
  /** Key the stream tokens are signed and checked with (STREAM_TOKEN_SECRET, or this process's own). */
  streamSecret: Uint8Array;
  clock: Clock;
  log: Logger;
  providers: Providers;
  /** The carriers calls arrive through (Twilio always; others when configured). */
  carriers: readonly Carrier[];
  phraseCache: PhraseCache;
  /** Prometheus instruments (GET /metrics); call sessions only increment them. */
  metrics: Metrics;
  /** Price table for the cost stored on each call. */
  prices: Prices;
  /** Synthesizes an org's fixed phrases into the cache (org created or changed). */
  precomputeOrg(org: Organization): Promise<PrecomputeReport>;
  /** Opens the conversation for a call whose stream just started. */
  openSession(ctx: SessionContext): CallSessionHandle;
  /** Retries calendar writes for bookings stored as pending_sync. */
  calendarSync: {
    runOnce(): Promise<{ queued: number; synced: number; failed: number }>;
    stop(): Promise<void>;
  } | null;
  startedAt: number;
  draining: boolean;
}
