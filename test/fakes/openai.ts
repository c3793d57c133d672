// Fake OpenAI Chat Completions (`POST /v1/chat/completions`, protocols.md §4): streamed SSE chunks
// exactly as the real API sends them (role chunk, content or tool-call deltas, finish_reason,
// optional usage chunk, [DONE]) and the non-stream JSON form. Replies come from a pluggable
// responder; timing from the latency profile; it notices when the client hangs up mid-stream.
import {
  createFakeControl,
  handleControlRequest,
  sleep,
  type FakeControl,
  type LatencyProfile,
  WAIT_MS,
} from '../../src/sim/latency-profile.ts';

export interface ChatBody {
  model: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  messages: Array<{ role: string; content?: unknown; tool_calls?: unknown; tool_call_id?: string }>;
  tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: unknown } }>;
  tool_choice?: unknown;
  [key: string]: unknown;
}

export interface FakeChatRequest {
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: ChatBody;
  /** The client went away before the response was complete. */
  aborted: boolean;
  completed: boolean;
}

export type FakeReply =
  | { text?: string; toolCalls?: Array<{ name: string; arguments: string }> }
  | { error: { status: number; message: string } };

export type Responder = (req: FakeChatRequest) => FakeReply | Promise<FakeReply>;

export interface FakeOpenAiOptions {
  profile?: Partial<LatencyProfile>;
  port?: number;
  /** When set, only this key is accepted; otherwise any non-empty Bearer key is. */
  apiKey?: string;
}

export interface FakeOpenAiStats {
  requests: number;
  completed: number;
  aborted: number;
  errors: number;
}

export interface FakeOpenAi extends AsyncDisposable {
  /** Base URL for `new OpenAI({ baseURL })`, ending in /v1. */
  readonly url: string;
  readonly port: number;
  readonly control: FakeControl;
  readonly requests: readonly FakeChatRequest[];
  /** null restores the default rule-based responder. */
  setResponder(r: Responder | null): void;
  /** Replies used in order before the responder is asked (also settable over HTTP). */
  queueReplies(replies: FakeReply[]): void;
  /** Tool-call arguments arrive as broken JSON. */
  setMalformedToolArgs(on: boolean): void;
  stats(): FakeOpenAiStats;
  /**
   * Resolves when more than `seen` requests (default 0) have been aborted by the client, or after
   * `ms` with false. Pass `stats().aborted` to wait for the next abort only.
   */
  waitForAbort(ms?: number, seen?: number): Promise<boolean>;
  close(): Promise<void>;
}

// ── default responder ────────────────────────────────────────────────────────────────────────

function lastUserText(body: ChatBody): string {
  for (let i = body.messages.length - 1; i >= 0; i--) {
    const m = body.messages[i];
    if (m?.role === 'user' && typeof m.content === 'string') return m.content;
  }
  return '';
}

/** Keyword rules good enough to steer a scripted call through a booking. */
export function classifyByRules(text: string): { intent: string; confidence: number; slots: Record<string, unknown> } {
  const t = text.toLowerCase();
  const slots: Record<string, unknown> = {};
  if (/^\s*(yes|yeah|yep|sure|correct|that works|sounds good|perfect)\b/.test(t)) slots.yesNo = 'yes';
  else if (/^\s*(no|nope|not really)\b/.test(t)) slots.yesNo = 'no';
  const name = /\bmy name is ([a-z][a-z'-]*(?: [a-z][a-z'-]*)?)/i.exec(text);
  if (name) slots.name = name[1];
  if (/\b(person|human|manager|call me back)\b/.test(t)) slots.wantsHuman = true;
  let intent = 'unknown';
  if (/\b(emergency|flood(ing)?|gas leak|burst|no heat|smoke|sparking)\b/.test(t)) {
    intent = 'emergency';
    slots.emergency = true;
  } else if (/\bcancel\b/.test(t)) intent = 'cancel';
  else if (/\b(reschedule|move my|change my)\b/.test(t)) intent = 'reschedule';
  else if (/\b(hours|open|price|cost|how much|address|where are you)\b/.test(t)) {
    intent = 'inquiry';
    slots.topic = /\b(hours|open)\b/.test(t) ? 'hours' : /\b(price|cost|how much)\b/.test(t) ? 'prices' : 'address';
  } else if (
    /\b(book|appointment|schedule|come out|available|need|tomorrow|today|monday|tuesday|wednesday|thursday|friday|saturday|morning|afternoon)\b/.test(
      t,
    )
  )
    intent = 'booking';
  return { intent, confidence: intent === 'unknown' && !slots.yesNo ? 0.4 : 0.9, slots };
}

/** The rules' result in classify_intent's argument shape (flat snake_case fields). */
function toolArguments(r: ReturnType<typeof classifyByRules>): Record<string, unknown> {
  const { yesNo, wantsHuman, ...rest } = r.slots;
  return {
    intent: r.intent,
    confidence: r.confidence,
    ...rest,
    ...(yesNo ? { yes_no: yesNo } : {}),
    ...(wantsHuman ? { wants_human: true } : {}),
  };
}

export const defaultResponder: Responder = (req) => {
  const tools = req.body.tools ?? [];
  const choice = req.body.tool_choice as { function?: { name?: string } } | string | undefined;
  const forced = typeof choice === 'object' ? choice.function?.name : undefined;
  if (
    choice !== 'none' &&
    tools.some((t) => t.function.name === 'classify_intent') &&
    (!forced || forced === 'classify_intent')
  ) {
    return {
      toolCalls: [
        { name: 'classify_intent', arguments: JSON.stringify(toolArguments(classifyByRules(lastUserText(req.body)))) },
      ],
    };
  }
  if (forced) return { toolCalls: [{ name: forced, arguments: '{}' }] };
  const first = tools[0];
  if (choice === 'required' && first) return { toolCalls: [{ name: first.function.name, arguments: '{}' }] };
  return { text: 'Sure, I can help with that. What day works best for you?' };
};

// ── wire shapes ──────────────────────────────────────────────────────────────────────────────

/** Word-ish tokens that keep their trailing space, like the real tokenizer's output. */
function tokenize(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

function fragments(s: string, size = 8): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}

const approxTokens = (body: ChatBody): number => Math.max(1, Math.ceil(JSON.stringify(body.messages).length / 4));

export async function startFakeOpenAi(opts: FakeOpenAiOptions = {}): Promise<FakeOpenAi> {
  const control = createFakeControl(opts.profile);
  const requests: FakeChatRequest[] = [];
  const queued: FakeReply[] = [];
  const totals = { errors: 0 };
  const abortWaiters = new Set<() => void>();
  let responder: Responder = defaultResponder;
  let malformed = false;
  let seq = 0;

  const errorResponse = (status: number, message: string, type = 'server_error'): Response => {
    totals.errors++;
    return Response.json(
      { error: { message, type, param: null, code: null } },
      { status, headers: { 'x-should-retry': 'false' } },
    );
  };

  function markAborted(rec: FakeChatRequest): void {
    if (rec.aborted || rec.completed) return;
    rec.aborted = true;
    for (const w of abortWaiters) w();
  }

  async function completions(req: Request): Promise<Response> {
    const auth = /^Bearer\s+(\S+)$/i.exec(req.headers.get('authorization') ?? '');
    if (!auth || (opts.apiKey !== undefined && auth[1] !== opts.apiKey)) {
      return errorResponse(401, 'Incorrect API key provided.', 'invalid_request_error');
    }
    const body = (await req.json().catch(() => null)) as ChatBody | null;
    if (!body || typeof body.model !== 'string' || !Array.isArray(body.messages)) {
      return errorResponse(400, 'model and messages are required', 'invalid_request_error');
    }
    const headers: Record<string, string> = {};
    req.headers.forEach((v, k) => {
      headers[k] = v;
    });
    const rec: FakeChatRequest = { headers, body, aborted: false, completed: false };
    requests.push(rec);
    req.signal.addEventListener('abort', () => markAborted(rec), { once: true });

    const refused = control.take('refuse') ?? control.take('http5xx');
    if (refused) return errorResponse(refused.status, 'The server had an error while processing your request.');
    const reply = queued.shift() ?? (await responder(rec));
    if ('error' in reply) return errorResponse(reply.error.status, reply.error.message);

    const id = `chatcmpl-fake${++seq}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model;
    const text = reply.text ?? '';
    const calls = (reply.toolCalls ?? []).map((c, i) => ({
      id: `call_fake${seq}_${i}`,
      name: c.name,
      arguments: malformed ? `${c.arguments.slice(0, Math.max(1, c.arguments.length - 2))}",,` : c.arguments,
    }));
    const finishReason = calls.length > 0 ? 'tool_calls' : 'stop';
    const completionTokens = tokenize(text).length + calls.reduce((n, c) => n + fragments(c.arguments).length + 1, 0);
    const usage = {
      prompt_tokens: approxTokens(body),
      completion_tokens: completionTokens,
      total_tokens: approxTokens(body) + completionTokens,
    };

    if (!body.stream) {
      await sleep(
        control.firstByteDelayMs() + control.paceMs(completionTokens, control.profile.tokensPerSec),
        req.signal,
      );
      if (control.take('stall')) return new Promise<Response>(() => undefined);
      rec.completed = !rec.aborted;
      return Response.json({
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: calls.length ? null : text,
              refusal: null,
              ...(calls.length
                ? {
                    tool_calls: calls.map((c) => ({
                      id: c.id,
                      type: 'function',
                      function: { name: c.name, arguments: c.arguments },
                    })),
                  }
                : {}),
            },
            logprobs: null,
            finish_reason: finishReason,
          },
        ],
        usage,
        system_fingerprint: 'fp_fake',
      });
    }

    const chunk = (delta: Record<string, unknown>, finish: string | null = null): Record<string, unknown> => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      system_fingerprint: 'fp_fake',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    });
    const events: Array<Record<string, unknown> | '[DONE]'> = [];
    if (calls.length === 0) {
      events.push(chunk({ role: 'assistant', content: '', refusal: null }));
      for (const tok of tokenize(text)) events.push(chunk({ content: tok }));
    } else {
      calls.forEach((c, index) => {
        const head = { index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } };
        events.push(
          chunk(index === 0 ? { role: 'assistant', content: null, tool_calls: [head] } : { tool_calls: [head] }),
        );
        for (const f of fragments(c.arguments))
          events.push(chunk({ tool_calls: [{ index, function: { arguments: f } }] }));
      });
    }
    events.push(chunk({}, finishReason));
    if (body.stream_options?.include_usage)
      events.push({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        system_fingerprint: 'fp_fake',
        choices: [],
        usage,
      });
    events.push('[DONE]');

    const stall = control.take('stall');
    const drop = control.take('dropMidStream');
    const dropAfter = drop ? (drop.dropAfter ?? 2) : Infinity;
    const enc = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async start(ctrl) {
        try {
          await sleep(control.firstByteDelayMs(), req.signal);
          if (stall) {
            // Headers are out; the body never comes. Wait for the client to give up.
            await new Promise<void>((resolve) => req.signal.addEventListener('abort', () => resolve(), { once: true }));
            return;
          }
          for (let i = 0; i < events.length; i++) {
            if (req.signal.aborted) return;
            if (i >= dropAfter) {
              // The body ends part-way: no finish_reason, no [DONE].
              ctrl.close();
              return;
            }
            const e = events[i] as Record<string, unknown> | '[DONE]';
            ctrl.enqueue(enc.encode(`data: ${e === '[DONE]' ? e : JSON.stringify(e)}\n\n`));
            if (i > 0 && i < events.length - 1)
              await sleep(control.paceMs(1, control.profile.tokensPerSec), req.signal);
          }
          rec.completed = !rec.aborted;
          ctrl.close();
        } catch {
          // The client went away while we were writing.
          markAborted(rec);
        }
      },
      cancel() {
        markAborted(rec);
      },
    });
    return new Response(stream, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'x-request-id': `req_fake${seq}`,
        'openai-processing-ms': '1',
      },
    });
  }

  async function controlRoute(req: Request, path: string): Promise<Response> {
    const shared = await handleControlRequest(control, req, path);
    if (shared) return shared;
    if (path === '/__control/replies' && req.method === 'POST') {
      const body = (await req.json().catch(() => null)) as { replies?: unknown } | null;
      if (!Array.isArray(body?.replies))
        return Response.json({ error: 'expected {replies: FakeReply[]}' }, { status: 400 });
      api.queueReplies(body.replies as FakeReply[]);
      return Response.json({ ok: true });
    }
    if (path === '/__control/malformed-tool-args' && req.method === 'POST') {
      const body = (await req.json().catch(() => null)) as { on?: unknown } | null;
      malformed = body?.on === true;
      return Response.json({ ok: true });
    }
    if (path === '/__control/stats' && req.method === 'GET') return Response.json(api.stats());
    return Response.json({ error: 'unknown control route' }, { status: 404 });
  }

  const server = Bun.serve({
    port: opts.port ?? 0,
    hostname: '127.0.0.1',
    idleTimeout: 0,
    async fetch(req) {
      const path = new URL(req.url).pathname;
      if (path.startsWith('/__control/')) return controlRoute(req, path);
      if (path === '/v1/chat/completions' && req.method === 'POST') return completions(req);
      return Response.json(
        {
          error: {
            message: `Unknown request URL: ${req.method} ${path}`,
            type: 'invalid_request_error',
            param: null,
            code: 'unknown_url',
          },
        },
        { status: 404 },
      );
    },
  });

  const port = server.port as number;
  const api: FakeOpenAi = {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    control,
    requests,
    setResponder(r) {
      responder = r ?? defaultResponder;
    },
    queueReplies(replies) {
      queued.push(...replies);
    },
    setMalformedToolArgs(on) {
      malformed = on;
    },
    stats: () => ({
      requests: requests.length,
      completed: requests.filter((r) => r.completed).length,
      aborted: requests.filter((r) => r.aborted).length,
      errors: totals.errors,
    }),
    waitForAbort(ms = WAIT_MS, seen = 0) {
      const enough = () => requests.filter((r) => r.aborted).length > seen;
      if (enough()) return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = (v: boolean): void => {
          clearTimeout(t);
          abortWaiters.delete(hit);
          resolve(v);
        };
        const hit = (): void => {
          if (enough()) done(true);
        };
        const t = setTimeout(() => done(false), ms);
        abortWaiters.add(hit);
      });
    },
    async close() {
      await server.stop(true);
    },
    [Symbol.asyncDispose]() {
      return api.close();
    },
  };
  return api;
}
