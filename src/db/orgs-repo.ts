// Organization lookups. The webhook asks by called number and the stream start by id on every
// call, so answers are cached briefly in memory. An edit through this instance's API invalidates
// the cache at once; an edit through another instance sharing the database is seen here once the
// entry is older than the TTL (ORG_CACHE_TTL_MS), so no instance serves stale settings for longer.
import { eq } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import type { Db } from './client.ts';
import { organizations, type Organization } from './schema.ts';
import { systemClock, type Clock } from '../clock.ts';

export interface OrgDirectoryOptions {
  /** How long an answer is served from memory. */
  ttlMs?: number;
  clock?: Clock;
}

/** A bounded cache whose answers expire after `ttlMs` on `clock` (lru-cache's own TTL). */
function answers<V extends {}>(ttlMs: number, clock: Clock): LRUCache<string, V> {
  // Bounded: webhooks for numbers nobody owns (misdialed, forged) must not grow memory forever.
  // ttlResolution 0: every check reads the clock (an injected one may jump).
  return new LRUCache<string, V>({ max: 10_000, ttl: ttlMs, ttlResolution: 0, perf: clock });
}

export class OrgDirectory {
  /** Wrapped: a number nobody owns is an answer too. */
  private readonly byPhone: LRUCache<string, { org: Organization | null }>;
  private readonly byId: LRUCache<string, Organization>;
  private readonly ttlMs: number;
  private readonly clock: Clock;
  private lastPurge = 0;

  constructor(
    private readonly db: Db,
    opts: OrgDirectoryOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 5000;
    this.clock = opts.clock ?? systemClock;
    this.byPhone = answers(this.ttlMs, this.clock);
    this.byId = answers(this.ttlMs, this.clock);
  }

  /** Entries are for this many businesses (by number and by id). */
  get cached(): { byPhone: number; byId: number } {
    return { byPhone: this.byPhone.size, byId: this.byId.size };
  }

  /**
   * Expired answers are otherwise dropped only when looked up again: purging them (at most once a
   * TTL, on the slow path) keeps memory to the businesses called lately.
   */
  private purge(): void {
    const now = this.clock.now();
    if (now - this.lastPurge < this.ttlMs) return;
    this.lastPurge = now;
    this.byPhone.purgeStale();
    this.byId.purgeStale();
  }

  async findByPhone(phone: string): Promise<Organization | null> {
    const hit = this.byPhone.get(phone);
    if (hit) return hit.org;
    this.purge();
    const rows = await this.db.select().from(organizations).where(eq(organizations.phoneNumber, phone)).limit(1);
    const org = rows[0] ?? null;
    this.byPhone.set(phone, { org });
    if (org) this.byId.set(org.id, org);
    return org;
  }

  async findById(id: string): Promise<Organization | null> {
    const hit = this.byId.get(id);
    if (hit) return hit;
    this.purge();
    const rows = await this.db.select().from(organizations).where(eq(organizations.id, id)).limit(1);
    const org = rows[0] ?? null;
    if (org) this.byId.set(id, org);
    else this.byId.delete(id);
    return org;
  }

  invalidate(): void {
    this.byPhone.clear();
    this.byId.clear();
  }
}
