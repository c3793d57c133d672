// Organization lookups. The webhook asks by called number on every call, so answers are cached
// briefly in memory; org edits invalidate the entry.
import { eq } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import type { Db } from './client.ts';
import { organizations, type Organization } from './schema.ts';

const TTL_MS = 30_000;

export class OrgDirectory {
  // Bounded: webhooks for numbers nobody owns (misdialed, forged) must not grow memory forever.
  private byPhone = new LRUCache<string, { org: Organization | null; at: number }>({ max: 10_000 });
  private byId = new LRUCache<string, Organization>({ max: 10_000 });

  constructor(private readonly db: Db) {}

  async findByPhone(phone: string): Promise<Organization | null> {
    const hit = this.byPhone.get(phone);
    if (hit && performance.now() - hit.at < TTL_MS) return hit.org;
    const rows = await this.db.select().from(organizations).where(eq(organizations.phoneNumber, phone)).limit(1);
    const org = rows[0] ?? null;
    this.byPhone.set(phone, { org, at: performance.now() });
    if (org) this.byId.set(org.id, org);
    return org;
  }

  async findById(id: string): Promise<Organization | null> {
    const cached = this.byId.get(id);
    if (cached) return cached;
    const rows = await this.db.select().from(organizations).where(eq(organizations.id, id)).limit(1);
    const org = rows[0] ?? null;
    if (org) this.byId.set(id, org);
    return org;
  }

  invalidate(): void {
    this.byPhone.clear();
    this.byId.clear();
  }
}
