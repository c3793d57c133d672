// Outbound audio for one call. Twilio buffers what we send and plays it at 8 kHz, so we send
// ahead of real time — in whole 20 ms frames, several per message — but never more than `leadMs`
// ahead of what has played: a reply starts at once, and a barge-in has little to throw away.
//
// Playback position is modelled by a clock anchored when audio starts after silence and
// re-anchored on every echoed mark (the exact moment Twilio finished the audio before it).

export const FRAME_BYTES = 160;
const FRAME_MS = 20;
const BYTES_PER_MS = 8;

export interface PlayerTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PlayerOptions {
  /** Sends one encoded command; false when the socket refused it (backpressure or closed). */
  sendMedia(payload: Uint8Array): boolean;
  sendMark(name: string): void;
  sendClear(): void;
  leadMs?: number;
  /** Most frames per media message. */
  framesPerMessage?: number;
  /** Playback runs this many times faster than real time (compressed clocks in tests). */
  timeScale?: number;
  timers?: PlayerTimers;
  /** A segment's audio has all played (its mark came back). */
  onSegmentPlayed?: (segment: PlayedSegment) => void;
}

export interface PlayedSegment {
  id: string;
  /** Audio length of the segment in ms. */
  durationMs: number;
  /** How much of it the caller heard, in ms (less than durationMs when cleared). */
  heardMs: number;
  cleared: boolean;
}

interface Segment {
  id: string;
  startMs: number; // stream position (ms of audio sent since the call began) of its first byte
  endMs: number | null; // set when the segment is closed
  markName: string;
  done: boolean;
}

type Item = { kind: 'audio'; bytes: Uint8Array } | { kind: 'mark'; segment: Segment };

const realTimers: PlayerTimers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class OutboundPlayer {
  private readonly opts: Required<Omit<PlayerOptions, 'onSegmentPlayed' | 'timers'>> &
    Pick<PlayerOptions, 'onSegmentPlayed'>;
  private readonly timers: PlayerTimers;
  private queue: Item[] = [];
  private queuedBytes = 0;
  /** Leftover bytes shorter than one frame, waiting for the rest. */
  private partial: Uint8Array = new Uint8Array(0);
  private sentMs = 0;
  private anchorAt = 0;
  private anchorPlayedMs = 0;
  private playing = false;
  private timer: unknown = null;
  private segments = new Map<string, Segment>();
  private open: Segment | null = null;
  private seq = 0;
  private closed = false;
  /** Counters for tests and metrics. */
  readonly stats = { messages: 0, frames: 0, marks: 0, clears: 0, backpressure: 0, lateFrames: 0 };

  constructor(opts: PlayerOptions) {
    this.opts = {
      leadMs: 400,
      framesPerMessage: 10,
      timeScale: 1,
      ...opts,
    };
    this.timers = opts.timers ?? realTimers;
  }

  /** Begins a segment (one sentence); the audio pushed until `endSegment` belongs to it. */
  beginSegment(id?: string): string {
    if (this.open) this.endSegment();
    const segId = id ?? `s${++this.seq}`;
    const seg: Segment = {
      id: segId,
      startMs: this.sentMs + this.queuedBytes / BYTES_PER_MS,
      endMs: null,
      markName: segId,
      done: false,
    };
    this.segments.set(segId, seg);
    this.open = seg;
    return segId;
  }

  /** Queues μ-law audio; any length, split into whole frames on the way out. */
  push(audio: Uint8Array): void {
    if (this.closed || audio.length === 0) return;
    if (!this.open) this.beginSegment();
    let bytes = audio;
    if (this.partial.length > 0) {
      const joined = new Uint8Array(this.partial.length + audio.length);
      joined.set(this.partial, 0);
      joined.set(audio, this.partial.length);
      bytes = joined;
    }
    const whole = bytes.length - (bytes.length % FRAME_BYTES);
    this.partial = bytes.slice(whole);
    if (whole > 0) {
      this.queue.push({ kind: 'audio', bytes: bytes.subarray(0, whole) });
      this.queuedBytes += whole;
    }
    this.pump();
  }

  /** Closes the open segment: pads its last frame with silence and queues its mark. */
  endSegment(): void {
    const seg = this.open;
    if (!seg || this.closed) return;
    if (this.partial.length > 0) {
      const frame = new Uint8Array(FRAME_BYTES).fill(0xff);
      frame.set(this.partial, 0);
      this.partial = new Uint8Array(0);
      this.queue.push({ kind: 'audio', bytes: frame });
      this.queuedBytes += FRAME_BYTES;
    }
    seg.endMs = this.sentMs + this.queuedBytes / BYTES_PER_MS;
    this.queue.push({ kind: 'mark', segment: seg });
    this.open = null;
    this.pump();
  }

  /** Queues a mark with no audio of its own: echoed once everything before it has played. */
  mark(name: string): string {
    this.beginSegment(name);
    this.endSegment();
    return name;
  }

  /** Twilio echoed a mark: the audio before it has finished playing (or was cleared). */
  onMark(name: string): boolean {
    const seg = this.segments.get(name);
    if (!seg) return false;
    if (seg.done) return true;
    const end = seg.endMs ?? seg.startMs;
    // Re-anchor the playback clock to Twilio's truth.
    this.anchorAt = this.timers.now();
    this.anchorPlayedMs = Math.min(end, this.sentMs);
    this.finishSegment(seg, end - seg.startMs, false);
    this.pump();
    return true;
  }

  /** Drops everything not yet played, here and at Twilio. Returns the segments cut short. */
  clear(): PlayedSegment[] {
    const played = this.playedMs();
    this.queue = [];
    this.queuedBytes = 0;
    this.partial = new Uint8Array(0);
    if (this.timer !== null) {
      this.timers.clearTimeout(this.timer);
      this.timer = null;
    }
    this.opts.sendClear();
    this.stats.clears++;
    const cut: PlayedSegment[] = [];
    for (const seg of this.segments.values()) {
      if (seg.done) continue;
      const end = seg.endMs ?? this.sentMs;
      const heard = Math.max(0, Math.min(end, played) - seg.startMs);
      cut.push(this.finishSegment(seg, heard, true));
    }
    this.open = null;
    // Twilio discards unplayed audio: the stream position snaps back to what has played.
    this.sentMs = played;
    this.anchorAt = this.timers.now();
    this.anchorPlayedMs = played;
    this.playing = false;
    return cut;
  }

  /** ms of our audio the caller has heard since the call began (model, refined by marks). */
  playedMs(): number {
    if (!this.playing) return this.sentMs;
    const elapsed = (this.timers.now() - this.anchorAt) * this.opts.timeScale;
    const pos = this.anchorPlayedMs + elapsed;
    if (pos >= this.sentMs) return this.sentMs;
    return pos;
  }

  /** Audio sent or queued that has not played yet, in ms. */
  pendingMs(): number {
    return this.sentMs - this.playedMs() + this.queuedBytes / BYTES_PER_MS;
  }

  /** True while any of our audio is queued, in flight or playing. */
  isSpeaking(): boolean {
    return this.queuedBytes > 0 || this.playedMs() < this.sentMs || this.open !== null;
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
    this.queuedBytes = 0;
  }

  private finishSegment(seg: Segment, heardMs: number, cleared: boolean): PlayedSegment {
    seg.done = true;
    this.segments.delete(seg.id);
    const end = seg.endMs ?? seg.startMs;
    const result: PlayedSegment = { id: seg.id, durationMs: end - seg.startMs, heardMs: Math.max(0, heardMs), cleared };
    this.opts.onSegmentPlayed?.(result);
    return result;
  }

  /** Sends what the lead allows, then sleeps until the next frame may go. */
  private pump(): void {
    if (this.closed) return;
    if (this.timer !== null) {
      this.timers.clearTimeout(this.timer);
      this.timer = null;
    }
    const now = this.timers.now();
    const played = this.playedMs();
    if (this.playing && played >= this.sentMs && this.queuedBytes > 0) {
      // Playback caught up with us while audio was waiting: the caller heard a gap.
      this.stats.lateFrames++;
    }
    if (!this.playing || played >= this.sentMs) {
      // Idle: playback (re)starts when the next audio arrives at Twilio.
      this.playing = false;
      this.anchorAt = now;
      this.anchorPlayedMs = this.sentMs;
    }
    let budgetMs = played + this.opts.leadMs - this.sentMs;
    const maxBytes = this.opts.framesPerMessage * FRAME_BYTES;
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      if (head.kind === 'mark') {
        this.queue.shift();
        this.opts.sendMark(head.segment.markName);
        this.stats.marks++;
        continue;
      }
      const frames = Math.min(Math.floor(budgetMs / FRAME_MS), maxBytes / FRAME_BYTES, head.bytes.length / FRAME_BYTES);
      if (frames <= 0) break;
      const n = frames * FRAME_BYTES;
      const chunk = head.bytes.subarray(0, n);
      if (!this.opts.sendMedia(chunk)) this.stats.backpressure++;
      if (n === head.bytes.length) this.queue.shift();
      else head.bytes = head.bytes.subarray(n);
      this.queuedBytes -= n;
      if (!this.playing) {
        this.playing = true;
        this.anchorAt = now;
        this.anchorPlayedMs = this.sentMs;
      }
      this.sentMs += n / BYTES_PER_MS;
      budgetMs -= frames * FRAME_MS;
      this.stats.messages++;
      this.stats.frames += frames;
    }
    if (this.queue.length > 0) {
      // Wake when a whole message fits in the lead window (or all that is queued does): waking
      // for each frame would send one message and run one timer per 20 ms per call.
      const queuedFrames = Math.ceil(this.queuedBytes / FRAME_BYTES);
      const wantFrames = Math.max(1, Math.min(this.opts.framesPerMessage, queuedFrames));
      const waitMs = Math.max(1, (wantFrames * FRAME_MS - budgetMs) / this.opts.timeScale);
      this.timer = this.timers.setTimeout(() => {
        this.timer = null;
        this.pump();
      }, waitMs);
    }
  }
}
