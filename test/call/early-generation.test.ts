// A generated answer starts on the stable interim, before the final transcript: kept when the
// final says the same words (one request to the model), aborted and asked again when it does
// not — and the dropped answer is never handed to speech. The real speculator, conversation,
// OpenAI SDK and turn runner; the model is the OpenAI fake.
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'bun:test';
import { asc, eq } from 'drizzle-orm';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai.ts';
import { createOpenAiLlm } from '../../src/providers/llm/openai.ts';
import { meterLlm } from '../../src/call/metered-llm.ts';
import { createSpeculator } from '../../src/call/speculation.ts';
import { TurnRunner, callerTurnTimer, utteranceReply } from '../../src/call/turn-runner.ts';
import type { DetectedTurn } from '../../src/call/turn-detector.ts';
import { createCallRecorder } from '../../src/call/call-recorder.ts';
import { createSpeaker } from '../../src/call/speaker.ts';
import { createSentenceSplitter } from '../../src/dialogue/sentence-splitter.ts';
import { createConversation, type Conversation } from '../../src/dialogue/conversation.ts';
import { createEmbeddedTts } from '../../src/providers/tts/embedded.ts';
import { createLocalCalendar } from '../../src/providers/calendar/local.ts';
import { createOutboxNotify } from '../../src/providers/notify/outbox.ts';
import { createLocalNlu } from '../../src/nlu/local.ts';
import { resolveSettings } from '../../src/templates/index.ts';
import { manualClock } from '../../src/clock.ts';
import type { WriteQueue } from '../../src/db/write-queue.ts';
import { callTurns } from '../../src/db/schema.ts';
import { createLogger } from '../../src/log.ts';
import type { DbHandle } from '../../src/db/client.ts';
import { callFixture } from '../api/seed.ts';
import { eventually } from '../helpers/eventually.ts';
import { manualTimers } from '../helpers/manual-timers.ts';

const log = createLogger();
const PARKING = 'Yes, there is free parking behind the building.';
const HEATERS = 'We do not take bitcoin.';

let openai: FakeOpenAi;
let handle: DbHandle;
let writes: WriteQueue;
let callId: string;
/** Requests the fake had seen before this test. */
let seen = 0;

beforeAll(async () => {
  // A first token slow enough that a dropped request is still in flight when the final arrives.
  openai = await startFakeOpenAi({ profile: { ttfbMs: 150, tokensPerSec: 200 } });
  openai.setResponder((req) => {
    const user = req.body.messages.findLast((m) => m.role === 'user');
    const q = typeof user?.content === 'string' ? user.content : '';
    return { text: /parking/.test(q) ? PARKING : HEATERS };
  });
});
afterAll(() => openai.close());

beforeEach(async () => {
  ({ handle, writes, callId } = await callFixture());
  seen = openai.requests.length;
});
afterEach(() => handle.close());

const generations = () => openai.requests.slice(seen).filter((r) => (r.body.tools ?? []).length === 0);

function setup() {
  const metered = meterLlm(createOpenAiLlm({ apiKey: 'sk-test', baseURL: openai.url, maxRetries: 0 }));
  const settings = resolveSettings('hvac', {});
  const conversation: Conversation = createConversation({
    db: handle.db,
    org: { id: 'org-early', name: 'Polar Air', timezone: 'America/Chicago', vertical: 'hvac', settings },
    callId,
    clock: manualClock(Date.parse('2026-11-23T16:00:00Z')),
    nlu: createLocalNlu(),
    calendar: createLocalCalendar(handle.db),
    notify: createOutboxNotify(handle.db),
    llm: metered.provider,
    early: metered.early,
  });
  // The greeting has been said: the dialogue waits for what the caller wants.
  const greeted = (async () => {
    for await (const _ of conversation.begin());
  })();
  const nlu = createLocalNlu();
  const speculator = createSpeculator({
    nlu,
    stableMs: 0,
    now: () => performance.now(),
    startAnswer: (text, r) => conversation.speculate(text, r),
  });
  const timers = manualTimers(1000);
  const tts = createEmbeddedTts();
  const speaker = createSpeaker({ tts, fallback: tts, voice: 'en-us', log, cache: null });
  const recorder = createCallRecorder({ callId, writes, wallNow: () => Date.now(), ttsUsage: speaker.usage });
  const runner = new TurnRunner({
    commands: { sendMedia: () => true, sendMark: () => undefined, sendClear: () => undefined, hangup: () => undefined },
    conversation,
    speaker,
    newSplitter: () => createSentenceSplitter(),
    sentenceStreaming: true,
    leadMs: 400,
    timeScale: 1,
    timers,
    recorder,
    log,
  });
  /** The caller's interim words hold still: speculation understands them and may start an answer. */
  async function interim(text: string): Promise<void> {
    await greeted;
    const before = speculator.stats.started;
    speculator.interim(text, conversation.nluContext());
    await eventually(() => speculator.stats.started > before);
  }
  /** The final transcript: the turn runs with whatever speculation agrees with it. */
  async function final(text: string): Promise<string> {
    const speculation = speculator.take(text);
    const turn: DetectedTurn = {
      kind: 'final',
      text,
      confidence: 0.95,
      source: 'speech_final',
      heardAt: 0,
      speculation,
    };
    const timer = callerTurnTimer(turn, timers.now);
    runner.enqueue(text, utteranceReply(conversation, turn, timer), timer);
    await runner.idle();
    await writes.flush(3);
    const rows = await handle.db
      .select()
      .from(callTurns)
      .where(eq(callTurns.callId, callId))
      .orderBy(asc(callTurns.index));
    return rows.at(-1)?.assistantText ?? '';
  }
  return { metered, interim, final };
}

test('kept: the final says the interim words, so the early request is the only one and is spoken', async () => {
  const { metered, interim, final } = setup();
  await interim('do you have parking');
  await eventually(() => generations().length === 1);
  const said = await final('Do you have parking?');
  expect(said.startsWith(PARKING)).toBe(true);
  expect(generations()).toHaveLength(1);
  expect(generations()[0]!.aborted).toBe(false);
  expect(metered.usage()).toMatchObject({ llmEarlyRequests: 1, llmEarlyWasted: 0, llmEarlyWastedTokens: 0 });
});

test('dropped: the final differs, so the early request is aborted, asked again, and never spoken', async () => {
  const { metered, interim, final } = setup();
  const aborted = openai.waitForAbort(20_000);
  await interim('can i pay with bitcoin');
  await eventually(() => generations().length === 1);
  const said = await final('do you have parking');
  expect(await aborted).toBe(true);
  expect(said.startsWith(PARKING)).toBe(true);
  expect(said).not.toContain(HEATERS);
  const [early, again] = generations();
  expect(early!.aborted).toBe(true);
  expect(again!.aborted).toBe(false);
  expect(JSON.stringify(again!.body.messages)).toContain('do you have parking');
  const usage = metered.usage();
  expect(usage.llmEarlyWasted).toBe(1);
  expect(usage.llmEarlyWastedTokens).toBeGreaterThan(0);
});

test('a newer interim replaces the guess: its answer is dropped before the final', async () => {
  const { metered, interim, final } = setup();
  await interim('can i pay with bitcoin');
  await eventually(() => generations().length === 1);
  await interim('do you have parking');
  await eventually(() => generations().length === 2);
  const said = await final('do you have parking');
  expect(said.startsWith(PARKING)).toBe(true);
  expect(said).not.toContain(HEATERS);
  expect(generations().map((r) => r.aborted)).toEqual([true, false]);
  expect(metered.usage()).toMatchObject({ llmEarlyRequests: 2, llmEarlyWasted: 1 });
});
