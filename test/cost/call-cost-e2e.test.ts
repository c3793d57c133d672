// Cost per call end to end: a simulated call through the real server stores a cost that is the
// price table applied to the usage the session measured, and the API reports the same figure.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { runScenario, readScenario } from '../../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';
import { calls } from '../../src/db/schema.ts';
import { computeCallCost, usageFromRecord } from '../../src/cost/compute.ts';
import { DEFAULT_PRICES } from '../../src/cost/pricing.ts';

const ADMIN = 'cost-admin-key-0123456789';
const load = (name: string) => readScenario(join(import.meta.dir, '..', 'scenarios', `${name}.json`));

describe('cost of a finished simulated call', () => {
  let env: SimEnv;
  // A contract rate for Twilio, so the stored cost provably comes from the configured table.
  const prices = { ...DEFAULT_PRICES, twilioPerMinute: 0.013 };
  beforeAll(async () => {
    env = await startSimEnv({ env: { ADMIN_API_KEY: ADMIN, PRICE_TWILIO_PER_MIN: '0.013' } });
  });
  afterAll(() => env.close());

  test('the stored cost is computeCallCost of the stored usage at the configured prices', async () => {
    const r = await runScenario(env, load('hvac-furnace-thursday'));
    expect(r.reason).toBe('');
    const [row] = await env.app.rt.db.db.select().from(calls).where(eq(calls.id, r.callId!));
    expect(row!.status).toBe('completed');
    const usage = usageFromRecord(row!.usage);
    // Measured, not defaulted: the caller spoke, the assistant spoke, the call lasted.
    expect(usage.durationSeconds).toBeGreaterThan(0);
    expect(usage.asrSeconds).toBeGreaterThan(1);
    expect(usage.ttsCharacters + (usage.ttsCachedCharacters ?? 0)).toBeGreaterThan(50);
    expect(usage.durationSeconds).toBeCloseTo(row!.durationSeconds!, 6);

    const expected = computeCallCost(usage, prices);
    expect(row!.cost).toBe(expected.total);
    // By hand: Twilio per started minute at the contract rate, Deepgram per second of caller
    // audio, Polly per synthesized character (the embedded defaults use no LLM tokens).
    const hand =
      Math.ceil(usage.durationSeconds / 60) * 0.013 +
      (usage.asrSeconds / 60) * 0.0043 +
      ((usage.llmPromptTokens + usage.llmCompletionTokens) / 1000) * 0.002 +
      usage.ttsCharacters * 0.000016;
    expect(row!.cost!).toBeCloseTo(hand, 6);
    expect(row!.cost!).not.toBe(computeCallCost(usage, DEFAULT_PRICES).total);

    // The API shows the same number and its breakdown.
    const res = await fetch(`${env.serverUrl}/api/calls/${r.callId}`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      cost: number;
      costBreakdown: { total: number; breakdown: { telephony: { billedMinutes: number } } };
    };
    expect(body.cost).toBe(row!.cost!);
    expect(body.costBreakdown.total).toBe(row!.cost!);
    expect(body.costBreakdown.breakdown.telephony.billedMinutes).toBe(Math.ceil(usage.durationSeconds / 60));
  }, 60_000);
});
