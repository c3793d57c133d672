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

export class OrgDirectory {
  // Bounded: webhooks for numbers nobody owns (misdialed, forged) must not grow memory forever.
  private byPhone = new LRUCache<string, { org: Organization | null; at: number }>({ max: 10_000 });
  private byId = new LRUCache<string, { org: Organization; at: number }>({ max: 10_000 });
  private readonly ttlMs: number;
  private readonly clock: Clock;
  private lastSweep = 0;

  constructor(
    private readonly db: Db,
    opts: OrgDirectoryOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 5000;
    this.clock = opts.clock ?? systemClock;
  }

  private fresh(at: number): boolean {
    return this.clock.now() - at < this.ttlMs;
  }

  /** Entries are for this many businesses (by number and by id). */
  get cached(): { byPhone: number; byId: number } {
    return { byPhone: this.byPhone.size, byId: this.byId.size };
  }

  /**
   * Drops answers past their TTL (at most once a TTL, on the slow path): memory follows the
   * businesses called lately, not every business ever called since start.
   */
  private sweep(): void {
    const now = this.clock.now();
    if (now - this.lastSweep < this.ttlMs) return;
    this.lastSweep = now;
    for (const cache of [this.byPhone, this.byId] as const) {
      const stale: string[] = [];
      for (const [key, v] of cache.entries()) if (!this.fresh(v.at)) stale.push(key);
      for (const key of stale) cache.delete(key);
    }
  }

  async findByPhone(phone: string): Promise<Organization | null> {
    const hit = this.byPhone.get(phone);
    if (hit && this.fresh(hit.at)) return hit.org;
    this.sweep();
    const rows = await this.db.select().from(organizations).where(eq(organizations.phoneNumber, phone)).limit(1);
    const org = rows[0] ?? null;
    const at = this.clock.now();
    this.byPhone.set(phone, { org, at });
    if (org) this.byId.set(org.id, { org, at });
    return org;
  }

  async findById(id: string): Promise<Organization | null> {
    const hit = this.byId.get(id);
    if (hit && this.fresh(hit.at)) return hit.org;
    this.sweep();
    const rows = await this.db.select().from(organizations).where(eq(organizations.id, id)).limit(1);
    const org = rows[0] ?? null;
    if (org) this.byId.set(id, { org, at: this.clock.now() });
    else this.byId.delete(id);
    return org;
  }

  invalidate(): void {
    this.byPhone.clear();
    this.byId.clear();
  }
}
