// A caller on a real line: like Twilio, it sends one 20 ms μ-law frame every 20 ms for the whole
// call — speech when the caller talks, line silence otherwise — and measures each turn from the
// last speech frame it sent to the first assistant frame it received after that.
import type { TwilioMediaStream } from '../../src/sim/twilio-caller.ts';
import { FRAME_BYTES } from '../../src/sim/twilio-caller.ts';

const SILENCE_FRAME = new Uint8Array(FRAME_BYTES).fill(0xff);

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
  private queue: Uint8Array[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private next = 0;
  private stopped = false;
  private speechEndWaiters: Array<(at: number) => void> = [];
  private probe: TurnProbe | null = null;
  readonly probes: TurnProbe[] = [];
  readonly stats: PacedCallerStats = { framesSent: 0, lateFrames: 0, maxSendLagMs: 0 };

  constructor(private readonly stream: TwilioMediaStream) {
    const prev = stream.onMedia;
    stream.onMedia = (bytes, at) => {
      prev?.(bytes, at);
      if (this.probe && this.probe.firstReplyAt === null && at >= this.probe.lastSpeechAt) this.probe.firstReplyAt = at;
    };
  }

  start(): void {
    this.next = performance.now();
    this.tick();
  }

  /** Queues an utterance; resolves when its last frame has been sent, with that time. */
  say(mulaw: Uint8Array): Promise<number> {
    for (let o = 0; o < mulaw.length; o += FRAME_BYTES) {
      const f = new Uint8Array(FRAME_BYTES).fill(0xff);
      f.set(mulaw.subarray(o, Math.min(mulaw.length, o + FRAME_BYTES)));
      this.queue.push(f);
    }
    return new Promise((resolve) => this.speechEndWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private tick(): void {
    if (this.stopped || this.stream.isClosed) return;
    const now = performance.now();
    // Catch up on frames whose time has come (a late timer sends several at once, as a jittery
    // network would deliver them), then sleep until the next frame is due.
    while (this.next <= now) {
      const lag = now - this.next;
      if (lag > 20) this.stats.lateFrames++;
      if (lag > this.stats.maxSendLagMs) this.stats.maxSendLagMs = lag;
      const speech = this.queue.shift();
      this.stream.sendAudio(speech ?? SILENCE_FRAME);
      this.stats.framesSent++;
      if (speech && this.queue.length === 0) {
        this.probe = { lastSpeechAt: performance.now(), firstReplyAt: null };
        this.probes.push(this.probe);
        for (const w of this.speechEndWaiters.splice(0)) w(this.probe.lastSpeechAt);
      }
      this.next += 20;
    }
    this.timer = setTimeout(() => this.tick(), Math.max(0, this.next - performance.now()));
  }
}
