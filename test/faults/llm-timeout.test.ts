// The LLM behind the NLU fails — no first token before the deadline, a 5xx, or a tool call whose
// arguments are not JSON — and every turn is understood by the local NLU within the same turn:
// the caller hears the right next question each time and the call books.
import { afterAll, afterEach, beforeAll, expect, test } from 'bun:test';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { runScenario, readScenario } from '../../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai.ts';
import { bookings } from '../../src/db/schema.ts';

const scenario = readScenario(join(import.meta.dir, '../scenarios/hvac-furnace-thursday.json'));

let env: SimEnv;
let openai: FakeOpenAi;
beforeAll(async () => {
  openai = await startFakeOpenAi();
  // Every turn goes to the model (not only the ones the local rules are unsure of).
  env = await startSimEnv({
    env: {
      OPENAI_API_KEY: 'sk-fake',
      OPENAI_BASE_URL: openai.url,
      LLM_FIRST_TOKEN_TIMEOUT_MS: '100',
      FEATURE_LOCAL_FIRST_NLU: 'false',
    },
  });
});
afterEach(() => {
  openai.control.clearFault();
  openai.setMalformedToolArgs(false);
});
afterAll(async () => {
  await env.close();
  await openai.close();
});

/** Runs the booking call and checks what the caller heard and what was stored. */
async function bookThroughFault(): Promise<void> {
  const asked = openai.requests.length;
  const r = await runScenario(env, scenario);
  if (!r.pass) throw new Error(`${r.reason}\n${JSON.stringify(r.turns, null, 2)}`);
  // The LLM was asked (and failed) for the caller's turns.
  const classify = openai.requests
    .slice(asked)
    .filter((q) => q.body.tools?.some((t) => t.function.name === 'classify_intent'));
  expect(classify.length).toBeGreaterThanOrEqual(3);
  // Each turn got the answer the local NLU leads to — in that same turn, not after a re-ask.
  const said = r.turns.filter((t) => t.caller !== null).map((t) => t.assistant.toLowerCase());
  // The name question, in any of its wordings.
  expect(said[0]).toMatch(/your name|what name should i put this under|who should i put this under/);
  expect(said[1]).toContain('what day and time');
  expect(said[2]).toContain('maria gonzalez');
  expect(said[3]).toContain('you’re all set');
  for (const s of said) expect(s).not.toContain('sorry');
  for (const n of r.replyAudioBytes!) expect(n).toBeGreaterThan(0);
  const rows = await env.app.rt.db.db.select().from(bookings).where(eq(bookings.callId, r.callId!));
  expect(rows.map((b) => [b.customerName, b.serviceType, b.status])).toEqual([
    ['Maria Gonzalez', 'Heating Repair', 'confirmed'],
  ]);
}

test('no first token before the deadline: the local NLU answers the turn', async () => {
  openai.control.setFault('stall');
  await bookThroughFault();
  expect(openai.stats().aborted).toBeGreaterThan(0);
}, 30_000);

test('5xx from the LLM (after the SDK retry): the local NLU answers the turn', async () => {
  const errors = openai.stats().errors;
  openai.control.setFault('http5xx', { status: 503 });
  await bookThroughFault();
  expect(openai.stats().errors).toBeGreaterThan(errors);
}, 30_000);

test('malformed tool-call arguments: the local NLU answers the turn', async () => {
  openai.setMalformedToolArgs(true);
  const completed = openai.stats().completed;
  await bookThroughFault();
  // The replies came back complete; only their content was unusable.
  expect(openai.stats().completed).toBeGreaterThan(completed);
}, 30_000);
