// The LLM NLU over the real OpenAI SDK against the fake: the classify_intent function call on the
// wire, validated arguments turned into slots, and every way the model can fail falling back to
// the local NLU within the turn. Last, a whole simulated call that books while every tool call
// the model returns is broken.
import { afterEach, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { createOpenAiLlm } from '../../src/providers/llm/openai.ts';
import { classifyTool, createLlmNlu } from '../../src/nlu/llm.ts';
import { classifyLocal, createLocalNlu } from '../../src/nlu/local.ts';
import type { NluContext, NluResult } from '../../src/nlu/types.ts';
import { resolveSettings } from '../../src/templates/index.ts';
import { zonedToUtc } from '../../src/time/zoned.ts';
import { startFakeOpenAi, type FakeChatRequest, type FakeOpenAi } from '../fakes/openai.ts';
import { startSimEnv } from '../../src/sim/sim-env.ts';
import { Scenario, runScenario, readScenario } from '../../src/sim/scenario.ts';

const TZ = 'America/Chicago';
const hvac = resolveSettings('hvac', {});
const ctx = (extra: Partial<NluContext> = {}): NluContext => ({
  expecting: 'intent',
  // Monday 23 November 2026, 10:00 in Chicago.
  now: zonedToUtc({ year: 2026, month: 11, day: 23, hour: 10, minute: 0 }, TZ).getTime(),
  timezone: TZ,
  services: hvac.services.map((s) => ({ name: s.name, keywords: s.keywords })),
  ...extra,
});
const local = (y: number, mo: number, d: number, h: number, mi = 0) =>
  zonedToUtc({ year: y, month: mo, day: d, hour: h, minute: mi }, TZ).toISOString();

let fake: FakeOpenAi;
afterEach(async () => {
  await fake?.close();
});

function nluFor(f: FakeOpenAi, timeoutMs = 2000) {
  const llm = createOpenAiLlm({ apiKey: 'sk-test', baseURL: f.url, maxRetries: 0, firstTokenTimeoutMs: timeoutMs });
  return createLlmNlu(llm, { timeoutMs, fallback: createLocalNlu() });
}

const userText = (req: FakeChatRequest) => req.body.messages.find((m) => m.role === 'user')?.content;

/** A caller turn the local rules read fully, so a fallback can be checked against known slots. */
const FURNACE = 'my furnace is banging can someone come out thursday at 1';
function expectFurnaceBooking(r: NluResult): void {
  expect(r.intent).toBe('booking');
  expect(r.slots.service).toBe('Heating Repair');
  expect(r.slots.time?.start).toBe(local(2026, 11, 26, 13));
  expect(r.slots.time?.hasTime).toBe(true);
}

describe('LLM NLU: function calling', () => {
  test('asks for classify_intent with the org services, zone and now, and maps the validated arguments to slots', async () => {
    fake = await startFakeOpenAi();
    fake.setResponder((req) => {
      // Answer only what was asked: the caller's words and the forced function.
      if (userText(req) !== 'uh yeah the furnace thing, thursday after lunch maybe, it is maria')
        return { text: 'unexpected request' };
      return {
        toolCalls: [
          {
            name: 'classify_intent',
            arguments: JSON.stringify({
              intent: 'booking',
              confidence: 0.82,
              name: 'Maria',
              service: 'Heating Repair',
              date_time: '2026-11-26T13:00',
              has_time: false,
              time_text: 'thursday after lunch',
            }),
          },
        ],
      };
    });
    const r = await nluFor(fake).classify('uh yeah the furnace thing, thursday after lunch maybe, it is maria', ctx());

    expect(r).toEqual({
      intent: 'booking',
      source: 'llm',
      confidence: 0.82,
      slots: {
        name: 'Maria',
        service: 'Heating Repair',
        time: { start: local(2026, 11, 26, 13), hasTime: false, text: 'thursday after lunch' },
      },
    });
    expect(fake.requests).toHaveLength(1);
    const body = fake.requests[0]!.body;
    expect(body.stream).toBe(true);
    expect(body.temperature).toBe(0);
    expect(body.tool_choice).toEqual({ type: 'function', function: { name: 'classify_intent' } });
    expect(body.tools).toHaveLength(1);
    const tool = body.tools![0]!;
    expect(tool.type).toBe('function');
    expect(tool.function.name).toBe('classify_intent');
    const params = tool.function.parameters as { required: string[]; properties: Record<string, { enum?: string[] }> };
    expect(params.required).toEqual(['intent']);
    expect(params.properties.intent!.enum).toContain('emergency');
    expect(params.properties.service!.enum).toEqual(hvac.services.map((s) => s.name));
    const system = String(body.messages.find((m) => m.role === 'system')?.content);
    expect(system).toContain('2026-11-23T10:00');
    expect(system).toContain(TZ);
    expect(system).toContain('intent');
  });

  test('the tool schema follows the org intake questions; answers to them come back by question id', async () => {
    fake = await startFakeOpenAi();
    fake.setResponder(() => ({
      toolCalls: [
        {
          name: 'classify_intent',
          arguments: JSON.stringify({
            intent: 'unknown',
            intake: { address: '12 Oak Street', patientStatus: 'returning', unknownQuestion: 'x' },
          }),
        },
      ],
    }));
    const intake = [
      { id: 'address', question: 'What is the address?', kind: 'address' as const },
      { id: 'patientStatus', question: 'New or returning?', kind: 'choice' as const, options: ['new', 'returning'] },
    ];
    const r = await nluFor(fake).classify('the one on oak, twelve', ctx({ expecting: 'intake', intake }));
    expect(r.slots.intake).toEqual({ address: '12 Oak Street', patientStatus: 'returning' });
    const params = fake.requests[0]!.body.tools![0]!.function.parameters as {
      properties: { intake: { properties: Record<string, { description?: string; enum?: string[] }> } };
    };
    expect(params.properties.intake.properties.address!.description).toContain('What is the address?');
    expect(params.properties.intake.properties.patientStatus!.enum).toEqual(['new', 'returning']);
  });

  test('without intake questions the tool has no intake property', () => {
    expect(Object.keys(classifyTool(ctx()).parameters.properties)).not.toContain('intake');
  });

  test('a time given only in words is resolved in the org zone; a service outside the list is dropped', async () => {
    fake = await startFakeOpenAi();
    fake.queueReplies([
      {
        toolCalls: [
          {
            name: 'classify_intent',
            arguments: JSON.stringify({
              intent: 'reschedule',
              service: 'Pool Cleaning',
              time_text: 'friday at 10',
              yes_no: 'no',
            }),
          },
        ],
      },
    ]);
    const r = await nluFor(fake).classify('no can we move it to friday at 10', ctx({ expecting: 'confirm' }));
    expect(r.source).toBe('llm');
    expect(r.intent).toBe('reschedule');
    expect(r.slots.service).toBeUndefined();
    expect(r.slots.yesNo).toBe('no');
    expect(r.slots.time?.start).toBe(local(2026, 11, 27, 10));
  });

  test('emergencies, a request for a person and an inquiry topic come through', async () => {
    fake = await startFakeOpenAi();
    fake.queueReplies([
      { toolCalls: [{ name: 'classify_intent', arguments: JSON.stringify({ intent: 'emergency', emergency: true }) }] },
      { toolCalls: [{ name: 'classify_intent', arguments: JSON.stringify({ intent: 'complex', wants_human: true }) }] },
      {
        toolCalls: [
          {
            name: 'classify_intent',
            arguments: JSON.stringify({ intent: 'inquiry', topic: 'Do you offer a warranty?' }),
          },
        ],
      },
    ]);
    const nlu = nluFor(fake);
    expect(await nlu.classify('there is a weird smell like rotten eggs by the furnace', ctx())).toMatchObject({
      intent: 'emergency',
      source: 'llm',
      slots: { emergency: true },
    });
    expect(await nlu.classify('put me through to whoever is in charge', ctx())).toMatchObject({
      intent: 'complex',
      source: 'llm',
      slots: { wantsHuman: true },
    });
    expect(await nlu.classify('are your repairs covered for a while', ctx())).toMatchObject({
      intent: 'inquiry',
      source: 'llm',
      slots: { topic: 'Do you offer a warranty?' },
    });
    expect(fake.requests).toHaveLength(3);
  });
});

describe('LLM NLU: verification digits', () => {
  test("come from the caller's words only: the model can neither supply nor change them", async () => {
    fake = await startFakeOpenAi();
    const claims = JSON.stringify({
      intent: 'cancel',
      yes_no: 'yes',
      last_four: '9999',
      lastFour: '9999',
      digits: '9999',
    });
    const reply = { toolCalls: [{ name: 'classify_intent', arguments: claims }] };
    fake.queueReplies([reply, reply]);
    const nlu = nluFor(fake);
    const unsure = await nlu.classify("I'm not sure what they are", ctx({ expecting: 'digits' }));
    expect(unsure.source).toBe('llm');
    expect(unsure.slots.lastFour).toBeUndefined();
    const spoken = await nlu.classify('five five one two', ctx({ expecting: 'digits' }));
    expect(spoken.slots.lastFour).toBe('5512');
  });
});

describe('LLM NLU: a broken model falls back to the local rules', () => {
  async function expectFallback(setup: (f: FakeOpenAi) => void, timeoutMs = 2000): Promise<NluResult> {
    fake = await startFakeOpenAi();
    setup(fake);
    const c = ctx();
    const r = await nluFor(fake, timeoutMs).classify(FURNACE, c);
    expect(r.source).toBe('local');
    expect(r).toEqual(classifyLocal(FURNACE, c));
    expectFurnaceBooking(r);
    // The model was asked first.
    expect(fake.requests.length).toBeGreaterThanOrEqual(1);
    expect(fake.requests[0]!.body.tools?.[0]?.function.name).toBe('classify_intent');
    return r;
  }

  test('arguments that are not JSON', async () => {
    await expectFallback((f) => f.setMalformedToolArgs(true));
  });

  test('arguments of the wrong shape (no intent, wrong types)', async () => {
    await expectFallback((f) =>
      f.queueReplies([
        {
          toolCalls: [
            { name: 'classify_intent', arguments: JSON.stringify({ name: 42, service: ['Heating Repair'] }) },
          ],
        },
      ]),
    );
  });

  test('an intent outside the list', async () => {
    await expectFallback((f) =>
      f.queueReplies([
        { toolCalls: [{ name: 'classify_intent', arguments: JSON.stringify({ intent: 'order_pizza' }) }] },
      ]),
    );
  });

  test('a confidence out of range', async () => {
    await expectFallback((f) =>
      f.queueReplies([
        { toolCalls: [{ name: 'classify_intent', arguments: JSON.stringify({ intent: 'booking', confidence: 7 }) }] },
      ]),
    );
  });

  test('a text reply with no tool call', async () => {
    await expectFallback((f) => f.queueReplies([{ text: 'Sure, I can help you book a furnace repair.' }]));
  });

  test('a call of some other function', async () => {
    await expectFallback((f) =>
      f.queueReplies([{ toolCalls: [{ name: 'book_appointment', arguments: '{"when":"thursday"}' }] }]),
    );
  });

  test('HTTP 500', async () => {
    await expectFallback((f) => f.queueReplies([{ error: { status: 500, message: 'The server had an error' } }]));
    expect(fake.stats().errors).toBe(1);
  });

  test('no first token before the deadline: the request is abandoned', async () => {
    await expectFallback((f) => f.control.setFault('stall', { times: 1 }), 40);
    expect(await fake.waitForAbort()).toBe(true);
  });

  test('the turn itself being abandoned is not hidden behind a fallback', async () => {
    fake = await startFakeOpenAi();
    fake.control.setFault('stall', { times: 1 });
    const turn = new AbortController();
    const pending = nluFor(fake).classify(FURNACE, ctx(), turn.signal);
    turn.abort(new Error('caller barged in'));
    await expect(pending).rejects.toThrow('caller barged in');
  });
});

describe('LLM NLU in a whole call', () => {
  test('with OPENAI_BASE_URL at a fake whose tool calls are all malformed, the call still books', async () => {
    fake = await startFakeOpenAi();
    fake.setMalformedToolArgs(true);
    // Every turn to the model: confident local understanding would skip it.
    const env = await startSimEnv({
      env: { OPENAI_API_KEY: 'x', OPENAI_BASE_URL: fake.url, FEATURE_LOCAL_FIRST_NLU: 'false' },
    });
    try {
      expect(env.app.rt.providers.describe().nlu).toMatch(/^llm/);
      const scenario = Scenario.parse({
        name: 'hvac-llm-malformed-tool-calls',
        org: { template: 'hvac', name: 'Polar Air', timezone: TZ },
        now: '2026-11-23T10:00:00-06:00',
        calendar: { busy: [{ start: '2026-11-26T10:00:00-06:00', end: '2026-11-26T12:00:00-06:00' }], bookings: [] },
        turns: [
          'Hi, my furnace is banging, can someone come look at it?',
          'Maria Gonzalez',
          'Thursday at 1 pm',
          '12 Oak Street',
          'yes',
          "no that's all",
        ],
        expect: {
          outcome: 'booked',
          booking: {
            customerName: 'Maria Gonzalez',
            service: 'Heating Repair',
            start: '2026-11-26T13:00:00-06:00',
            address: '12 Oak Street',
          },
        },
      });
      const r = await runScenario(env, scenario);
      if (!r.pass)
        throw new Error(
          `${r.reason}\n${r.turns.map((t) => `${t.caller ? `  caller: ${t.caller}\n` : ''}  assistant: ${t.assistant}`).join('\n')}`,
        );
      expect(r.outcome).toBe('booked');
      // Every caller turn went to the model first and came back unusable.
      const classify = fake.requests.filter((q) => q.body.tools?.some((t) => t.function.name === 'classify_intent'));
      expect(classify.length).toBeGreaterThanOrEqual(scenario.turns.length);
      expect(classify.map(userText)).toEqual(expect.arrayContaining(['Maria Gonzalez', 'Thursday at 1 pm']));
    } finally {
      await env.close();
    }
  }, 30_000);

  test.each([
    ['en', 'hvac-address-captured-read-back', "it's 12 Oak Street"],
    ['es', 'es-hvac-address-corrected', 'en el 4410 de North Lamar'],
  ] as const)(
    'local-first (%s): an intake answer the rules can read is not sent to the model',
    async (_lang, file, said) => {
      fake = await startFakeOpenAi();
      const env = await startSimEnv({ env: { OPENAI_API_KEY: 'x', OPENAI_BASE_URL: fake.url } });
      try {
        const scenario = readScenario(join(import.meta.dir, '../scenarios', `${file}.json`));
        const r = await runScenario(env, scenario);
        if (!r.pass) throw new Error(r.reason);
        expect(scenario.turns).toContain(said);
        expect(env.app.rt.providers.describe().nlu).toMatch(/^local rules when sure, else llm/);
        const classified = fake.requests
          .filter((q) => q.body.tools?.some((t) => t.function.name === 'classify_intent'))
          .map(userText);
        expect(classified).not.toContain(said);
      } finally {
        await env.close();
      }
    },
    30_000,
  );
});
