// Provider prices in USD. Defaults are list prices at the time of writing; operators override
// each one by environment so a contract rate never needs a code change.

export interface Prices {
  /** Twilio voice, per started minute (inbound + Media Streams). */
  twilioPerMinute: number;
  /** Deepgram streaming ASR, per minute of audio sent. */
  deepgramPerMinute: number;
  /** LLM, per 1,000 tokens (prompt and completion at one blended rate). */
  llmPer1kTokens: number;
  /** TTS (Polly), per character synthesized. */
  ttsPerCharacter: number;
}

export const DEFAULT_PRICES: Readonly<Prices> = Object.freeze({
  twilioPerMinute: 0.0085,
  deepgramPerMinute: 0.0043,
  llmPer1kTokens: 0.002,
  ttsPerCharacter: 0.000016,
});

const ENV_KEYS: Record<keyof Prices, string> = {
  twilioPerMinute: 'PRICE_TWILIO_PER_MIN',
  deepgramPerMinute: 'PRICE_DEEPGRAM_PER_MIN',
  llmPer1kTokens: 'PRICE_LLM_PER_1K_TOKENS',
  ttsPerCharacter: 'PRICE_TTS_PER_CHAR',
};

export class PriceConfigError extends Error {
  override name = 'PriceConfigError';
}

/** Defaults overridden by any PRICE_* variable set; a malformed or negative price is refused. */
export function pricesFromEnv(env: Record<string, string | undefined>): Prices {
  const out: Prices = { ...DEFAULT_PRICES };
  for (const [field, key] of Object.entries(ENV_KEYS) as Array<[keyof Prices, string]>) {
    const raw = env[key]?.trim();
    if (!raw) continue;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0)
      throw new PriceConfigError(`${key} must be a non-negative number, got ${JSON.stringify(raw)}`);
    out[field] = n;
  }
  return out;
}
