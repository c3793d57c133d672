// A caller on a real line: like Twilio, it sends one 20 ms μ-law frame every 20 ms for the whole
// call — speech when the caller talks, line silence otherwise — and measures each turn from the
// last speech frame it sent to the first assistant frame it received after that. Every caller in
// the process runs on one shared tick, and frames are sent pre-encoded, so the harness stays cheap.
import type { TwilioMediaStream } from '../../src/sim/twilio-caller.ts';
import { FRAME_BYTES, encodeFrames } from '../../src/sim/twilio-caller.ts';
import { lineClock, TICK_MS, type LineClock } from './line-clock.ts';

const SILENCE_FRAME = encodeFrames(new Uint8Array(FRAME_BYTES).fill(0xff))[0]!;

export interface TurnProbe {
  /** performance.now() when the last speech frame of the utterance was sent. */
  lastSpeechAt: number;
  /** First assistant audio received after it, or null if none came. */
  firstReplyAt: number | null;
}

export interface PacedCallerStats {
  framesSent: number;
  /** Frames that went out more than one frame period late (timer starvation on our side). */
  lateFrames: number;
  maxSendLagMs: number;
}

export class PacedCaller {
  private queue: string[] = [];
  private head = 0;
  private next = 0;
  private stopped = false;
  private speechEndWaiters: Array<(at: number) => void> = [];
  private probe: TurnProbe | null = null;
  readonly probes: TurnProbe[] = [];
  readonly stats: PacedCallerStats = { framesSent: 0, lateFrames: 0, maxSendLagMs: 0 };
  private readonly onTick = (now: number): void => this.tick(now);

  constructor(
    private readonly stream: TwilioMediaStream,
    private readonly clock: LineClock = lineClock,
  ) {
    const prev = stream.onMedia;
    stream.onMedia = (bytes, at) => {
      prev?.(bytes, at);
      if (this.probe && this.probe.firstReplyAt === null && at >= this.probe.lastSpeechAt) this.probe.firstReplyAt = at;
    };
  }

  start(): void {
    this.next = Number.NaN;
    this.clock.add(this.onTick);
  }

  /**
   * Queues an utterance (μ-law, or frames from encodeFrames to reuse one encoding across calls);
   * resolves when its last frame has been sent, with that time.
   */
  say(speech: Uint8Array | readonly string[]): Promise<number> {
    const frames = speech instanceof Uint8Array ? encodeFrames(speech) : speech;
    if (this.head > 0) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.queue.push(...frames);
    return new Promise((resolve) => this.speechEndWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    this.clock.delete(this.onTick);
  }

  private tick(now: number): void {
    if (this.stopped || this.stream.isClosed) {
      this.clock.delete(this.onTick);
      return;
    }
    // The first tick anchors this line's frames to the shared cadence.
    if (Number.isNaN(this.next)) this.next = now;
    // Catch up on frames whose time has come (a late tick sends several at once, as a jittery
    // network would deliver them); half a period of slack keeps one frame per on-time tick.
    while (this.next <= now + TICK_MS / 2) {
      const lag = Math.max(0, now - this.next);
      if (lag > TICK_MS) this.stats.lateFrames++;
      if (lag > this.stats.maxSendLagMs) this.stats.maxSendLagMs = lag;
      const speech = this.head < this.queue.length ? this.queue[this.head++] : undefined;
      this.stream.sendEncodedFrame(speech ?? SILENCE_FRAME);
      this.stats.framesSent++;
      if (speech !== undefined && this.head === this.queue.length) {
        this.queue = [];
        this.head = 0;
        this.probe = { lastSpeechAt: performance.now(), firstReplyAt: null };
        this.probes.push(this.probe);
        for (const w of this.speechEndWaiters.splice(0)) w(this.probe.lastSpeechAt);
      }
      this.next += TICK_MS;
    }
  }
}
