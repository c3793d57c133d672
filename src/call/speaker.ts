// Text → 8 kHz μ-law for one sentence: the phrase cache first, then the configured TTS, and the
// embedded engine when that fails. A sentence that still ends with no audio is never silent to
// the operator: it is logged (length only, never the words), counted and flagged on the turn.
import type { TtsProvider } from '../providers/tts/types.ts';
import type { Logger } from '../log.ts';
import { concat } from '../audio/frames.ts';

export interface PhraseAudioSource {
  /** Ready audio for this exact text in this engine and voice, if cached. */
  get(engine: string, voice: string, text: string): Uint8Array | undefined;
  /** Offers freshly synthesized audio of a fixed phrase for caching. */
  put?(engine: string, voice: string, text: string, audio: Uint8Array): void;
}

export interface SpeakUsage {
  ttsCharacters: number;
  cachedCharacters: number;
  fallbacks: number;
  /** Sentences that produced no audio although nobody cut them off. */
  noAudioSentences: number;
}

/** Why a sentence produced no audio: the deadline cut it, the engine threw, or it ended empty. */
export type NoAudioReason = 'timeout' | 'error' | 'empty';

export interface SpeakOptions {
  signal: AbortSignal;
  /** Fixed phrases are cacheable; dynamic text is not worth the memory. */
  cacheable: boolean;
  onFirstByte?: (fromCache: boolean) => void;
}

export interface Speaker {
  speak(text: string, opts: SpeakOptions): AsyncIterable<Uint8Array>;
  readonly usage: SpeakUsage;
}

export function createSpeaker(deps: {
  tts: TtsProvider;
  fallback: TtsProvider;
  /** A function when the voice follows the call's language. */
  voice: string | (() => string);
  /** The embedded engine's voice for the call's language (its own default when absent). */
  fallbackVoice?: () => string;
  cache?: PhraseAudioSource | null;
  log: Logger;
  /** Gives up on the main TTS if it has produced nothing by then. */
  firstByteTimeoutMs?: number;
  onCache?: (hit: boolean) => void;
  /** A sentence ended with no audio (counted by the caller as a provider error). */
  onNoAudio?: (reason: NoAudioReason, engine: string) => void;
}): Speaker {
  const usage: SpeakUsage = { ttsCharacters: 0, cachedCharacters: 0, fallbacks: 0, noAudioSentences: 0 };
  // With only one engine there is nothing to switch to: a deadline would only turn a slow sentence
  // into silence (two instances of the embedded engine are still one engine).
  const hasOtherEngine = deps.tts !== deps.fallback && deps.tts.engine !== deps.fallback.engine;
  const mainVoice = () => (typeof deps.voice === 'function' ? deps.voice() : deps.voice);
  const voiceFor = (tts: TtsProvider) =>
    tts === deps.tts ? mainVoice() : (deps.fallbackVoice?.() ?? tts.defaultVoice);

  async function* fromEngine(
    tts: TtsProvider,
    text: string,
    opts: SpeakOptions,
    timeoutMs: number | null,
  ): AsyncGenerator<Uint8Array> {
    // A child controller so a stalled engine can be cut off without aborting the whole turn.
    const ctl = new AbortController();
    const onAbort = () => ctl.abort(opts.signal.reason);
    opts.signal.addEventListener('abort', onAbort, { once: true });
    const timer =
      timeoutMs === null ? null : setTimeout(() => ctl.abort(new Error('tts first byte timeout')), timeoutMs);
    const collected: Uint8Array[] = [];
    let first = true;
    try {
      for await (const chunk of tts.synthesize({
        text,
        voice: voiceFor(tts),
        signal: ctl.signal,
        onUsage: (u) => {
          usage.ttsCharacters += u.characters;
        },
      })) {
        if (first) {
          first = false;
          if (timer) clearTimeout(timer);
          opts.onFirstByte?.(false);
        }
        if (opts.cacheable && deps.cache?.put) collected.push(chunk);
        yield chunk;
      }
      // An engine may end quietly when its signal aborts: cut off by the deadline is a failure.
      if (ctl.signal.aborted && !opts.signal.aborted) throw ctl.signal.reason;
      if (opts.cacheable && deps.cache?.put && !ctl.signal.aborted && collected.length > 0) {
        deps.cache.put(tts.engine, voiceFor(tts), text, concat(collected));
      }
    } finally {
      if (timer) clearTimeout(timer);
      opts.signal.removeEventListener('abort', onAbort);
    }
  }

  return {
    usage,
    async *speak(text, opts) {
      if (opts.cacheable && deps.cache) {
        const hit = deps.cache.get(deps.tts.engine, mainVoice(), text);
        deps.onCache?.(Boolean(hit));
        if (hit) {
          usage.cachedCharacters += text.length;
          opts.onFirstByte?.(true);
          yield hit;
          return;
        }
      }
      let produced = false;
      let failure: unknown = null;
      const deadline = hasOtherEngine ? (deps.firstByteTimeoutMs ?? 1500) : null;
      try {
        for (const engine of hasOtherEngine ? [deps.tts, deps.fallback] : [deps.tts]) {
          if (engine === deps.fallback && hasOtherEngine) {
            if (opts.signal.aborted) return;
            usage.fallbacks++;
          }
          try {
            // Mid-sentence failures restart the sentence: a repeated half is better than a lost one.
            for await (const chunk of fromEngine(engine, text, opts, engine === deps.tts ? deadline : null)) {
              produced = true;
              yield chunk;
            }
            if (produced || opts.signal.aborted) return;
            failure = new Error('tts produced no audio');
          } catch (e) {
            if (opts.signal.aborted) return;
            failure = e;
          }
          if (engine === deps.tts && hasOtherEngine)
            deps.log.warn('tts failed; speaking with the embedded engine', {
              engine: engine.engine,
              error: failure,
              midSentence: produced,
            });
        }
      } finally {
        // A generator closed early by its consumer, or a barge-in, is not a lost sentence.
        if (!produced && failure !== null && !opts.signal.aborted) noAudio(failure, text);
      }
    },
  };

  function noAudio(failure: unknown, text: string): void {
    const engine = hasOtherEngine ? deps.fallback.engine : deps.tts.engine;
    const reason = noAudioReason(failure);
    usage.noAudioSentences++;
    deps.log.warn('sentence produced no audio', { engine, reason, characters: text.length, error: failure });
    deps.onNoAudio?.(reason, engine);
  }
}

function noAudioReason(failure: unknown): NoAudioReason {
  const text = failure instanceof Error ? failure.message : String(failure);
  if (/timeout/i.test(text)) return 'timeout';
  if (/no audio/.test(text)) return 'empty';
  return 'error';
}
