// Coalesces caller audio into messages for the ASR socket. Every WebSocket message costs a frame
// write on our side; at 50 frames a second per call that dominated the server's CPU, so several
// 20 ms frames go out as one message. Audio the caller is not speaking in may be held longer
// (`holdBytes`): while the line is quiet nobody waits on the recognizer, and audio that is not
// held never waits behind audio that was. Pure: bytes in, chunks out, in order.

const FRAME_BYTES = 160;
const BYTES_PER_MS = 8;
export const MIN_ASR_CHUNK_MS = 20;
export const MAX_ASR_CHUNK_MS = 100;
/** Chosen by the load bench's sweep (bench/RESULTS.md). */
export const DEFAULT_CHUNK_MS = 20;
/** Quiet-line audio per message: the largest chunk (bench/RESULTS.md). */
export const DEFAULT_QUIET_CHUNK_MS = 100;

/** Bytes per ASR message for a chunk length in ms: whole 20 ms frames, 20–100 ms. */
export function asrChunkBytes(ms: number): number {
  const clamped = Math.min(MAX_ASR_CHUNK_MS, Math.max(MIN_ASR_CHUNK_MS, ms));
  return Math.max(1, Math.floor((clamped * BYTES_PER_MS) / FRAME_BYTES)) * FRAME_BYTES;
}

export class AudioChunker {
  private buf: Uint8Array;
  private len = 0;
  /** The pending bytes were pushed to be held. */
  private holding = false;
  private readonly holdBytes: number;

  constructor(
    private readonly chunkBytes: number,
    /** Receives each chunk; it owns the array (never written again). */
    private readonly emit: (chunk: Uint8Array) => void,
    /** Chunk size for audio pushed with `hold` (never below `chunkBytes`). */
    holdBytes = chunkBytes,
  ) {
    this.holdBytes = Math.max(chunkBytes, holdBytes);
    this.buf = new Uint8Array(this.holdBytes);
  }

  get pendingBytes(): number {
    return this.len;
  }

  /**
   * Copies `data` in (the caller may reuse its buffer) and emits every chunk it completes. With
   * `hold`, chunks are `holdBytes` long; without, held audio goes out at once, then this.
   */
  push(data: Uint8Array, hold = false): void {
    if (this.holding && !hold) this.flush();
    this.holding = hold;
    const size = hold ? this.holdBytes : this.chunkBytes;
    let off = 0;
    while (off < data.length) {
      const take = Math.min(size - this.len, data.length - off);
      this.buf.set(data.subarray(off, off + take), this.len);
      this.len += take;
      off += take;
      if (this.len === size) this.hand();
    }
  }

  /** Sends what is pending now (before Finalize, CloseStream, or the end of the call). */
  flush(): void {
    if (this.len > 0) this.hand();
  }

  private hand(): void {
    const out = this.len === this.buf.length ? this.buf : this.buf.slice(0, this.len);
    if (out === this.buf) this.buf = new Uint8Array(this.holdBytes);
    this.len = 0;
    this.emit(out);
  }
}
