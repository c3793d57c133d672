// The call recorder against a real write queue on an in-memory database: turn rows and the
// call's final row land as queued, HIPAA mode keeps no words, and usage and cost are measured.
import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { asc, eq } from 'drizzle-orm';
import { callStatus, createCallRecorder, type CallRecorderDeps } from '../../src/call/call-recorder.ts';
import { TurnTimer } from '../../src/call/turn-timing.ts';
import type { WriteQueue } from '../../src/db/write-queue.ts';
import { calls, callTurns } from '../../src/db/schema.ts';
import type { DbHandle } from '../../src/db/client.ts';
import { createLogger } from '../../src/log.ts';
import { callFixture } from '../api/seed.ts';

const _log = createLogger();
let handle: DbHandle;
let writes: WriteQueue;
let callId: string;

beforeEach(async () => {
  ({ handle, writes, callId } = await callFixture({ status: 'ringing', transcript: null, cost: null }));
});

afterEach(() => handle.close());

function recorder(extra: Partial<CallRecorderDeps> = {}) {
  let wall = Date.parse('2026-11-23T16:00:00Z');
  const tts = { ttsCharacters: 0, cachedCharacters: 0 };
  const r = createCallRecorder({ callId, writes, wallNow: () => wall, ttsUsage: tts, ...extra });
  return { r, tts, tick: (ms: number) => (wall += ms) };
}

function latency() {
  let t = 0;
  const timer = new TurnTimer(() => t);
  timer.mark('lastCallerAudio');
  t = 640;
  timer.mark('firstFrameOut');
  return timer.summary();
}

async function rows() {
  await writes.flush(3);
  const [call] = await handle.db.select().from(calls).where(eq(calls.id, callId));
  const turns = await handle.db
    .select()
    .from(callTurns)
    .where(eq(callTurns.callId, callId))
    .orderBy(asc(callTurns.index));
  return { call: call!, turns };
}

const HIPAA = { flags: { hipaaMode: true } };

describe('turn rows', () => {
  test('each turn is queued with its words, latency and times; nothing is written before the queue runs', async () => {
    const { r, tick } = recorder();
    r.streamStarted('MZ1');
    r.callerSaid('my furnace is banging');
    const turn = r.turnStarted(1, 'my furnace is banging');
    tick(1500);
    turn.finish('Sorry to hear that. What is your name?', latency(), false);
    expect(writes.size).toBe(2); // queued, not awaited
    const { call, turns } = await rows();
    expect(call.status).toBe('in-progress');
    expect(call.streamSid).toBe('MZ1');
    expect(turns).toHaveLength(1);
    expect(turns[0]).toMatchObject({
      index: 1,
      callerText: 'my furnace is banging',
      assistantText: 'Sorry to hear that. What is your name?',
      latencyMs: 640,
    });
    expect(turns[0]!.latency).toMatchObject({ firstFrameOut: 640, kind: 'template', bargedIn: false });
    expect(turns[0]!.endedAt!.getTime() - turns[0]!.startedAt.getTime()).toBe(1500);
  });

  test('HIPAA mode stores no caller or assistant words, in the turns or the transcript', async () => {
    const { r } = recorder({ privacy: HIPAA });
    r.callerSaid('my tooth hurts');
    r.turnStarted(0, 'my tooth hurts').finish('I can book you in.', latency(), false);
    r.end({ reason: 'stop', outcome: 'booked', turns: 1, inboundAudioSeconds: 3 });
    const { call, turns } = await rows();
    expect(turns[0]).toMatchObject({ callerText: null, assistantText: null, latencyMs: 640 });
    expect(call.transcript).toBeNull();
    expect(call.outcome).toBe('booked');
  });

  test('outside HIPAA mode the transcript keeps both sides in order, keypad input included', async () => {
    const { r } = recorder({ privacy: { flags: { hipaaMode: false } } });
    r.turnStarted(0, null).finish('Thanks for calling.', latency(), false);
    r.callerPressed('2#');
    r.turnStarted(1, '[2#]').finish('', latency(), true);
    r.end({ reason: 'hangup', outcome: null, turns: 2, inboundAudioSeconds: 1 });
    const { call } = await rows();
    expect(call.transcript).toBe('Assistant: Thanks for calling.\nCaller: [pressed 2#]');
  });
});

describe('the end of the call', () => {
  test('usage is measured and priced once, at the end', async () => {
    let priced: Record<string, number> | null = null;
    const { r, tts, tick } = recorder({
      usage: () => ({ llmInputTokens: 1200, llmOutputTokens: 80 }),
      costOf: (u) => {
        priced = u;
        return 0.0123;
      },
    });
    tts.ttsCharacters = 300;
    tts.cachedCharacters = 120;
    tick(90_000);
    expect(priced).toBeNull();
    const summary = r.end({ reason: 'stop', outcome: 'hung_up', turns: 4, inboundAudioSeconds: 88.5 });
    const usage = {
      llmInputTokens: 1200,
      llmOutputTokens: 80,
      asrSeconds: 88.5,
      ttsCharacters: 300,
      ttsCachedCharacters: 120,
      durationSeconds: 90,
    };
    expect(priced!).toEqual(usage);
    expect(summary).toEqual({
      callId,
      status: 'completed',
      durationSeconds: 90,
      outcome: 'hung_up',
      turns: 4,
      inboundAudioSeconds: 88.5,
      usage,
    });
    const { call } = await rows();
    expect(call).toMatchObject({ status: 'completed', durationSeconds: 90, outcome: 'hung_up', cost: 0.0123, usage });
  });

  test("a later leg (back from an unanswered transfer) adds its usage, cost and time to the first leg's", async () => {
    const costOf = (u: Record<string, number>) => (u.asrSeconds ?? 0) / 1000;
    const first = recorder({ usage: () => ({ llmPromptTokens: 500, llmCompletionTokens: 40 }), costOf });
    first.tick(30_000);
    first.r.end({ reason: 'transfer', outcome: 'transferred', turns: 2, inboundAudioSeconds: 28 });
    await writes.flush(3);
    const second = recorder({ usage: () => ({ llmPromptTokens: 300, llmCompletionTokens: 20 }), costOf, leg: 2 });
    second.tick(20_000);
    second.r.end({ reason: 'stop', outcome: 'message', turns: 3, inboundAudioSeconds: 19 });
    const { call } = await rows();
    expect(call.durationSeconds).toBe(50);
    expect(call.usage).toEqual({
      llmPromptTokens: 800,
      llmCompletionTokens: 60,
      asrSeconds: 47,
      ttsCharacters: 0,
      ttsCachedCharacters: 0,
      durationSeconds: 50,
    });
    expect(call.cost!).toBeCloseTo(0.047, 9);
    expect(call.outcome).toBe('message');
  });

  test('a broken stream is a failed call; our hang-up, theirs and a drain completed', () => {
    expect(callStatus('socket_closed')).toBe('failed');
    expect(callStatus('error')).toBe('failed');
    for (const reason of ['stop', 'hangup', 'drain'] as const) expect(callStatus(reason)).toBe('completed');
  });
});
