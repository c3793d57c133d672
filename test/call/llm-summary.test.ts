// The call's summary written by the LLM after the call, from its transcript: stored in place of
// the dialogue's own when the model answers, the dialogue's kept when it fails or is too slow, and
// a HIPAA org's transcript never sent. The real OpenAI SDK against the OpenAI fake; the recorder on
// a real write queue and, end to end, simulated calls through the server.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { startFakeOpenAi, defaultResponder, type FakeChatRequest, type FakeOpenAi } from '../fakes/openai.ts';
import { createOpenAiLlm } from '../../src/providers/llm/openai.ts';
import { llmCallSummary } from '../../src/call/call-summary.ts';
import { createCallRecorder } from '../../src/call/call-recorder.ts';
import { TurnTimer } from '../../src/call/turn-timing.ts';
import type { WriteQueue } from '../../src/db/write-queue.ts';
import { calls } from '../../src/db/schema.ts';
import { createLogger } from '../../src/log.ts';
import type { DbHandle } from '../../src/db/client.ts';
import { Scenario, runScenario } from '../../src/sim/scenario.ts';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';
import { callFixture } from '../api/seed.ts';
import { computeCallCost, usageFromRecord } from '../../src/cost/compute.ts';
import { DEFAULT_PRICES } from '../../src/cost/pricing.ts';
import { eventually } from '../helpers/eventually.ts';

const _log = createLogger();
const LLM_SUMMARY = 'Sam Lee wants a quote for his brakes and left a message; call him back today.';
const DIALOGUE_SUMMARY = 'Sam Lee left a message. Call back at +15125550123.';

let openai: FakeOpenAi;
/** How the fake answers a summary request (everything else gets the default answers). */
let summaryReply: (req: FakeChatRequest) => ReturnType<typeof defaultResponder> = () => ({ text: LLM_SUMMARY });

const isSummaryRequest = (r: FakeChatRequest) =>
  r.body.messages.some((m) => m.role === 'system' && String(m.content).includes('You summarize a phone call'));

/** A reply that comes only once the client has given up on it (its abort is what releases it). */
const tooSlow = (): Promise<{ text: string }> => {
  const seen = openai.stats().aborted;
  return openai.waitForAbort(60_000, seen).then(() => ({ text: LLM_SUMMARY }));
};

beforeAll(async () => {
  openai = await startFakeOpenAi();
  openai.setResponder((req) => (isSummaryRequest(req) ? summaryReply(req) : defaultResponder(req)));
});
afterAll(() => openai.close());

describe('the recorder stores the LLM summary after the call', () => {
  let handle: DbHandle;
  let writes: WriteQueue;
  let callId: string;

  beforeEach(async () => {
    ({ handle, writes, callId } = await callFixture({ status: 'in-progress' }));
    summaryReply = () => ({ text: LLM_SUMMARY });
  });

  /** The call's own LLM use before the summary, and the price list its cost is computed with. */
  const CALL_TOKENS = { llmPromptTokens: 900, llmCompletionTokens: 60 };
  const costOf = (u: Record<string, number>) => computeCallCost(usageFromRecord(u), DEFAULT_PRICES).total;

  function call(opts: { timeoutMs?: number; privacy?: { flags: { hipaaMode: boolean; llmBaa?: boolean } } } = {}) {
    const llm = createOpenAiLlm({ apiKey: 'sk-test', baseURL: openai.url, maxRetries: 0 });
    const r = createCallRecorder({
      callId,
      writes,
      wallNow: () => Date.now(),
      ttsUsage: { ttsCharacters: 0, cachedCharacters: 0 },
      usage: () => ({ ...CALL_TOKENS }),
      costOf,
      ...(opts.privacy ? { privacy: opts.privacy } : {}),
      summarize: (transcript, fallback) =>
        llmCallSummary(llm, transcript, fallback, { timeoutMs: opts.timeoutMs ?? 10_000 }),
    });
    r.callerSaid('I want to speak to a human about the quote for my brakes');
    r.turnStarted(0, 'I want to speak to a human').finish('I can take a message.', emptyLatency(), false);
    r.end({ reason: 'stop', outcome: 'message', turns: 1, inboundAudioSeconds: 2, summary: DIALOGUE_SUMMARY });
    return r;
  }

  async function storedSummary(): Promise<string | null> {
    return (await stored()).summary;
  }

  async function stored() {
    await writes.flush(3);
    const [row] = await handle.db.select().from(calls).where(eq(calls.id, callId));
    return row!;
  }

  test("the summary's tokens are in the call's usage and cost, as the model reported them", async () => {
    await call().settled();
    const row = await stored();
    const sent = openai.requests.filter(isSummaryRequest).at(-1)!;
    expect(sent.body.stream_options?.include_usage).toBe(true);
    const usage = row.usage!;
    expect(usage.llmPromptTokens).toBeGreaterThan(CALL_TOKENS.llmPromptTokens);
    // The fake bills one completion token per word of its answer.
    expect(usage.llmCompletionTokens).toBe(CALL_TOKENS.llmCompletionTokens + LLM_SUMMARY.split(/\s+/).length);
    expect(row.cost!).toBeCloseTo(costOf(usage), 9);
    expect(row.cost!).toBeGreaterThan(costOf({ ...usage, ...CALL_TOKENS }));
  });

  test('a summary cut off by the timeout still counts its estimated tokens; a refused request none', async () => {
    summaryReply = tooSlow;
    await call({ timeoutMs: 20 }).settled();
    const cut = (await stored()).usage!;
    expect(cut.llmPromptTokens).toBeGreaterThan(CALL_TOKENS.llmPromptTokens);
    expect(cut.llmCompletionTokens).toBe(CALL_TOKENS.llmCompletionTokens);

    summaryReply = () => ({ error: { status: 500, message: 'boom' } });
    await call().settled();
    expect((await stored()).usage).toMatchObject(CALL_TOKENS);
  });

  test("the model's summary replaces the dialogue's, written from the transcript", async () => {
    const asked = openai.requests.length;
    await call().settled();
    expect(await storedSummary()).toBe(LLM_SUMMARY);
    const sent = openai.requests.slice(asked).filter(isSummaryRequest);
    expect(sent.length).toBe(1);
    expect(JSON.stringify(sent[0]!.body.messages)).toContain('quote for my brakes');
    expect(sent[0]!.body.tools ?? []).toEqual([]);
  });

  test("a failing model leaves the dialogue's summary", async () => {
    summaryReply = () => ({ error: { status: 500, message: 'boom' } });
    const asked = openai.requests.length;
    await call().settled();
    expect(openai.requests.slice(asked).filter(isSummaryRequest).length).toBe(1);
    expect(await storedSummary()).toBe(DIALOGUE_SUMMARY);
  });

  test("a model slower than the timeout leaves the dialogue's summary", async () => {
    summaryReply = tooSlow;
    await call({ timeoutMs: 20 }).settled();
    expect(await storedSummary()).toBe(DIALOGUE_SUMMARY);
  });

  test("a later leg's summary is not overwritten by an earlier leg's late model answer", async () => {
    // The first leg ended in a transfer; its model answer comes only after the call came back
    // and the second leg ended with its own summary.
    let answer: (reply: { text: string }) => void = () => undefined;
    let asked: () => void = () => undefined;
    const requested = new Promise<void>((r) => (asked = r));
    summaryReply = () => {
      asked();
      return new Promise((resolve) => (answer = resolve));
    };
    const first = call();
    await requested;
    const second = createCallRecorder({
      callId,
      writes,
      wallNow: () => Date.now(),
      ttsUsage: { ttsCharacters: 0, cachedCharacters: 0 },
      leg: 2,
    });
    second.end({ reason: 'stop', outcome: 'message', turns: 2, inboundAudioSeconds: 4, summary: 'Second leg.' });
    await writes.flush(3);
    answer({ text: LLM_SUMMARY });
    await first.settled();
    expect(await storedSummary()).toBe('Second leg.');
  });

  test('a HIPAA org sends nothing to the model, BAA or not, and stores no summary', async () => {
    const asked = openai.requests.length;
    await call({ privacy: { flags: { hipaaMode: true } } }).settled();
    await call({ privacy: { flags: { hipaaMode: true, llmBaa: true } } }).settled();
    expect(openai.requests.length).toBe(asked);
    expect(await storedSummary()).toBeNull();
  });
});

function emptyLatency() {
  return new TurnTimer(() => 0).summary();
}

describe('simulated calls with the LLM configured', () => {
  let env: SimEnv;
  const load = (name: string) => {
    const raw = JSON.parse(readFileSync(join(import.meta.dir, '..', 'scenarios', `${name}.json`), 'utf8'));
    // The stored summary is the model's here, not the dialogue's wording the scenario expects.
    delete raw.expect.summary;
    return Scenario.parse(raw);
  };

  beforeAll(async () => {
    env = await startSimEnv({ env: { OPENAI_API_KEY: 'sk-fake', OPENAI_BASE_URL: openai.url } });
  });
  afterAll(() => env?.close());
  beforeEach(() => {
    summaryReply = () => ({ text: LLM_SUMMARY });
  });

  const summaryOf = async (callId: string) => {
    const [row] = await env.app.rt.db.db.select().from(calls).where(eq(calls.id, callId));
    return row?.summary ?? null;
  };

  test("a call that left a message is stored with the model's summary", async () => {
    const r = await runScenario(env, load('auto-handoff-person-out-of-hours'));
    if (!r.pass) throw new Error(r.reason);
    expect(await eventually(async () => (await summaryOf(r.callId!)) === LLM_SUMMARY)).toBe(true);
    const sent = openai.requests.filter(isSummaryRequest);
    expect(sent.some((q) => JSON.stringify(q.body.messages).includes('quote for my brakes'))).toBe(true);
  }, 60_000);

  test("a HIPAA org's call never reaches the model", async () => {
    const asked = openai.requests.length;
    const hipaa = await runScenario(env, load('dental-message-out-of-hours-hipaa'));
    if (!hipaa.pass) throw new Error(hipaa.reason);
    // A later call's summary has been written, so anything the HIPAA call sent would be here by now.
    const after = await runScenario(env, load('auto-handoff-person-out-of-hours'));
    if (!after.pass) throw new Error(after.reason);
    await eventually(async () => (await summaryOf(after.callId!)) === LLM_SUMMARY);
    const words = openai.requests.slice(asked).map((q) => JSON.stringify(q.body.messages));
    for (const w of words) {
      expect(w).not.toContain('Dana Smith');
      expect(w).not.toContain('crown');
    }
    expect(await summaryOf(hipaa.callId!)).toBeNull();
  }, 60_000);
});
