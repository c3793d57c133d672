// The operator API as the running server mounts it: admin and org keys against real calls, org
// edits reaching the next call's lookup, phrase rebuilds, and a cancelled booking's calendar slot
// freed.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { runScenario, readScenario } from '../../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';
import { bookings, calendarEvents } from '../../src/db/schema.ts';
import { eventually } from '../helpers/eventually.ts';

const ADMIN = 'live-admin-key-0123456789';
const load = (name: string) => readScenario(join(import.meta.dir, '..', 'scenarios', `${name}.json`));

describe('operator API on a live server', () => {
  let env: SimEnv;
  const call = async (method: string, path: string, key: string | null = ADMIN, body?: unknown) => {
    const headers: Record<string, string> = {};
    if (key) headers.authorization = `Bearer ${key}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${env.serverUrl}/api${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  beforeAll(async () => {
    env = await startSimEnv({ env: { ADMIN_API_KEY: ADMIN } });
  });
  afterAll(() => env.close());

  test('no key is 401; the OpenAPI document is public', async () => {
    expect((await call('GET', '/calls', null)).status).toBe(401);
    const doc = await call('GET', '/openapi.json', null);
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\.1/);
  });

  test('an org key sees its own calls only; a cancelled booking frees its calendar slot', async () => {
    const booked = await runScenario(env, load('hvac-furnace-thursday'));
    const other = await runScenario(env, load('hvac-hours-inquiry'));
    expect(booked.reason).toBe('');
    const db = env.app.rt.db.db;
    const [b] = await db.select().from(bookings).where(eq(bookings.callId, booked.callId!));
    const key = await call('POST', `/orgs/${b!.orgId}/keys`, ADMIN, { name: 'front desk' });
    expect(key.status).toBe(201);

    const mine = await call('GET', '/calls', key.body.key);
    expect(mine.body.data.map((c: { id: string }) => c.id)).toEqual([booked.callId]);
    expect((await call('GET', `/calls/${other.callId}`, key.body.key)).status).toBe(404);
    const all = await call('GET', '/calls');
    expect(all.body.data.map((c: { id: string }) => c.id).sort()).toEqual([booked.callId, other.callId].sort());

    expect(b!.externalEventId).toBeString();
    const cancelled = await call('POST', `/bookings/${b!.id}/cancel`, key.body.key);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const [event] = await db.select().from(calendarEvents).where(eq(calendarEvents.id, b!.externalEventId!));
    expect(event!.cancelledAt).toBeInstanceOf(Date);
  }, 60_000);

  test('an org created and edited through the API is what the next call finds; its phrases can be rebuilt', async () => {
    const phone = '+15125559876';
    const created = await call('POST', '/orgs', ADMIN, {
      template: 'salon',
      name: 'Shear Joy',
      phoneNumber: phone,
      timezone: 'America/Denver',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await env.app.rt.orgs.findByPhone(phone))?.name).toBe('Shear Joy');

    // The webhook's lookup is cached; the edit must reach it at once.
    const renamed = await call('PATCH', `/orgs/${id}`, ADMIN, { name: 'Shear Joy Studio' });
    expect(renamed.status).toBe(200);
    expect((await env.app.rt.orgs.findByPhone(phone))?.name).toBe('Shear Joy Studio');

    // Synthesis runs in the background (the create and the edit already started it); a rebuild
    // answers at once with the status, and the org's phrases land in the cache one by one.
    const rebuilt = await call('POST', `/orgs/${id}/phrases/rebuild`);
    expect(rebuilt.status).toBe(202);
    expect(rebuilt.body.result.accepted).toBe(true);
    expect(rebuilt.body.result.status.org.phrases).toBeGreaterThan(5);
    const cached = async () => (await call('GET', `/phrases/status?orgId=${id}`)).body.status.org.cached as number;
    await eventually(async () => (await cached()) > 0, 50);
    expect(await cached()).toBeGreaterThan(0);
  }, 60_000);
});
