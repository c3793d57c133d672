// Picks the provider for each stage from configuration: the real adapter when its credentials are
// set, the embedded default otherwise.
import type { AsrProvider } from './asr/types.ts';
import type { LlmProvider } from './llm/types.ts';
import type { TtsProvider } from './tts/types.ts';
import type { CalendarProvider } from './calendar/types.ts';
import type { NotifyProvider } from './notify/types.ts';
import type { Nlu } from '../nlu/types.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../log.ts';
import { createDeepgramAsr } from './asr/deepgram.ts';
import { createOpenAiLlm } from './llm/openai.ts';
import { createPollyTts } from './tts/polly.ts';
import { createEmbeddedTts } from './tts/embedded.ts';
import { createLocalCalendar } from './calendar/local.ts';
import { createGoogleCalendar } from './calendar/google.ts';
import { createTwilioSms } from './notify/twilio-sms.ts';
import { createOutboxNotify } from './notify/outbox.ts';
import { createLocalNlu } from '../nlu/local.ts';
import { createLlmNlu } from '../nlu/llm.ts';
import { createLocalFirstNlu } from '../nlu/local-first.ts';
import { instrumentAsr, instrumentLlm, instrumentTts } from '../metrics/instrument.ts';
import type { Metrics } from '../metrics/registry.ts';
export interface Providers {
  /** null: no ASR configured; callers can only be heard through a Deepgram-compatible endpoint. */
  asr: AsrProvider | null;
  llm: LlmProvider | null;
  nlu: Nlu;
  tts: TtsProvider;
  /** Fallback speech when the main TTS fails (the embedded engine). */
  fallbackTts: TtsProvider;
  calendarFor(org: { settings: Record<string, unknown> }): CalendarProvider;
  notify: NotifyProvider;
  /** stage → provider name, for the start-up log. */
  describe(): Record<string, string>;
}

export async function selectProviders(
  config: Config,
  deps: { db: Db; log: Logger; metrics?: Pick<Metrics, 'providerLatency' | 'providerErrors'> },
): Promise<Providers> {
  const env = config.env;
  // Provider latency and errors are counted at the adapter, so the NLU's LLM calls count too.
  const m = deps.metrics;
  const names: Record<string, string> = {};

  const rawAsr =
    config.providers.asr === 'deepgram' && env.DEEPGRAM_API_KEY
      ? createDeepgramAsr({
          apiKey: env.DEEPGRAM_API_KEY,
          ...(env.DEEPGRAM_URL ? { url: env.DEEPGRAM_URL } : {}),
          model: env.DEEPGRAM_MODEL,
          endpointingMs: env.DEEPGRAM_ENDPOINTING_MS,
          utteranceEndMs: env.DEEPGRAM_UTTERANCE_END_MS,
        })
      : null;
  const asr = rawAsr && m ? instrumentAsr(rawAsr, m) : rawAsr;
  names.asr = asr
    ? `deepgram (${env.DEEPGRAM_MODEL}${env.DEEPGRAM_URL ? `, ${env.DEEPGRAM_URL}` : ''})`
    : 'none — set DEEPGRAM_API_KEY; without it callers can only be simulated (bun run demo / scenario)';

  const rawLlm =
    config.providers.llm === 'openai' && env.OPENAI_API_KEY
      ? createOpenAiLlm({
          apiKey: env.OPENAI_API_KEY,
          ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}),
          model: env.OPENAI_MODEL,
          firstTokenTimeoutMs: env.LLM_FIRST_TOKEN_TIMEOUT_MS,
        })
      : null;
  const llm = rawLlm && m ? instrumentLlm(rawLlm, m) : rawLlm;
  names.llm = llm ? `openai (${env.OPENAI_MODEL})` : 'none (embedded: template replies)';

  const localNlu = createLocalNlu();
  const llmNlu = llm ? createLlmNlu(llm, { timeoutMs: env.LLM_FIRST_TOKEN_TIMEOUT_MS, fallback: localNlu }) : null;
  const nlu = llmNlu && env.FEATURE_LOCAL_FIRST_NLU ? createLocalFirstNlu(localNlu, llmNlu, { minConfidence: env.LOCAL_FIRST_MIN_CONFIDENCE }) : (llmNlu ?? localNlu);
  names.nlu = llm
    ? env.FEATURE_LOCAL_FIRST_NLU
      ? 'local rules when sure, else llm (function calling)'
      : 'llm (function calling, local fallback)'
    : 'local (rules + dates)';

  const withTtsMetrics = (p: TtsProvider) => (m ? instrumentTts(p, m) : p);
  const embedded = withTtsMetrics(createEmbeddedTts());
  const tts =
    config.providers.tts === 'polly'
      ? withTtsMetrics(
          createPollyTts({
            region: env.AWS_REGION ?? 'us-east-1',
            ...(env.POLLY_ENDPOINT ? { endpoint: env.POLLY_ENDPOINT } : {}),
            voice: env.POLLY_VOICE,
            engine: env.POLLY_ENGINE,
          }),
        )
      : embedded;
  names.tts = tts === embedded ? 'embedded (eSpeak NG)' : `polly (${env.POLLY_ENGINE}, ${env.POLLY_VOICE})`;

  const local = createLocalCalendar(deps.db);
  const google =
    config.providers.calendar === 'google'
      ? createGoogleCalendar({
          ...(env.GOOGLE_API_ROOT ? { rootUrl: env.GOOGLE_API_ROOT } : {}),
          ...(env.GOOGLE_TOKEN_URL ? { tokenUrl: env.GOOGLE_TOKEN_URL } : {}),
          ...(env.GOOGLE_CLIENT_ID ? { clientId: env.GOOGLE_CLIENT_ID } : {}),
          ...(env.GOOGLE_CLIENT_SECRET ? { clientSecret: env.GOOGLE_CLIENT_SECRET } : {}),
        })
      : null;
  names.calendar = google ? 'google (orgs with credentials), local otherwise' : 'local';

  const sms =
    config.providers.notify === 'twilio-sms' && env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM
      ? createTwilioSms({
          accountSid: env.TWILIO_ACCOUNT_SID,
          authToken: env.TWILIO_AUTH_TOKEN,
          from: env.TWILIO_FROM,
          ...(env.TWILIO_API_BASE_URL ? { baseUrl: env.TWILIO_API_BASE_URL } : {}),
        })
      : null;
  const notify = createOutboxNotify(deps.db, { ...(sms ? { delegate: sms } : {}), log: deps.log });
  names.notify = sms ? 'twilio sms (recorded in the outbox)' : 'outbox (database + log)';

  return {
    asr,
    llm,
    nlu,
    tts,
    fallbackTts: embedded,
    calendarFor: (org) => (google && org.settings.googleCalendar ? google : local),
    notify,
    describe: () => ({ ...names }),
  };
}
