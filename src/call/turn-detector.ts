// Decides when the caller has taken a turn. In: the ASR's events, the caller's audio (our own
// voice-activity check) and speculative understanding of interim words. Out: turns (final from
// the ASR, early from our silence check when speculation already understood a full answer, or
// unintelligible: speech the ASR could not make out) and barge-in signals while we are speaking.
import type { AsrEvent } from '../providers/asr/types.ts';
import type { Nlu, NluContext, NluResult } from '../nlu/types.ts';
import type { EarlyAnswer } from '../dialogue/generated-answer.ts';
import type { Logger } from '../log.ts';
import type { CallTimers } from './call-timers.ts';
import { createSpeculator, type Speculation, type Speculator } from './speculation.ts';
import { VoiceActivity } from './voice-activity.ts';
import { isBackchannel } from './backchannel.ts';

/** Speech the recognizer never closed (a cough, a noise) holds the line live this long after it. */
const QUIET_AFTER_NOISE_MS = 1500;

export interface DetectedTurn {
  kind: 'final' | 'early' | 'unintelligible';
  text: string;
  confidence: number;
  /** What ended the turn: the ASR's endpoint, its utterance end, our Finalize, or our silence check. */
  source: 'speech_final' | 'utterance_end' | 'finalize' | 'silence';
  /** Monotonic ms the caller's last speech frame arrived: turn latency counts from here. */
  heardAt: number;
  /** Understanding already under way for exactly this text. */
  speculation: Speculation | null;
  /** The language the recognizer tagged the turn's words with, if it does. */
  language?: string;
}

/** What the detector asks of the rest of the call. */
export interface TurnDetectorCall {
  /** Our reply audio is playing. */
  replying(): boolean;
  /** A reply is being prepared or played. */
  turnRunning(): boolean;
  /** The call is ending: caller input is no longer taken. */
  closing(): boolean;
  nluContext(): NluContext;
  /** Starts the generated answer these understood words would get, if any (see speculation.ts). */
  speculate?(text: string, nlu: NluResult): EarlyAnswer | null;
}

export interface TurnDetectorOptions {
  features: { speculation: boolean; adaptiveEndpoint: boolean };
  nlu: Nlu;
  speculationStableMs: number;
  vadSilenceMs: number;
  /** `now` is the monotonic clock (latency); the timers run the speculation's stability wait. */
  timers: CallTimers;
  call: TurnDetectorCall;
  log: Logger;
  /** A turn: return false to refuse it (the call's turn cap), and it is forgotten. */
  onTurn(turn: DetectedTurn): boolean;
  /** The caller talks over our reply. */
  onBargeIn(): void;
  /** The caller made a sound or a word: silence counts start over. */
  onCallerActive(): void;
  /** An early turn was settled: the ASR agreed (wrong=false) or the caller went on (wrong=true). */
  onAdaptiveEndpoint?(wrong: boolean): void;
}

export class TurnDetector {
  private readonly vad: VoiceActivity;
  private readonly speculator: Speculator | null;
  private finals: string[] = [];
  private finalConfidence = 1;
  private finalLanguage: string | undefined;
  private interimConfidence = 1;
  /** The ASR heard speech it could not transcribe (an empty final): a turn the caller still took. */
  private unintelligible = false;
  /** Words the ASR has shown for a turn not yet taken. */
  private wordsPending = false;
  /** Audio time at which the recognizer last closed the caller's speech. */
  private asrSettledAt = Number.NEGATIVE_INFINITY;
  private adaptiveTurn: { text: string; at: number } | null = null;
  private audioMs = 0;
  private lastTurnAudioMs = 0;

  constructor(private readonly o: TurnDetectorOptions) {
    this.vad = new VoiceActivity({ silenceMs: o.vadSilenceMs });
    this.speculator = o.features.speculation
      ? createSpeculator({
          nlu: o.nlu,
          stableMs: o.speculationStableMs,
          now: o.timers.now,
          timers: o.timers,
          ...(o.call.speculate ? { startAnswer: (text, r) => o.call.speculate?.(text, r) ?? null } : {}),
          callerQuiet: () => this.vad.silentFor(this.audioMs),
        })
      : null;
  }

  /** The call ended: nothing speculative keeps running. */
  close(): void {
    this.speculator?.clear();
  }

  /** True while the caller is mid-turn: voice heard, words pending, or an early turn unsettled. */
  get busy(): boolean {
    const words = this.wordsPending || this.finals.length > 0 || this.unintelligible;
    return this.vad.speaking || words || this.adaptiveTurn !== null;
  }

  /** One caller frame; `audioMs` is the call's audio time at its end. */
  hear(frame: Uint8Array, audioMs: number): void {
    this.audioMs = audioMs;
    this.vad.push(frame, audioMs, this.o.timers.now());
    if (this.vad.speaking) this.o.onCallerActive();
  }

  /**
   * Nobody waits on the recognizer for this frame: the caller is quiet (this frame too), no words
   * or turn are pending, and the recognizer has closed the caller's last speech (its endpoint, an
   * utterance end or our Finalize) or that speech was a noise it never answered for. Audio to the
   * ASR may then be held to send fewer messages. The recognizer's own idea of where speech ended
   * is not ours, so its endpoint, not our silence, is what releases the line.
   */
  lineQuiet(audioMs: number): boolean {
    if (this.vad.loud || this.busy) return false;
    const last = this.vad.lastSpeechAt;
    return last === null || last <= this.asrSettledAt || audioMs - last >= QUIET_AFTER_NOISE_MS;
  }

  /** After a frame: settles an early turn the caller talked on past, or takes one on silence. */
  checkEndpoint(audioMs: number): void {
    if (this.speculator && this.o.call.speculate && this.vad.silentFor(audioMs)) this.speculator.quiet();
    const early = this.adaptiveTurn;
    if (early && this.vad.speaking && this.vad.lastSpeechAt! > early.at) this.onAdaptiveWrong();
    else if (this.o.features.adaptiveEndpoint && this.speculator && !early && this.finals.length === 0) {
      this.maybeAdaptiveEnd(audioMs);
    }
  }

  asrEvent(ev: AsrEvent): void {
    switch (ev.type) {
      case 'interim': {
        const text = ev.text.trim();
        if (!text) return;
        this.wordsPending = true;
        this.o.onCallerActive();
        this.interimConfidence = ev.confidence;
        if (this.o.call.replying() && !isBackchannel(text) && !this.isAdaptiveEcho(text)) this.o.onBargeIn();
        if (this.speculator) this.speculator.interim(this.pendingText(text), this.o.call.nluContext());
        return;
      }
      case 'final': {
        const text = ev.text.trim();
        if (text) {
          this.o.onCallerActive();
          const echo = this.isAdaptiveEcho(text);
          this.finals.push(text);
          this.finalConfidence = Math.min(this.finalConfidence, ev.confidence);
          if (ev.language) this.finalLanguage = ev.language;
          // The ASR catching up on a turn we took early is not the caller talking over our reply.
          if (this.o.call.replying() && !isBackchannel(text) && !echo) this.o.onBargeIn();
          this.unintelligible = false;
        } else if (ev.speechFinal && !this.o.call.turnRunning() && !this.o.call.replying()) {
          if ((this.vad.lastSpeechAt ?? -1) > this.lastTurnAudioMs) this.unintelligible = true;
        }
        if (ev.speechFinal || ev.fromFinalize) this.asrSettledAt = this.audioMs;
        if (ev.speechFinal) {
          this.wordsPending = false;
          this.endOfTurn('speech_final');
        }
        // Our Finalize after an early turn end: its result closes that turn now.
        else if (ev.fromFinalize && this.adaptiveTurn) this.endOfTurn('finalize');
        return;
      }
      case 'utterance-end':
        this.asrSettledAt = this.audioMs;
        this.wordsPending = false;
        this.endOfTurn('utterance_end');
        return;
      case 'speech-started':
        this.o.onCallerActive();
        return;
      case 'reconnecting':
        this.o.log.warn('asr reconnecting', { attempt: ev.attempt, reason: ev.reason });
        return;
      case 'error':
        this.o.log.error('asr error', { message: ev.message, retryable: ev.retryable });
        return;
      case 'closed':
        return;
    }
  }

  /** Words the ASR reports for the turn we already took early (so far, or all of it). */
  private isAdaptiveEcho(latest: string): boolean {
    if (!this.adaptiveTurn) return false;
    const heard = normalize(this.pendingText(latest));
    return heard.length > 0 && normalize(this.adaptiveTurn.text).startsWith(heard);
  }

  private pendingText(latest: string): string {
    return [...this.finals, latest].join(' ');
  }

  /** The ASR says the caller finished: take the turn. */
  private endOfTurn(source: DetectedTurn['source']): void {
    if (this.o.call.closing()) {
      this.finals = [];
      this.unintelligible = false;
      return;
    }
    if (this.finals.length === 0) {
      // Speech nobody could make out still gets an answer (a re-ask), not silence.
      if (this.unintelligible && !this.adaptiveTurn) {
        this.unintelligible = false;
        this.emit('unintelligible', '', 0, source);
      }
      return;
    }
    this.unintelligible = false;
    const text = this.finals.join(' ');
    const confidence = this.finalConfidence;
    this.finals = [];
    this.finalConfidence = 1;
    if (this.adaptiveTurn) {
      // We already answered this turn on our own silence check; the ASR just caught up.
      const early = this.adaptiveTurn;
      this.adaptiveTurn = null;
      const agrees = normalize(early.text) === normalize(text);
      this.o.onAdaptiveEndpoint?.(!agrees);
      if (agrees) return;
    }
    if (isBackchannel(text) && this.o.call.replying()) return;
    this.emit('final', text, confidence, source);
  }

  private emit(kind: 'final' | 'unintelligible', text: string, confidence: number, source: DetectedTurn['source']) {
    const heardAt = this.vad.lastSpeechWallAt ?? this.o.timers.now();
    const speculation = this.speculator?.take(text) ?? null;
    const language = this.finalLanguage;
    this.finalLanguage = undefined;
    const turn: DetectedTurn = {
      kind,
      text,
      confidence,
      source,
      heardAt,
      speculation,
      ...(language ? { language } : {}),
    };
    if (this.o.onTurn(turn)) this.lastTurnAudioMs = this.audioMs;
  }

  /** Our own silence check ends the turn before the ASR does when speculation is confident. */
  private maybeAdaptiveEnd(audioMs: number): void {
    if (!this.vad.silentFor(audioMs) || this.o.call.turnRunning() || this.o.call.closing()) return;
    const ready = this.speculator?.confidentFor(() => this.o.call.nluContext().expecting);
    if (!ready) return;
    const heardAt = this.vad.lastSpeechWallAt ?? this.o.timers.now();
    const turn: DetectedTurn = {
      kind: 'early',
      text: ready.text,
      confidence: this.interimConfidence,
      source: 'silence',
      heardAt,
      speculation: ready,
    };
    if (this.o.onTurn(turn)) this.adaptiveTurn = { text: ready.text, at: audioMs };
  }

  /** The caller kept talking after we took the turn early: drop our reply and wait for the whole turn. */
  private onAdaptiveWrong(): void {
    this.adaptiveTurn = null;
    this.o.onAdaptiveEndpoint?.(true);
    this.o.onBargeIn();
  }
}

function normalize(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
