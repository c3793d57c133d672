// Records a call as the caller lived it: a two-channel 8 kHz 16-bit WAV, the caller on the left,
// the assistant on the right. The caller's audio is the call's clock (the carrier streams it
// without pause, 8 bytes a ms); assistant audio is placed where it starts playing — right after
// the audio before it, or at the present when the line was quiet — and a clear drops what the
// caller never heard, so the right channel stops where the barge-in cut it. Audio still unplayed
// when the call ends is dropped too.
//
// Nothing here waits on the disk: each chunk is interleaved (a few hundred samples) and queued;
// one writer drains the queue to the file, and the header is finalized when the call ends. The
// queue is bounded: past `maxQueuedBytes` chunks are dropped (and counted), never buffered.
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { decodeSample } from '../audio/mulaw.ts';
import { pcmWavHeader } from '../audio/wav.ts';

const SAMPLE_RATE = 8000;
const MULAW_SILENCE = 0xff;
const HEADER_BYTES = 44;
/** Assistant audio ahead of the clock is bounded too (a carrier buffers only ~a lead's worth). */
const MAX_PENDING_BYTES = 60 * SAMPLE_RATE;

export interface AudioRecorderOptions {
  path: string;
  /** Most bytes waiting for the disk before chunks are dropped. Default 4 MiB (about a minute). */
  maxQueuedBytes?: number;
  onError?: (e: unknown) => void;
}

export interface RecordingResult {
  path: string;
  seconds: number;
  droppedBytes: number;
  /** Call positions (ms) at which a clear cut the assistant off. */
  clearsAtMs: number[];
}

export class AudioRecorder {
  /** Caller samples recorded so far: the call's clock. */
  private samples = 0;
  /** Assistant audio not yet reached by the clock, starting at sample `pendingStart`. */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private pendingStart = 0;
  private readonly queue: Buffer[] = [];
  private queuedBytes = 0;
  private writtenBytes = 0;
  private droppedBytes = 0;
  private readonly clears: number[] = [];
  private file: Promise<FileHandle | null>;
  private draining: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly o: AudioRecorderOptions) {
    this.file = (async () => {
      await mkdir(dirname(o.path), { recursive: true });
      const fh = await open(o.path, 'w');
      await fh.write(pcmWavHeader(0, SAMPLE_RATE, 2), 0, HEADER_BYTES, 0);
      return fh;
    })().catch((e) => {
      o.onError?.(e);
      return null;
    });
  }

  /** The caller's audio as it arrived: advances the clock and writes both channels up to it. */
  caller(mulaw: Uint8Array): void {
    if (this.closed || mulaw.length === 0) return;
    const out = Buffer.allocUnsafe(mulaw.length * 4);
    const right = this.takeRight(mulaw.length);
    for (let i = 0; i < mulaw.length; i++) {
      out.writeInt16LE(decodeSample(mulaw[i]!), i * 4);
      out.writeInt16LE(decodeSample(right[i]!), i * 4 + 2);
    }
    this.samples += mulaw.length;
    this.enqueue(out);
  }

  /** Assistant audio sent to the carrier: it plays after what is pending, or now if nothing is. */
  assistant(mulaw: Uint8Array): void {
    if (this.closed || mulaw.length === 0) return;
    const end = this.pendingStart + this.pendingBytes;
    if (end < this.samples) {
      this.pending = [];
      this.pendingBytes = 0;
      this.pendingStart = this.samples;
    }
    if (this.pendingBytes + mulaw.length > MAX_PENDING_BYTES) {
      this.droppedBytes += mulaw.length;
      return;
    }
    this.pending.push(mulaw.slice());
    this.pendingBytes += mulaw.length;
  }

  /** The carrier was told to drop what it had not played: the caller heard nothing past now. */
  clear(): void {
    if (this.closed) return;
    this.clears.push(this.samples / 8);
    this.pending = [];
    this.pendingBytes = 0;
    this.pendingStart = this.samples;
  }

  /** Finalizes the header and closes the file; resolves once the file is complete. */
  async close(): Promise<RecordingResult | null> {
    if (this.closed) return null;
    this.closed = true;
    if (this.draining) await this.draining;
    this.draining = this.drain();
    await this.draining;
    const fh = await this.file;
    if (!fh) return null;
    try {
      await fh.write(pcmWavHeader(this.writtenBytes, SAMPLE_RATE, 2), 0, HEADER_BYTES, 0);
    } finally {
      await fh.close();
    }
    return {
      path: this.o.path,
      seconds: this.writtenBytes / 4 / SAMPLE_RATE,
      droppedBytes: this.droppedBytes,
      clearsAtMs: [...this.clears],
    };
  }

  /** The next `n` samples of the right channel (silence where the assistant was quiet). */
  private takeRight(n: number): Uint8Array {
    const out = new Uint8Array(n).fill(MULAW_SILENCE);
    // Pending audio always starts at or after the clock: it is consumed as the clock passes it.
    const offset = this.pendingStart - this.samples;
    if (offset >= n) return out;
    let at = offset;
    while (at < n && this.pending.length > 0) {
      const head = this.pending[0]!;
      const k = Math.min(head.length, n - at);
      out.set(head.subarray(0, k), at);
      at += k;
      this.pendingBytes -= k;
      if (k === head.length) this.pending.shift();
      else this.pending[0] = head.subarray(k);
    }
    this.pendingStart = this.samples + n;
    return out;
  }

  private enqueue(chunk: Buffer): void {
    if (this.queuedBytes + chunk.length > (this.o.maxQueuedBytes ?? 4 * 1024 * 1024)) {
      this.droppedBytes += chunk.length;
      return;
    }
    this.queue.push(chunk);
    this.queuedBytes += chunk.length;
    this.draining ??= this.drain();
  }

  /** The one writer: appends queued chunks in order until the queue is empty. */
  private async drain(): Promise<void> {
    const fh = await this.file;
    while (this.queue.length > 0) {
      const batch = Buffer.concat(this.queue.splice(0));
      this.queuedBytes -= batch.length;
      if (!fh) continue;
      try {
        await fh.write(batch, 0, batch.length, HEADER_BYTES + this.writtenBytes);
        this.writtenBytes += batch.length;
      } catch (e) {
        this.droppedBytes += batch.length;
        this.o.onError?.(e);
      }
    }
    this.draining = null;
  }
}
