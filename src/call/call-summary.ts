// The call's summary written by the LLM from its transcript, after the call has ended (never on
// the audio path). Bounded by a timeout; on an error, a timeout or an empty answer the dialogue's
// own summary stands. Whether the transcript may go to the LLM at all is decided by the caller of
// this module (the HIPAA rule in privacy/hipaa.ts).
import type { LlmProvider } from '../providers/llm/types.ts';
import { estimateTokens } from './metered-llm.ts';

export const CALL_SUMMARY_TIMEOUT_MS = 8000;
/** Enough for two sentences. */
const MAX_TOKENS = 120;
/** The longest summary kept (the model may ignore the sentence limit). */
const MAX_CHARS = 400;
/** The transcript's tail sent to the model: the end of a long call says what is left to do. */
const MAX_TRANSCRIPT_CHARS = 12_000;

const INSTRUCTIONS =
  'You summarize a phone call between a caller and a business receptionist for the business owner. ' +
  'Write one or two plain sentences: what the caller wanted, what was done, and what is left to do. ' +
  'Use only facts from the transcript and the record. No greeting, no lists, no quotes.';

export interface LlmSummaryOptions {
  timeoutMs?: number;
}

/** The summary to store, and what writing it cost (it belongs in the call's cost like any turn's). */
export interface CallSummaryResult {
  text: string;
  promptTokens: number;
  completionTokens: number;
}

/** Resolves to the LLM's summary, or to `fallback` when it fails, is too slow or says nothing. */
export async function llmCallSummary(
  llm: LlmProvider,
  transcript: string,
  fallback: string,
  opts: LlmSummaryOptions = {},
): Promise<CallSummaryResult> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), opts.timeoutMs ?? CALL_SUMMARY_TIMEOUT_MS);
  const prompt = `Transcript:\n${transcript.slice(-MAX_TRANSCRIPT_CHARS)}\n\nThe record says: ${fallback}`;
  let text = '';
  let usage: { promptTokens: number; completionTokens: number } | null = null;
  // A request cut off by the timeout is billed all the same: without its usage report, estimated.
  const spent = () =>
    usage ??
    (abort.signal.aborted
      ? {
          promptTokens: estimateTokens(INSTRUCTIONS.length + prompt.length),
          completionTokens: estimateTokens(text.length),
        }
      : { promptTokens: 0, completionTokens: 0 });
  const keep = (summary: string): CallSummaryResult => ({ text: summary, ...spent() });
  try {
    const events = llm.stream({
      messages: [
        { role: 'system', content: INSTRUCTIONS },
        { role: 'user', content: prompt },
      ],
      temperature: 0.2,
      maxTokens: MAX_TOKENS,
      signal: abort.signal,
    });
    for await (const ev of events) {
      if (abort.signal.aborted) return keep(fallback);
      if (ev.type === 'text') text += ev.delta;
      else if (ev.type === 'usage') usage = { promptTokens: ev.promptTokens, completionTokens: ev.completionTokens };
    }
    if (abort.signal.aborted) return keep(fallback);
    const clean = text.replace(/\s+/g, ' ').trim();
    return keep(clean ? clean.slice(0, MAX_CHARS) : fallback);
  } catch {
    return keep(fallback);
  } finally {
    clearTimeout(timer);
  }
}
