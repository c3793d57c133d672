// Environment → typed configuration, validated once at start: the core variables here, each provider's in its
// registry entry (providers/registry.ts). Secrets come from the environment only and are never logged.
import { z } from 'zod';
import { bool, num, optStr, price } from './env-parsers.ts';
import { parseTrustedProxies, type TrustedProxies } from './http/client-ip.ts';
import { providerRegistry, type ProviderRegistry, type ProviderSelection } from './providers/registry.ts';

// Core variables; each provider's own variables are declared by its registry entry and added below.
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Loopback unless set: a fresh checkout is not reachable from the network (containers set 0.0.0.0). */
  HOST: z.string().default('127.0.0.1'),
  NODE_ENV: optStr,
  /** Refuse unsigned webhooks and media streams (always on when NODE_ENV=production). */
  REQUIRE_SIGNATURES: bool.default(false),
  /**
   * Comma-separated addresses or CIDRs of the proxies in front of the server. Requests from them
   * are attributed to the client address they put in X-Forwarded-For; from anyone else the
   * header is ignored.
   */
  TRUST_PROXY: optStr,
  /** Largest request body for the voice webhooks; larger is refused with 413 before it is read. */
  MAX_WEBHOOK_BODY_BYTES: num(32 * 1024),
  /** Largest request body anywhere else (the API). */
  MAX_API_BODY_BYTES: num(1024 * 1024),
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

  /** A sentence the TTS has not started by then is spoken by the embedded engine instead. */
  TTS_FIRST_BYTE_TIMEOUT_MS: num(1500),
  /** The LLM's post-call summary not done by then: the dialogue's own summary stays. */
  CALL_SUMMARY_TIMEOUT_MS: num(8000),
  /** Where call recordings are written (orgs that record calls may name their own directory). */
  RECORDINGS_DIR: z.string().min(1).default('data/recordings'),

  /** Outbound audio may run this far ahead of what the caller has heard. */
  PLAYOUT_LEAD_MS: num(400),
  /** Reply audio per media message to the carrier (whole 20 ms frames): fewer, larger messages. */
  MEDIA_OUT_CHUNK_MS: z.coerce.number().int().min(20).max(1000).default(200),
  /** Playback clock speed (1 = real time). Simulations compress time with larger values. */
  PLAYOUT_TIME_SCALE: z.coerce.number().positive().default(1),
  WS_MAX_MESSAGE_BYTES: num(64 * 1024),
  WS_MAX_MALFORMED: num(50),
  WS_MAX_MESSAGES_PER_SECOND: num(500),
  MAX_CONNECTIONS_PER_IP: num(2000),
  /** A media stream that has not sent a valid `start` by then is closed. */
  WS_START_TIMEOUT_MS: num(5000),
  /** Media streams open but not yet started, over all clients; more are refused with 503. */
  MAX_PREAUTH_SOCKETS: num(200),
  TURN_FILLER_AFTER_MS: num(2000),
  /**
   * Key the media stream tokens are signed with; every instance sharing the database must have the
   * same one (required when NODE_ENV=production). Unset: a random key per process.
   */
  STREAM_TOKEN_SECRET: optStr,
  /** How long after the webhook's answer its stream may start. */
  STREAM_TOKEN_TTL_SECONDS: num(300),
  /** Longest an org edited on another instance is served from this one's cache. */
  ORG_CACHE_TTL_MS: num(5000),
  /**
   * This instance among those sharing the database; set it stable across restarts (pod or container
   * name) so a restart ends its previous run's calls at once. Unset: generated per run.
   */
  INSTANCE_ID: optStr,
  /** How often an instance records it is alive and sweeps calls of instances that went quiet. */
  INSTANCE_HEARTBEAT_MS: z.coerce.number().int().min(10).default(5000),
  /** An instance silent this long is gone: its open calls are marked interrupted by a survivor. */
  INSTANCE_LEASE_MS: z.coerce.number().int().min(20).default(30_000),
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

/** The core schema plus every registered provider's variables and `<KIND>_PROVIDER` selectors. */
const ConfigSchema = EnvSchema.extend(providerRegistry.envShape);

export type Env = z.infer<typeof ConfigSchema>;

export interface Config {
  env: Env;
  /** Webhooks and media streams must carry a valid X-Twilio-Signature. */
  requireSignatures: boolean;
  /** TRUST_PROXY, parsed. */
  trustedProxies: TrustedProxies;
  /** Which registry entries run, per kind: decided here, built by selectProviders. */
  providers: ProviderSelection;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates the environment against the core schema and the registry's entries (another registry in tests). */
export function loadConfig(
  source: Record<string, string | undefined> = process.env,
  registry: ProviderRegistry = providerRegistry,
): Config {
  const schema = registry === providerRegistry ? ConfigSchema : EnvSchema.extend(registry.envShape);
  const clash = Object.keys(registry.envShape).filter((key) => key in EnvSchema.shape);
  if (clash.length > 0) throw new ConfigError(`provider variables shadow core ones: ${clash.join(', ')}`);
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = i.path.join('.');
      const owner = registry.ownerOf(key);
      return `${key}${owner ? ` (${owner})` : ''}: ${i.message}`;
    });
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const env = parsed.data as Env;
  const requireSignatures = env.REQUIRE_SIGNATURES || env.NODE_ENV === 'production';
  if (requireSignatures && !env.TWILIO_AUTH_TOKEN) {
    throw new ConfigError(
      'invalid configuration:\n  TWILIO_AUTH_TOKEN: required when NODE_ENV=production or REQUIRE_SIGNATURES=true ' +
        '(webhooks and media streams are verified with it)',
    );
  }
  if (env.NODE_ENV === 'production' && !env.STREAM_TOKEN_SECRET) {
    throw new ConfigError(
      'invalid configuration:\n  STREAM_TOKEN_SECRET: required when NODE_ENV=production ' +
        '(media stream tokens are signed with it; every instance needs the same value)',
    );
  }
  if (env.INSTANCE_LEASE_MS <= env.INSTANCE_HEARTBEAT_MS) {
    throw new ConfigError('invalid configuration:\n  INSTANCE_LEASE_MS: must be longer than INSTANCE_HEARTBEAT_MS');
  }
  let trustedProxies: TrustedProxies;
  try {
    trustedProxies = parseTrustedProxies(env.TRUST_PROXY);
  } catch (e) {
    throw new ConfigError(`invalid configuration:\n  TRUST_PROXY: ${e instanceof Error ? e.message : 'unreadable'}`);
  }
  const { selection, problems } = registry.choose(env);
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  return { env, requireSignatures, trustedProxies, providers: selection };
}
