import { expect, test } from 'bun:test';
import { decodeSample, encodeSample, mulawToPcm, pcmToMulaw } from '../../src/audio/mulaw.ts';

// Reference points of ITU-T G.711 μ-law (bias 0x84): code → linear, and linear → code.
test.each([
  [0xff, 0],
  [0x7f, 0],
  [0x00, -32124],
  [0x80, 32124],
  [0xfe, 8], // smallest positive step
  [0x7e, -8],
  // The first value of each segment: 132, 396, 924, 1980, 4092, 8316, 16764.
  [0xef, 132],
  [0xdf, 396],
  [0xcf, 924],
  [0xbf, 1980],
  [0xaf, 4092],
  [0x9f, 8316],
  [0x8f, 16764],
])('code %p decodes to %i', (code, linear) => {
  expect(decodeSample(code)).toBe(linear);
});

test.each([
  [0, 0xff],
  [-1, 0x7f],
  [32767, 0x80],
  [-32768, 0x00],
  [100, 0xf2],
  [-100, 0x72],
  [1000, 0xce],
  [10000, 0x9c],
])('linear %i encodes to code %p', (linear, code) => {
  expect(encodeSample(linear)).toBe(code);
});

test('PCM survives a μ-law round trip within the quantization step of its segment', () => {
  const pcm = new Int16Array(65536);
  for (let i = 0; i < pcm.length; i++) pcm[i] = i - 32768;
  const back = mulawToPcm(pcmToMulaw(pcm));
  for (let i = 0; i < pcm.length; i++) {
    const x = Math.min(32635, Math.abs(pcm[i]!));
    // Segment n (n = 0..7) has a step of 2^(n+3); the error is at most one step.
    const segment = Math.max(0, Math.floor(Math.log2((x + 0x84) >> 7)));
    const step = 1 << (Math.min(7, segment) + 3);
    expect(Math.abs(back[i]! - Math.sign(pcm[i]!) * x)).toBeLessThanOrEqual(step);
  }
});

test('every code decodes and re-encodes to itself (except the two zeros)', () => {
  for (let c = 0; c < 256; c++) {
    if (c === 0x7f) continue; // −0 encodes as +0
    expect(encodeSample(decodeSample(c))).toBe(c);
  }
});
