// Privacy end to end, through the real server and simulated calls: a HIPAA-mode practice stores
// no transcript or turn text (the booking's own fields stay), and the retention job a server
// starts erases transcripts of calls older than the org's retentionDays while bookings stay.
import { afterAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { runScenario, readScenario } from '../../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';
import { bookings, calls, callTurns } from '../../src/db/schema.ts';
import { eventually } from '../helpers/eventually.ts';

const load = (name: string) => readScenario(join(import.meta.dir, '..', 'scenarios', `${name}.json`));
const DAY_MS = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), 'infinioffice-privacy-'));
const databaseUrl = `file:${join(dir, 'privacy.db')}`;
const open: SimEnv[] = [];

afterAll(async () => {
  for (const e of open) await e.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe('privacy on real calls', () => {
  test('a dental (HIPAA-mode) call books but stores no transcript, turn text or free-text details', async () => {
    const env = await startSimEnv({ databaseUrl });
    open.push(env);
    const r = await runScenario(env, load('dental-cleaning'));
    expect(r.reason).toBe('');
    const db = env.app.rt.db.db;
    const [row] = await db.select().from(calls).where(eq(calls.id, r.callId!));
    expect(row!.status).toBe('completed');
    expect(row!.transcript).toBeNull();
    const turns = await db.select().from(callTurns).where(eq(callTurns.callId, r.callId!));
    expect(turns.length).toBeGreaterThan(2);
    for (const t of turns) {
      expect(t.callerText).toBeNull();
      expect(t.assistantText).toBeNull();
      expect(t.latencyMs === null || t.latencyMs >= 0).toBe(true); // timings are still kept
    }
    const [booking] = await db.select().from(bookings).where(eq(bookings.callId, r.callId!));
    expect(booking!.customerName).toBe('Emily Chen');
    expect(booking!.details ?? {}).toEqual({});
    await env.close();
    open.pop();
  }, 60_000);

  test('a restarted server purges transcripts past retentionDays; recent calls and bookings stay', async () => {
    const env = await startSimEnv({ databaseUrl });
    open.push(env);
    const inquiry = load('hvac-hours-inquiry'); // hvac keeps transcripts 90 days
    const old = await runScenario(env, { ...inquiry, now: new Date(Date.now() - 120 * DAY_MS).toISOString() });
    const recent = await runScenario(env, { ...inquiry, now: new Date(Date.now() - DAY_MS).toISOString() });
    const db1 = env.app.rt.db.db;
    for (const id of [old.callId!, recent.callId!]) {
      const [row] = await db1.select().from(calls).where(eq(calls.id, id));
      expect(row!.transcript).toContain('Caller:');
    }
    const bookingsBefore = (await db1.select().from(bookings)).length;
    await env.close();
    open.pop();

    // The retention job runs as the server starts.
    const next = await startSimEnv({ databaseUrl });
    open.push(next);
    const db = next.app.rt.db.db;
    const transcriptOf = async (id: string) =>
      (await db.select({ t: calls.transcript }).from(calls).where(eq(calls.id, id)))[0]!.t;
    await eventually(async () => (await transcriptOf(old.callId!)) === null);
    expect(await transcriptOf(old.callId!)).toBeNull();
    for (const t of await db.select().from(callTurns).where(eq(callTurns.callId, old.callId!))) {
      expect(t.callerText).toBeNull();
      expect(t.assistantText).toBeNull();
    }
    // The purged call keeps its row, timings and cost for the KPIs.
    const [oldRow] = await db.select().from(calls).where(eq(calls.id, old.callId!));
    expect(oldRow!.cost).toBeGreaterThan(0);
    expect(await transcriptOf(recent.callId!)).toContain('Caller:');
    expect((await db.select().from(bookings)).length).toBe(bookingsBefore);
  }, 90_000);
});
