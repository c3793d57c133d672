// G.711 A-law → μ-law, for a carrier stream that arrives A-law (European trunks) while the call
// speaks μ-law: one table lookup per byte, through 16-bit linear (ITU-T G.711).
import { encodeSample } from './mulaw.ts';

/** A-law byte → PCM16. */
export function decodeAlawSample(a: number): number {
  const v = (a & 0xff) ^ 0x55;
  const segment = (v & 0x70) >> 4;
  let magnitude = (v & 0x0f) << 4;
  magnitude += segment === 0 ? 8 : 0x108;
  if (segment > 1) magnitude <<= segment - 1;
  return v & 0x80 ? magnitude : -magnitude;
}

const ALAW_TO_MULAW = new Uint8Array(256);
for (let i = 0; i < 256; i++) ALAW_TO_MULAW[i] = encodeSample(decodeAlawSample(i));

export function alawToMulaw(alaw: Uint8Array): Uint8Array {
  const out = new Uint8Array(alaw.length);
  for (let i = 0; i < alaw.length; i++) out[i] = ALAW_TO_MULAW[alaw[i]!]!;
  return out;
}
