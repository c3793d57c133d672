// The fake OpenAI itself, through the real SDK: the non-stream form, the SSE shape without
// usage, the default intent rules, the cross-process control routes and auth.
import { afterEach, describe, expect, test } from 'bun:test';
import OpenAI from 'openai';
import { classifyByRules, startFakeOpenAi, type FakeOpenAi } from '../fakes/openai.ts';

let fake: FakeOpenAi;
afterEach(async () => {
  await fake?.close();
});

const sdk = (key = 'sk-test') => new OpenAI({ apiKey: key, baseURL: fake.url, maxRetries: 0 });

describe('fake openai', () => {
  test('answers a non-stream request with a chat.completion the SDK parses, tool calls included', async () => {
    fake = await startFakeOpenAi();
    const res = await sdk().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Can I cancel my appointment?' }],
      tools: [{ type: 'function', function: { name: 'classify_intent', parameters: { type: 'object' } } }],
    });
    expect(res.object).toBe('chat.completion');
    expect(res.choices[0]!.finish_reason).toBe('tool_calls');
    const call = res.choices[0]!.message.tool_calls![0]!;
    expect(call.type).toBe('function');
    expect(call.type === 'function' && JSON.parse(call.function.arguments)).toMatchObject({ intent: 'cancel' });
    expect(res.usage!.total_tokens).toBe(res.usage!.prompt_tokens + res.usage!.completion_tokens);
  });

  test('streams without a usage chunk unless include_usage is asked for', async () => {
    fake = await startFakeOpenAi();
    const stream = await sdk().chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const chunks = [];
    for await (const c of stream) chunks.push(c);
    expect(chunks[0]!.choices[0]!.delta).toMatchObject({ role: 'assistant', content: '' });
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.every((c) => !c.usage)).toBe(true);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
  });

  test('the default rules classify common caller lines', () => {
    expect(classifyByRules('My basement is flooding')).toMatchObject({
      intent: 'emergency',
      slots: { emergency: true },
    });
    expect(classifyByRules('What are your hours?')).toMatchObject({ intent: 'inquiry', slots: { topic: 'hours' } });
    expect(classifyByRules('I want to reschedule')).toMatchObject({ intent: 'reschedule' });
    expect(classifyByRules('Yes, that works')).toMatchObject({ slots: { yesNo: 'yes' } });
    expect(classifyByRules('my name is Dana Smith')).toMatchObject({ slots: { name: 'Dana Smith' } });
    expect(classifyByRules('hmm')).toMatchObject({ intent: 'unknown', confidence: 0.4 });
  });

  test('without tools the default reply is short text', async () => {
    fake = await startFakeOpenAi();
    const res = await sdk().chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hello' }] });
    expect(res.choices[0]!.message.content).toContain('help');
  });

  test('queued replies and the malformed switch are settable over HTTP, in order before the responder', async () => {
    fake = await startFakeOpenAi();
    const post = (path: string, body: unknown) =>
      fetch(`${fake.url.replace(/\/v1$/, '')}/__control/${path}`, { method: 'POST', body: JSON.stringify(body) });
    expect(
      (await post('replies', { replies: [{ text: 'First.' }, { error: { status: 429, message: 'slow down' } }] }))
        .status,
    ).toBe(200);
    const ask = () => sdk().chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    expect((await ask()).choices[0]!.message.content).toBe('First.');
    const err = await ask().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect((await ask()).choices[0]!.message.content).toContain('help');
    expect((await post('malformed-tool-args', { on: true })).status).toBe(200);
    fake.queueReplies([{ toolCalls: [{ name: 'book', arguments: '{"day":"mon"}' }] }]);
    const res = await ask();
    const call = res.choices[0]!.message.tool_calls![0]!;
    expect(() => JSON.parse(call.type === 'function' ? call.function.arguments : '')).toThrow();
  });

  test('rejects a wrong key with 401 when a key is configured', async () => {
    fake = await startFakeOpenAi({ apiKey: 'sk-right' });
    const err = await sdk('sk-wrong')
      .chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(fake.requests).toHaveLength(0);
  });

  test('tokensPerSec paces the stream by wall time', async () => {
    fake = await startFakeOpenAi({ profile: { tokensPerSec: 500 } });
    fake.setResponder(() => ({ text: 'one two three four five six seven eight nine ten eleven twelve' }));
    const started = performance.now();
    const stream = await sdk().chat.completions.create({
      model: 'm',
      stream: true,
      messages: [{ role: 'user', content: 'x' }],
    });
    for await (const _ of stream) void _;
    // 12 tokens at 500/s ≈ 24 ms between the first and last token.
    expect(performance.now() - started).toBeGreaterThanOrEqual(20);
  });
});
