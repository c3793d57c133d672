// OpenAI Chat Completions through the official SDK: streamed text deltas and tool calls. One SDK
// client per (key, base URL) for the process so HTTP connections stay warm between turns. A
// first-token deadline turns a slow model into a typed error the caller can fall back on.
import OpenAI, { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import type {
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
import type { LlmEvent, LlmMessage, LlmProvider, LlmRequest, LlmToolCall } from './types.ts';

export interface OpenAiLlmOptions {
  apiKey: string;
  /** e.g. a local fake's http://127.0.0.1:PORT/v1 */
  baseURL?: string;
  /** Default gpt-4o-mini. */
  model?: string;
  /** Deadline from request start to the first content or tool-call delta. Default 4000. */
  firstTokenTimeoutMs?: number;
  /** SDK retries before the stream starts (429/5xx/connection). Default 1. */
  maxRetries?: number;
}

/** An LLM failure, saying whether trying again (or elsewhere) could help. */
export class LlmError extends Error {
  override readonly name: string = 'LlmError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** No first token within the deadline; the request has been aborted. */
export class LlmTimeoutError extends LlmError {
  override readonly name = 'LlmTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`no first token within ${timeoutMs} ms`, true);
  }
}

const clients = new Map<string, OpenAI>();

function clientFor(opts: OpenAiLlmOptions): OpenAI {
  const maxRetries = opts.maxRetries ?? 1;
  const key = `${opts.baseURL ?? ''}\n${maxRetries}\n${opts.apiKey}`;
  let c = clients.get(key);
  if (!c) {
    c = new OpenAI({
      apiKey: opts.apiKey,
      ...(opts.baseURL ? { baseURL: opts.baseURL } : {}),
      maxRetries,
      timeout: 30_000,
    });
    clients.set(key, c);
  }
  return c;
}

export function toOpenAiMessages(messages: readonly LlmMessage[]): ChatCompletionMessageParam[] {
  return messages.map((m): ChatCompletionMessageParam => {
    switch (m.role) {
      case 'system':
        return { role: 'system', content: m.content };
      case 'user':
        return { role: 'user', content: m.content };
      case 'assistant':
        return {
          role: 'assistant',
          content: m.content,
          ...(m.toolCalls?.length
            ? {
                tool_calls: m.toolCalls.map((c) => ({
                  id: c.id,
                  type: 'function' as const,
                  function: { name: c.name, arguments: c.arguments },
                })),
              }
            : {}),
        };
      default:
        return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
    }
  });
}

function toolChoice(c: LlmRequest['toolChoice']): ChatCompletionToolChoiceOption | undefined {
  if (c === undefined || typeof c === 'string') return c;
  return { type: 'function', function: { name: c.name } };
}

function wrapError(e: unknown): LlmError {
  if (e instanceof LlmError) return e;
  if (e instanceof APIConnectionError) return new LlmError(e.message, true, undefined, { cause: e });
  if (e instanceof APIError) {
    const s = e.status;
    const retryable = s === undefined || s === 408 || s === 409 || s === 429 || s >= 500;
    return new LlmError(e.message, retryable, s, { cause: e });
  }
  return new LlmError(e instanceof Error ? e.message : String(e), true, undefined, { cause: e });
}

export function createOpenAiLlm(opts: OpenAiLlmOptions): LlmProvider {
  const model = opts.model ?? 'gpt-4o-mini';
  const deadlineMs = opts.firstTokenTimeoutMs ?? 4000;
  const client = clientFor(opts);

  async function* stream(req: LlmRequest): AsyncGenerator<LlmEvent> {
    const userSignal = req.signal;
    if (userSignal?.aborted) throw userSignal.reason;
    const ac = new AbortController();
    const onUserAbort = (): void => ac.abort(userSignal?.reason);
    userSignal?.addEventListener('abort', onUserAbort, { once: true });
    let timedOut = false;
    let deadline: ReturnType<typeof setTimeout> | null = setTimeout(() => {
      timedOut = true;
      ac.abort(new LlmTimeoutError(deadlineMs));
    }, deadlineMs);
    const gotToken = (): void => {
      if (deadline) clearTimeout(deadline);
      deadline = null;
    };

    const body: ChatCompletionCreateParamsStreaming = {
      model,
      messages: toOpenAiMessages(req.messages),
      stream: true,
      stream_options: { include_usage: true },
      ...(req.tools?.length
        ? {
            tools: req.tools.map((t) => ({
              type: 'function' as const,
              function: { name: t.name, description: t.description, parameters: t.parameters },
            })),
          }
        : {}),
      ...(req.tools?.length && req.toolChoice !== undefined ? { tool_choice: toolChoice(req.toolChoice) } : {}),
      ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
      ...(req.maxTokens !== undefined ? { max_completion_tokens: req.maxTokens } : {}),
    };

    // Tool calls arrive as fragments keyed by index; each is complete once a later index starts
    // or the choice finishes.
    const calls = new Map<number, LlmToolCall>();
    let emittedBelow = 0;
    const completeBelow = function* (index: number): Generator<LlmEvent> {
      for (; emittedBelow < index; emittedBelow++) {
        const c = calls.get(emittedBelow);
        if (c) yield { type: 'tool-call', call: { ...c } };
      }
    };
    let finishReason: string | null = null;

    try {
      const chunks = await client.chat.completions.create(body, { signal: ac.signal });
      for await (const chunk of chunks) {
        const choice = chunk.choices[0];
        if (choice) {
          const delta = choice.delta;
          if (delta.content) {
            gotToken();
            yield { type: 'text', delta: delta.content };
          }
          for (const tc of delta.tool_calls ?? []) {
            gotToken();
            yield* completeBelow(tc.index);
            const c = calls.get(tc.index) ?? { id: '', name: '', arguments: '' };
            if (tc.id) c.id = tc.id;
            if (tc.function?.name) c.name += tc.function.name;
            if (tc.function?.arguments) c.arguments += tc.function.arguments;
            calls.set(tc.index, c);
          }
          if (choice.finish_reason) {
            gotToken();
            finishReason = choice.finish_reason;
            yield* completeBelow(calls.size === 0 ? 0 : Math.max(...calls.keys()) + 1);
          }
        }
        if (chunk.usage)
          yield {
            type: 'usage',
            promptTokens: chunk.usage.prompt_tokens,
            completionTokens: chunk.usage.completion_tokens,
          };
      }
      // The SDK ends iteration quietly when the request is aborted mid-body.
      if (timedOut) throw new LlmTimeoutError(deadlineMs);
      if (userSignal?.aborted) throw userSignal.reason;
      if (finishReason === null) throw new LlmError('stream ended before the model finished', true);
      yield { type: 'done', finishReason };
    } catch (e) {
      if (timedOut) throw new LlmTimeoutError(deadlineMs);
      if (userSignal?.aborted) throw userSignal.reason;
      if (e instanceof APIUserAbortError) throw new LlmError('request aborted', false, undefined, { cause: e });
      throw wrapError(e);
    } finally {
      gotToken();
      userSignal?.removeEventListener('abort', onUserAbort);
      // Consumer stopped early (break/return): stop the HTTP body too.
      if (!ac.signal.aborted) ac.abort();
    }
  }

  return { name: 'openai', model, stream };
}
