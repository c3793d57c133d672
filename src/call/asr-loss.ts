// What a call does once its speech recognizer is gone for good (reconnects spent or refused): the
// caller can no longer be heard, so the assistant says so, offers the keypad — 1 for a callback —
// tells the business at once, and ends the call politely after a key or a short wait in line time. The call's
// outcome records why it ended.
import type { CallOutcome } from '../outcomes.ts';
import type { ReplyPart } from './ports.ts';

export const ASR_LOST_OUTCOME: CallOutcome = 'asr_lost';

export const ASR_LOST_LINES = {
  offer:
    "I'm sorry, I'm having trouble hearing you on this line. " +
    "If you'd like us to call you back, press 1 now. Otherwise, press 2.",
  callback: 'Thank you. Someone from our team will call you back shortly at this number. Goodbye.',
  goodbye: 'Thank you for calling, and sorry for the trouble. Goodbye.',
} as const;

export interface AsrLossOptions {
  /** Queues a reply; `final` hangs up after it has played. */
  say(reply: () => AsyncIterable<ReplyPart>, final: boolean): void;
  /** Sends a text to the business (never awaited on the call). */
  notifyBusiness(body: string): void;
  /** The caller's number, for the business's message. */
  callerPhone: string | null;
  /** Calls `fn` with the line time still to play once what has been queued so far is sent. */
  afterQueued(fn: (pendingLineMs: number) => void): void;
  /** Line time a caller has to press a key after hearing the offer. */
  keypadWaitMs: number;
  /** The call's line time in ms (`LineClock`): the wait runs with the line, at a simulation's pace. */
  lineMs(): number;
  timers: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(h: unknown): void };
}

/** Keypad-only end of a call whose recognizer is lost; `start` once, then every key goes to `key`. */
export class AsrLoss {
  private started = false;
  private finished = false;
  /** Line time at which the caller has heard the whole offer; null until it is sent. */
  private offerHeardAt: number | null = null;
  private wallTimer: unknown = null;

  constructor(private readonly o: AsrLossOptions) {}

  get active(): boolean {
    return this.started;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    const from = this.o.callerPhone ?? 'an unknown number';
    this.o.notifyBusiness(
      `A caller from ${from} could not be heard (speech recognition failed); they were offered a callback.`,
    );
    this.o.say(() => say('asrLostOffer', ASR_LOST_LINES.offer), false);
    // The caller gets the whole wait after hearing the offer.
    this.o.afterQueued((pendingLineMs) => {
      if (this.finished) return;
      this.offerHeardAt = this.o.lineMs() + pendingLineMs;
      this.armWall();
      this.check();
    });
  }

  /** More caller audio arrived: the line's clock moved on. */
  audio(): void {
    if (this.offerHeardAt !== null) this.check();
  }

  /** A key pressed after the offer: 1 asks for a callback, anything else ends the call. */
  key(digits: string): void {
    if (!this.started || this.finished) return;
    if (digits.startsWith('1')) {
      const from = this.o.callerPhone ?? 'an unknown number';
      this.o.notifyBusiness(`The caller from ${from} asked for a callback (we could not hear them).`);
      this.end('asrLostCallback', ASR_LOST_LINES.callback);
    } else this.end('asrLostGoodbye', ASR_LOST_LINES.goodbye);
  }

  /** The call ended some other way: no goodbye pending. */
  stop(): void {
    this.finished = true;
    if (this.wallTimer !== null) this.o.timers.clearTimeout(this.wallTimer);
    this.wallTimer = null;
  }

  private remainingMs(): number {
    return this.offerHeardAt === null
      ? Number.POSITIVE_INFINITY
      : this.offerHeardAt + this.o.keypadWaitMs - this.o.lineMs();
  }

  private check(): void {
    if (!this.finished && this.remainingMs() <= 0) this.end('asrLostGoodbye', ASR_LOST_LINES.goodbye);
  }

  private armWall(): void {
    if (this.finished) return;
    this.wallTimer = this.o.timers.setTimeout(
      () => {
        this.wallTimer = null;
        this.check();
        this.armWall();
      },
      Math.max(1, this.remainingMs()),
    );
  }

  private end(id: string, text: string): void {
    if (this.finished) return;
    this.stop();
    this.o.say(() => say(id, text, ASR_LOST_OUTCOME), true);
  }
}

/** Fixed lines: phrases, so the phrase cache can serve them. */
async function* say(id: string, text: string, outcome?: CallOutcome): AsyncIterable<ReplyPart> {
  yield { type: 'phrase', id, text };
  if (outcome) yield { type: 'end', outcome };
}
