import { describe, expect, test } from 'bun:test';
import { computeCallCost, usageFromRecord } from '../../src/cost/compute.ts';
import { DEFAULT_PRICES, PriceConfigError, pricesFromEnv } from '../../src/cost/pricing.ts';

describe('call cost', () => {
  test('a 2 min 10 s call matches the hand computation at default prices', () => {
    // Twilio: 130 s → 3 started minutes × $0.0085 = $0.0255
    // Deepgram: 125 s = 2.0833… min × $0.0043 = $0.00895833…
    // LLM: 3,000 + 500 tokens = 3.5K × $0.002 = $0.007
    // Polly: 800 chars × $0.000016 = $0.0128 (the 400 cached chars are free, $0.0064 saved)
    // Total: 0.0255 + 0.00895833 + 0.007 + 0.0128 = $0.05425833 → 0.054258
    const cost = computeCallCost(
      {
        durationSeconds: 130,
        asrSeconds: 125,
        llmPromptTokens: 3000,
        llmCompletionTokens: 500,
        ttsCharacters: 800,
        ttsCachedCharacters: 400,
      },
      DEFAULT_PRICES,
    );
    expect(cost.breakdown.telephony).toEqual({ billedMinutes: 3, cost: 0.0255 });
    expect(cost.breakdown.asr).toEqual({ seconds: 125, cost: 0.008958 });
    expect(cost.breakdown.llm).toEqual({ tokens: 3500, cost: 0.007 });
    expect(cost.breakdown.tts).toEqual({ characters: 800, cost: 0.0128, cachedCharacters: 400, savedByCache: 0.0064 });
    expect(cost.total).toBe(0.054258);
  });

  test('Twilio bills whole started minutes: 60 s is one minute, 61 s is two, 0 s is none', () => {
    const at = (s: number) =>
      computeCallCost(
        { durationSeconds: s, asrSeconds: 0, llmPromptTokens: 0, llmCompletionTokens: 0, ttsCharacters: 0 },
        DEFAULT_PRICES,
      );
    expect(at(0).breakdown.telephony.billedMinutes).toBe(0);
    expect(at(1).breakdown.telephony.billedMinutes).toBe(1);
    expect(at(60).breakdown.telephony.billedMinutes).toBe(1);
    expect(at(61).breakdown.telephony.billedMinutes).toBe(2);
    expect(at(61).total).toBe(0.017);
  });

  test('negative or non-finite usage counts as zero rather than a refund', () => {
    const cost = computeCallCost(
      {
        durationSeconds: -5,
        asrSeconds: Number.NaN,
        llmPromptTokens: -10,
        llmCompletionTokens: 0,
        ttsCharacters: Infinity,
      },
      DEFAULT_PRICES,
    );
    expect(cost.total).toBe(0);
  });

  test('stored usage JSON reads back with missing counters as zero', () => {
    expect(usageFromRecord({ durationSeconds: 42, llmRequests: 3 })).toEqual({
      durationSeconds: 42,
      asrSeconds: 0,
      llmPromptTokens: 0,
      llmCompletionTokens: 0,
      ttsCharacters: 0,
      ttsCachedCharacters: 0,
    });
  });
});

describe('prices from the environment', () => {
  test('defaults apply when nothing is set; each variable overrides its own price', () => {
    expect(pricesFromEnv({})).toEqual({ ...DEFAULT_PRICES });
    const p = pricesFromEnv({
      PRICE_TWILIO_PER_MIN: '0.013',
      PRICE_TTS_PER_CHAR: '0.00003',
      PRICE_LLM_PER_1K_TOKENS: ' ',
    });
    expect(p).toEqual({
      twilioPerMinute: 0.013,
      deepgramPerMinute: 0.0043,
      llmPer1kTokens: 0.002,
      ttsPerCharacter: 0.00003,
    });
    expect(
      computeCallCost(
        { durationSeconds: 30, asrSeconds: 0, llmPromptTokens: 0, llmCompletionTokens: 0, ttsCharacters: 0 },
        p,
      ).total,
    ).toBe(0.013);
  });

  test('a malformed or negative price is refused with the variable named', () => {
    expect(() => pricesFromEnv({ PRICE_DEEPGRAM_PER_MIN: 'cheap' })).toThrow(PriceConfigError);
    expect(() => pricesFromEnv({ PRICE_DEEPGRAM_PER_MIN: '-1' })).toThrow('PRICE_DEEPGRAM_PER_MIN');
  });
});
