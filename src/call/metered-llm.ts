// Wraps a call's LLM so every request's token usage is counted toward the call's cost. It also
// starts requests early (on a speculative transcript): an early request runs at once and keeps
// what it receives until the turn adopts it, or is aborted when the turn turns out different.
// Dropped early requests are counted with their tokens: what speculation cost and bought nothing.
import type { LlmEvent, LlmProvider, LlmRequest } from '../providers/llm/types.ts';

/** A request started ahead of the turn that may need it. */
export interface EarlyRequest {
  /** Its events so far, then the rest as they come; null once dropped or already adopted. */
  adopt(signal?: AbortSignal): AsyncIterable<LlmEvent> | null;
  /** Aborts it unless it was adopted (then this does nothing). */
  drop(): void;
}

export interface EarlyOutcome {
  kept: boolean;
  /** Tokens a dropped request cost: billed prompt + completion, estimated when cut off before usage arrived. */
  tokens: number;
}

export interface MeteredLlm {
  provider: LlmProvider;
  usage: () => Record<string, number>;
  /** Starts `req` now; the turn that wants it adopts it, anything else drops it. */
  early(req: Omit<LlmRequest, 'signal'>): EarlyRequest;
}

/** Roughly four characters a token: the price of a request cut off before its usage report. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

export function meterLlm(inner: LlmProvider, opts: { onEarly?: (o: EarlyOutcome) => void } = {}): MeteredLlm {
  const totals = {
    llmPromptTokens: 0,
    llmCompletionTokens: 0,
    llmRequests: 0,
    llmEarlyRequests: 0,
    llmEarlyWasted: 0,
    llmEarlyWastedTokens: 0,
  };
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

  function early(req: Omit<LlmRequest, 'signal'>): EarlyRequest {
    totals.llmEarlyRequests++;
    const ctl = new AbortController();
    const events: LlmEvent[] = [];
    let ended = false;
    let failure: unknown = null;
    let wake: (() => void) | null = null;
    let state: 'pending' | 'adopted' | 'dropped' = 'pending';
    const notify = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    void (async () => {
      try {
        for await (const ev of provider.stream({ ...req, signal: ctl.signal })) {
          events.push(ev);
          notify();
        }
      } catch (e) {
        failure = e;
      } finally {
        ended = true;
        notify();
      }
    })();

    return {
      adopt(signal) {
        if (state !== 'pending') return null;
        state = 'adopted';
        if (signal?.aborted) ctl.abort(signal.reason);
        else signal?.addEventListener('abort', () => ctl.abort(signal.reason), { once: true });
        return (async function* () {
          let i = 0;
          while (true) {
            while (i < events.length) yield events[i++]!;
            if (ended) break;
            await new Promise<void>((r) => (wake = r));
          }
          if (failure) throw failure;
        })();
      },
      drop() {
        if (state !== 'pending') return;
        state = 'dropped';
        ctl.abort(new Error('early request dropped'));
        const usage = events.find((e) => e.type === 'usage');
        let tokens: number;
        if (usage) tokens = usage.promptTokens + usage.completionTokens;
        else {
          // Cut off before its usage report, yet still billed: the estimate counts as usage.
          const prompt = estimateTokens(req.messages.reduce((n, m) => n + (m.content?.length ?? 0), 0));
          const completion = estimateTokens(events.reduce((n, e) => n + (e.type === 'text' ? e.delta.length : 0), 0));
          totals.llmPromptTokens += prompt;
          totals.llmCompletionTokens += completion;
          tokens = prompt + completion;
        }
        totals.llmEarlyWasted++;
        totals.llmEarlyWastedTokens += tokens;
        opts.onEarly?.({ kept: false, tokens });
      },
    };
  }

  const track = (r: EarlyRequest): EarlyRequest => ({
    adopt(signal) {
      const it = r.adopt(signal);
      if (it) opts.onEarly?.({ kept: true, tokens: 0 });
      return it;
    },
    drop: () => r.drop(),
  });

  return { provider, usage: () => ({ ...totals }), early: (req) => track(early(req)) };
}
