// Band-limited resampling between telephony and TTS rates (8, 16, 22.05, 24 kHz).
// Windowed-sinc interpolation (Blackman window) with the cutoff at 0.9 × the lower Nyquist, so
// going down to 8 kHz removes what a phone line cannot carry instead of folding it back as noise.
// The rates are in a small integer ratio (22 050 : 8 000 = 441 : 160), so output positions fall
// on a fixed set of phases between input samples: each phase's taps are computed once, and an
// output sample is one dot product (this runs on the embedded TTS's path to first audio).

const ZERO_CROSSINGS = 16;

interface Polyphase {
  /** Output samples per `down` input samples (the reduced rate ratio). */
  up: number;
  down: number;
  /** Half-width of the filter in input samples: each output reads 2 × half inputs. */
  half: number;
  /** `up` rows of 2 × half taps, gain included; row p is for outputs p/up past an input sample. */
  taps: Float32Array;
}

const filters = new Map<string, Polyphase>();

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function polyphaseFor(fromRate: number, toRate: number): Polyphase {
  const key = `${fromRate}:${toRate}`;
  const hit = filters.get(key);
  if (hit) return hit;
  const g = gcd(fromRate, toRate);
  const up = toRate / g;
  const down = fromRate / g;
  const scale = Math.min(1, toRate / fromRate) * 0.9;
  const half = Math.ceil(ZERO_CROSSINGS / scale);
  const width = 2 * half;
  const taps = new Float32Array(up * width);
  for (let p = 0; p < up; p++) {
    const frac = p / up;
    // Input j = centre - half + 1 + m sits at distance frac + half - 1 - m from the output.
    for (let m = 0; m < width; m++) {
      const d = Math.abs(frac + half - 1 - m);
      const x = d * scale;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const w = d >= half ? 0 : 0.42 + 0.5 * Math.cos((Math.PI * d) / half) + 0.08 * Math.cos((2 * Math.PI * d) / half);
      taps[p * width + m] = sinc * w * scale;
    }
  }
  const f = { up, down, half, taps };
  filters.set(key, f);
  return f;
}

export interface Resampler {
  push(chunk: Int16Array): Int16Array;
  /** Emits the tail (the filter's look-ahead), as if silence followed. */
  flush(): Int16Array;
}

/** Streaming resampler: output of chunked input equals the one-shot result. */
export function createResampler(fromRate: number, toRate: number): Resampler {
  if (fromRate === toRate) return { push: (c) => c.slice(), flush: () => new Int16Array(0) };
  const { up, down, half, taps } = polyphaseFor(fromRate, toRate);
  const width = 2 * half;
  // Input kept: samples from index `base` on, `len` of them. Output n sits at n·down/up inputs.
  let buf = new Float32Array(4096);
  let len = 0;
  let base = 0;
  let total = 0;
  let n = 0;

  const append = (chunk: Int16Array) => {
    if (len + chunk.length > buf.length) {
      const next = new Float32Array(Math.max(buf.length * 2, len + chunk.length));
      next.set(buf.subarray(0, len));
      buf = next;
    }
    for (let i = 0; i < chunk.length; i++) buf[len + i] = chunk[i]!;
    len += chunk.length;
    total += chunk.length;
  };

  const produce = (final: boolean): Int16Array => {
    // Each output needs `half` samples of look-ahead, unless the input has ended.
    const limit = final ? total : total - half;
    // Outputs with position < limit: n·down < limit·up.
    const end = limit <= 0 ? n : Math.max(n, Math.ceil((limit * up) / down));
    const out = new Int16Array(end - n);
    const input = buf;
    const last = total - 1;
    for (let o = 0; n < end; n++, o++) {
      const q = n * down;
      const centre = Math.floor(q / up);
      const first = centre - half + 1;
      const lo = Math.max(first, 0);
      const hi = Math.min(centre + half, last);
      // Input j is input[j - base] and meets tap t0 + j.
      const t0 = (q - centre * up) * width - first;
      let acc = 0;
      for (let j = lo; j <= hi; j++) acc += (input[j - base] as number) * (taps[t0 + j] as number);
      out[o] = acc > 32767 ? 32767 : acc < -32768 ? -32768 : Math.round(acc);
    }
    // Drop input no future output can reach.
    const keepFrom = Math.max(base, Math.floor((n * down) / up) - half);
    if (keepFrom > base) {
      buf.copyWithin(0, keepFrom - base, len);
      len -= keepFrom - base;
      base = keepFrom;
    }
    return out;
  };

  return {
    push(chunk) {
      append(chunk);
      return produce(false);
    },
    flush() {
      return produce(true);
    },
  };
}

export function resample(pcm: Int16Array, fromRate: number, toRate: number): Int16Array {
  const r = createResampler(fromRate, toRate);
  const a = r.push(pcm);
  const b = r.flush();
  const out = new Int16Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
