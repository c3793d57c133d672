// The latency techniques, checked by what the fakes saw and in what order — never by timing:
// sentence streaming hands the first sentence to TTS while the LLM is still writing; a cached
// phrase makes no TTS request; a barge-in clears Twilio's buffer and the LLM and TTS requests in
// flight are aborted (the fakes see the client hang up).
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { startSimEnv, type SimEnv } from '../../src/sim/sim-env.ts';
import { Scenario, prepareScenario } from '../../src/sim/scenario.ts';
import { speechAudio, silence } from '../../src/sim/caller-audio.ts';
import { placeCall, randomSid, type TwilioMediaStream } from '../../src/sim/twilio-caller.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai.ts';
import { startFakePolly, type FakePolly } from '../fakes/polly.ts';
import { WAIT_MS } from '../../src/sim/latency-profile.ts';
import { organizations } from '../../src/db/schema.ts';

const LONG_ANSWER =
  'Good question. ' +
  'There is free parking right behind the building, with more spaces along the side street, and the entrance faces the lot so you can walk straight in from your car without going around the block, even on busy mornings when the front spots are taken by the bakery next door. Is there anything else I can help you with?';

const base = Scenario.parse({
  name: 'parking',
  org: { template: 'hvac', name: 'Polar Air', timezone: 'America/Chicago' },
  now: '2026-11-23T10:00:00-06:00',
  turns: [],
  expect: { outcome: 'answered' },
});

let env: SimEnv;
let openai: FakeOpenAi;
let polly: FakePolly;

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID ??= 'AKIDTESTTEST00000000';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test-secret';
  // Slow enough that a long answer is still streaming while its first sentence is spoken.
  openai = await startFakeOpenAi({ profile: { ttfbMs: 20, tokensPerSec: 40 } });
  openai.setResponder((req) =>
    (req.body.tools ?? []).length > 0
      ? { toolCalls: [{ name: 'classify_intent', arguments: '{"intent":"unknown"}' }] }
      : { text: LONG_ANSWER },
  );
  polly = await startFakePolly();
  env = await startSimEnv({
    env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.url, AWS_REGION: 'us-east-1', POLLY_ENDPOINT: polly.url },
  });
});

afterAll(async () => {
  await env.close();
  await openai.close();
  await polly.close();
});

async function call(
  lines: string[],
  opts: { precompute?: boolean } = {},
): Promise<{ stream: TwilioMediaStream; callSid: string }> {
  const { org, phone } = await prepareScenario(env, base);
  if (opts.precompute) {
    const [row] = await env.app.rt.db.db.select().from(organizations).where(eq(organizations.id, org.id));
    await env.app.rt.precomputeOrg(row!);
  }
  const callSid = randomSid('CA');
  const { stream, answer } = await placeCall({
    serverUrl: env.serverUrl,
    to: phone,
    from: '+15125550123',
    callSid,
    timeScale: Infinity,
    extraForm: { SimulatedNow: base.now },
  });
  // The ASR session is tagged with our call id; the caller speaks only after the greeting.
  env.deepgram.setScript(answer.parameters.callId!, lines);
  return { stream, callSid };
}

async function replyEnd(stream: TwilioMediaStream): Promise<void> {
  expect(await stream.waitForReplyEnd(WAIT_MS)).not.toBe('timeout');
}
const isGeneration = (q: FakeOpenAi['requests'][number]) => (q.body.tools ?? []).length === 0;

async function hangUp(stream: TwilioMediaStream): Promise<void> {
  if (!stream.isClosed) {
    stream.stop();
    await stream.waitClosed();
  }
}

describe('sentence streaming', () => {
  test('the first sentence of a generated answer goes to TTS before the LLM stream ends', async () => {
    const { stream } = await call(['do you have parking', 'no thanks'], { precompute: true });
    await replyEnd(stream);
    const before = polly.requests.length;
    stream.sendAudio(speechAudio('do you have parking'));
    stream.sendAudio(silence(1300));
    expect(await polly.waitForRequests(before + 1)).toBe(true);
    // At the moment Polly got the first sentence, the answer was still being written.
    const gen = openai.requests.filter(isGeneration).at(-1)!;
    expect(gen).toBeDefined();
    expect(gen.completed).toBe(false);
    const first = polly.requests[before]!;
    expect(String(first.body?.Text)).toContain('Good question.');
    expect(String(first.body?.Text)).not.toContain('parking right behind');
    await replyEnd(stream);
    // The rest followed as its own request once written, and the whole answer was spoken.
    const texts = polly.requests.slice(before).map((q) => String(q.body?.Text));
    expect(texts.join(' ')).toContain('anything else I can help you with');
    await hangUp(stream);
  }, 30_000);
});

describe('phrase cache', () => {
  test('cached phrases (the greeting, the next question) make no TTS request', async () => {
    const { stream } = await call(['i need a furnace repair', 'no thanks'], { precompute: true });
    const before = polly.requests.length;
    await replyEnd(stream); // the greeting, from the cache
    stream.sendAudio(speechAudio('i need a furnace repair'));
    stream.sendAudio(silence(1300));
    await replyEnd(stream); // "Can I get your name, please?", from the cache
    expect(polly.requests.length).toBe(before);
    expect(stream.stats.bytesReceived).toBeGreaterThan(8000);
    await hangUp(stream);
  }, 30_000);
});

describe('barge-in', () => {
  test('speech over a reply sends clear and aborts the LLM and TTS requests in flight', async () => {
    const { stream } = await call(['do you have parking', 'sorry one more thing', 'no thanks'], { precompute: true });
    await replyEnd(stream);
    // Polly at half real time: each sentence's synthesis is still streaming when the caller cuts in.
    polly.control.setProfile({ throughputBytesPerSec: 8000 });
    try {
      const pollyBefore = polly.requests.length;
      const abortedBefore = openai.stats().aborted;
      stream.sendAudio(speechAudio('do you have parking'));
      stream.sendAudio(silence(1300));
      // Our answer has started: its first sentence is being synthesized and the LLM is writing.
      expect(await polly.waitForRequests(pollyBefore + 1)).toBe(true);
      // The caller is hearing it when they talk over it.
      const heard = stream.stats.bytesReceived;
      await stream.waitFor(() => stream.stats.bytesReceived > heard);
      const clears = stream.stats.clears;
      const pollyAbortedBefore = polly.requests.filter((q) => q.aborted).length;
      stream.sendAudio(speechAudio('sorry one more thing', 3));
      stream.sendAudio(silence(1300));
      expect(await openai.waitForAbort()).toBe(true);
      expect(await polly.waitForAbort()).toBe(true);
      expect(polly.requests.filter((q) => q.aborted).length).toBeGreaterThan(pollyAbortedBefore);
      expect(openai.stats().aborted).toBeGreaterThan(abortedBefore);
      // The clear travels on the media socket, independently of the aborts the fakes saw.
      await stream.waitFor(() => stream.stats.clears > clears);
      // The cut answer was never finished on the wire.
      expect(openai.requests.filter(isGeneration).at(-1)!.completed).toBe(false);
      await hangUp(stream);
    } finally {
      polly.control.setProfile({ throughputBytesPerSec: 0 });
    }
  }, 30_000);
});
