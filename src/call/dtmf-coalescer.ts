// Groups keypad digits into inputs: digits pressed within a short window of the first (or up to
// a '#') are one input, so "1234#" is one turn, not five. Digits past the per-input cap are
// dropped: a flood of keypresses costs at most one turn per window.
import type { CallTimers } from './call-timers.ts';

export interface DtmfCoalescerOptions {
  windowMs: number;
  maxDigits: number;
  timers: CallTimers;
  onInput(digits: string, dropped: number): void;
}

export class DtmfCoalescer {
  private digits = '';
  private dropped = 0;
  private timer: unknown = null;

  constructor(private readonly opts: DtmfCoalescerOptions) {}

  /** True while digits wait for their window to close. */
  get pending(): boolean {
    return this.digits.length > 0 || this.dropped > 0;
  }

  push(digit: string): void {
    if (this.digits.length < this.opts.maxDigits) this.digits += digit;
    else this.dropped++;
    if (digit === '#' || this.opts.windowMs <= 0) {
      this.flush();
      return;
    }
    if (this.timer === null) this.timer = this.opts.timers.setTimeout(() => this.flush(), this.opts.windowMs);
  }

  flush(): void {
    if (this.timer !== null) this.opts.timers.clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending) return;
    const digits = this.digits;
    const dropped = this.dropped;
    this.digits = '';
    this.dropped = 0;
    if (digits) this.opts.onInput(digits, dropped);
  }

  /** Forgets pending digits (the call is ending). */
  close(): void {
    if (this.timer !== null) this.opts.timers.clearTimeout(this.timer);
    this.timer = null;
    this.digits = '';
    this.dropped = 0;
  }
}
