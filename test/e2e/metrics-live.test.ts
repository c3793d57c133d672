// /metrics on the running server: a strict Prometheus parse, and the counters move when a real
// simulated call runs through the webhook, the media stream, the ASR fake and the embedded TTS.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { runScenario, readScenario } from '../../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';
import { callTurns } from '../../src/db/schema.ts';
import { parseProm, sampleValue, type Family } from '../metrics/prom-parse.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai.ts';

const scenario = readScenario(join(import.meta.dir, '../scenarios/hvac-furnace-thursday.json'));
const TOKEN = 'scrape-token-for-tests';

async function scrape(env: SimEnv): Promise<Map<string, Family>> {
  const res = await fetch(`${env.serverUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return parseProm(await res.text());
}

/** Sum of every sample of a family whose labels include `match`. */
function total(f: Map<string, Family>, family: string, sampleName: string, match: Record<string, string> = {}): number {
  const fam = f.get(family);
  if (!fam) return 0;
  return fam.samples
    .filter((s) => s.name === sampleName && Object.entries(match).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

describe('/metrics on a live server', () => {
  let env: SimEnv;
  beforeAll(async () => {
    env = await startSimEnv({ env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => env.close());

  test('without the scrape token /metrics answers 401', async () => {
    const res = await fetch(`${env.serverUrl}/metrics`);
    expect(res.status).toBe(401);
    const wrong = await fetch(`${env.serverUrl}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
  });

  test('a simulated call moves the call, turn, cache and speculation counters', async () => {
    const before = await scrape(env);
    for (const fam of before.values()) for (const s of fam.samples) expect(s.labels.region).toBe('sim');
    const startedBefore = sampleValue(before, 'infinioffice_calls_started_total') ?? 0;
    const bookedBefore = sampleValue(before, 'infinioffice_calls_total', { outcome: 'booked' }) ?? 0;
    const totalTurnsBefore = total(
      before,
      'infinioffice_turn_latency_seconds',
      'infinioffice_turn_latency_seconds_count',
      { stage: 'total' },
    );
    const cacheBefore =
      (sampleValue(before, 'infinioffice_phrase_cache_hits_total') ?? 0) +
      (sampleValue(before, 'infinioffice_phrase_cache_misses_total') ?? 0);
    const specBefore =
      (sampleValue(before, 'infinioffice_speculation_hits_total') ?? 0) +
      (sampleValue(before, 'infinioffice_speculation_misses_total') ?? 0);
    const ttsBefore = total(
      before,
      'infinioffice_provider_latency_seconds',
      'infinioffice_provider_latency_seconds_count',
      { provider: 'embedded', op: 'first_byte' },
    );

    const r = await runScenario(env, scenario);
    expect(r.reason).toBe('');
    expect(r.outcome).toBe('booked');

    const after = await scrape(env);
    expect(sampleValue(after, 'infinioffice_calls_started_total')).toBe(startedBefore + 1);
    expect(sampleValue(after, 'infinioffice_calls_total', { outcome: 'booked' })).toBe(bookedBefore + 1);
    expect(sampleValue(after, 'infinioffice_calls_active')).toBe(0);

    // One "total" observation per caller turn that produced audio: the same turns the database holds.
    const rows = await env.app.rt.db.db.select().from(callTurns).where(eq(callTurns.callId, r.callId!));
    const answered = rows.filter((t) => t.callerText !== null && t.latencyMs !== null).length;
    expect(answered).toBeGreaterThanOrEqual(scenario.turns.length - 1);
    expect(
      total(after, 'infinioffice_turn_latency_seconds', 'infinioffice_turn_latency_seconds_count', { stage: 'total' }) -
        totalTurnsBefore,
    ).toBe(answered);
    expect(
      total(after, 'infinioffice_turn_latency_seconds', 'infinioffice_turn_latency_seconds_count', {
        stage: 'endpoint',
      }),
    ).toBeGreaterThan(0);

    // Every sentence spoken asked the phrase cache (fixed phrases) or not at all (dynamic text);
    // the greeting alone is a fixed phrase, so at least one lookup happened.
    const cacheAfter =
      (sampleValue(after, 'infinioffice_phrase_cache_hits_total') ?? 0) +
      (sampleValue(after, 'infinioffice_phrase_cache_misses_total') ?? 0);
    expect(cacheAfter).toBeGreaterThan(cacheBefore);
    const specAfter =
      (sampleValue(after, 'infinioffice_speculation_hits_total') ?? 0) +
      (sampleValue(after, 'infinioffice_speculation_misses_total') ?? 0);
    expect(specAfter).toBeGreaterThan(specBefore);
    // The embedded TTS synthesized at least the dynamic sentences (times, names).
    expect(
      total(after, 'infinioffice_provider_latency_seconds', 'infinioffice_provider_latency_seconds_count', {
        provider: 'embedded',
        op: 'first_byte',
      }),
    ).toBeGreaterThan(ttsBefore);
  }, 60_000);
});

describe('provider metrics on a live server with an LLM', () => {
  let env: SimEnv;
  let openai: FakeOpenAi;
  beforeAll(async () => {
    openai = await startFakeOpenAi();
    // Every turn goes to the LLM (no local-first shortcut), so each call exercises it.
    env = await startSimEnv({
      env: {
        OPENAI_API_KEY: 'sk-fake',
        OPENAI_BASE_URL: openai.url,
        LLM_FIRST_TOKEN_TIMEOUT_MS: '400',
        FEATURE_LOCAL_FIRST_NLU: 'false',
      },
    });
  });
  afterAll(async () => {
    await env.close();
    await openai.close();
  });

  test('LLM first-token latency is observed, and 5xx answers and deadlines count as provider errors', async () => {
    const firstTokens = (f: Map<string, Family>) =>
      total(f, 'infinioffice_provider_latency_seconds', 'infinioffice_provider_latency_seconds_count', {
        provider: 'openai',
        op: 'first_token',
      });
    const errors = (f: Map<string, Family>, kind: string) =>
      sampleValue(f, 'infinioffice_provider_errors_total', { provider: 'openai', kind }) ?? 0;

    // Whether each call books is the fault tests' concern; here only what the metrics saw.
    await runScenario(env, scenario);
    const healthy = await scrape(env);
    expect(firstTokens(healthy)).toBeGreaterThan(0);
    expect(errors(healthy, 'http_5xx')).toBe(0);
    expect(errors(healthy, 'timeout')).toBe(0);

    openai.control.setFault('http5xx', { status: 503 });
    await runScenario(env, scenario);
    openai.control.clearFault();
    const after5xx = await scrape(env);
    expect(errors(after5xx, 'http_5xx')).toBeGreaterThan(0);

    openai.control.setFault('stall');
    await runScenario(env, scenario);
    openai.control.clearFault();
    expect(errors(await scrape(env), 'timeout')).toBeGreaterThan(0);
  }, 90_000);
});
