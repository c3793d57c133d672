// The call's summary written by the LLM from its transcript, after the call has ended (never on
// the audio path). Bounded by a timeout; on an error, a timeout or an empty answer the dialogue's
// own summary stands. Whether the transcript may go to the LLM at all is decided by the caller of
// this module (the HIPAA rule in privacy/hipaa.ts).
import type { LlmProvider } from '../providers/llm/types.ts';

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

/** Resolves to the LLM's summary, or to `fallback` when it fails, is too slow or says nothing. */
export async function llmCallSummary(
  llm: LlmProvider,
  transcript: string,
  fallback: string,
  opts: LlmSummaryOptions = {},
): Promise<string> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), opts.timeoutMs ?? CALL_SUMMARY_TIMEOUT_MS);
  try {
    let text = '';
    const events = llm.stream({
      messages: [
        { role: 'system', content: INSTRUCTIONS },
        {
          role: 'user',
          content: `Transcript:\n${transcript.slice(-MAX_TRANSCRIPT_CHARS)}\n\nThe record says: ${fallback}`,
        },
      ],
      temperature: 0.2,
      maxTokens: MAX_TOKENS,
      signal: abort.signal,
    });
    for await (const ev of events) {
      if (abort.signal.aborted) return fallback;
      if (ev.type === 'text') text += ev.delta;
    }
    if (abort.signal.aborted) return fallback;
    const clean = text.replace(/\s+/g, ' ').trim();
    return clean ? clean.slice(0, MAX_CHARS) : fallback;
  } catch {
    return fallback;
  } finally {
    clearTimeout(timer);
  }
}
