// Calls: a filtered, cursor-paginated list (newest first) and one call with turns and booking.
import { Hono } from 'hono';
import { readFile } from 'node:fs/promises';
import { and, asc, desc, eq, gte, like, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { calls, callTurns, type CallStatus } from '../../db/schema.ts';
import { computeCallCost, usageFromRecord } from '../../cost/compute.ts';
import { canSee, scopeOrg, type ApiEnv } from '../auth.ts';
import type { ResolvedDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { afterCursor, decodeCursor, page, PageQuery } from '../pagination.ts';
import { bookingJson, callSummaryJson, turnJson } from '../serialize.ts';
import { Instant } from '../time-query.ts';
import { query } from '../validate.ts';

export const CALL_STATUSES = [
  'ringing',
  'in-progress',
  'completed',
  'failed',
  'interrupted',
  'busy',
  'no-answer',
  'canceled',
] as const satisfies readonly CallStatus[];

export const CallsQuery = z.object({
  orgId: z.string().min(1).optional(),
  status: z.enum(CALL_STATUSES).optional(),
  /** startedAt ≥ from */
  from: Instant.optional(),
  /** startedAt < to */
  to: Instant.optional(),
  /** Digits anywhere in the caller's number; spaces, dashes, dots and brackets are ignored. */
  caller: z
    .string()
    .regex(/^[\d\s()+.-]{1,30}$/, 'must be digits of a phone number')
    .transform((s) => s.replace(/\D/g, ''))
    .refine((s) => s.length > 0, 'must contain digits')
    .optional(),
  /** The language the call ended in. */
  language: z.enum(['en', 'es']).optional(),
  ...PageQuery,
});

export function callRoutes(deps: ResolvedDeps): Hono<ApiEnv> {
  const { db } = deps;
  const app = new Hono<ApiEnv>();

  app.get('/calls', async (c) => {
    const q = query(c, CallsQuery);
    const orgId = scopeOrg(c.var.principal, q.orgId);
    const where: SQL[] = [];
    if (orgId) where.push(eq(calls.orgId, orgId));
    if (q.status) where.push(eq(calls.status, q.status));
    if (q.caller) where.push(like(calls.callerPhone, `%${q.caller}%`));
    if (q.language) where.push(eq(calls.language, q.language));
    if (q.from !== undefined) where.push(gte(calls.startedAt, new Date(q.from)));
    if (q.to !== undefined) where.push(lt(calls.startedAt, new Date(q.to)));
    if (q.cursor) where.push(afterCursor(calls.startedAt, calls.id, decodeCursor(q.cursor)));
    const rows = await db
      .select()
      .from(calls)
      .where(and(...where))
      .orderBy(desc(calls.startedAt), desc(calls.id))
      .limit(q.limit + 1);
    const p = page(rows, q.limit, (r) => ({ at: r.startedAt.getTime(), id: r.id }));
    return c.json({ data: p.data.map(callSummaryJson), nextCursor: p.nextCursor });
  });

  app.get('/calls/:id', async (c) => {
    const [call] = await db
      .select()
      .from(calls)
      .where(eq(calls.id, c.req.param('id')))
      .limit(1);
    if (!call || !canSee(c.var.principal, call.orgId)) throw notFound('call');
    const turns = await db.select().from(callTurns).where(eq(callTurns.callId, call.id)).orderBy(asc(callTurns.index));
    const booking = await deps.bookings.ofCall(call.id);
    return c.json({
      ...callSummaryJson(call),
      transcript: call.transcript,
      usage: call.usage,
      costBreakdown: call.usage ? computeCallCost(usageFromRecord(call.usage), deps.prices) : null,
      turns: turns.map(turnJson),
      booking: booking ? bookingJson(booking) : null,
    });
  });

  // The call's two-channel WAV (caller left, assistant right), for orgs that record calls.
  app.get('/calls/:id/recording', async (c) => {
    const [call] = await db
      .select({ orgId: calls.orgId, recordingPath: calls.recordingPath })
      .from(calls)
      .where(eq(calls.id, c.req.param('id')))
      .limit(1);
    if (!call || !canSee(c.var.principal, call.orgId)) throw notFound('call');
    if (!call.recordingPath) throw notFound('recording');
    const wav = await readFile(call.recordingPath).catch(() => null);
    if (!wav) throw notFound('recording');
    return c.body(new Uint8Array(wav), 200, { 'content-type': 'audio/wav', 'cache-control': 'private, no-store' });
  });

  return app;
}
