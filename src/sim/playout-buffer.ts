// A carrier's outbound audio buffer as the simulated callers model it: audio "plays" at 8 kHz
// μ-law (8 bytes per ms, optionally compressed by timeScale), a mark is echoed once the audio
// queued before it has played (at once when nothing is queued), and clear empties the buffer and
// echoes the marks still pending. Twilio and Telnyx document the same behaviour.

/** One shared periodic tick (about 20 ms) that drives many buffers instead of a timer each. */
export interface TickDriver {
  add(fn: (now: number) => void): void;
  delete(fn: (now: number) => void): void;
}

type QueueItem = { kind: 'audio'; bytes: Uint8Array } | { kind: 'mark'; name: string };

export interface PlayoutStats {
  /** Moments a sentence had started playing but its next audio had not arrived. */
  gaps: number;
  gapMs: number;
  bytesPlayed: number;
  bytesReceived: number;
  clears: number;
  marksEchoed: number;
}

export class PlayoutBuffer {
  readonly stats: PlayoutStats = { gaps: 0, gapMs: 0, bytesPlayed: 0, bytesReceived: 0, clears: 0, marksEchoed: 0 };
  private queue: QueueItem[] = [];
  private queuedBytes = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastPlayAt = 0;
  private inSentence = false;
  private gapStartedAt: number | null = null;
  private ticking = false;
  private readonly onTick = (): void => this.play();

  constructor(
    /** Called when a mark's audio has played (or was cleared). */
    private readonly echo: (name: string) => void,
    /** Playback speed; Infinity plays instantly. */
    private readonly timeScale: number = Number.POSITIVE_INFINITY,
    private readonly now: () => number = () => performance.now(),
    /** When set, playout advances on this shared tick instead of timers of its own. */
    private readonly driver: TickDriver | null = null,
  ) {}

  /** True while audio or marks are queued. */
  get playing(): boolean {
    return this.queue.length > 0;
  }

  audio(bytes: Uint8Array): void {
    this.stats.bytesReceived += bytes.length;
    this.enqueue({ kind: 'audio', bytes });
  }

  mark(name: string): void {
    this.enqueue({ kind: 'mark', name });
  }

  clear(): void {
    this.stats.clears++;
    const pending = this.queue.filter((q): q is Extract<QueueItem, { kind: 'mark' }> => q.kind === 'mark');
    this.queue = [];
    this.queuedBytes = 0;
    this.inSentence = false;
    this.gapStartedAt = null;
    this.stopTimer();
    for (const m of pending) this.emit(m.name);
  }

  /** Stops the timer (the call ended); queued audio is dropped, marks are not echoed. */
  dispose(): void {
    this.stopTimer();
    this.queue = [];
    this.queuedBytes = 0;
  }

  private enqueue(item: QueueItem): void {
    // On a shared tick the buffer may have run dry since the last one: play up to now first, so
    // a gap is seen (and timed from the moment the audio ran out) exactly as with a timer.
    if (this.ticking) this.play();
    const now = this.now();
    if (this.queue.length === 0) this.lastPlayAt = now;
    if (item.kind === 'audio') {
      if (this.gapStartedAt !== null) {
        this.stats.gaps++;
        this.stats.gapMs += now - this.gapStartedAt;
        this.gapStartedAt = null;
      }
      this.inSentence = true;
      this.queuedBytes += item.bytes.length;
    }
    this.queue.push(item);
    this.play();
  }

  private stopTimer(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.ticking) {
      this.driver?.delete(this.onTick);
      this.ticking = false;
    }
  }

  /** Advances playout to now and schedules the next step. */
  private play(): void {
    if (!this.driver) this.stopTimer();
    const now = this.now();
    const from = this.lastPlayAt;
    let budget = Number.isFinite(this.timeScale)
      ? Math.floor((now - this.lastPlayAt) * 8 * this.timeScale)
      : Number.POSITIVE_INFINITY;
    let played = 0;
    this.lastPlayAt = now;
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      if (head.kind === 'mark') {
        this.queue.shift();
        this.inSentence = false;
        this.emit(head.name);
        continue;
      }
      if (budget <= 0) break;
      const n = Math.min(budget, head.bytes.length);
      this.stats.bytesPlayed += n;
      this.queuedBytes -= n;
      budget -= n;
      played += n;
      if (n === head.bytes.length) this.queue.shift();
      else head.bytes = head.bytes.subarray(n);
    }
    if (this.queue.length === 0 && this.inSentence && this.gapStartedAt === null) {
      // The moment the last byte finished playing, not the moment we noticed.
      this.gapStartedAt = Number.isFinite(this.timeScale) ? Math.min(now, from + played / 8 / this.timeScale) : now;
    }
    if (this.driver) {
      const wanted = this.queue.length > 0 && this.queuedBytes > 0;
      if (wanted !== this.ticking) {
        if (wanted) this.driver.add(this.onTick);
        else this.driver.delete(this.onTick);
        this.ticking = wanted;
      }
    } else if (this.queue.length > 0 && this.queuedBytes > 0) {
      const ms = Math.max(1, Math.min(20, this.queuedBytes / 8 / this.timeScale));
      this.timer = setTimeout(() => this.play(), ms);
    }
  }

  private emit(name: string): void {
    this.stats.marksEchoed++;
    this.echo(name);
  }
}
