// How far behind real time the caller's audio reaches us. The carrier sends 20 ms of audio every
// 20 ms, so arrival time minus audio time is constant on a healthy line; growth over its smallest
// value is how far we (or the network) fell behind.
export class InboundLagMeter {
  private frames = 0;
  private base = Number.POSITIVE_INFINITY;

  constructor(
    private readonly now: () => number,
    private readonly report: (lagMs: number) => void,
  ) {}

  /** One frame arrived; `audioMs` is the call's audio time at its end. */
  frame(audioMs: number): void {
    // Every 25th frame is enough for a distribution and keeps the hot path to a subtraction.
    if (++this.frames % 25 !== 0) return;
    const offset = this.now() - audioMs;
    if (offset < this.base) this.base = offset;
    this.report(offset - this.base);
  }
}
