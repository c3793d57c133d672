// GET /kpis: the pilot's KPIs for one org (days in its time zone) or all orgs (days in UTC).
import { Hono } from 'hono';
import { and, eq, gte, isNotNull, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { calls, callTurns, organizations } from '../../db/schema.ts';
import { scopeOrg, type ApiEnv } from '../auth.ts';
import type { ResolvedDeps } from '../deps.ts';
import { ApiError, notFound } from '../errors.ts';
import { computeKpis } from '../kpis.ts';
import { kpisByLanguage } from '../kpis-by-language.ts';
import { Instant } from '../time-query.ts';
import { query } from '../validate.ts';

const DAY_MS = 86_400_000;

export const KpisQuery = z.object({
  orgId: z.string().min(1).optional(),
  /** Default: 30 days before `to`. */
  from: Instant.optional(),
  /** Default: now. */
  to: Instant.optional(),
});

export function kpiRoutes(deps: ResolvedDeps): Hono<ApiEnv> {
  const { db } = deps;
  const app = new Hono<ApiEnv>();
  app.get('/kpis', async (c) => {
    const q = query(c, KpisQuery);
    const orgId = scopeOrg(c.var.principal, q.orgId);
    const now = deps.clock.now();
    const to = q.to ?? now;
    const from = q.from ?? to - 30 * DAY_MS;
    if (from >= to)
      throw new ApiError(400, 'validation_failed', 'from must be before to', [
        { path: 'from', code: 'invalid', message: 'from must be before to' },
      ]);
    if (to - from > 400 * DAY_MS)
      throw new ApiError(400, 'validation_failed', 'range is at most 400 days', [
        { path: 'from', code: 'too_big', message: 'range is at most 400 days' },
      ]);
    let timeZone = 'UTC';
    if (orgId) {
      const [org] = await db
        .select({ timezone: organizations.timezone })
        .from(organizations)
        .where(eq(organizations.id, orgId))
        .limit(1);
      if (!org) throw notFound('organization');
      timeZone = org.timezone;
    }
    const inRange: SQL[] = [gte(calls.startedAt, new Date(from)), lt(calls.startedAt, new Date(to))];
    if (orgId) inRange.push(eq(calls.orgId, orgId));
    const callRows = await db
      .select({
        startedAt: calls.startedAt,
        status: calls.status,
        outcome: calls.outcome,
        bookingCreated: calls.bookingCreated,
        bookingWanted: calls.bookingWanted,
        cost: calls.cost,
        language: calls.language,
      })
      .from(calls)
      .where(and(...inRange));
    const turnRows = await db
      .select({
        callStartedAt: calls.startedAt,
        latencyMs: callTurns.latencyMs,
        latency: callTurns.latency,
        language: calls.language,
      })
      .from(callTurns)
      .innerJoin(calls, eq(calls.id, callTurns.callId))
      .where(and(...inRange, isNotNull(callTurns.latencyMs)));
    const input = {
      calls: callRows.map((r) => ({ ...r, startedAt: r.startedAt.getTime() })),
      turns: turnRows.map((r) => ({
        callStartedAt: r.callStartedAt.getTime(),
        latencyMs: r.latencyMs ?? Number.NaN,
        cacheHit: r.latency?.cacheHit === true,
        language: r.language,
      })),
      from,
      to,
      timeZone,
      now,
      processStartedAt: deps.startedAt,
    };
    return c.json({ ...computeKpis(input), byLanguage: kpisByLanguage(input) });
  });
  return app;
}
