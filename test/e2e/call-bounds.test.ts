// One call's work is bounded: a keypad flood becomes a few turns and ends the call, a caller who
// is talking is never asked "are you still there?", and the call's end is recorded. Runs on the
// simulated line in compressed time (caller audio is line time).
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { asc, eq } from 'drizzle-orm';
import { calls, callTurns } from '../../src/db/schema.ts';
import { placeCall, randomSid } from '../../src/sim/twilio-caller.ts';
import { Scenario, prepareScenario } from '../../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';
import { silence, speechAudio } from '../../src/sim/caller-audio.ts';

const MAX_TURNS = 20;

function scenario(settings: Record<string, unknown>, turns: string[] = []): Scenario {
  return Scenario.parse({
    name: 'bounds',
    org: { template: 'hvac', name: 'Polar Air', settings },
    now: '2026-11-23T10:00:00-06:00',
    turns,
    expect: { outcome: 'hung_up' },
  });
}

async function call(env: SimEnv, s: Scenario) {
  const { phone } = await prepareScenario(env, s);
  const callSid = randomSid('CA');
  const placed = await placeCall({
    serverUrl: env.serverUrl,
    to: phone,
    from: s.callerPhone,
    callSid,
    timeScale: env.timeScale,
    extraForm: { SimulatedNow: s.now },
  });
  const callId = placed.answer.parameters.callId!;
  // The ASR session is tagged with our call id; the caller speaks only after the greeting.
  env.deepgram.setScript(
    callId,
    s.turns.filter((t): t is string => typeof t === 'string'),
  );
  return { ...placed, callId };
}

async function settled(env: SimEnv, callId: string) {
  for (let i = 0; i < 200 && env.app.rt.registry.liveCount > 0; i++) await Bun.sleep(10);
  await env.app.rt.writes.flush(3);
  const db = env.app.rt.db.db;
  const [row] = await db.select().from(calls).where(eq(calls.id, callId));
  const turns = await db.select().from(callTurns).where(eq(callTurns.callId, callId)).orderBy(asc(callTurns.index));
  return { row: row!, turns };
}

describe('per-call bounds', () => {
  let env: SimEnv;
  beforeAll(async () => {
    env = await startSimEnv({ env: { MAX_TURNS_PER_CALL: String(MAX_TURNS) } });
  });
  afterAll(() => env.close());

  const closedOrOpen = (c: { stream: { waitClosed(): Promise<unknown> } }) =>
    Promise.race([c.stream.waitClosed().then(() => 'closed'), Bun.sleep(15_000).then(() => 'still open')]);

  test('2,000 keypad digits at once are a few turns, and the silent line then ends the call', async () => {
    const c = await call(env, scenario({}));
    expect(await c.stream.waitForReplyEnd(15_000)).toBe('end'); // the greeting
    for (let i = 0; i < 2000; i++) c.stream.sendDtmf(String(i % 10));
    // The line stays silent, a second of audio at a time (still far faster than real time).
    for (let sec = 0; sec < 120 && !c.stream.isClosed; sec++) {
      c.stream.sendAudio(silence(1000));
      await Bun.sleep(1);
    }
    expect(await closedOrOpen(c)).toBe('closed');
    const { row, turns } = await settled(env, c.callId);
    const keypad = turns.filter((t) => t.callerText?.startsWith('['));
    expect(keypad.length).toBeGreaterThan(0);
    expect(keypad.length).toBeLessThanOrEqual(10);
    // Each stored keypad input holds at most the per-input cap of digits.
    for (const t of keypad) expect(t.callerText!.length).toBeLessThanOrEqual(2 + 20);
    expect(row.outcome).toBe('hung_up');
    expect(row.status).toBe('completed');
    const said = turns.map((t) => t.assistantText ?? '').join(' ');
    expect(said).toContain('Are you still there?');
    expect(said).toContain('let you go for now');
  }, 30_000);

  test('a keypad flood that goes on ends the call politely at the turn cap', async () => {
    const c = await call(env, scenario({}));
    expect(await c.stream.waitForReplyEnd(15_000)).toBe('end');
    // Bursts of ten keys, each burst in a keypad window of its own.
    for (let burst = 0; burst < 200 && !c.stream.isClosed; burst++) {
      for (let i = 0; i < 10; i++) c.stream.sendDtmf(String(i));
      await Bun.sleep(2);
    }
    expect(await closedOrOpen(c)).toBe('closed');
    const { row, turns } = await settled(env, c.callId);
    // The greeting, at most MAX_TURNS keypad turns, the goodbye.
    expect(turns.length).toBeLessThanOrEqual(MAX_TURNS + 2);
    expect(row.outcome).toBe('turn_limit');
    expect(row.status).toBe('completed');
    expect(turns.at(-1)!.assistantText).toContain('can’t continue this call');
    expect((row.transcript ?? '').length).toBeLessThan(10_000);
  }, 30_000);

  test('a caller who starts slowly and talks for a long time is never asked if they are there', async () => {
    const line =
      'well I am calling because my furnace has been making a strange rattling noise every night ' +
      'and the house gets cold so I think I need somebody to come out and look at it';
    const c = await call(env, scenario({ silence: { promptAfterSeconds: 3, maxPrompts: 1 } }, [line]));
    expect(await c.stream.waitForReplyEnd(15_000)).toBe('end');
    // 2.5 s before the first word, then 11 s of talking: far past the 3 s window in all.
    c.stream.sendAudio(silence(2500));
    c.stream.sendAudio(speechAudio(line));
    c.stream.sendAudio(silence(1300));
    expect(await c.stream.waitForReplyEnd(15_000)).toBe('end');
    c.stream.stop();
    await c.stream.waitClosed();
    const { turns } = await settled(env, c.callId);
    const said = turns.map((t) => t.assistantText ?? '').join(' ');
    expect(said).not.toContain('still there');
    expect(turns.map((t) => t.callerText)).toEqual([null, line]);
  }, 30_000);
});
