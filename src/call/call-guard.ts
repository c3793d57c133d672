// Watches one call for silence and for its length. Call time is the larger of the caller's audio
// time (Twilio sends a frame every 20 ms, silence included, so it runs with the line — and runs
// compressed in simulations) and the wall time since the call began (a stream that sends nothing
// still ages). A slow wall tick covers the stream that sends nothing; audio frames cover the rest.
import type { CallTimers } from './call-timers.ts';

export type SilenceStep = 'prompt' | 'goodbye';

export interface CallGuardOptions {
  silencePromptAfterMs: number;
  silenceMaxPrompts: number;
  maxCallMs: number;
  timers: CallTimers;
  /** True while the caller is mid-turn (voice heard, words pending): never prompted then. */
  callerBusy(): boolean;
  /** The caller was quiet too long: the nth prompt (1-based), or the goodbye after the last. */
  onSilence(step: SilenceStep, prompt: number): void;
  onMaxDuration(): void;
  /** Wall-clock check interval (ms). */
  tickMs?: number;
}

export class CallGuard {
  private readonly startedAt: number;
  private audioMs = 0;
  /** Call time the caller's silence is counted from; null while the assistant holds the turn. */
  private quietSince: number | null = null;
  private prompts = 0;
  private silenceDone = false;
  private durationDone = false;
  private tick: unknown = null;
  private stopped = false;

  constructor(private readonly opts: CallGuardOptions) {
    this.startedAt = opts.timers.now();
    this.schedule();
  }

  /** Elapsed call time in ms. */
  elapsedMs(): number {
    return Math.max(this.audioMs, this.opts.timers.now() - this.startedAt);
  }

  /** Caller audio time advanced (ms of inbound audio so far). */
  audio(ms: number): void {
    if (ms > this.audioMs) this.audioMs = ms;
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
