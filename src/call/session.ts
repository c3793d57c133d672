// CallSession: one call's stages wired together — caller audio to the ASR, transcripts to the
// dialogue, replies to speech and out to Twilio; turn taking, barge-in and the latency clock.
// Nothing here awaits the database: turns and the call's end go to the write queue.
// Its bounds (silence, length, turns, keypad floods) are watched by CallGuard and DtmfCoalescer.
import type { AsrEvent, AsrProvider, AsrStream } from '../providers/asr/types.ts';
import type { Nlu, NluContext, NluResult } from '../nlu/types.ts';
import type { Logger } from '../log.ts';
import type { WriteQueue } from '../db/write-queue.ts';
import type { CallStatus } from '../db/schema.ts';
import type { CallSessionHandle, ConversationPort, EndReason, StreamCommands } from './ports.ts';
import type { CallOutcome } from '../outcomes.ts';

export type { ConversationPort };
import { OutboundPlayer, type PlayedSegment } from '../telephony/outbound-player.ts';
import { queueCallEnd, queueStreamStarted, queueTurn } from '../db/calls-repo.ts';
import { playReply, type ReplyPart, type SentenceSplitter } from './reply-player.ts';
import { TurnTimer, type TurnLatency } from './turn-timing.ts';
import type { Speaker } from './speaker.ts';
import { createSpeculator, type Speculator } from './speculation.ts';
import { VoiceActivity } from './voice-activity.ts';
import { isBackchannel } from './backchannel.ts';
import { withFiller, type FillerOptions } from './turn-filler.ts';
import { LIMIT_CLOSINGS, type CallLimits } from './call-limits.ts';
import { CallGuard, type SilenceStep } from './call-guard.ts';
import { DtmfCoalescer } from './dtmf-coalescer.ts';
import { realCallTimers, type CallTimers } from './call-timers.ts';
import { phrase } from '../dialogue/phrases.ts';

export interface SessionFeatures {
  sentenceStreaming: boolean;
  speculation: boolean;
  adaptiveEndpoint: boolean;
}

export interface SessionEvents {
  onTurn?(latency: TurnLatency): void;
  onBargeIn?(cut: PlayedSegment[]): void;
  onEnd?(summary: CallSummary): void;
  onSpeculation?(hit: boolean): void;
  onAdaptiveEndpoint?(wrong: boolean): void;
  /** Sampled: ms by which a caller frame reached the ASR later than its place in real time. */
  onInboundLag?(ms: number): void;
}

export interface CallSummary {
  callId: string;
  status: CallStatus;
  durationSeconds: number;
  outcome: string | null;
  turns: number;
  inboundAudioSeconds: number;
  usage: Record<string, number>;
}

export interface SessionDeps {
  callId: string;
  callSid: string;
  streamSid: string;
  commands: StreamCommands;
  conversation: ConversationPort;
  asr: AsrProvider | null;
  asrKeywords: string[];
  nlu: Nlu;
  speaker: Speaker;
  newSplitter: () => SentenceSplitter;
  writes: WriteQueue;
  log: Logger;
  /** Epoch ms for the call row. */
  wallNow: () => number;
  /** Monotonic ms for latency. */
  now?: () => number;
  features: SessionFeatures;
  leadMs: number;
  timeScale: number;
  speculationStableMs: number;
  vadSilenceMs: number;
  /** Extra usage counters merged into the call's usage (LLM tokens, measured by a wrapper). */
  usage?: () => Record<string, number>;
  /** What may be stored (HIPAA mode drops transcript text). */
  redact?: (text: string) => string | null;
  /** A caller turn whose reply starts later than this after the caller stopped gets a filler first. */
  filler?: FillerOptions;
  /** USD cost of the call from its measured usage, stored on the call row. */
  costOf?: (usage: Record<string, number>) => number;
  events?: SessionEvents;
  /** Silence, length, turn and keypad bounds; without them the call is unbounded. */
  limits?: CallLimits;
  /** Timers for the bounds (wall ms, not compressed). */
  timers?: CallTimers;
}

type ReplySource = (signal: AbortSignal) => AsyncIterable<ReplyPart>;

interface ActiveReply {
  ctl: AbortController;
  timer: TurnTimer;
  firstFrameSent: boolean;
}

export class CallSession implements CallSessionHandle {
  private readonly player: OutboundPlayer;
  private readonly asr: AsrStream | null;
  private readonly now: () => number;
  private readonly vad: VoiceActivity;
  private readonly speculator: Speculator | null;
  private readonly startedWall: number;
  private active: ActiveReply | null = null;
  private chain: Promise<void> = Promise.resolve();
  private finals: string[] = [];
  private finalConfidence = 1;
  private turnIndex = 0;
  private inboundBytes = 0;
  private transcript: string[] = [];
  private ended = false;
  private hangingUp = false;
  private lastSegment: string | null = null;
  private hangupGuard: ReturnType<typeof setTimeout> | null = null;
  private adaptiveTurn: { text: string; at: number } | null = null;
  private lagSample = 0;
  private lagBase = Number.POSITIVE_INFINITY;
  private interimConfidence = 1;
  /** The ASR heard speech it could not transcribe (an empty final): a turn the caller still took. */
  private unintelligible = false;
  private lastTurnAudioMs = 0;
  private readonly guard: CallGuard | null;
  private readonly keypad: DtmfCoalescer;
  /** Words the ASR has shown for a turn not yet taken. */
  private wordsPending = false;
  private callerTurns = 0;
  /** Turns queued or running. */
  private pendingTurns = 0;
  /** A bound (or the silence goodbye) is ending the call: caller input is no longer taken. */
  private closing = false;
  private limitOutcome: string | null = null;

  constructor(private readonly deps: SessionDeps) {
    this.now = deps.now ?? (() => performance.now());
    this.startedWall = deps.wallNow();
    const timers = deps.timers ?? realCallTimers;
    const limits = deps.limits;
    this.keypad = new DtmfCoalescer({
      // The window is line time: compressed with the rest of a simulated call.
      windowMs: (limits?.dtmfWindowMs ?? 0) / deps.timeScale,
      maxDigits: limits?.dtmfMaxDigits ?? Number.POSITIVE_INFINITY,
      timers,
      onInput: (digits, dropped) => this.onKeypadInput(digits, dropped),
    });
    this.guard = limits
      ? new CallGuard({
          silencePromptAfterMs: limits.silencePromptAfterMs,
          silenceMaxPrompts: limits.silenceMaxPrompts,
          maxCallMs: limits.maxCallMs,
          timers,
          callerBusy: () => this.callerBusy(),
          onSilence: (step, n) => this.onSilence(step, n),
          onMaxDuration: () => this.closeWith(LIMIT_CLOSINGS.timeLimit),
        })
      : null;
    this.vad = new VoiceActivity({ silenceMs: deps.vadSilenceMs });
    this.player = new OutboundPlayer({
      sendMedia: (payload) => {
        const a = this.active;
        if (a && !a.firstFrameSent) {
          a.firstFrameSent = true;
          a.timer.mark('firstFrameOut', this.now());
        }
        return deps.commands.sendMedia(payload);
      },
      sendMark: deps.commands.sendMark,
      sendClear: deps.commands.sendClear,
      leadMs: deps.leadMs,
      timeScale: deps.timeScale,
      onSegmentPlayed: (seg) => this.onSegmentPlayed(seg),
    });
    this.speculator = deps.features.speculation ? createSpeculator({ nlu: deps.nlu, stableMs: deps.speculationStableMs, now: this.now }) : null;
    queueStreamStarted(deps.writes, deps.callId, deps.streamSid);
    // The ASR socket opens now, not at first speech, so the first words never wait on a handshake.
    this.asr = deps.asr ? deps.asr.open({ callSid: deps.callSid, keywords: deps.asrKeywords }) : null;
    if (this.asr) void this.readAsr(this.asr);
    this.enqueue(null, () => deps.conversation.begin());
  }

  onAudio(payload: Uint8Array): void {
    if (this.ended) return;
    this.inboundBytes += payload.length;
    this.asr?.pushAudio(payload);
    const audioMs = this.inboundBytes / 8;
    this.measureInboundLag(audioMs);
    this.vad.push(payload, audioMs, this.now());
    if (this.vad.speaking) this.guard?.callerActive();
    this.guard?.audio(audioMs);
    if (this.adaptiveTurn && this.vad.speaking && this.vad.lastSpeechAt! > this.adaptiveTurn.at) this.onAdaptiveWrong();
    else if (this.deps.features.adaptiveEndpoint && this.speculator && !this.adaptiveTurn && this.finals.length === 0) this.maybeAdaptiveEnd(audioMs);
  }

  /**
   * Twilio sends 20 ms of audio every 20 ms, so arrival time minus audio time is constant on a
   * healthy line; growth over its smallest value is how far we (or the network) fell behind.
   * Every 25th frame is enough for a distribution and keeps the hot path to a subtraction.
   */
  private measureInboundLag(audioMs: number): void {
    if (!this.deps.events?.onInboundLag || ++this.lagSample % 25 !== 0) return;
    const offset = this.now() - audioMs;
    if (offset < this.lagBase) this.lagBase = offset;
    this.deps.events.onInboundLag(offset - this.lagBase);
  }

  onMark(name: string): void {
    this.player.onMark(name);
  }

  onDtmf(digit: string): void {
    if (this.ended || this.closing) return;
    this.guard?.callerActive();
    this.bargeIn('dtmf');
    this.keypad.push(digit);
  }

  /** Digits pressed together, as one turn ("1234#" → "1234"). */
  private onKeypadInput(digits: string, dropped: number): void {
    if (this.ended || this.closing) return;
    if (dropped > 0) this.deps.log.debug('keypad digits dropped', { dropped });
    if (!this.takeTurn()) return;
    const input = digits.length > 1 && digits.endsWith('#') ? digits.slice(0, -1) : digits;
    this.transcript.push(`Caller: [pressed ${digits}]`);
    this.bargeIn('dtmf');
    this.enqueue(`[${digits}]`, () => this.deps.conversation.handleDtmf(input));
  }

  /** Counts a caller turn; past the cap, ends the call instead. */
  private takeTurn(): boolean {
    const max = this.deps.limits?.maxTurns ?? 0;
    if (max > 0 && this.callerTurns >= max) {
      this.closeWith(LIMIT_CLOSINGS.turnLimit);
      return false;
    }
    this.callerTurns++;
    return true;
  }

  private callerBusy(): boolean {
    const words = this.wordsPending || this.finals.length > 0 || this.unintelligible;
    return this.vad.speaking || words || this.keypad.pending || this.adaptiveTurn !== null;
  }

  private onSilence(step: SilenceStep, prompt: number): void {
    if (this.ended || this.closing) return;
    const noInput = this.deps.conversation.handleNoInput?.bind(this.deps.conversation);
    this.deps.log.info('caller silent', { step, prompt });
    // The dialogue re-asks its question once and says goodbye on the next silence; further
    // prompts (an org that allows more) are a plain "Are you still there?".
    if (step === 'prompt') {
      if (prompt === 1 && noInput) this.enqueue(null, () => noInput());
      else this.enqueue(null, () => sayOnly(phrase('stillThere', '').text, 'stillThere'));
      return;
    }
    if (noInput && (this.deps.limits?.silenceMaxPrompts ?? 0) >= 1) {
      this.closing = true;
      this.keypad.close();
      this.enqueue(null, () => noInput(), undefined, true);
      return;
    }
    this.closeWith({ outcome: 'hung_up', text: phrase('noInputGoodbye', '').text });
  }

  /** Ends the call on a bound: cuts any reply short, says a short goodbye, hangs up after it. */
  private closeWith(closing: { outcome: CallOutcome; text: string }): void {
    // A goodbye already under way ends the call anyway.
    if (this.ended || this.closing || this.hangingUp) return;
    this.bargeIn('limit');
    this.closing = true;
    this.limitOutcome = closing.outcome;
    this.keypad.close();
    this.guard?.stop();
    this.deps.log.info('call limit reached', { limit: closing.outcome });
    this.enqueue(null, () => sayOnly(closing.text, closing.outcome, closing.outcome), undefined, true);
  }

  async end(reason: EndReason): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    if (this.hangupGuard) clearTimeout(this.hangupGuard);
    this.guard?.stop();
    this.keypad.close();
    this.active?.ctl.abort(new Error(`call ended: ${reason}`));
    this.player.close();
    if (this.asr) {
      this.asr.finalize();
      void this.asr.close().catch(() => undefined);
    }
    await this.chain.catch(() => undefined);
    const endedAt = this.deps.wallNow();
    const durationSeconds = Math.max(0, (endedAt - this.startedWall) / 1000);
    const status: CallStatus = reason === 'stop' || reason === 'hangup' ? 'completed' : reason === 'drain' ? 'completed' : 'failed';
    // What the call achieved wins over the bound that ended it (a booking, then the time limit).
    const outcome = this.deps.conversation.outcome() ?? this.limitOutcome ?? (reason === 'stop' ? 'hung_up' : null);
    const usage = { ...(this.deps.usage?.() ?? {}), asrSeconds: this.inboundBytes / 8000, ttsCharacters: this.deps.speaker.usage.ttsCharacters, ttsCachedCharacters: this.deps.speaker.usage.cachedCharacters, durationSeconds };
    const transcript = this.transcript.join('\n');
    queueCallEnd(this.deps.writes, {
      callId: this.deps.callId,
      status,
      endedAt,
      durationSeconds,
      outcome,
      transcript: this.deps.redact ? this.deps.redact(transcript) : transcript,
      usage,
      ...(this.deps.costOf ? { cost: this.deps.costOf(usage) } : {}),
    });
    this.deps.events?.onEnd?.({
      callId: this.deps.callId,
      status,
      durationSeconds,
      outcome,
      turns: this.turnIndex,
      inboundAudioSeconds: this.inboundBytes / 8000,
      usage,
    });
  }

  /** Test and metrics view of the outbound side. */
  get outbound(): OutboundPlayer {
    return this.player;
  }

  private async readAsr(stream: AsrStream): Promise<void> {
    try {
      for await (const ev of stream) {
        if (this.ended) break;
        this.onAsrEvent(ev);
      }
    } catch (e) {
      if (!this.ended) this.deps.log.error('asr stream failed', { error: e });
    }
  }

  private onAsrEvent(ev: AsrEvent): void {
    switch (ev.type) {
      case 'interim': {
        const text = ev.text.trim();
        if (!text) return;
        this.wordsPending = true;
        this.guard?.callerActive();
        this.interimConfidence = ev.confidence;
        if (this.player.isSpeaking() && !isBackchannel(text) && !this.isAdaptiveEcho(text)) this.bargeIn('speech');
        this.speculator?.interim(this.pendingText(text), this.deps.conversation.nluContext());
        return;
      }
      case 'final': {
        const text = ev.text.trim();
        if (text) {
          this.guard?.callerActive();
          const echo = this.isAdaptiveEcho(text);
          this.finals.push(text);
          this.finalConfidence = Math.min(this.finalConfidence, ev.confidence);
          // The ASR catching up on a turn we took early is not the caller talking over our reply.
          if (this.player.isSpeaking() && !isBackchannel(text) && !echo) this.bargeIn('speech');
          this.unintelligible = false;
        } else if (ev.speechFinal && !this.active && !this.player.isSpeaking() && (this.vad.lastSpeechAt ?? -1) > this.lastTurnAudioMs) {
          this.unintelligible = true;
        }
        if (ev.speechFinal) {
          this.wordsPending = false;
          this.endOfTurn('speech_final');
        }
        // Our Finalize after an early turn end: its result closes that turn now.
        else if (ev.fromFinalize && this.adaptiveTurn) this.endOfTurn('finalize');
        return;
      }
      case 'utterance-end':
        this.wordsPending = false;
        this.endOfTurn('utterance_end');
        return;
      case 'speech-started':
        this.guard?.callerActive();
        return;
      case 'reconnecting':
        this.deps.log.warn('asr reconnecting', { attempt: ev.attempt, reason: ev.reason });
        return;
      case 'error':
        this.deps.log.error('asr error', { message: ev.message, retryable: ev.retryable });
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
  private endOfTurn(source: string): void {
    if (this.closing) {
      this.finals = [];
      this.unintelligible = false;
      return;
    }
    if (this.finals.length === 0) {
      // Speech nobody could make out still gets an answer (a re-ask), not silence.
      if (this.unintelligible && !this.adaptiveTurn) {
        this.unintelligible = false;
        this.startTurn('', 0, source);
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
      this.deps.events?.onAdaptiveEndpoint?.(!agrees);
      if (agrees) return;
    }
    if (isBackchannel(text) && this.player.isSpeaking()) return;
    this.startTurn(text, confidence, source);
  }

  private startTurn(text: string, confidence: number, source: string): void {
    if (!this.takeTurn()) return;
    const timer = new TurnTimer(this.now);
    timer.mark('lastCallerAudio', this.vad.lastSpeechWallAt ?? this.now());
    timer.mark('asrFinal');
    timer.mark('endpoint');
    const spec = this.speculator?.take(text);
    if (spec) {
      timer.speculationHit = true;
      timer.mark('speculationStart', spec.startedAt);
    }
    this.deps.events?.onSpeculation?.(Boolean(spec));
    this.lastTurnAudioMs = this.inboundBytes / 8;
    this.transcript.push(`Caller: ${text}`);
    this.deps.log.debug('caller turn', { source, chars: text.length });
    this.enqueue(
      text,
      (signal) =>
        this.withNlu(text, spec?.result, timer, (nlu) => this.deps.conversation.handleUtterance(text, { ...(nlu ? { nlu } : {}), confidence, signal })),
      timer,
    );
  }

  /** Resolves speculation (if any) before asking the dialogue, marking when understanding was done. */
  private async *withNlu(
    _text: string,
    pending: Promise<NluResult> | undefined,
    timer: TurnTimer,
    run: (nlu: NluResult | undefined) => AsyncIterable<ReplyPart>,
  ): AsyncIterable<ReplyPart> {
    let nlu: NluResult | undefined;
    if (pending) nlu = await pending.catch(() => undefined);
    timer.mark('nluDone');
    yield* run(nlu);
  }

  /** Our own silence check fires before the ASR's endpointing when speculation is confident. */
  private maybeAdaptiveEnd(audioMs: number): void {
    if (!this.vad.silentFor(audioMs) || this.active || this.closing) return;
    const ready = this.speculator?.confidentFor(this.deps.conversation.nluContext().expecting);
    if (!ready || !this.takeTurn()) return;
    this.adaptiveTurn = { text: ready.text, at: audioMs };
    const timer = new TurnTimer(this.now);
    timer.mark('lastCallerAudio', this.vad.lastSpeechWallAt ?? this.now());
    timer.mark('endpoint');
    timer.speculationHit = true;
    timer.adaptiveEndpoint = true;
    timer.mark('speculationStart', ready.startedAt);
    this.asr?.finalize();
    this.transcript.push(`Caller: ${ready.text}`);
    const result = ready.result;
    this.enqueue(ready.text, (signal) => this.withNlu(ready.text, Promise.resolve(result), timer, (nlu) => this.deps.conversation.handleUtterance(ready.text, { ...(nlu ? { nlu } : {}), confidence: this.interimConfidence, signal })), timer);
  }

  /** The caller kept talking after we took the turn early: drop our reply and wait for the whole turn. */
  private onAdaptiveWrong(): void {
    this.adaptiveTurn = null;
    this.deps.events?.onAdaptiveEndpoint?.(true);
    this.bargeIn('speech');
  }

  private bargeIn(cause: string): void {
    // The closing goodbye is not cut short.
    if (this.closing) return;
    const a = this.active;
    if (!a && !this.player.isSpeaking()) return;
    a?.ctl.abort(new Error(`barge-in: ${cause}`));
    const cut = this.player.clear();
    if (cut.length > 0) this.deps.events?.onBargeIn?.(cut);
  }

  /** Turns run one after another; each owns an AbortController that a barge-in aborts. */
  /** `final`: this reply ends the call (hang up after it even if the dialogue did not say so). */
  private enqueue(callerText: string | null, reply: ReplySource, timer = new TurnTimer(this.now), final = false): void {
    const index = this.turnIndex++;
    this.pendingTurns++;
    this.guard?.busy();
    this.chain = this.chain.then(async () => {
      try {
        if (this.ended || (this.closing && !final)) return;
        await this.runTurn(index, callerText, reply, timer, final);
      } finally {
        this.pendingTurns--;
        this.maybeListening();
      }
    });
  }

  /** Nothing queued and nothing playing: the caller's silence counts from now. */
  private maybeListening(): void {
    if (this.pendingTurns > 0 || this.hangingUp || this.closing || this.ended) return;
    if (!this.player.isSpeaking()) this.guard?.listening();
  }

  private async runTurn(
    index: number,
    callerText: string | null,
    reply: ReplySource,
    timer: TurnTimer,
    final: boolean,
  ): Promise<void> {
    const ctl = new AbortController();
    const active: ActiveReply = { ctl, timer, firstFrameSent: false };
    this.active = active;
    const startedWall = this.deps.wallNow();
    let sentences: string[] = [];
    try {
      const filler = this.deps.filler;
      const parts =
        filler && callerText !== null
          ? withFiller(reply(ctl.signal), { ...filler, startedAt: timer.get('lastCallerAudio') ?? this.now(), now: this.now, signal: ctl.signal })
          : reply(ctl.signal);
      const result = await playReply(parts, {
        speaker: this.deps.speaker,
        player: this.player,
        signal: ctl.signal,
        timer,
        newSplitter: this.deps.newSplitter,
        streaming: this.deps.features.sentenceStreaming,
        segmentPrefix: `t${index}`,
      });
      sentences = result.sentences;
      // A bare mark after the reply: its echo means the caller has heard all of it.
      if (!ctl.signal.aborted) result.segments.push(this.player.mark(`t${index}.end`));
      const over = result.outcome !== null || this.deps.conversation.done() || final;
      if (over && !ctl.signal.aborted) this.hangupAfterPlayout(result.segments);
    } catch (e) {
      if (!ctl.signal.aborted) this.deps.log.error('turn failed', { error: e, turn: index });
    } finally {
      if (this.active === active) this.active = null;
    }
    const assistantText = sentences.join(' ');
    if (assistantText) this.transcript.push(`Assistant: ${assistantText}`);
    const latency = timer.summary();
    if (callerText !== null) this.deps.events?.onTurn?.(latency);
    const redact = this.deps.redact ?? ((s: string) => s);
    queueTurn(this.deps.writes, {
      callId: this.deps.callId,
      index,
      callerText: callerText === null ? null : redact(callerText),
      assistantText: redact(assistantText),
      latency: { ...latency.stages, kind: latency.kind, speculationHit: latency.speculationHit, adaptiveEndpoint: latency.adaptiveEndpoint, cacheHit: latency.cacheHit, bargedIn: ctl.signal.aborted },
      latencyMs: latency.totalMs,
      startedAt: new Date(startedWall),
      endedAt: new Date(this.deps.wallNow()),
    });
  }

  /** Hangs up once Twilio echoes the reply's last mark (the caller heard the goodbye). */
  private hangupAfterPlayout(segments: string[]): void {
    this.hangingUp = true;
    const last = segments[segments.length - 1];
    if (!last) {
      this.deps.commands.hangup();
      return;
    }
    this.lastSegment = last;
    // Twilio always echoes marks; the timer only guards against a peer that doesn't.
    const guardMs = this.player.pendingMs() / this.deps.timeScale + 3000;
    this.hangupGuard = setTimeout(() => {
      if (!this.ended) this.deps.commands.hangup();
    }, guardMs);
  }

  private onSegmentPlayed(seg: PlayedSegment): void {
    if (this.hangingUp && seg.id === this.lastSegment && !this.ended) {
      if (this.hangupGuard) clearTimeout(this.hangupGuard);
      this.deps.commands.hangup();
      return;
    }
    this.maybeListening();
  }
}

/** A reply of one fixed sentence; with an outcome, the call ends after it. */
async function* sayOnly(text: string, id: string, outcome?: CallOutcome): AsyncIterable<ReplyPart> {
  yield { type: 'phrase', id, text };
  if (outcome) yield { type: 'end', outcome };
}

function normalize(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9 ]/g, '').replace(/\s+/g, ' ').trim();
}
