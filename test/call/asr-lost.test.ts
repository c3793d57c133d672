// The speech recognizer is lost for good mid-call (the socket drops and every reconnect is
// refused): the caller is not left talking to a deaf line. The assistant apologises, offers the
// keypad ("press 1 for a callback"), tells the business, ends politely and records why.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { prepareScenario, readScenario } from '../../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';
import { placeSimulatedCall } from '../../src/sim/simulated-call.ts';
import { silence, speechAudio } from '../../src/sim/caller-audio.ts';
import { calls, notifications } from '../../src/db/schema.ts';
import { eventually } from '../helpers/eventually.ts';

const scenario = readScenario(join(import.meta.dir, '../scenarios/hvac-furnace-thursday.json'));

let env: SimEnv;
beforeAll(async () => {
  env = await startSimEnv();
});
afterAll(() => env.close());

/** Places a call, lets the greeting play, then loses the recognizer for good on the caller's first words. */
async function callThatLosesAsr(n: number) {
  const { phone } = await prepareScenario(env, scenario);
  const placed = await placeSimulatedCall(env, {
    carrier: 'twilio',
    carrierCallId: `CA${'a'.repeat(30)}${n}${n}`,
    to: phone,
    from: scenario.callerPhone,
    simulatedNow: scenario.now,
  });
  const line = placed.line;
  env.deepgram.setScript(placed.callId!, scenario.turns as string[]);
  expect(await line.waitForReplyEnd(15_000)).toBe('end');
  const before = env.deepgram.connections.length;
  // Every reconnect is refused from now on; the live socket drops on the caller's first words.
  env.deepgram.control.setFault('refuse', { status: 503 });
  env.deepgram.control.setFault('dropMidStream', { times: 1, dropAfter: 800 });
  line.sendAudio(speechAudio(scenario.turns[0] as string, 0));
  line.sendAudio(silence(1300));
  // The apology and the keypad offer.
  expect(await line.waitForReplyEnd(15_000)).toBe('end');
  expect(env.deepgram.connections.length).toBe(before);
  return { line, callId: placed.callId! };
}

async function finished(callId: string) {
  await eventually(() => env.app.rt.registry.liveCount === 0);
  await env.app.rt.writes.flush(3);
  const db = env.app.rt.db.db;
  const [call] = await db.select().from(calls).where(eq(calls.id, callId));
  return { call: call!, notes: (want: number) => notesOf(callId, want) };
}

/** The outbox records messages off the call's path: wait until `want` are there. */
async function notesOf(callId: string, want: number) {
  const db = env.app.rt.db.db;
  return eventually(async () => {
    const rows = await db.select().from(notifications).where(eq(notifications.callId, callId));
    return rows.length >= want ? rows : null;
  });
}

test('a caller who presses 1 after the recognizer is lost gets a callback promise and the business is told', async () => {
  const { line, callId } = await callThatLosesAsr(1);
  // Nine seconds of line silence after the offer: still inside the wait for a key.
  line.sendAudio(silence(9_000));
  line.sendDtmf('1');
  expect(await line.waitClosed()).toBeDefined();
  env.deepgram.control.clearFault();
  const { call, notes } = await finished(callId);
  expect(call.outcome).toBe('asr_lost');
  expect(call.status).toBe('completed');
  expect(call.transcript).toContain('press 1');
  expect(call.transcript).toContain('call you back');
  const sent = await notes(2);
  expect(sent.length).toBe(2);
  expect(sent.some((n) => /could not be heard/i.test(n.body))).toBe(true);
  expect(sent.some((n) => /asked for a callback/i.test(n.body))).toBe(true);
}, 60_000);

test('a caller who presses nothing hears a polite goodbye and the call ends, recorded why', async () => {
  const { line, callId } = await callThatLosesAsr(2);
  // The line keeps sending silence (as carriers do): the wait for a key is line time.
  line.sendAudio(silence(10_100));
  await line.waitClosed();
  env.deepgram.control.clearFault();
  const { call, notes } = await finished(callId);
  expect(call.outcome).toBe('asr_lost');
  expect(call.transcript).toContain('Goodbye');
  const sent = await notes(1);
  expect(sent.length).toBe(1);
  expect(sent[0]!.body).not.toContain('asked for a callback');
}, 60_000);
