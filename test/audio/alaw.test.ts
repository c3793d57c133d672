import { describe, expect, test } from 'bun:test';
import { alawToMulaw, decodeAlawSample } from '../../src/audio/alaw.ts';
import { decodeSample } from '../../src/audio/mulaw.ts';

describe('A-law → μ-law', () => {
  test('decodes the G.711 reference points', () => {
    expect(decodeAlawSample(0xd5)).toBe(8);
    expect(decodeAlawSample(0x55)).toBe(-8);
    expect(decodeAlawSample(0xaa)).toBe(32256);
    expect(decodeAlawSample(0x2a)).toBe(-32256);
  });

  test('every A-law value lands on the nearest μ-law level (within μ-law quantization)', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const mu = alawToMulaw(all);
    for (let i = 0; i < 256; i++) {
      const want = decodeAlawSample(i);
      const got = decodeSample(mu[i]!);
      expect(Math.sign(got) === Math.sign(want) || Math.abs(want) <= 8).toBe(true);
      expect(Math.abs(got - want)).toBeLessThanOrEqual(Math.max(8, Math.abs(want) / 16));
    }
  });
});
