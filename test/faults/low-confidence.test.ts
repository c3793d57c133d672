// Speech the recognizer doubts (low confidence) or cannot transcribe at all (an empty final) is
// never acted on: the assistant re-asks, then offers the keypad ("press 1 …"), then a callback,
// and the call's outcome and the business's callback request are recorded.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { Scenario, runScenario } from '../../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';
import { bookings, calls, notifications } from '../../src/db/schema.ts';

let env: SimEnv;
beforeAll(async () => {
  env = await startSimEnv();
});
afterAll(() => env.close());

const scenario = Scenario.parse({
  name: 'low-confidence-confirm',
  org: { template: 'hvac', name: 'Polar Air', timezone: 'America/Chicago' },
  now: '2026-11-23T10:00:00-06:00',
  turns: [
    'Hi, my furnace is banging, can someone come look at it?',
    'Tom Reed',
    'Thursday at 1 pm',
    '12 Oak Street',
    // A "yes" the recognizer barely heard must not book anything.
    { text: 'yes', confidence: 0.2 },
    // Speech with no transcript at all.
    { text: '', confidence: 0 },
    { text: 'yeah', confidence: 0.3 },
    'yes',
  ],
  expect: { outcome: 'callback', said: ['press 1 for yes', 'call you back'] },
});

test('low-confidence and empty transcripts lead to the keypad, then a callback offer; outcome recorded', async () => {
  const r = await runScenario(env, scenario);
  if (!r.pass) throw new Error(`${r.reason}\n${JSON.stringify(r.turns, null, 2)}`);
  const replies = r.turns.filter((t) => t.caller !== null);
  expect(replies.map((t) => t.caller)).toEqual([
    'Hi, my furnace is banging, can someone come look at it?',
    'Tom Reed',
    'Thursday at 1 pm',
    '12 Oak Street',
    'yes',
    '',
    'yeah',
    'yes',
  ]);
  expect(replies[3]!.assistant).toContain('Tom Reed');
  expect(replies[4]!.assistant).toContain('Please say yes or no');
  expect(replies[5]!.assistant).toContain('Please press 1 for yes, or 2 for no.');
  expect(replies[6]!.assistant).toContain('call you back');
  expect(replies[7]!.assistant).toContain('Someone from our team will call you back');
  for (const n of r.replyAudioBytes!) expect(n).toBeGreaterThan(0);

  const db = env.app.rt.db.db;
  const [call] = await db.select().from(calls).where(eq(calls.id, r.callId!));
  expect(call!.outcome).toBe('callback');
  expect(call!.endedAt).not.toBeNull();
  expect(await db.select().from(bookings).where(eq(bookings.callId, r.callId!))).toEqual([]);
  await env.app.rt.writes.flush(3);
  const notes = await db.select().from(notifications).where(eq(notifications.callId, r.callId!));
  expect(
    notes.some((n) => n.body.startsWith('Callback requested by +15125550123 (Tom Reed) about Heating Repair')),
  ).toBe(true);
}, 30_000);
