// Our own voice-activity check on the caller's audio: cheap frame energy against a threshold with
// a short hangover. Used for "when did the caller stop" (turn latency) and adaptive turn end.
import { decodeSample } from '../audio/mulaw.ts';

/** Mean absolute amplitude per μ-law byte value, precomputed once. */
const LEVEL = new Float32Array(256);
for (let b = 0; b < 256; b++) LEVEL[b] = Math.abs(decodeSample(b));

export interface VoiceActivityOptions {
  /** Silence this long after speech counts as a pause. */
  silenceMs: number;
  /** Mean absolute sample level above which a frame is speech (≈ -40 dBFS by default). */
  threshold?: number;
  /** Consecutive loud frames needed to call it speech (ignores clicks). */
  attackFrames?: number;
}

/**
 * Time here is audio time (ms of caller audio received), so the check means the same thing
 * whether audio arrives in real time or, in simulations, faster. `lastSpeechWallAt` keeps the
 * monotonic instant the last speech frame arrived, for turn latency.
 */
export class VoiceActivity {
  speaking = false;
  /** The last frame was above the threshold (speech may be starting, before the attack says so). */
  loud = false;
  lastSpeechAt: number | null = null;
  lastSpeechWallAt: number | null = null;
  private loudRun = 0;
  private readonly threshold: number;
  private readonly attack: number;

  constructor(private readonly opts: VoiceActivityOptions) {
    this.threshold = opts.threshold ?? 330;
    this.attack = opts.attackFrames ?? 2;
  }

  push(frame: Uint8Array, now: number, wallNow: number = now): void {
    let sum = 0;
    for (let i = 0; i < frame.length; i++) sum += LEVEL[frame[i]!]!;
    const loud = frame.length > 0 && sum / frame.length > this.threshold;
    this.loud = loud;
    if (loud) {
      this.loudRun++;
      if (this.loudRun >= this.attack) {
        this.speaking = true;
        this.lastSpeechAt = now;
        this.lastSpeechWallAt = wallNow;
      }
    } else {
      this.loudRun = 0;
      if (this.speaking && this.lastSpeechAt !== null && now - this.lastSpeechAt >= this.opts.silenceMs)
        this.speaking = false;
    }
  }

  /** True once the caller has spoken and then been quiet for the configured window. */
  silentFor(now: number): boolean {
    return this.lastSpeechAt !== null && !this.speaking && now - this.lastSpeechAt >= this.opts.silenceMs;
  }
}
