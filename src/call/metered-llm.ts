// Wraps a call's LLM so every request's token usage is counted toward the call's cost.
import type { LlmProvider } from '../providers/llm/types.ts';

export function meterLlm(inner: LlmProvider): { provider: LlmProvider; usage: () => Record<string, number> } {
  const totals = { llmPromptTokens: 0, llmCompletionTokens: 0, llmRequests: 0 };
  const provider: LlmProvider = {
    name: inner.name,
    model: inner.model,
    async *stream(req) {
      totals.llmRequests++;
      for await (const ev of inner.stream(req)) {
        if (ev.type === 'usage') {
          totals.llmPromptTokens += ev.promptTokens;
          totals.llmCompletionTokens += ev.completionTokens;
        }
        yield ev;
      }
    },
  };
  return { provider, usage: () => ({ ...totals }) };
}
