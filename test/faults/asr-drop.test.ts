// The Deepgram socket drops in the middle of the caller's first sentence: the adapter reconnects,
// replays the audio not yet transcribed, and the turn is understood as if nothing had happened.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { runScenario, readScenario } from '../../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';
import { bookings } from '../../src/db/schema.ts';
import { silence, speechAudio } from '../../src/sim/caller-audio.ts';

const scenario = readScenario(join(import.meta.dir, '../scenarios/hvac-furnace-thursday.json'));

let env: SimEnv;
beforeAll(async () => {
  env = await startSimEnv();
});
afterAll(() => env.close());

test('a Deepgram drop mid-utterance reconnects, the turn is not lost and the call books', async () => {
  // Cut the first connection half a second into the caller's first sentence (4000 bytes of μ-law).
  env.deepgram.control.setFault('dropMidStream', { times: 1, dropAfter: 4000 });
  const before = env.deepgram.connections.length;
  const r = await runScenario(env, scenario);
  if (!r.pass) throw new Error(`${r.reason}\n${JSON.stringify(r.turns, null, 2)}`);

  const conns = env.deepgram.connections.slice(before);
  expect(conns.length).toBeGreaterThanOrEqual(2);
  expect(conns[0]!.closeCode).toBe(1011);
  // The reconnected socket heard everything the caller said, the cut part replayed: without the
  // replay it would have received only what came after the drop.
  const callerBytes = (scenario.turns as string[]).reduce(
    (n, t, i) => n + speechAudio(t, i).length + silence(1300).length,
    0,
  );
  expect(conns.length).toBe(2);
  expect(conns[1]!.bytesReceived).toBe(callerBytes);

  // The caller's first words reached the dialogue, and the assistant answered them (asked the name).
  const first = r.turns.find((t) => t.caller !== null)!;
  expect(first.caller).toBe(scenario.turns[0] as string);
  expect(first.assistant.toLowerCase()).toContain('name');
  // Every reply was heard as audio.
  expect(r.replyAudioBytes!.length).toBe(scenario.turns.length + 1);
  for (const n of r.replyAudioBytes!) expect(n).toBeGreaterThan(0);

  const rows = await env.app.rt.db.db.select().from(bookings).where(eq(bookings.callId, r.callId!));
  expect(rows.length).toBe(1);
  expect(rows[0]!.customerName).toBe('Maria Gonzalez');
  expect(rows[0]!.status).toBe('confirmed');
}, 30_000);
