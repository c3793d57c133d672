// Runs the assistant's replies one after another. Each turn owns an AbortController: a barge-in
// aborts it and clears what the carrier has buffered. A slow reply gets a filler first; a reply
// that ends the call hangs up once the carrier echoes its last mark (the caller heard it all).
// It also keeps the call's bounds, since they are replies too: silence prompts once our audio has
// played, and a short goodbye when the call runs too long or takes too many turns.
import type { Logger } from '../log.ts';
import type { NluResult } from '../nlu/types.ts';
import { OutboundPlayer, type PlayedSegment } from '../telephony/outbound-player.ts';
import type { CallOutcome } from '../outcomes.ts';
import type { TransferPlan } from '../dialogue/types.ts';
import { phrase } from '../dialogue/phrases.ts';
import type { CallTimers } from './call-timers.ts';
import { CallGuard, type SilenceStep } from './call-guard.ts';
import type { LineClock } from './line-clock.ts';
import { LIMIT_CLOSINGS, type CallLimits } from './call-limits.ts';
import type { CallRecorder } from './call-recorder.ts';
import type { ConversationPort, ReplyPart, StreamCommands } from './ports.ts';
import { playReply, type SentenceSplitter } from './reply-player.ts';
import type { Speaker } from './speaker.ts';
import type { DetectedTurn } from './turn-detector.ts';
import { withFiller, type FillerOptions } from './turn-filler.ts';
import { TurnTimer, type TurnLatency } from './turn-timing.ts';

export type ReplySource = (signal: AbortSignal) => AsyncIterable<ReplyPart>;

/** Lines the call itself says (not the dialogue), in the call's current language. */
export interface CallLines {
  stillThere(): string;
  noInputGoodbye(): string;
  limit(which: 'timeLimit' | 'turnLimit'): string;
}

export interface TurnRunnerOptions {
  /** Defaults to English. */
  callLines?: CallLines;
  commands: StreamCommands;
  conversation: Pick<ConversationPort, 'done' | 'handleNoInput'>;
  speaker: Speaker;
  newSplitter: () => SentenceSplitter;
  sentenceStreaming: boolean;
  leadMs: number;
  mediaOutChunkMs?: number;
  timeScale: number;
  /** `now` is the monotonic clock for latency; the timers pace playout, the filler and hang-up. */
  timers: CallTimers;
  recorder: Pick<CallRecorder, 'turnStarted'>;
  log: Logger;
  /** A caller turn whose reply starts later than this after the caller stopped gets a filler first. */
  filler?: FillerOptions;
  /** Silence, length and turn bounds; without them the call is unbounded. */
  limits?: CallLimits;
  /** The call's line clock, which the bounds are counted on. */
  lineClock?: LineClock;
  /** True while the caller is mid-turn: never prompted for silence then. */
  callerBusy?(): boolean;
  /** A bound is ending the call: caller input is no longer taken. */
  onClosing?(): void;
  onTurn?(latency: TurnLatency): void;
  onBargeIn?(cut: PlayedSegment[]): void;
}

interface ActiveReply {
  ctl: AbortController;
  timer: TurnTimer;
  firstFrameSent: boolean;
}

export class TurnRunner {
  readonly player: OutboundPlayer;
  private active: ActiveReply | null = null;
  private chain: Promise<void> = Promise.resolve();
  private turnIndex = 0;
  /** Turns queued or running. */
  private pendingTurns = 0;
  private closingCall = false;
  private stopped = false;
  private hangingUp = false;
  private lastSegment: string | null = null;
  private hangupGuard: unknown = null;
  /** How the call is left once the last reply has played: a transfer, else a hang-up. */
  private leave: (() => void) | null = null;
  private readonly guard: CallGuard | null;
  private callerTurns = 0;
  private limitReached: CallOutcome | null = null;

  constructor(private readonly o: TurnRunnerOptions) {
    this.guard = o.limits
      ? new CallGuard({
          ...o.limits,
          timers: o.timers,
          ...(o.lineClock ? { clock: o.lineClock } : {}),
          callerBusy: () => o.callerBusy?.() ?? false,
          onSilence: (step, n) => this.onSilence(step, n),
          onMaxDuration: () => this.closeWith(this.limitClosing('timeLimit')),
        })
      : null;
    this.player = new OutboundPlayer({
      sendMedia: (payload) => {
        const a = this.active;
        if (a && !a.firstFrameSent) {
          a.firstFrameSent = true;
          a.timer.mark('firstFrameOut', o.timers.now());
        }
        return o.commands.sendMedia(payload);
      },
      sendMark: o.commands.sendMark,
      sendClear: o.commands.sendClear,
      leadMs: o.leadMs,
      ...(o.mediaOutChunkMs ? { framesPerMessage: Math.max(1, Math.floor(o.mediaOutChunkMs / 20)) } : {}),
      timeScale: o.timeScale,
      timers: o.timers,
      onSegmentPlayed: (seg) => this.onSegmentPlayed(seg),
    });
  }

  /** Replies queued or run so far. */
  get turns(): number {
    return this.turnIndex;
  }

  /** A reply is being prepared or played. */
  get running(): boolean {
    return this.active !== null;
  }

  /** Our audio is playing. */
  get speaking(): boolean {
    return this.player.isSpeaking();
  }

  /** The call is ending: only the closing reply still runs, and nothing cuts it short. */
  get closing(): boolean {
    return this.closingCall;
  }

  /** The last reply has been queued or played and the call hangs up after it. */
  get endingAfterPlayout(): boolean {
    return this.hangingUp;
  }

  /** The bound that ended the call, if one did. */
  get limitOutcome(): CallOutcome | null {
    return this.limitReached;
  }

  /** The caller can no longer be heard: the reply under way stops and silence is no longer prompted. */
  keypadOnly(cause: string): void {
    this.guard?.stop();
    this.bargeIn(cause);
  }

  /** The caller spoke or pressed a key: silence counts start over. */
  callerActive(): void {
    this.guard?.callerActive();
  }

  /** Caller audio time advanced (ms of inbound audio so far): the call's clock for its bounds. */
  callerAudio(ms: number): void {
    this.guard?.audio(ms);
  }

  /** Counts a caller turn; past the cap, ends the call instead. */
  admitCallerTurn(): boolean {
    const max = this.o.limits?.maxTurns ?? 0;
    if (max > 0 && this.callerTurns >= max) {
      this.closeWith(this.limitClosing('turnLimit'));
      return false;
    }
    this.callerTurns++;
    return true;
  }

  /** Ends the call on a bound: cuts any reply short, says a short goodbye, hangs up after it. */
  closeWith(closing: { outcome: CallOutcome; text: string }): void {
    // A goodbye already under way ends the call anyway.
    if (this.stopped || this.closingCall || this.hangingUp) return;
    this.bargeIn('limit');
    this.closingCall = true;
    this.limitReached = closing.outcome;
    this.o.onClosing?.();
    this.guard?.stop();
    this.o.log.info('call limit reached', { limit: closing.outcome });
    this.enqueue(null, () => sayOnly(closing.text, closing.outcome, closing.outcome), undefined, true);
  }

  private onSilence(step: SilenceStep, prompt: number): void {
    if (this.stopped || this.closingCall) return;
    const conversation = this.o.conversation;
    const noInput = conversation.handleNoInput?.bind(conversation);
    this.o.log.info('caller silent', { step, prompt });
    // The dialogue re-asks its question once and says goodbye on the next silence; further
    // prompts (an org that allows more) are a plain "Are you still there?".
    if (step === 'prompt') {
      if (prompt === 1 && noInput) this.enqueue(null, () => noInput());
      else {
        const text = this.o.callLines?.stillThere() ?? phrase('stillThere', '').text;
        this.enqueue(null, () => sayOnly(text, 'stillThere'));
      }
      return;
    }
    if (noInput && (this.o.limits?.silenceMaxPrompts ?? 0) >= 1) {
      this.closingCall = true;
      this.o.onClosing?.();
      this.enqueue(null, () => noInput(), undefined, true);
      return;
    }
    const text = this.o.callLines?.noInputGoodbye() ?? phrase('noInputGoodbye', '').text;
    this.closeWith({ outcome: 'hung_up', text });
  }

  private limitClosing(which: 'timeLimit' | 'turnLimit'): { outcome: CallOutcome; text: string } {
    const closing = LIMIT_CLOSINGS[which];
    return { outcome: closing.outcome, text: this.o.callLines?.limit(which) ?? closing.text };
  }

  /** `final`: this reply ends the call (hang up after it even if the dialogue did not say so). */
  enqueue(
    callerText: string | null,
    reply: ReplySource,
    timer = new TurnTimer(this.o.timers.now),
    final = false,
  ): void {
    // A reply that ends the call is never cut short by a barge-in (nor followed by another).
    if (final) this.closingCall = true;
    const index = this.turnIndex++;
    this.pendingTurns++;
    this.guard?.busy();
    this.chain = this.chain.then(async () => {
      try {
        if (this.stopped || (this.closingCall && !final)) return;
        await this.runTurn(index, callerText, reply, timer, final);
      } finally {
        this.pendingTurns--;
        this.maybeListening();
      }
    });
  }

  /** The caller cut in: the running reply is aborted and the carrier drops what it buffered. */
  bargeIn(cause: string): void {
    // The closing goodbye is not cut short.
    if (this.closingCall) return;
    const a = this.active;
    if (!a && !this.player.isSpeaking()) return;
    a?.ctl.abort(new Error(`barge-in: ${cause}`));
    const cut = this.player.clear();
    if (cut.length > 0) this.o.onBargeIn?.(cut);
  }

  onMark(name: string): void {
    this.player.onMark(name);
  }

  /** Stops at once: the running reply is aborted and nothing more is sent. */
  stop(reason: string): void {
    this.stopped = true;
    this.guard?.stop();
    if (this.hangupGuard !== null) this.o.timers.clearTimeout(this.hangupGuard);
    this.active?.ctl.abort(new Error(`call ended: ${reason}`));
    this.player.close();
  }

  /** Resolves once the queued turns have all finished (or been skipped). */
  idle(): Promise<void> {
    return this.chain.catch(() => undefined);
  }

  private maybeListening(): void {
    if (this.pendingTurns > 0 || this.hangingUp || this.closingCall || this.stopped) return;
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
    const recording = this.o.recorder.turnStarted(index, callerText);
    const now = this.o.timers.now;
    let sentences: string[] = [];
    // The speaker counts sentences that produced no audio; this turn's share is marked on its row.
    const noAudioBefore = this.o.speaker.usage.noAudioSentences;
    try {
      const filler = this.o.filler;
      const startedAt = timer.get('lastCallerAudio') ?? now();
      const parts =
        filler && callerText !== null
          ? withFiller(reply(ctl.signal), {
              ...filler,
              startedAt,
              now,
              signal: ctl.signal,
              timers: this.o.timers,
              variant: index,
            })
          : reply(ctl.signal);
      const result = await playReply(parts, {
        speaker: this.o.speaker,
        player: this.player,
        signal: ctl.signal,
        timer,
        newSplitter: this.o.newSplitter,
        streaming: this.o.sentenceStreaming,
        segmentPrefix: `t${index}`,
      });
      sentences = result.sentences;
      // A bare mark after the reply: its echo means the caller has heard all of it.
      // A transfer's end mark says so: the line is about to move (callers and tools can tell).
      const end = result.transfer ? `t${index}.handoff.end` : `t${index}.end`;
      if (!ctl.signal.aborted) result.segments.push(this.player.mark(end));
      const over = result.outcome !== null || this.o.conversation.done() || final;
      if (over && !ctl.signal.aborted) this.hangupAfterPlayout(result.segments, result.transfer);
    } catch (e) {
      if (!ctl.signal.aborted) this.o.log.error('turn failed', { error: e, turn: index });
    } finally {
      if (this.active === active) this.active = null;
    }
    const latency = timer.summary();
    if (callerText !== null) this.o.onTurn?.(latency);
    const noAudio = this.o.speaker.usage.noAudioSentences - noAudioBefore;
    recording.finish(sentences.join(' '), latency, ctl.signal.aborted, noAudio);
  }

  /** Hangs up once the carrier echoes the reply's last mark (the caller heard the goodbye). */
  private hangupAfterPlayout(segments: string[], transfer?: TransferPlan): void {
    this.hangingUp = true;
    // A transfer leaves the same way, once its sentence has been heard.
    this.leave = transfer && this.o.commands.transfer ? () => this.o.commands.transfer!(transfer) : null;
    const last = segments[segments.length - 1];
    if (!last) {
      this.end();
      return;
    }
    this.lastSegment = last;
    // Carriers echo marks; the timer only guards against a peer that doesn't.
    const guardMs = this.player.pendingMs() / this.o.timeScale + 3000;
    this.hangupGuard = this.o.timers.setTimeout(() => {
      this.hangupGuard = null;
      if (!this.stopped) this.end();
    }, guardMs);
  }

  private end(): void {
    if (this.leave) this.leave();
    else this.o.commands.hangup();
  }

  private onSegmentPlayed(seg: PlayedSegment): void {
    if (this.hangingUp && seg.id === this.lastSegment && !this.stopped) {
      if (this.hangupGuard !== null) this.o.timers.clearTimeout(this.hangupGuard);
      this.hangupGuard = null;
      this.end();
      return;
    }
    this.maybeListening();
  }
}

/** The playing reply to a caller's turn: its latency clock, then the dialogue's answer. */
export function callerTurnTimer(turn: DetectedTurn, now: () => number): TurnTimer {
  const timer = new TurnTimer(now);
  timer.mark('lastCallerAudio', turn.heardAt);
  if (turn.kind !== 'early') timer.mark('asrFinal');
  timer.mark('endpoint');
  if (turn.speculation) {
    timer.speculationHit = true;
    timer.mark('speculationStart', turn.speculation.startedAt);
  }
  timer.adaptiveEndpoint = turn.kind === 'early';
  return timer;
}

/** Waits for speculative understanding (if any) before asking the dialogue; marks when it was done. */
export function utteranceReply(conversation: ConversationPort, turn: DetectedTurn, timer: TurnTimer): ReplySource {
  const { text, confidence } = turn;
  const asr = turn.language ? { asrLanguage: turn.language } : {};
  const pending = turn.speculation?.result;
  const early = turn.speculation?.answer ?? null;
  return async function* (signal) {
    try {
      let nlu: NluResult | undefined;
      if (pending) nlu = await pending.catch(() => undefined);
      timer.mark('nluDone');
      yield* conversation.handleUtterance(text, { ...(nlu ? { nlu } : {}), ...asr, confidence, signal, early });
    } finally {
      // Not taken by the dialogue (or the turn was cut short): aborted, never said.
      early?.drop();
    }
  };
}

/** A reply of one fixed sentence; with an outcome, the call ends after it. */
async function* sayOnly(text: string, id: string, outcome?: CallOutcome): AsyncIterable<ReplyPart> {
  yield { type: 'phrase', id, text };
  if (outcome) yield { type: 'end', outcome };
}
