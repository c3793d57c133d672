// A call's time on the line: the caller audio received so far (carriers send a frame every 20 ms,
// silence included, so it runs with the line, and runs compressed in simulations), or the wall
// time since the call began when that is further (a line that stops sending still ages). Call
// bounds and the wait for a key after the recognizer is lost are counted on it.
export class LineClock {
  private audioMs = 0;
  private readonly startedAt: number;

  constructor(private readonly now: () => number) {
    this.startedAt = now();
  }

  /** Caller audio time advanced (ms of inbound audio so far). */
  audio(ms: number): void {
    if (ms > this.audioMs) this.audioMs = ms;
  }

  /** Elapsed line time in ms. */
  elapsedMs(): number {
    return Math.max(this.audioMs, this.now() - this.startedAt);
  }
}
