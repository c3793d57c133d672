// μ-law audio for the speech-recognition fakes: a loud constant reads as speech, 0xff as silence.
import type { AsrStream } from '../../src/providers/asr/types.ts';

export const FRAME = 160;

export const speech = (ms: number): Uint8Array => new Uint8Array((ms / 1000) * 8000).fill(0x10);
export const silence = (ms: number): Uint8Array => new Uint8Array((ms / 1000) * 8000).fill(0xff);

/** Pushes 20 ms frames much faster than real time, yielding so socket traffic interleaves. */
export async function push(stream: AsrStream, ...parts: Uint8Array[]): Promise<void> {
  let n = 0;
  for (const part of parts) {
    for (let off = 0; off < part.length; off += FRAME) {
      stream.pushAudio(part.subarray(off, off + FRAME));
      if (++n % 10 === 0) await new Promise((r) => setTimeout(r, 0));
    }
  }
}
