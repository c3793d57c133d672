// A call whose speech engine fails on every sentence (an eSpeak voice with no voice data, the
// phrase cache off) sends no audio; that is never silent to the operator: each turn row counts
// its lost sentences, the call is flagged `noAudio` in the API, and provider_errors_total counts
// every lost sentence with its reason.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { runScenario, readScenario } from '../../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';
import { calls, callTurns } from '../../src/db/schema.ts';
import { callSummaryJson } from '../../src/api/serialize.ts';

const base = readScenario(join(import.meta.dir, '../scenarios/hvac-furnace-thursday.json'));

let env: SimEnv;
beforeAll(async () => {
  env = await startSimEnv({ env: { FEATURE_PHRASE_CACHE: 'false' } });
});
afterAll(() => env.close());

test('sentences that produced no audio are marked on their turns, the call and the metrics', async () => {
  const scenario = { ...base, turns: base.turns.slice(0, 2), org: { ...base.org, settings: { voice: 'zz' } } };
  const r = await runScenario(env, scenario);
  expect(r.audioBytes).toBe(0);
  const db = env.app.rt.db.db;
  const turns = await db.select().from(callTurns).where(eq(callTurns.callId, r.callId!)).orderBy(asc(callTurns.index));
  expect(turns.length).toBeGreaterThanOrEqual(2);
  for (const t of turns) expect(t.noAudioSentences).toBeGreaterThan(0);
  const [call] = await db.select().from(calls).where(eq(calls.id, r.callId!));
  expect(call!.noAudioSentences).toBe(turns.reduce((n, t) => n + t.noAudioSentences, 0));
  expect(callSummaryJson(call!).noAudio).toBe(true);
  const metrics = await env.app.rt.metrics.render();
  const line = metrics.split('\n').find((l) => l.includes('provider_errors_total') && l.includes('no_audio'));
  expect(line).toContain('reason="error"');
  expect(Number(line!.split(' ').pop())).toBeGreaterThanOrEqual(turns.length);
}, 60_000);

test('a call whose sentences all played is not flagged', async () => {
  const scenario = { ...base, turns: base.turns.slice(0, 1) };
  const r = await runScenario(env, scenario);
  const [call] = await env.app.rt.db.db.select().from(calls).where(eq(calls.id, r.callId!));
  expect(r.audioBytes).toBeGreaterThan(0);
  expect(callSummaryJson(call!).noAudio).toBe(false);
}, 60_000);
