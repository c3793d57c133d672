// Intake questions are org settings: an operator adds one through the API and the next call asks
// it and stores the answer on the booking; removing one stops it being asked. No release needed.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { Scenario, runScenario } from '../../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';
import { bookings } from '../../src/db/schema.ts';

const ADMIN = 'live-admin-key-0123456789';

const gateCode = {
  id: 'gateCode',
  ask: 'Is there a gate code the technician will need?',
  askAgain: 'Sorry, is there a gate code?',
  kind: 'text',
  required: false,
};
const address = {
  id: 'address',
  ask: 'What is the address of the home?',
  askAgain: 'Sorry, what is the street address?',
  kind: 'address',
  required: true,
  readBack: 'at {answer}',
};

describe('an intake question added through the API', () => {
  let env: SimEnv;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${env.serverUrl}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  beforeAll(async () => {
    env = await startSimEnv({ env: { ADMIN_API_KEY: ADMIN } });
  });
  afterAll(() => env.close());

  const scenario = (turns: string[], said: string[], notSaid: string[] = []) =>
    Scenario.parse({
      name: 'intake-live',
      org: { template: 'hvac', name: 'Polar Air' },
      now: '2026-11-23T10:00:00-06:00',
      turns,
      expect: { outcome: 'booked', said, ...(notSaid.length ? { notSaid } : {}) },
    });

  test('is asked on the next call and its answer stored; a removed one is no longer asked', async () => {
    const phone = '+15125559321';
    const created = await call('POST', '/orgs', {
      template: 'hvac',
      name: 'Polar Air',
      phoneNumber: phone,
      timezone: 'America/Chicago',
    });
    expect(created.status).toBe(201);
    const org = { id: created.body.id as string, phone };
    const db = env.app.rt.db.db;
    const booking = async (callId: string | null) =>
      (await db.select().from(bookings).where(eq(bookings.callId, callId!)))[0];

    // Before: the template's address question only.
    const before = await runScenario(
      env,
      scenario(
        ['my AC is not cooling', 'Dana Reyes', 'thursday at 1 pm', '12 Oak Street', 'yes', 'no'],
        ['technician to come', 'at 12 Oak Street'],
        ['gate code'],
      ),
      { org },
    );
    expect(before.reason).toBe('');
    expect((await booking(before.callId))?.intake).toEqual({ address: '12 Oak Street' });

    const added = await call('PATCH', `/orgs/${org.id}`, { settings: { intake: [address, gateCode] } });
    expect(added.status).toBe(200);
    const after = await runScenario(
      env,
      scenario(
        ['my AC is not cooling', 'Dana Reyes', 'thursday at 3 pm', '14 Elm Road', 'yes it is 4 4 1 2', 'yes', 'no'],
        ['address of the home', 'gate code the technician', 'at 14 Elm Road'],
      ),
      { org },
    );
    expect(after.reason).toBe('');
    const b = await booking(after.callId);
    expect(b?.address).toBe('14 Elm Road');
    expect(b?.intake).toEqual({ address: '14 Elm Road', gateCode: 'yes it is 4 4 1 2' });

    const removed = await call('PATCH', `/orgs/${org.id}`, { settings: { intake: [gateCode] } });
    expect(removed.status).toBe(200);
    const without = await runScenario(
      env,
      scenario(
        ['my AC is not cooling', 'Dana Reyes', 'friday at 1 pm', 'no gate', 'yes', 'no'],
        ['gate code'],
        ['address'],
      ),
      { org },
    );
    expect(without.reason).toBe('');
    expect((await booking(without.callId))?.address).toBeNull();
  }, 60_000);

  test('questions are validated: a choice needs options, ids are unique, conditions name earlier answers', async () => {
    const created = await call('POST', '/orgs', {
      template: 'hvac',
      name: 'Polar Air',
      phoneNumber: '+15125559322',
      timezone: 'America/Chicago',
    });
    const id = created.body.id as string;
    const bad = [
      [{ ...gateCode, kind: 'choice' }],
      [gateCode, gateCode],
      [{ ...gateCode, when: { answer: { id: 'nope', equals: 'x' } } }],
      [{ ...gateCode, kind: 'colour' }],
      [{ ...gateCode, id: 'has space' }],
    ];
    for (const intake of bad) expect((await call('PATCH', `/orgs/${id}`, { settings: { intake } })).status).toBe(400);
    const ok = await call('PATCH', `/orgs/${id}`, { settings: { intake: [], flags: { mobileService: true } } });
    expect(ok.status).toBe(200);
    expect(ok.body.settings.intake).toEqual([]);
  });
});
