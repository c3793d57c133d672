// Environment → typed configuration, validated once at start. Secrets live here and nowhere else.
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));
const optStr = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));
const num = (def: number) => z.coerce.number().finite().nonnegative().default(def);
const price = optStr.refine((v) => v === undefined || (Number.isFinite(Number(v)) && Number(v) >= 0), 'must be a non-negative number');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  REGION: z.string().default('local'),
  PUBLIC_URL: optStr,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  DATABASE_URL: z.string().default('file:./data/infinioffice.db'),
  DATABASE_AUTH_TOKEN: optStr,
  DATABASE_SYNC_URL: optStr,
  DATABASE_SYNC_INTERVAL_SECONDS: num(60),
  DRAIN_SECONDS: num(30),
  ADMIN_API_KEY: optStr,
  /** When set, GET /metrics requires `Authorization: Bearer <token>`. */
  METRICS_TOKEN: optStr,
  /** How often transcripts past each org's retentionDays are purged. */
  RETENTION_PURGE_INTERVAL_MINUTES: z.coerce.number().positive().default(60),
  // Price table (USD) for cost per call; unset keeps the defaults in src/cost/pricing.ts.
  PRICE_TWILIO_PER_MIN: price,
  PRICE_DEEPGRAM_PER_MIN: price,
  PRICE_LLM_PER_1K_TOKENS: price,
  PRICE_TTS_PER_CHAR: price,

  TWILIO_AUTH_TOKEN: optStr,
  TWILIO_ACCOUNT_SID: optStr,
  TWILIO_FROM: optStr,
  TWILIO_API_BASE_URL: optStr,

  DEEPGRAM_API_KEY: optStr,
  DEEPGRAM_URL: optStr,
  DEEPGRAM_MODEL: z.string().default('nova-2-phonecall'),
  DEEPGRAM_ENDPOINTING_MS: num(300),
  DEEPGRAM_UTTERANCE_END_MS: num(1000),

  OPENAI_API_KEY: optStr,
  OPENAI_BASE_URL: optStr,
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  LLM_FIRST_TOKEN_TIMEOUT_MS: num(800),

  AWS_REGION: optStr,
  POLLY_ENDPOINT: optStr,
  POLLY_VOICE: z.string().default('Joanna'),
  POLLY_ENGINE: z.enum(['neural', 'standard']).default('neural'),
  /** Polly is used when AWS_REGION is set and this is not 'embedded'. */
  TTS_PROVIDER: z.enum(['auto', 'polly', 'embedded']).default('auto'),
  /** A sentence the TTS has not started by then is spoken by the embedded engine instead. */
  TTS_FIRST_BYTE_TIMEOUT_MS: num(1500),

  GOOGLE_API_ROOT: optStr,
  /** OAuth2 token endpoint for refresh tokens (default Google's); set with GOOGLE_API_ROOT for a local endpoint. */
  GOOGLE_TOKEN_URL: optStr,
  GOOGLE_CLIENT_ID: optStr,
  GOOGLE_CLIENT_SECRET: optStr,
  /** Use Google Calendar for orgs whose settings carry googleCalendar credentials. */
  CALENDAR_PROVIDER: z.enum(['auto', 'local', 'google']).default('auto'),

  /** Outbound audio may run this far ahead of what the caller has heard. */
  PLAYOUT_LEAD_MS: num(400),
  /** Playback clock speed (1 = real time). Simulations compress time with larger values. */
  PLAYOUT_TIME_SCALE: z.coerce.number().positive().default(1),
  WS_MAX_MESSAGE_BYTES: num(64 * 1024),
  WS_MAX_MALFORMED: num(50),
  WS_MAX_MESSAGES_PER_SECOND: num(500),
  MAX_CONNECTIONS_PER_IP: num(2000),
  TURN_FILLER_AFTER_MS: num(2000),
  /** Simulations only: lets a webhook carry `SimulatedNow` (ISO) to run the call at that instant. */
  ALLOW_SIMULATED_CLOCK: bool.default(false),

  // Latency techniques, each switchable for the benchmark's ablation.
  FEATURE_SENTENCE_STREAMING: bool.default(true),
  FEATURE_PHRASE_CACHE: bool.default(true),
  FEATURE_SPECULATION: bool.default(true),
  FEATURE_ADAPTIVE_ENDPOINT: bool.default(true),
  /** With an LLM configured, confident local understanding skips the model round trip. */
  FEATURE_LOCAL_FIRST_NLU: bool.default(true),
  LOCAL_FIRST_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.85),
  PHRASE_CACHE_MAX_MB: num(64),
  /** Stored phrase audio per organization; phrases past it are synthesized live. 0 = no cap. */
  PHRASE_STORE_MAX_MB_PER_ORG: num(16),
  /** An org's phrases are re-synthesized at most once per this interval; edits in between coalesce. */
  PHRASE_REBUILD_MIN_INTERVAL_SECONDS: num(60),
  SPECULATION_STABLE_MS: num(120),
  VAD_SILENCE_MS: num(150),

  // Per-call bounds (0 turns a bound off). Orgs may narrow the silence handling and the length.
  /** Caller silence after the assistant's audio has played before "Are you still there?". */
  SILENCE_PROMPT_AFTER_SECONDS: num(8),
  /** "Are you still there?" prompts before the goodbye and hang-up. */
  SILENCE_MAX_PROMPTS: z.coerce.number().int().min(0).max(3).default(1),
  /** Longest call; at the limit the assistant says goodbye and hangs up. */
  MAX_CALL_SECONDS: num(1800),
  /** Most caller turns in one call; past it the assistant says goodbye and hangs up. */
  MAX_TURNS_PER_CALL: num(200),
  /** Keypad digits within this window of the first are one input (compressed like playout). */
  DTMF_COALESCE_MS: num(400),
  /** Digits kept per keypad input; more are dropped. */
  DTMF_MAX_DIGITS: z.coerce.number().int().min(1).default(20),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  env: Env;
  providers: {
    asr: 'deepgram' | 'none';
    llm: 'openai' | 'none';
    nlu: 'llm' | 'local';
    tts: 'polly' | 'embedded';
    calendar: 'google' | 'local';
    notify: 'twilio-sms' | 'outbox';
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const env = parsed.data;
  const hasDeepgram = Boolean(env.DEEPGRAM_API_KEY);
  const hasOpenAi = Boolean(env.OPENAI_API_KEY);
  const polly = env.TTS_PROVIDER === 'polly' || (env.TTS_PROVIDER === 'auto' && Boolean(env.AWS_REGION));
  const google = env.CALENDAR_PROVIDER === 'google' || (env.CALENDAR_PROVIDER === 'auto' && Boolean(env.GOOGLE_API_ROOT || env.GOOGLE_CLIENT_ID));
  const sms = Boolean(env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM);
  return {
    env,
    providers: {
      asr: hasDeepgram ? 'deepgram' : 'none',
      llm: hasOpenAi ? 'openai' : 'none',
      nlu: hasOpenAi ? 'llm' : 'local',
      tts: polly ? 'polly' : 'embedded',
      calendar: google ? 'google' : 'local',
      notify: sms ? 'twilio-sms' : 'outbox',
    },
  };
}
