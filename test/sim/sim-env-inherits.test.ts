// The simulators (call, demo) try what the operator configured: LLM, TTS and feature settings come
// from the environment, while speech recognition, the database and the carriers stay simulated.
import { afterEach, expect, test } from 'bun:test';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';

let env: SimEnv | null = null;
const saved = { ...process.env };
afterEach(async () => {
  await env?.close();
  env = null;
  for (const k of ['FEATURE_PHRASE_CACHE', 'OPENAI_MODEL', 'DEEPGRAM_URL']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

test('with inheritEnv the environment’s LLM and feature settings apply; ASR stays on the fake', async () => {
  process.env.FEATURE_PHRASE_CACHE = 'false';
  process.env.OPENAI_MODEL = 'gpt-test-model';
  process.env.DEEPGRAM_URL = 'http://127.0.0.1:9';
  env = await startSimEnv({ inheritEnv: true });
  const e = env.app.rt.config.env;
  expect(e.FEATURE_PHRASE_CACHE).toBe(false);
  expect(e.OPENAI_MODEL).toBe('gpt-test-model');
  expect(e.DEEPGRAM_URL).toBe(env.deepgram.url);
});

test('without it the simulation ignores the environment, as tests need', async () => {
  process.env.FEATURE_PHRASE_CACHE = 'false';
  env = await startSimEnv();
  expect(env.app.rt.config.env.FEATURE_PHRASE_CACHE).toBe(true);
});
