// Provider wrappers that feed the provider latency and error instruments. Each wrapper only does
// synchronous counter and histogram updates around the provider's own stream: nothing here
// awaits, buffers or changes what the provider yields.
import type { AsrProvider, AsrStream } from '../providers/asr/types.ts';
import type { LlmProvider } from '../providers/llm/types.ts';
import type { TtsProvider } from '../providers/tts/types.ts';
import type { Metrics } from './registry.ts';

export type ProviderErrorKind = 'timeout' | 'http_5xx' | 'http_4xx' | 'auth' | 'network' | 'other';

type ProviderMetrics = Pick<Metrics, 'providerLatency' | 'providerErrors'>;

function statusOf(e: unknown): number | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const o = e as { status?: unknown; statusCode?: unknown; $metadata?: { httpStatusCode?: unknown } };
  for (const v of [o.status, o.statusCode, o.$metadata?.httpStatusCode]) if (typeof v === 'number') return v;
  return undefined;
}

/** A short fixed word for the error label (bounded cardinality: never the message itself). */
export function errorKind(e: unknown): ProviderErrorKind {
  const status = statusOf(e);
  if (status === 401 || status === 403) return 'auth';
  if (status !== undefined && status >= 500) return 'http_5xx';
  if (status !== undefined && status >= 400) return 'http_4xx';
  const text = e instanceof Error ? `${e.name} ${e.message} ${(e as { code?: unknown }).code ?? ''}` : String(e);
  if (/timeout|timed out|deadline/i.test(text)) return 'timeout';
  if (/unauthori[sz]ed|forbidden|\b40[13]\b|invalid api key/i.test(text)) return 'auth';
  if (/ECONN|ENOTFOUND|EPIPE|socket|network|fetch failed|connection/i.test(text)) return 'network';
  return 'other';
}

/**
 * A request the caller aborted (barge-in, hang-up) is not the provider's failure; an abort whose
 * reason is a deadline is a timeout.
 */
function callerAborted(signal: AbortSignal | undefined): boolean {
  if (!signal?.aborted) return false;
  return errorKind(signal.reason) !== 'timeout';
}

const seconds = (fromMs: number) => Math.max(0, performance.now() - fromMs) / 1000;

export function instrumentTts(inner: TtsProvider, m: ProviderMetrics): TtsProvider {
  return {
    name: inner.name,
    engine: inner.engine,
    defaultVoice: inner.defaultVoice,
    async *synthesize(req) {
      const started = performance.now();
      let first = true;
      try {
        for await (const chunk of inner.synthesize(req)) {
          if (first) {
            first = false;
            m.providerLatency.observe({ provider: inner.name, op: 'first_byte' }, seconds(started));
          }
          yield chunk;
        }
      } catch (e) {
        if (!callerAborted(req.signal))
          m.providerErrors.inc({ provider: inner.name, kind: errorKind(req.signal?.aborted ? req.signal.reason : e) });
        throw e;
      }
    },
  };
}

export function instrumentLlm(inner: LlmProvider, m: ProviderMetrics): LlmProvider {
  return {
    name: inner.name,
    model: inner.model,
    async *stream(req) {
      const started = performance.now();
      let first = true;
      try {
        for await (const ev of inner.stream(req)) {
          if (first && (ev.type === 'text' || ev.type === 'tool-call')) {
            first = false;
            m.providerLatency.observe({ provider: inner.name, op: 'first_token' }, seconds(started));
          }
          yield ev;
        }
        m.providerLatency.observe({ provider: inner.name, op: 'complete' }, seconds(started));
      } catch (e) {
        if (!callerAborted(req.signal)) m.providerErrors.inc({ provider: inner.name, kind: errorKind(e) });
        throw e;
      }
    },
  };
}

/** Counts the ASR stream's error events and a failing iterator; audio passes straight through. */
export function instrumentAsr(inner: AsrProvider, m: ProviderMetrics): AsrProvider {
  return {
    name: inner.name,
    open(opts) {
      const stream = inner.open(opts);
      const provider = inner.name;
      const wrapped: AsrStream = {
        pushAudio: (audio, quiet) => stream.pushAudio(audio, quiet),
        finalize: () => stream.finalize(),
        close: () => stream.close(),
        async *[Symbol.asyncIterator]() {
          try {
            for await (const ev of stream) {
              if (ev.type === 'error') m.providerErrors.inc({ provider, kind: errorKind(ev.message) });
              yield ev;
            }
          } catch (e) {
            if (!callerAborted(opts.signal)) m.providerErrors.inc({ provider, kind: errorKind(e) });
            throw e;
          }
        },
      };
      return wrapped;
    },
  };
}
