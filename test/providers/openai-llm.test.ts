// The OpenAI adapter drives the real SDK over HTTP to the fake: the request body and headers on
// the wire, streamed events back, tool calls assembled, aborts and deadlines.
import { afterEach, describe, expect, test } from 'bun:test';
import { createOpenAiLlm, LlmError, LlmTimeoutError, type OpenAiLlmOptions } from '../../src/providers/llm/openai.ts';
import type { LlmEvent, LlmRequest, LlmTool } from '../../src/providers/llm/types.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai.ts';

let fake: FakeOpenAi;
afterEach(async () => {
  await fake?.close();
});

const llm = (extra: Partial<OpenAiLlmOptions> = {}) =>
  createOpenAiLlm({ apiKey: 'sk-test', baseURL: fake.url, maxRetries: 0, ...extra });

async function drain(events: AsyncIterable<LlmEvent>): Promise<LlmEvent[]> {
  const out: LlmEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

const classifyTool: LlmTool = {
  name: 'classify_intent',
  description: 'Classify the caller utterance',
  parameters: { type: 'object', properties: { intent: { type: 'string' } }, required: ['intent'] },
};

const ask = (text: string, extra: Partial<LlmRequest> = {}): LlmRequest => ({
  messages: [
    { role: 'system', content: 'You are a receptionist.' },
    { role: 'user', content: text },
  ],
  ...extra,
});

describe('openai adapter', () => {
  test('streams text deltas, usage and done; the wire carries model, stream options and bearer auth', async () => {
    fake = await startFakeOpenAi();
    fake.setResponder(() => ({ text: 'Sure, we are open until five today.' }));
    const events = await drain(llm().stream(ask('When are you open?', { temperature: 0.2, maxTokens: 60 })));
    const text = events.filter((e) => e.type === 'text').map((e) => (e as { delta: string }).delta);
    expect(text.length).toBeGreaterThan(3);
    expect(text.join('')).toBe('Sure, we are open until five today.');
    expect(events.at(-2)?.type).toBe('usage');
    expect(events.at(-1)).toEqual({ type: 'done', finishReason: 'stop' });
    const usage = events.find((e) => e.type === 'usage') as Extract<LlmEvent, { type: 'usage' }>;
    expect(usage.completionTokens).toBe(text.length);
    expect(usage.promptTokens).toBeGreaterThan(0);

    const req = fake.requests[0]!;
    expect(req.headers.authorization).toBe('Bearer sk-test');
    expect(req.body).toMatchObject({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      max_completion_tokens: 60,
      messages: [
        { role: 'system', content: 'You are a receptionist.' },
        { role: 'user', content: 'When are you open?' },
      ],
    });
    expect(req.body.tools).toBeUndefined();
    expect(req.body.tool_choice).toBeUndefined();
  });

  test('assembles a tool call from its fragments and sends tools and tool_choice', async () => {
    fake = await startFakeOpenAi();
    const events = await drain(
      llm({ model: 'gpt-4o' }).stream(
        ask('I need to book a furnace repair tomorrow', {
          tools: [classifyTool],
          toolChoice: { name: 'classify_intent' },
        }),
      ),
    );
    const calls = events.filter((e) => e.type === 'tool-call');
    expect(calls).toHaveLength(1);
    const call = (calls[0] as Extract<LlmEvent, { type: 'tool-call' }>).call;
    expect(call.name).toBe('classify_intent');
    expect(call.id).toMatch(/^call_/);
    expect(JSON.parse(call.arguments)).toMatchObject({ intent: 'booking' });
    expect(events.at(-1)).toEqual({ type: 'done', finishReason: 'tool_calls' });
    expect(events.some((e) => e.type === 'text')).toBe(false);
    const body = fake.requests[0]!.body;
    expect(body.model).toBe('gpt-4o');
    expect(body.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'classify_intent',
          description: 'Classify the caller utterance',
          parameters: classifyTool.parameters,
        },
      },
    ]);
    expect(body.tool_choice).toEqual({ type: 'function', function: { name: 'classify_intent' } });
  });

  test('parallel tool calls come out one event each, in index order', async () => {
    fake = await startFakeOpenAi();
    fake.setResponder(() => ({
      toolCalls: [
        { name: 'check_availability', arguments: '{"day":"monday","partOfDay":"morning"}' },
        { name: 'lookup_customer', arguments: '{"phone":"+15550001111"}' },
      ],
    }));
    const tools: LlmTool[] = ['check_availability', 'lookup_customer'].map((name) => ({
      name,
      description: name,
      parameters: { type: 'object' },
    }));
    const events = await drain(llm().stream(ask('Monday morning?', { tools, toolChoice: 'auto' })));
    const calls = events.flatMap((e) => (e.type === 'tool-call' ? [e.call] : []));
    expect(calls.map((c) => c.name)).toEqual(['check_availability', 'lookup_customer']);
    expect(JSON.parse(calls[0]!.arguments)).toEqual({ day: 'monday', partOfDay: 'morning' });
    expect(JSON.parse(calls[1]!.arguments)).toEqual({ phone: '+15550001111' });
    expect(new Set(calls.map((c) => c.id)).size).toBe(2);
    expect(fake.requests[0]!.body.tool_choice).toBe('auto');
  });

  test('follow-up turns carry assistant tool calls and tool results in wire form', async () => {
    fake = await startFakeOpenAi();
    await drain(
      llm().stream({
        messages: [
          { role: 'user', content: 'Book Monday' },
          { role: 'assistant', content: null, toolCalls: [{ id: 'call_1', name: 'book', arguments: '{"day":"mon"}' }] },
          { role: 'tool', toolCallId: 'call_1', content: 'booked' },
        ],
      }),
    );
    expect(fake.requests[0]!.body.messages).toEqual([
      { role: 'user', content: 'Book Monday' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'book', arguments: '{"day":"mon"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'booked' },
    ]);
  });

  test('a caller abort mid-stream stops the request and the fake sees the hang-up', async () => {
    fake = await startFakeOpenAi({ profile: { tokensPerSec: 200 } });
    fake.setResponder(() => ({
      text: 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen',
    }));
    const ac = new AbortController();
    const seen: LlmEvent[] = [];
    let thrown: unknown;
    try {
      for await (const e of llm().stream(ask('talk to me', { signal: ac.signal }))) {
        seen.push(e);
        if (seen.length === 2) ac.abort();
      }
    } catch (e) {
      thrown = e;
    }
    expect((thrown as Error).name).toBe('AbortError');
    expect(seen.every((e) => e.type === 'text')).toBe(true);
    expect(await fake.waitForAbort()).toBe(true);
    expect(fake.stats()).toMatchObject({ requests: 1, aborted: 1, completed: 0 });
  });

  test('breaking out of the loop early also releases the request', async () => {
    fake = await startFakeOpenAi({ profile: { tokensPerSec: 200 } });
    fake.setResponder(() => ({ text: 'a b c d e f g h i j k l m n o p' }));
    for await (const e of llm().stream(ask('hi'))) if (e.type === 'text') break;
    expect(await fake.waitForAbort()).toBe(true);
  });

  test('the first-token deadline aborts a stalled model with LlmTimeoutError', async () => {
    fake = await startFakeOpenAi();
    fake.control.setFault('stall', { times: 1 });
    // Without the deadline the stalled stream never ends: the test's timeout would catch it.
    const err = await drain(llm({ firstTokenTimeoutMs: 50 }).stream(ask('hello'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmTimeoutError);
    expect((err as LlmTimeoutError).retryable).toBe(true);
    expect(await fake.waitForAbort()).toBe(true);
  });

  test('a 5xx with x-should-retry false fails fast as a retryable LlmError', async () => {
    fake = await startFakeOpenAi();
    fake.control.setFault('http5xx', { status: 503, times: 1 });
    const err = await drain(llm({ maxRetries: 2 }).stream(ask('hello'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmError);
    expect((err as LlmError).status).toBe(503);
    expect((err as LlmError).retryable).toBe(true);
    expect(fake.requests).toHaveLength(1);
  });

  test('a responder error status surfaces as a non-retryable LlmError', async () => {
    fake = await startFakeOpenAi();
    fake.setResponder(() => ({ error: { status: 400, message: 'bad tool schema' } }));
    const err = await drain(llm().stream(ask('hello'))).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'LlmError', status: 400, retryable: false });
  });

  test('a stream cut mid-way is an error, not a silent short answer', async () => {
    fake = await startFakeOpenAi();
    fake.control.setFault('dropMidStream', { times: 1, dropAfter: 3 });
    fake.setResponder(() => ({ text: 'this answer will never be finished by the model' }));
    const seen: LlmEvent[] = [];
    let thrown: unknown;
    try {
      for await (const e of llm().stream(ask('hi'))) seen.push(e);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(LlmError);
    expect(seen.some((e) => e.type === 'done')).toBe(false);
  });

  test('malformed tool arguments are passed through raw for the caller to validate', async () => {
    fake = await startFakeOpenAi();
    fake.setMalformedToolArgs(true);
    const events = await drain(llm().stream(ask('book me tomorrow', { tools: [classifyTool] })));
    const call = events.find((e) => e.type === 'tool-call') as Extract<LlmEvent, { type: 'tool-call' }>;
    expect(call.call.name).toBe('classify_intent');
    expect(() => JSON.parse(call.call.arguments)).toThrow();
  });
});
