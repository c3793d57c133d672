// CallSession: one call's parts wired together. Caller audio goes to the ASR and the turn
// detector; detected turns and keypad input go to the dialogue through the turn runner, which
// speaks the replies and keeps the call's bounds; the recorder keeps what happened. Nothing on
// the audio path awaits the database or a log.
import type { AsrStream } from '../providers/asr/types.ts';
import type { OutboundPlayer } from '../telephony/outbound-player.ts';
import type { CallSessionHandle, EndReason } from './ports.ts';
import type { SessionDeps } from './session-deps.ts';
import { TurnDetector, type DetectedTurn } from './turn-detector.ts';
import { TurnRunner, callerTurnTimer, utteranceReply } from './turn-runner.ts';
import { DtmfCoalescer } from './dtmf-coalescer.ts';
import { realCallTimers } from './call-timers.ts';
import { InboundLagMeter } from './inbound-lag.ts';
import { ASR_LOST_OUTCOME, AsrLoss } from './asr-loss.ts';
import { LineClock } from './line-clock.ts';

/** Line time a caller who can no longer be heard has to press a key. */
const ASR_LOST_KEYPAD_WAIT_MS = 10_000;

export class CallSession implements CallSessionHandle {
  private readonly runner: TurnRunner;
  private readonly detector: TurnDetector;
  private readonly asr: AsrStream | null;
  private readonly keypad: DtmfCoalescer;
  private readonly now: () => number;
  private readonly lag: InboundLagMeter | null;
  private inboundBytes = 0;
  private ended = false;
  private readonly asrLoss: AsrLoss;
  private readonly lineClock: LineClock;

  constructor(private readonly deps: SessionDeps) {
    const { limits, events: ev, conversation } = deps;
    const timers = deps.timers ?? realCallTimers;
    this.now = timers.now;
    this.lineClock = new LineClock(timers.now);
    const onLag = ev?.onInboundLag;
    this.lag = onLag ? new InboundLagMeter(timers.now, (ms) => onLag(ms)) : null;
    this.keypad = new DtmfCoalescer({
      // The window is line time: compressed with the rest of a simulated call.
      windowMs: (limits?.dtmfWindowMs ?? 0) / deps.timeScale,
      maxDigits: limits?.dtmfMaxDigits ?? Number.POSITIVE_INFINITY,
      timers,
      onInput: (digits, dropped) => this.onKeypadInput(digits, dropped),
    });
    const runner = new TurnRunner({
      ...deps,
      lineClock: this.lineClock,
      sentenceStreaming: deps.features.sentenceStreaming,
      timers,
      callerBusy: () => this.detector.busy || this.keypad.pending,
      onClosing: () => this.keypad.close(),
      onTurn: (latency) => ev?.onTurn?.(latency),
      onBargeIn: (cut) => ev?.onBargeIn?.(cut),
    });
    this.runner = runner;
    this.asrLoss = new AsrLoss({
      say: (reply, final) => runner.enqueue(null, reply, undefined, final),
      notifyBusiness: (body) => deps.notifyBusiness?.(body),
      callerPhone: deps.callerPhone ?? null,
      afterQueued: (fn) => void runner.idle().then(() => fn(runner.player.pendingMs())),
      keypadWaitMs: ASR_LOST_KEYPAD_WAIT_MS,
      lineMs: () => this.lineClock.elapsedMs(),
      timers,
    });
    this.detector = new TurnDetector({
      ...deps,
      timers,
      call: {
        replying: () => runner.speaking,
        turnRunning: () => runner.running,
        closing: () => runner.closing,
        nluContext: () => conversation.nluContext(),
        ...(conversation.speculate ? { speculate: conversation.speculate.bind(conversation) } : {}),
      },
      onTurn: (turn) => this.onCallerTurn(turn),
      onBargeIn: () => runner.bargeIn('speech'),
      onCallerActive: () => runner.callerActive(),
      onAdaptiveEndpoint: (wrong) => ev?.onAdaptiveEndpoint?.(wrong),
    });
    deps.recorder.streamStarted(deps.streamId);
    // The ASR socket opens now, not at first speech, so the first words never wait on a handshake.
    this.asr = deps.asr
      ? deps.asr.open({
          callId: deps.callId,
          keywords: deps.asrKeywords,
          ...(deps.asrLanguages ? { languages: deps.asrLanguages } : {}),
        })
      : null;
    if (this.asr) void this.readAsr(this.asr);
    runner.enqueue(null, () => conversation.begin());
  }

  onAudio(payload: Uint8Array): void {
    if (this.ended) return;
    this.inboundBytes += payload.length;
    const audioMs = this.inboundBytes / 8;
    this.lineClock.audio(audioMs);
    this.lag?.frame(audioMs);
    this.detector.hear(payload, audioMs);
    // Heard first, so the recognizer is told whether anyone waits on this frame.
    this.asr?.pushAudio(payload, this.detector.lineQuiet(audioMs));
    this.runner.callerAudio(audioMs);
    this.detector.checkEndpoint(audioMs);
    if (this.asrLoss.active) this.asrLoss.audio();
  }

  onMark(name: string): void {
    this.runner.onMark(name);
  }

  onDtmf(digit: string): void {
    if (this.ended || this.runner.closing) return;
    if (this.asrLoss.active) {
      this.deps.recorder.callerPressed(digit);
      this.asrLoss.key(digit);
      return;
    }
    this.runner.callerActive();
    this.runner.bargeIn('dtmf');
    this.keypad.push(digit);
  }

  /** Digits pressed together, as one turn ("1234#" → "1234"). */
  private onKeypadInput(digits: string, dropped: number): void {
    if (this.ended || this.runner.closing) return;
    if (dropped > 0) this.deps.log.debug('keypad digits dropped', { dropped });
    if (!this.runner.admitCallerTurn()) return;
    const input = digits.length > 1 && digits.endsWith('#') ? digits.slice(0, -1) : digits;
    this.deps.recorder.callerPressed(digits);
    this.runner.bargeIn('dtmf');
    this.runner.enqueue(`[${digits}]`, () => this.deps.conversation.handleDtmf(input));
  }

  private onCallerTurn(turn: DetectedTurn): boolean {
    if (!this.runner.admitCallerTurn()) return false;
    const timer = callerTurnTimer(turn, this.now);
    // An early turn: the ASR's final for it, asked for now, settles whether it was right.
    if (turn.kind === 'early') this.asr?.finalize();
    else {
      this.deps.events?.onSpeculation?.(turn.speculation !== null);
      this.deps.log.debug('caller turn', { source: turn.source, chars: turn.text.length });
    }
    this.deps.recorder.callerSaid(turn.text);
    this.runner.enqueue(turn.text, utteranceReply(this.deps.conversation, turn, timer), timer);
    return true;
  }

  async end(reason: EndReason): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.keypad.close();
    this.detector.close();
    this.asrLoss.stop();
    this.runner.stop(reason);
    if (this.asr) {
      this.asr.finalize();
      void this.asr.close().catch(() => undefined);
    }
    await this.runner.idle();
    // What the call achieved wins over the bound that ended it (a booking, then the time limit).
    const lost = this.asrLoss.active ? ASR_LOST_OUTCOME : null;
    const outcome =
      this.deps.conversation.outcome() ?? lost ?? this.runner.limitOutcome ?? (reason === 'stop' ? 'hung_up' : null);
    const inboundAudioSeconds = this.inboundBytes / 8000;
    const turns = this.runner.turns;
    const wantedBooking = this.deps.conversation.wantedBooking?.() ?? false;
    const summary = this.deps.conversation.summary?.();
    const facts = { reason, outcome, turns, inboundAudioSeconds, wantedBooking, ...(summary ? { summary } : {}) };
    this.deps.events?.onEnd?.(this.deps.recorder.end(facts));
  }

  /** Test and metrics view of the outbound side. */
  get outbound(): OutboundPlayer {
    return this.runner.player;
  }

  private async readAsr(stream: AsrStream): Promise<void> {
    let lastError: string | null = null;
    try {
      for await (const ev of stream) {
        if (this.ended) break;
        if (ev.type === 'error') lastError = ev.message;
        this.detector.asrEvent(ev);
      }
    } catch (e) {
      if (!this.ended) this.deps.log.error('asr stream failed', { error: e });
      lastError = e instanceof Error ? e.message : String(e);
    }
    // The stream ends only when we close it or it has given up: a live call can no longer hear.
    if (!this.ended) this.onAsrLost(lastError ?? 'asr stream ended');
  }

  private onAsrLost(reason: string): void {
    if (this.asrLoss.active || this.runner.closing) return;
    this.deps.log.warn('asr lost for good; keypad only', { reason });
    this.keypad.close();
    this.runner.keypadOnly('asr lost');
    this.asrLoss.start();
  }
}
