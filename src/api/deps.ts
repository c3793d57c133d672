// What the API needs from the running server; everything but the database is optional.
import type { Db } from '../db/client.ts';
import type { BookingService } from '../booking/service.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Prices } from '../cost/pricing.ts';
import type { NotifyProvider } from '../providers/notify/types.ts';
import type { GoogleOAuthConfig } from './routes/google-connect.ts';

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
  /** Bookings; defaults to one over `db` without calendars (a cancel then frees no calendar slot). */
  bookings?: BookingService;
  /** Texts an operator's actions send (a cancel tells the customer); defaults to the outbox over `db`. */
  notify?: NotifyProvider;
  log?: Logger;
  /** The Google Calendar connect flow; without it the connect route answers 409 conflict. */
  googleOAuth?: GoogleOAuthConfig;
}

export interface ResolvedDeps extends ApiDeps {
  clock: Clock;
  bookings: BookingService;
  startedAt: number;
  prices: Prices;
}
