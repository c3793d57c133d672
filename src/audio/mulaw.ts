// G.711 μ-law ↔ 16-bit linear PCM, table driven (ITU-T G.711, bias 0x84, clip 32635).

const BIAS = 0x84;
const CLIP = 32635;

/** μ-law byte → PCM16. */
const DECODE = new Int16Array(256);
for (let i = 0; i < 256; i++) {
  const u = ~i & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
  DECODE[i] = sign ? -magnitude : magnitude;
}

/** Segment (exponent) for a biased magnitude's top byte. */
const EXP = new Uint8Array(256);
for (let i = 0; i < 256; i++) EXP[i] = i === 0 ? 0 : Math.min(7, Math.floor(Math.log2(i)));

export function decodeSample(mu: number): number {
  return DECODE[mu & 0xff]!;
}

export function encodeSample(sample: number): number {
  let s = sample | 0;
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  if (s > CLIP) s = CLIP;
  s += BIAS;
  const exponent = EXP[(s >> 7) & 0xff]!;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** 65536-entry encode table: one lookup per sample on the TTS path. */
const ENCODE = new Uint8Array(65536);
for (let i = 0; i < 65536; i++) ENCODE[i] = encodeSample(i - 32768);

export function mulawToPcm(mu: Uint8Array): Int16Array {
  const out = new Int16Array(mu.length);
  for (let i = 0; i < mu.length; i++) out[i] = DECODE[mu[i]!]!;
  return out;
}

export function pcmToMulaw(pcm: Int16Array): Uint8Array {
  const out = new Uint8Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = ENCODE[pcm[i]! + 32768]!;
  return out;
}
