// Booking success counts every call that asked to book: one that wanted a booking and ended with
// only an answer is a booking that did not happen, not a call to leave out.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { computeKpis, type KpiCall } from '../../src/api/kpis.ts';
import { calls } from '../../src/db/schema.ts';
import { createOrganization } from '../../src/orgs/create-org.ts';
import { runScenario, Scenario } from '../../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';

const DAY = Date.UTC(2026, 10, 23, 16);
const call = (over: Partial<KpiCall>): KpiCall => ({
  startedAt: DAY,
  status: 'completed',
  outcome: 'booked',
  bookingCreated: true,
  cost: null,
  ...over,
});

test('an answered call that wanted a booking counts against booking success', () => {
  const k = computeKpis({
    calls: [
      call({}),
      call({ outcome: 'answered', bookingCreated: false, bookingWanted: true }),
      call({ outcome: 'answered', bookingCreated: false, bookingWanted: false }),
    ],
    turns: [],
    from: DAY - 3600_000,
    to: DAY + 3600_000,
    timeZone: 'America/Chicago',
    now: DAY + 3600_000,
    processStartedAt: DAY - 3600_000,
  });
  expect(k.bookingEligibleCalls).toBe(2);
  expect(k.bookingSuccessRate).toBe(0.5);
});

let env: SimEnv;
beforeAll(async () => {
  env = await startSimEnv();
});
afterAll(() => env.close());

test('a call records that the caller asked to book, even when it ends with an answer', async () => {
  await createOrganization(env.app.rt.db.db, {
    template: 'hvac',
    name: 'Polar Air',
    phoneNumber: '+15555550177',
    timezone: 'America/Chicago',
  });
  const scenario = Scenario.parse({
    name: 'wants a booking, leaves with an answer',
    org: { template: 'hvac', name: 'Polar Air' },
    now: '2026-11-23T10:00:00-06:00',
    turns: ['I need to book a furnace repair', 'what are your hours?', { silence: 30 }],
    expect: { outcome: 'answered' },
  });
  const r = await runScenario(env, scenario);
  await env.app.rt.writes.flush(3);
  const [row] = await env.app.rt.db.db.select().from(calls).where(eq(calls.id, r.callId!));
  expect(row!.bookingWanted).toBe(true);
}, 60_000);
