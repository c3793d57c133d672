// What the API needs from the running server; everything but the database is optional.
import type { Db } from '../db/client.ts';
import type { Booking } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Prices } from '../cost/pricing.ts';

export interface PhraseCacheControl {
  status(orgId?: string): unknown;
  /** Starts re-synthesizing the org's fixed phrases; resolves once started, not when done. */
  rebuild(orgId: string): Promise<unknown>;
}

export interface ApiDeps {
  db: Db;
  clock?: Clock;
  /** ADMIN_API_KEY; without it only organization keys work. */
  adminKey?: string;
  /** Called after an org is created or edited (e.g. rebuild its phrase cache, drop cached lookups). */
  onOrgChanged?: (orgId: string) => void;
  phraseCache?: PhraseCacheControl;
  /** Process start (epoch ms) for the uptime KPI; defaults to when the app was built. */
  startedAt?: number;
  /** Prices for the per-call cost breakdown in call details; defaults to DEFAULT_PRICES. */
  prices?: Prices;
  /** Called after an operator cancels or completes a booking (e.g. free the calendar slot). */
  onBookingChanged?: (booking: Booking, change: 'cancelled' | 'done') => void | Promise<void>;
  log?: Logger;
}

export interface ResolvedDeps extends ApiDeps {
  clock: Clock;
  startedAt: number;
  prices: Prices;
}
