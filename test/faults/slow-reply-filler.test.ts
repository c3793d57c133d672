// A reply that cannot start within TURN_FILLER_AFTER_MS of the caller stopping (here: a slow
// LLM behind the NLU that never answers, so each turn waits for its deadline and the local
// fallback) is preceded by the cached "One moment." — the caller never hears dead air.
// A fast reply gets no filler.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { runScenario, readScenario } from '../../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai.ts';
import { bookings } from '../../src/db/schema.ts';
import { resolveSettings } from '../../src/templates/index.ts';

const scenario = readScenario(join(import.meta.dir, '../scenarios/hvac-furnace-thursday.json'));

let openai: FakeOpenAi;
beforeAll(async () => {
  openai = await startFakeOpenAi();
});
afterAll(() => openai.close());

async function withEnv(extra: Record<string, string>, fn: (env: SimEnv) => Promise<void>): Promise<void> {
  const env = await startSimEnv({ env: { FEATURE_SPECULATION: 'false', ...extra } });
  try {
    await fn(env);
  } finally {
    await env.close();
  }
}

test('a reply later than TURN_FILLER_AFTER_MS plays the cached filler first, then the answer', async () => {
  // Understanding takes the LLM's whole 300 ms deadline; the filler is due 20 ms after the caller stops.
  openai.control.setFault('stall');
  await withEnv(
    {
      OPENAI_API_KEY: 'sk-fake',
      OPENAI_BASE_URL: openai.url,
      LLM_FIRST_TOKEN_TIMEOUT_MS: '300',
      TURN_FILLER_AFTER_MS: '20',
      FEATURE_LOCAL_FIRST_NLU: 'false',
    },
    async (env) => {
      const r = await runScenario(env, scenario);
      if (!r.pass) throw new Error(`${r.reason}\n${JSON.stringify(r.turns, null, 2)}`);
      const replies = r.turns.filter((t) => t.caller !== null).map((t) => t.assistant);
      for (const text of replies) expect(text.startsWith('One moment. ')).toBe(true);
      // The name question has several wordings; the filler comes first whichever is said.
      expect(replies[0]).toMatch(
        /^One moment\. (Can I get your name, please|And what name should I put this under|Who should I put this under)\?$/,
      );
      // The greeting is not a caller turn: no filler before it.
      expect(r.turns[0]!.assistant.startsWith('One moment')).toBe(false);
      for (const n of r.replyAudioBytes!) expect(n).toBeGreaterThan(0);
      // The filler is a fixed phrase: its audio is in the phrase cache.
      const voice = resolveSettings('hvac', {}).voice || env.app.rt.providers.tts.defaultVoice;
      expect(env.app.rt.phraseCache.get(env.app.rt.providers.tts.engine, voice, 'One moment.')).toBeDefined();
      const rows = await env.app.rt.db.db.select().from(bookings).where(eq(bookings.callId, r.callId!));
      expect(rows.length).toBe(1);
    },
  );
}, 40_000);

test('a reply within the limit gets no filler', async () => {
  // A limit no reply comes near, even on a busy machine.
  await withEnv({ TURN_FILLER_AFTER_MS: '30000' }, async (env) => {
    const r = await runScenario(env, scenario);
    if (!r.pass) throw new Error(`${r.reason}\n${JSON.stringify(r.turns, null, 2)}`);
    for (const t of r.turns) expect(t.assistant).not.toContain('One moment.');
  });
}, 40_000);
