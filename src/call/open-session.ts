// Builds a CallSession for a call whose media stream just started: the org's settings, its
// calendar, a conversation, a speaker with the phrase cache, a recorder, and the providers.
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { WriteQueue } from '../db/write-queue.ts';
import type { Organization } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Providers } from '../select-providers.ts';
import type { LlmProvider } from '../providers/llm/types.ts';
import type { Metrics } from '../metrics/registry.ts';
import type { Prices } from '../cost/pricing.ts';
import type { CallSessionHandle, StreamCommands } from './ports.ts';
import type { AnsweredCall, CallRegistry } from './registry.ts';
import type { PhraseCache } from './phrase-cache.ts';
import { CallSession } from './session.ts';
import { createCallRecorder } from './call-recorder.ts';
import { createSpeaker } from './speaker.ts';
import { resolveSettings } from '../templates/index.ts';
import { createConversation } from '../dialogue/conversation.ts';
import { createSentenceSplitter } from '../dialogue/sentence-splitter.ts';
import { offsetClock } from '../clock.ts';
import { meterLlm } from './metered-llm.ts';
import { liveFixedPhrase, sayIn } from '../dialogue/localized.ts';
import { phrase } from '../dialogue/phrases.ts';
import { createLocalNlu } from '../nlu/local.ts';
import { createSpanishNlu } from '../nlu/es/local.ts';
import { createLanguageNlu } from '../nlu/by-language.ts';
import { spanishFaqKeywords } from '../templates/es/index.ts';
import { languagesOf } from '../dialogue/language-switch.ts';
import { asrKeywordsFor, voiceFor } from './language-voice.ts';
import { llmMayReadCallerText } from '../privacy/hipaa.ts';
import { computeCallCost, usageFromRecord } from '../cost/compute.ts';
import { LIMIT_CLOSINGS, LIMIT_CLOSINGS_ES, resolveCallLimits } from './call-limits.ts';
import { CALL_OUTCOMES } from '../outcomes.ts';
import { recordingPathFor } from './recording-policy.ts';
import { recordedCall } from './recorded-call.ts';
import { llmCallSummary } from './call-summary.ts';

// Outcomes become a metrics label: a fixed set, anything else counted as 'other'.
const OUTCOME_LABELS = new Set<string>(CALL_OUTCOMES);

export interface SessionContext {
  call: AnsweredCall;
  org: Organization;
  /** The carrier's id for the media stream. */
  streamSid: string;
  commands: StreamCommands;
}

/** What opening a call needs from the running server (the runtime has all of it). */
export interface SessionOpenerDeps {
  config: { env: Config['env'] };
  db: { db: Db };
  writes: WriteQueue;
  clock: Clock;
  log: Logger;
  providers: Omit<Providers, 'describe'>;
  phraseCache: PhraseCache;
  metrics: Metrics;
  prices: Prices;
  /** Live calls, so a drain can end them. */
  registry: Pick<CallRegistry, 'addLive' | 'removeLive' | 'trail'>;
}

export function createSessionOpener(rt: SessionOpenerDeps): (ctx: SessionContext) => CallSessionHandle {
  const env = rt.config.env;
  const m = rt.metrics;
  const localNlu = createLocalNlu();
  return (ctx) => {
    const { call, org } = ctx;
    const log = rt.log.child({
      callId: call.callId,
      carrier: call.carrier,
      carrierCallId: call.carrierCallId,
      orgId: org.id,
    });
    const resolved = resolveSettings(org.vertical, org.settings);
    const recordingPath = recordingPathFor(env.RECORDINGS_DIR, resolved, org.id, call.callId);
    // A recorded call says so in its greeting.
    const settings = recordingPath ? { ...resolved, recordingNotice: true } : resolved;
    const recording = recordedCall(recordingPath, ctx.commands, log);
    // Simulated calls may run at a chosen "now"; real calls use the runtime's clock.
    const clock = call.simulatedNow !== undefined ? offsetClock(call.simulatedNow, rt.clock) : rt.clock;
    // A HIPAA org without a BAA-covered LLM is understood locally: no caller text leaves the server.
    const llmAllowed = llmMayReadCallerText(settings);
    const llm =
      llmAllowed && rt.providers.llm
        ? meterLlm(rt.providers.llm, {
            onEarly: ({ kept, tokens }) => {
              m.earlyGenerations.inc({ result: kept ? 'kept' : 'wasted' });
              if (tokens > 0) m.earlyWastedTokens.inc(tokens);
            },
          })
        : null;
    // Each turn is understood in the call's current language.
    const localEs = createSpanishNlu({ faq: spanishFaqKeywords(settings.faq) });
    const nlu = createLanguageNlu({
      en: llmAllowed ? rt.providers.nlu : localNlu,
      es: llmAllowed && rt.providers.nluEs ? rt.providers.nluEs(localEs) : localEs,
    });
    const languages = languagesOf(settings);
    const language = () => conversation.state().lang ?? 'en';
    const conversation = createConversation({
      db: rt.db.db,
      writes: rt.writes,
      org: { id: org.id, name: org.name, timezone: org.timezone, vertical: org.vertical, settings },
      callId: call.callId,
      ...(call.callerPhone ? { callerPhone: call.callerPhone } : {}),
      clock,
      nlu,
      calendar: rt.providers.calendarFor(org),
      notify: rt.providers.notify,
      ...(llm ? { llm: llm.provider } : {}),
      ...(llm && env.FEATURE_SPECULATION ? { early: llm.early } : {}),
      log,
      ...(call.returned ? { returned: call.returned.name ? { name: call.returned.name } : {} } : {}),
    });
    const speaker = createSpeaker({
      tts: rt.providers.tts,
      fallback: rt.providers.fallbackTts,
      voice: () => voiceFor(settings, language(), rt.providers.tts),
      fallbackVoice: () => voiceFor(settings, language(), rt.providers.fallbackTts),
      cache: env.FEATURE_PHRASE_CACHE ? rt.phraseCache : null,
      log,
      firstByteTimeoutMs: env.TTS_FIRST_BYTE_TIMEOUT_MS,
      onCache: (hit) => {
        (hit ? m.phraseCacheHits : m.phraseCacheMisses).inc();
        m.phraseCacheLookups.inc({ language: language(), result: hit ? 'hit' : 'miss' });
      },
      onNoAudio: (reason, engine) => m.providerErrors.inc({ provider: engine, kind: 'no_audio', reason }),
    });
    const recorder = createCallRecorder({
      callId: call.callId,
      writes: rt.writes,
      wallNow: () => clock.now(),
      privacy: settings,
      ...(llm ? { usage: llm.usage } : {}),
      ttsUsage: speaker.usage,
      recordingPath: () => recordingPath,
      costOf: (usage) => computeCallCost(usageFromRecord(usage), rt.prices).total,
      ...(call.returned ? { leg: call.returned.leg } : {}),
      language,
      // Written after the call from its transcript, only where caller text may reach the LLM.
      ...(llmAllowed && rt.providers.llm
        ? { summarize: summarizer(rt.providers.llm, env.CALL_SUMMARY_TIMEOUT_MS) }
        : {}),
    });
    const session = new CallSession({
      callId: call.callId,
      streamId: ctx.streamSid,
      commands: recording.commands,
      conversation,
      asr: rt.providers.asr,
      asrKeywords: asrKeywordsFor(settings, org.vertical, languages),
      asrLanguages: languages,
      nlu,
      speaker,
      newSplitter: () => createSentenceSplitter(),
      recorder,
      log,
      features: {
        sentenceStreaming: env.FEATURE_SENTENCE_STREAMING,
        speculation: env.FEATURE_SPECULATION,
        adaptiveEndpoint: env.FEATURE_ADAPTIVE_ENDPOINT,
      },
      leadMs: env.PLAYOUT_LEAD_MS,
      mediaOutChunkMs: env.MEDIA_OUT_CHUNK_MS,
      timeScale: env.PLAYOUT_TIME_SCALE,
      speculationStableMs: env.SPECULATION_STABLE_MS,
      vadSilenceMs: env.VAD_SILENCE_MS,
      filler: {
        afterMs: env.TURN_FILLER_AFTER_MS,
        phrase: liveFixedPhrase(() => conversation.state(), 'oneMoment'),
        // Read when said, so a call that switched language acknowledges in it.
        acks: [0, 1, 2].map((n) => {
          const current = () => (language() === 'en' ? phrase('ack', org.name, n) : sayIn(conversation.state(), 'ack'));
          return {
            get id() {
              return current().phraseId;
            },
            get text() {
              return current().text;
            },
          };
        }),
      },
      limits: resolveCallLimits(env, org.settings),
      callLines: {
        stillThere: () => sayIn(conversation.state(), 'stillThere').text,
        noInputGoodbye: () => sayIn(conversation.state(), 'noInputGoodbye').text,
        limit: (which) => (language() === 'es' ? LIMIT_CLOSINGS_ES : LIMIT_CLOSINGS)[which].text,
      },
      callerPhone: call.callerPhone ?? null,
      notifyBusiness: (body) => {
        const to = settings.businessPhone ?? 'business';
        rt.registry.trail(
          rt.providers.notify
            .send({ orgId: org.id, callId: call.callId, to, body })
            .catch((e) => log.warn('notification failed', { error: e })),
        );
      },
      events: {
        onTurn: (latency) => m.observeTurn(latency),
        onSpeculation: (hit) => (hit ? m.speculationHits : m.speculationMisses).inc(),
        onInboundLag: (ms) => m.inboundLag.observe(ms / 1000),
        onEnd: (summary) => {
          rt.registry.trail(recorder.settled());
          rt.registry.removeLive(call.carrierCallId);
          m.callsActive.dec();
          m.callsTotal.inc({ outcome: outcomeLabel(summary.status, summary.outcome) });
          const late = session.outbound.stats.lateFrames;
          if (late > 0) m.framesSentLate.inc(late);
        },
      },
    });
    m.callsStarted.inc();
    m.callsActive.inc();
    const handle = recording.wrap(session);
    rt.registry.addLive(call.carrierCallId, { end: () => handle.end('drain') });
    return handle;
  };
}

function summarizer(llm: LlmProvider, timeoutMs: number) {
  return (transcript: string, fallback: string) => llmCallSummary(llm, transcript, fallback, { timeoutMs });
}

function outcomeLabel(status: string, outcome: string | null): string {
  if (status === 'failed') return 'failed';
  if (!outcome) return 'none';
  return OUTCOME_LABELS.has(outcome) ? outcome : 'other';
}
