// Prometheus instruments for the runtime, on a registry of their own so tests and several
// servers in one process never share counters. Label sets are fixed and small: no org, call or
// phone labels, so cardinality stays bounded however many businesses are served.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { startLagSampler, type LagSamplerOptions } from './event-loop-lag.ts';

export const TURN_STAGES = [
  'endpoint',
  'classify',
  'llm_first_token',
  'first_sentence',
  'tts_first_byte',
  'first_frame',
  'total',
] as const;
export type TurnStage = (typeof TURN_STAGES)[number];
export type TurnKind = 'template' | 'generative';

/** Seconds; dense below 1 s where the turn-latency target sits. */
const LATENCY_BUCKETS = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.75, 1, 1.25, 1.5, 2, 3, 5, 10];
const LAG_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/** A turn's stage offsets as the call session records them (ms after the caller's last audio). */
export interface TurnStagesMs {
  stages: Partial<
    Record<'endpoint' | 'nluDone' | 'llmFirstToken' | 'firstSentence' | 'ttsFirstByte' | 'firstFrameOut', number>
  >;
  totalMs: number | null;
  kind: TurnKind;
}

const STAGE_OF: ReadonlyArray<[keyof TurnStagesMs['stages'], TurnStage]> = [
  ['endpoint', 'endpoint'],
  ['nluDone', 'classify'],
  ['llmFirstToken', 'llm_first_token'],
  ['firstSentence', 'first_sentence'],
  ['ttsFirstByte', 'tts_first_byte'],
  ['firstFrameOut', 'first_frame'],
];

export interface Metrics {
  readonly registry: Registry;
  readonly contentType: string;
  readonly callsActive: Gauge<never>;
  /** Media streams that opened a conversation. */
  readonly callsStarted: Counter<never>;
  /** outcome: booked | no_booking | failed | hung_up | … (the call's outcome, a short fixed word). */
  readonly callsTotal: Counter<'outcome'>;
  /** Seconds from the caller's last audio frame to each stage; stage "total" = first frame out. */
  readonly turnLatency: Histogram<'stage' | 'kind'>;
  /** provider: deepgram | openai | polly | espeak | google_calendar | twilio …; op: connect | first_token | synthesize … */
  readonly providerLatency: Histogram<'provider' | 'op'>;
  /**
   * kind: timeout | http_5xx | auth | network | aborted | other | no_audio; reason (no_audio only):
   * timeout | error | empty — a sentence that produced no audio at all.
   */
  readonly providerErrors: Counter<'provider' | 'kind' | 'reason'>;
  readonly phraseCacheHits: Counter<never>;
  readonly phraseCacheMisses: Counter<never>;
  /** Phrase-cache lookups by the call's language (en | es) and result (hit | miss): hit rate per language. */
  readonly phraseCacheLookups: Counter<'language' | 'result'>;
  readonly speculationHits: Counter<never>;
  readonly speculationMisses: Counter<never>;
  /** result: kept | wasted — generated answers started on the speculative transcript. */
  readonly earlyGenerations: Counter<'result'>;
  readonly earlyWastedTokens: Counter<never>;
  readonly framesSentLate: Counter<never>;
  readonly playoutGaps: Counter<never>;
  readonly inboundLag: Histogram<never>;
  /** reason: the media socket's malformed-message reason. */
  readonly wsMalformedMessages: Counter<'reason'>;
  /** Seconds a timer fired later than asked: the whole process's responsiveness. */
  readonly eventLoopLag: Histogram<never>;
  /** Records one turn's stage offsets (ms) into turnLatency. */
  observeTurn(turn: TurnStagesMs): void;
  /** Starts the event-loop lag sampler; returns its stop function. */
  startEventLoopSampler(opts?: LagSamplerOptions): () => void;
  render(): Promise<string>;
}

export function createMetrics(opts: { region?: string; prefix?: string } = {}): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ region: opts.region ?? 'local' });
  const p = opts.prefix ?? 'infinioffice_';
  const registers = [registry];

  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name: p + name, help, labelNames, registers });
  const histogram = <L extends string>(name: string, help: string, buckets: number[], labelNames: readonly L[] = []) =>
    new Histogram<L>({ name: p + name, help, labelNames, buckets, registers });

  const turnLatency = histogram(
    'turn_latency_seconds',
    "Seconds from the caller's last audio frame to each turn stage",
    LATENCY_BUCKETS,
    ['stage', 'kind'] as const,
  );
  const eventLoopLag = histogram<never>(
    'event_loop_lag_seconds',
    'Event-loop lag sampled from timer drift',
    LAG_BUCKETS,
  );

  return {
    registry,
    contentType: registry.contentType,
    callsActive: new Gauge<never>({ name: `${p}calls_active`, help: 'Calls with a live media stream', registers }),
    callsStarted: counter<never>('calls_started_total', 'Calls whose media stream opened a conversation'),
    callsTotal: counter('calls_total', 'Calls ended, by outcome', ['outcome'] as const),
    turnLatency,
    providerLatency: histogram('provider_latency_seconds', 'Provider operation latency', LATENCY_BUCKETS, [
      'provider',
      'op',
    ] as const),
    providerErrors: counter('provider_errors_total', 'Provider errors', ['provider', 'kind', 'reason'] as const),
    phraseCacheHits: counter<never>('phrase_cache_hits_total', 'Phrases served from the phrase cache'),
    phraseCacheMisses: counter<never>('phrase_cache_misses_total', 'Cacheable phrases synthesized live'),
    phraseCacheLookups: counter('phrase_cache_lookups_total', 'Phrase-cache lookups by language and result', [
      'language',
      'result',
    ] as const),
    speculationHits: counter<never>(
      'speculation_hits_total',
      'Speculative classifications reused on the final transcript',
    ),
    speculationMisses: counter<never>('speculation_misses_total', 'Speculative classifications discarded'),
    earlyGenerations: counter(
      'early_generations_total',
      'Generated answers started on the speculative transcript, kept or wasted',
      ['result'] as const,
    ),
    earlyWastedTokens: counter<never>('early_generation_wasted_tokens_total', 'Tokens of wasted early generations'),
    framesSentLate: counter<never>('frames_sent_late_total', 'Outbound audio frames sent after their due time'),
    playoutGaps: counter<never>('playout_gaps_total', 'Gaps in outbound audio while a reply was playing'),
    inboundLag: histogram<never>(
      'inbound_audio_lag_seconds',
      'How far behind real time caller audio reached the ASR (sampled frames)',
      [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
    ),
    wsMalformedMessages: counter('ws_malformed_messages_total', 'Malformed Media Streams messages, by reason', [
      'reason',
    ] as const),
    eventLoopLag,
    observeTurn(turn) {
      for (const [key, stage] of STAGE_OF) {
        const ms = turn.stages[key];
        // Negative offsets happen when a stage ran before the caller stopped (speculation); clamp.
        if (ms !== undefined && Number.isFinite(ms))
          turnLatency.observe({ stage, kind: turn.kind }, Math.max(0, ms) / 1000);
      }
      if (turn.totalMs !== null && Number.isFinite(turn.totalMs))
        turnLatency.observe({ stage: 'total', kind: turn.kind }, Math.max(0, turn.totalMs) / 1000);
    },
    startEventLoopSampler: (o) => startLagSampler((seconds) => eventLoopLag.observe(seconds), o),
    render: () => registry.metrics(),
  };
}
