// Frame arithmetic for Twilio audio: 8 kHz μ-law, 20 ms = 160 bytes.
import { decodeSample } from './mulaw.ts';

export const SAMPLE_RATE = 8000;
export const FRAME_BYTES = 160;
export const FRAME_MS = 20;
export const MULAW_SILENCE = 0xff;

export function durationMs(mulawBytes: number): number {
  return (mulawBytes / SAMPLE_RATE) * 1000;
}

/** Root-mean-square level of μ-law audio in dBFS (−∞ for digital silence). */
export function rmsDbfs(mulaw: Uint8Array): number {
  if (mulaw.length === 0) return Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < mulaw.length; i++) {
    const v = decodeSample(mulaw[i]!);
    sum += v * v;
  }
  const rms = Math.sqrt(sum / mulaw.length);
  return rms === 0 ? Number.NEGATIVE_INFINITY : 20 * Math.log10(rms / 32768);
}

/** Joins audio chunks into one buffer. */
export function concat(chunks: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
