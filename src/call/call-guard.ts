// Watches one call for silence and for its length, on the call's line clock. A slow wall tick
// covers the stream that sends nothing; audio frames cover the rest.
import type { CallTimers } from './call-timers.ts';
import { LineClock } from './line-clock.ts';

export type SilenceStep = 'prompt' | 'goodbye';

export interface CallGuardOptions {
  silencePromptAfterMs: number;
  silenceMaxPrompts: number;
  maxCallMs: number;
  timers: CallTimers;
  /** The call's line clock (shared with the rest of the call); its own one when absent. */
  clock?: LineClock;
  /** True while the caller is mid-turn (voice heard, words pending): never prompted then. */
  callerBusy(): boolean;
  /** The caller was quiet too long: the nth prompt (1-based), or the goodbye after the last. */
  onSilence(step: SilenceStep, prompt: number): void;
  onMaxDuration(): void;
  /** Wall-clock check interval (ms). */
  tickMs?: number;
}

export class CallGuard {
  private readonly clock: LineClock;
  /** Call time the caller's silence is counted from; null while the assistant holds the turn. */
  private quietSince: number | null = null;
  private prompts = 0;
  private silenceDone = false;
  private durationDone = false;
  private tick: unknown = null;
  private stopped = false;

  constructor(private readonly opts: CallGuardOptions) {
    this.clock = opts.clock ?? new LineClock(opts.timers.now);
    this.schedule();
  }

  /** Elapsed call time in ms. */
  elapsedMs(): number {
    return this.clock.elapsedMs();
  }

  /** Caller audio time advanced (ms of inbound audio so far). */
  audio(ms: number): void {
    this.clock.audio(ms);
    this.check();
  }

  /** The assistant's reply has finished playing and nothing else is queued: the caller's turn. */
  listening(): void {
    if (this.quietSince === null) this.quietSince = this.elapsedMs();
  }

  /** The assistant holds the turn (a reply is being prepared or played). */
  busy(): void {
    this.quietSince = null;
  }

  /** The caller spoke or pressed a key: the silence count and the prompts start over. */
  callerActive(): void {
    this.prompts = 0;
    if (this.quietSince !== null) this.quietSince = this.elapsedMs();
  }

  stop(): void {
    this.stopped = true;
    if (this.tick !== null) this.opts.timers.clearTimeout(this.tick);
    this.tick = null;
  }

  private check(): void {
    if (this.stopped) return;
    const now = this.elapsedMs();
    const o = this.opts;
    if (!this.durationDone && o.maxCallMs > 0 && now >= o.maxCallMs) {
      this.durationDone = true;
      this.silenceDone = true;
      o.onMaxDuration();
      return;
    }
    if (this.silenceDone || this.quietSince === null || o.silencePromptAfterMs <= 0) return;
    // Silence counts from the end of the caller's turn-in-progress, not from before it.
    if (o.callerBusy()) {
      this.quietSince = now;
      return;
    }
    if (now - this.quietSince < o.silencePromptAfterMs) return;
    this.quietSince = null;
    this.prompts++;
    if (this.prompts > o.silenceMaxPrompts) {
      this.silenceDone = true;
      o.onSilence('goodbye', this.prompts);
    } else {
      o.onSilence('prompt', this.prompts);
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.tick = this.opts.timers.setTimeout(() => {
      this.tick = null;
      this.check();
      this.schedule();
    }, this.opts.tickMs ?? 1000);
  }
}
