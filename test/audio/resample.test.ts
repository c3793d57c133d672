import { expect, test } from 'bun:test';
import { createResampler, resample } from '../../src/audio/resample.ts';

function tone(freq: number, rate: number, seconds: number, amp = 10000): Int16Array {
  const out = new Int16Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = Math.round(amp * Math.sin((2 * Math.PI * freq * i) / rate));
  return out;
}

/** Power of one frequency (Goertzel), ignoring the filter's edges. */
function power(x: Int16Array, freq: number, rate: number, edge = 400): number {
  const k = 2 * Math.cos((2 * Math.PI * freq) / rate);
  let s1 = 0;
  let s2 = 0;
  for (let i = edge; i < x.length - edge; i++) {
    const s = x[i]! + k * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  const n = x.length - 2 * edge;
  return (s1 * s1 + s2 * s2 - k * s1 * s2) / (n * n);
}

const db = (ratio: number) => 10 * Math.log10(ratio);

test('a 1 kHz tone survives 8 → 16 → 8 kHz', () => {
  const src = tone(1000, 8000, 1);
  const up = resample(src, 8000, 16000);
  expect(up.length).toBe(16000);
  expect(Math.abs(db(power(up, 1000, 16000) / power(src, 1000, 8000)))).toBeLessThan(0.5);
  const back = resample(up, 16000, 8000);
  expect(back.length).toBe(8000);
  expect(Math.abs(db(power(back, 1000, 8000) / power(src, 1000, 8000)))).toBeLessThan(0.5);
  // And it is still the same waveform, not just the same loudness.
  let err = 0;
  for (let i = 400; i < 7600; i++) err = Math.max(err, Math.abs(back[i]! - src[i]!));
  expect(err).toBeLessThan(200);
});

test('a 5 kHz tone is removed going down to 8 kHz (no alias at 3 kHz)', () => {
  const src = tone(5000, 16000, 1);
  const down = resample(src, 16000, 8000);
  const inPower = power(src, 5000, 16000);
  // 5 kHz would fold to 3 kHz at 8 kHz sampling; a proper low-pass leaves almost nothing.
  expect(db(power(down, 3000, 8000) / inPower)).toBeLessThan(-40);
  let rms = 0;
  for (let i = 400; i < down.length - 400; i++) rms += down[i]! ** 2;
  expect(Math.sqrt(rms / (down.length - 800))).toBeLessThan(50);
});

test.each([
  [24000, 8000],
  [22050, 8000],
  [8000, 24000],
])('%i → %i keeps a 440 Hz tone and the duration', (from, to) => {
  const src = tone(440, from, 0.5);
  const out = resample(src, from, to);
  expect(Math.abs(out.length - Math.round((src.length * to) / from))).toBeLessThanOrEqual(1);
  expect(Math.abs(db(power(out, 440, to) / power(src, 440, from)))).toBeLessThan(0.5);
});

test('streaming in arbitrary chunks gives exactly the one-shot result', () => {
  const src = tone(700, 22050, 0.7);
  const one = resample(src, 22050, 8000);
  const r = createResampler(22050, 8000);
  const parts: number[] = [];
  for (let o = 0; o < src.length; ) {
    const n = 1 + ((o * 7919) % 613);
    parts.push(...r.push(src.subarray(o, o + n)));
    o += n;
  }
  parts.push(...r.flush());
  expect(parts.length).toBe(one.length);
  for (let i = 0; i < one.length; i++) expect(Math.abs(parts[i]! - one[i]!)).toBeLessThanOrEqual(1);
});
