// What one call cost, from the usage the call session measured. Pure: no clock, no I/O.
//
// Rounding choices:
// - Twilio bills per started minute: ceil(durationSeconds / 60); a 0-second call costs nothing.
// - Deepgram streaming is billed by audio duration; we charge exact seconds (no minute rounding).
// - LLM tokens are charged exactly: (prompt + completion) / 1000 × rate.
// - TTS is charged for characters actually synthesized during the call. Phrases served from the
//   phrase cache (ttsCachedCharacters) were paid for once when precomputed, so they cost nothing
//   here; they are reported as savings.
// - Each line and the total are rounded to 1/10,000 of a cent (6 decimals) only at the end, so
//   the total is the sum of the unrounded lines.
import type { Prices } from './pricing.ts';

export interface CallUsage {
  durationSeconds: number;
  asrSeconds: number;
  llmPromptTokens: number;
  llmCompletionTokens: number;
  /** Characters synthesized by the TTS provider during the call (cache misses). */
  ttsCharacters: number;
  /** Characters served from the phrase cache. */
  ttsCachedCharacters?: number;
}

export interface CallCost {
  total: number;
  breakdown: {
    telephony: { billedMinutes: number; cost: number };
    asr: { seconds: number; cost: number };
    llm: { tokens: number; cost: number };
    tts: { characters: number; cost: number; cachedCharacters: number; savedByCache: number };
  };
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
const nonNeg = (n: number | undefined) => (n !== undefined && Number.isFinite(n) && n > 0 ? n : 0);

export function computeCallCost(usage: CallUsage, prices: Prices): CallCost {
  const billedMinutes = Math.ceil(nonNeg(usage.durationSeconds) / 60);
  const asrSeconds = nonNeg(usage.asrSeconds);
  const tokens = nonNeg(usage.llmPromptTokens) + nonNeg(usage.llmCompletionTokens);
  const ttsChars = nonNeg(usage.ttsCharacters);
  const cachedChars = nonNeg(usage.ttsCachedCharacters);

  const telephony = billedMinutes * prices.twilioPerMinute;
  const asr = (asrSeconds / 60) * prices.deepgramPerMinute;
  const llm = (tokens / 1000) * prices.llmPer1kTokens;
  const tts = ttsChars * prices.ttsPerCharacter;

  return {
    total: round6(telephony + asr + llm + tts),
    breakdown: {
      telephony: { billedMinutes, cost: round6(telephony) },
      asr: { seconds: asrSeconds, cost: round6(asr) },
      llm: { tokens, cost: round6(llm) },
      tts: {
        characters: ttsChars,
        cost: round6(tts),
        cachedCharacters: cachedChars,
        savedByCache: round6(cachedChars * prices.ttsPerCharacter),
      },
    },
  };
}

/** Reads a call's stored usage JSON (unknown keys ignored, missing ones zero). */
export function usageFromRecord(rec: Record<string, number> | null | undefined): CallUsage {
  const r = rec ?? {};
  return {
    durationSeconds: r.durationSeconds ?? 0,
    asrSeconds: r.asrSeconds ?? 0,
    llmPromptTokens: r.llmPromptTokens ?? 0,
    llmCompletionTokens: r.llmCompletionTokens ?? 0,
    ttsCharacters: r.ttsCharacters ?? 0,
    ttsCachedCharacters: r.ttsCachedCharacters ?? 0,
  };
}
